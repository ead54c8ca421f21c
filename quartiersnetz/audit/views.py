"""The curators' area: pending claims and the audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from quartiersnetz.actors import selectors as actor_selectors
from quartiersnetz.events import curation_selectors as event_curation
from quartiersnetz.practices import curation_selectors

from . import selectors


def _require_curator(request: HttpRequest) -> None:
    if not request.user.has_perm("accounts.curate"):
        raise PermissionDenied


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_curator(request)
    context = {
        "claims": actor_selectors.pending_claims(),
        "entries": selectors.audit_entries()[:20],
        "practices_in_review": curation_selectors.review_queue_count(),
        "event_drafts": event_curation.planning_drafts().count(),
        "events_undocumented": event_curation.planning_undocumented().count(),
    }
    return render(request, "audit/dashboard.html", context)


@login_required
@require_safe
def log(request: HttpRequest) -> HttpResponse:
    _require_curator(request)
    action = request.GET.get("aktion", "")[:80]
    page = Paginator(selectors.audit_entries(action=action), 50).get_page(request.GET.get("seite"))
    context = {"page": page, "action": action, "actions": selectors.audit_actions()}
    return render(request, "audit/log.html", context)
