"""Pages of contact: writing to an actor, the inbox, a thread (reply, block, report, share the
address) and the curators' reports and suspensions.

Only those who act for one of a thread's sides see it; everyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.selectors import acting_actors
from quartiersnetz.core.forms import add_service_errors
from quartiersnetz.core.guards import require_perm, signed_in_user
from quartiersnetz.core.responses import render
from quartiersnetz.core.timezones import stamps

from . import selectors, services
from .forms import ContactStartForm, ReplyForm, ReportForm, SuspendForm
from .models import Report

PAGE_SIZE = 20


@login_required
@require_http_methods(["GET", "POST"])
def contact_start(request: HttpRequest, slug: str) -> HttpResponse:
    recipient = Actor.objects.filter(Actor.PUBLIC.q(), slug=slug).first()
    if recipient is None:
        raise Http404
    user = signed_in_user(request)
    acting = acting_actors(user)
    own = recipient.pk in {a.pk for a in acting}
    suspended = selectors.is_suspended(user)
    form = None
    if not own and not suspended and acting.exists():
        form = ContactStartForm(request.POST or None, acting=acting)
        if request.method == "POST" and form.is_valid():
            try:
                thread = services.contact_start(
                    user=user,
                    sender_actor=form.cleaned_data["sender_actor"],
                    recipient_actor=recipient,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Ihre Nachricht an „%(name)s“ ist gesendet.") % {"name": recipient.name},
                )
                return redirect(thread)
    elif request.method == "POST":
        raise PermissionDenied
    context = {"recipient": recipient, "form": form, "own": own, "suspended": suspended}
    return render(request, "contact/start.html", context)


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page = selectors.inbox_page(user, request.GET.get("seite"), PAGE_SIZE)
    threads = list(page.object_list)
    times = stamps((t.last_message_at for t in threads), "j. F Y, H:i")
    sides = _("%(a)s an %(b)s")
    # One URL resolved for the page ("…/0/"), each row's made from it.
    head, tail = reverse("contact:thread", kwargs={"pk": 0}).rsplit("/0/", 1)
    # Prepared once per page, as dictionaries (the template engine finds a name in a dictionary
    # first; an object's attribute only after that lookup failed).
    rows = [
        {
            "is_unread": thread.is_unread,
            "subject": thread.subject,
            "url": f"{head}/{thread.pk}/{tail}",
            "sides": sides % {"a": thread.sender_name, "b": thread.recipient_name},
            "iso": stamp.iso,
            "stamp": stamp.text,
        }
        for thread, stamp in zip(threads, times, strict=True)
    ]
    return render(request, "contact/inbox.html", {"page": page, "rows": rows})


def _thread_view(request: HttpRequest, pk: int) -> selectors.ThreadView:
    view = selectors.thread_for(signed_in_user(request), pk)
    if view is None:
        raise Http404
    return view


def _thread_page(
    request: HttpRequest, view: selectors.ThreadView, form: ReplyForm | None
) -> HttpResponse:
    suspended = view.user_suspended
    context = {
        "view": view,
        "thread": view.thread,
        "form": None if suspended else (form or ReplyForm()),
        "suspended": suspended,
    }
    return render(request, "contact/thread.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    view = _thread_view(request, pk)
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                services.message_reply(
                    user=user, thread=view.thread, body=form.cleaned_data["body"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Ihre Antwort ist gesendet."))
                return redirect(view.thread)
        return _thread_page(request, view, form)
    if view.has_news:
        services.thread_mark_read(user=user, thread=view.thread)
    return _thread_page(request, view, None)


@login_required
@require_POST
def thread_block(request: HttpRequest, pk: int) -> HttpResponse:
    view = _thread_view(request, pk)
    services.sender_block(user=signed_in_user(request), thread=view.thread)
    messages.success(
        request,
        _("„%(name)s“ kann Ihnen nicht mehr schreiben.") % {"name": view.other_actor.name},
    )
    return redirect(view.thread)


@login_required
@require_POST
def thread_unblock(request: HttpRequest, pk: int) -> HttpResponse:
    view = _thread_view(request, pk)
    services.sender_unblock(user=signed_in_user(request), thread=view.thread)
    messages.success(
        request, _("„%(name)s“ kann Ihnen wieder schreiben.") % {"name": view.other_actor.name}
    )
    return redirect(view.thread)


@login_required
@require_POST
def thread_share_address(request: HttpRequest, pk: int) -> HttpResponse:
    view = _thread_view(request, pk)
    services.address_share(user=signed_in_user(request), thread=view.thread)
    messages.success(request, _("Ihre E-Mail-Adresse ist jetzt in dieser Unterhaltung sichtbar."))
    return redirect(view.thread)


@login_required
@require_http_methods(["GET", "POST"])
def message_report(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    message = selectors.message_for_report(user, pk)
    if message is None:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_report(user=user, message=message, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Danke, die Kuration sieht sich die Nachricht an."))
            return redirect(message.thread)
    return render(request, "contact/report.html", {"message": message, "form": form})


@login_required
@require_safe
def curation_reports(request: HttpRequest) -> HttpResponse:
    require_perm(request, "contact.curate_reports")
    page = Paginator(selectors.open_reports(), PAGE_SIZE).get_page(request.GET.get("seite"))
    context = {
        "page": page,
        "suspensions": selectors.active_suspensions()[:100],
    }
    return render(request, "contact/curation_reports.html", context)


@login_required
@require_POST
def curation_report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "contact.curate_reports")
    report = get_object_or_404(Report.objects.select_related("message__thread"), pk=pk)
    services.report_resolve(user=signed_in_user(request), report=report)
    messages.success(request, _("Die Meldung ist erledigt."))
    return redirect("contact:curation_reports")


@login_required
@require_POST
def curation_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    """Suspend the author of a reported message."""
    require_perm(request, "contact.curate_reports")
    report = get_object_or_404(Report.objects.select_related("message__author"), pk=pk)
    writer = report.message.author
    if writer is None:
        raise Http404
    form = SuspendForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.sender_suspend(user=signed_in_user(request), writer=writer, reason=reason)
    messages.success(request, _("Die Schreibsperre ist gesetzt."))
    return redirect("contact:curation_reports")


@login_required
@require_POST
def curation_unsuspend(request: HttpRequest, user_id: int) -> HttpResponse:
    require_perm(request, "contact.curate_reports")
    writer = get_object_or_404(User, pk=user_id)
    services.sender_unsuspend(user=signed_in_user(request), writer=writer)
    messages.success(request, _("Die Schreibsperre ist aufgehoben."))
    return redirect("contact:curation_reports")
