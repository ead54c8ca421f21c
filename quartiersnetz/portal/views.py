"""The top floor's pages: the start page, the own area and the curators' area."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as plain_render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from quartiersnetz.accounts import services as account_services
from quartiersnetz.accounts.forms import AccountSettingsForm
from quartiersnetz.accounts.models import User
from quartiersnetz.actors import selectors as actor_selectors
from quartiersnetz.actors.models import Actor
from quartiersnetz.audit import selectors as audit_selectors
from quartiersnetz.contact import selectors as contact_selectors
from quartiersnetz.core.responses import render  # 400 for invalid forms
from quartiersnetz.core.tasks import failed_tasks, queue_state
from quartiersnetz.events import curation_selectors as event_curation
from quartiersnetz.network import selectors as network_selectors
from quartiersnetz.notifications import selectors as notification_selectors
from quartiersnetz.practices import curation_selectors
from quartiersnetz.publications import selectors as publication_selectors

from . import selectors


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = dict(selectors.home_context())
    if request.user.is_authenticated:
        context["next_steps"] = selectors.next_steps(request.user)
        # "Neu für Sie": per user, so never inside a cached fragment (one query).
        context["news_for_you"] = notification_selectors.newest_for_user(request.user, 5)
    return plain_render(request, "portal/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own area (`accounts:dashboard`)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    form = AccountSettingsForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        account_services.user_update(user=user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Ihre Angaben wurden gespeichert."))
        return redirect("accounts:dashboard")
    context = {
        "form": form,
        "memberships": actor_selectors.user_memberships(user),
        "expert_profile": Actor.objects.filter(user=user).first(),
        "consents": user.consents.all(),
        "pending_connections": list(network_selectors.pending_connections_for_user(user)[:20]),
        "submissions": publication_selectors.user_submissions(user),
        "unread_threads": contact_selectors.unread_count(user),
    }
    return render(request, "portal/account_dashboard.html", context)


def _require_curator(request: HttpRequest) -> None:
    if not request.user.has_perm("accounts.curate"):
        raise PermissionDenied


@login_required
@require_safe
def curation_dashboard(request: HttpRequest) -> HttpResponse:
    """The curators' area (`audit:dashboard`): what waits for a curator, the latest entries."""
    _require_curator(request)
    context = {
        "claims": actor_selectors.pending_claims(),
        "entries": audit_selectors.audit_entries()[:20],
        "practices_in_review": curation_selectors.review_queue_count(),
        "event_drafts": event_curation.draft_counts(),
        "events_undocumented": event_curation.planning_undocumented().count(),
        "publications_waiting": publication_selectors.waiting_submissions_count(),
        "contact_reports": contact_selectors.open_report_count(),
        "queue": queue_state(),
        "failed_tasks": failed_tasks(limit=10),
    }
    return plain_render(request, "portal/curation_dashboard.html", context)


@login_required
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log (`audit:log`), filterable by action, 50 entries a page."""
    _require_curator(request)
    action = request.GET.get("aktion", "")[:80]
    page = Paginator(audit_selectors.audit_entries(action=action), 50).get_page(
        request.GET.get("seite")
    )
    context = {"page": page, "action": action, "actions": audit_selectors.audit_actions()}
    return plain_render(request, "portal/audit_log.html", context)
