"""Registration pages: register, cancel by link or in one's account, and the curators' lists.

Views parse input, check permissions (rules: events.manage_registrations) and call the
registration services. Nothing changes on GET: the cancellation link shows a page with a
button (mail scanners open links). Curators' pages answer 404 for events the user may not see
and 403 for visible events they may not manage; anonymous visitors go to the login.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import is_ratelimited

from quartiersnetz.accounts.throttle import lockout_client_ip
from quartiersnetz.core.forms import add_service_errors
from quartiersnetz.core.guards import request_user
from quartiersnetz.core.middleware import personal_data
from quartiersnetz.core.responses import render  # 400 for invalid forms

from . import registration_services as services
from .models import Event, Registration
from .registration_forms import AttendeeFilterForm, MessageForm, RegistrationForm
from .tokens import TokenProblem, check_cancel_token

Status = Registration.Status
# Members: ids of their own registrations just made (the confirmation page shows the status).
SESSION_KEY = "events_registration_ids"
# Guests: ids of events they sent the form for — nothing about any registration, because a
# guest's address is not verified and may be someone else's (the status goes by e-mail).
GUEST_SESSION_KEY = "events_registration_requested"
PAGE_SIZE = 100
EXCEL_VARIANT = "excel"


def _visible_event(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("format", "municipality"), slug=slug)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    return event


def _managed_event(request: HttpRequest, slug: str) -> Event:
    event = _visible_event(request, slug)
    if not request.user.has_perm("events.manage_registrations", event):
        raise PermissionDenied
    return event


def active_registration_for(user: Any, event: Event) -> Registration | None:
    """The user's active registration for the event (by account or by its e-mail address)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(event=event, status__in=Registration.ACTIVE)
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .order_by("id")
        .first()
    )


def _remember(request: HttpRequest, registration: Registration) -> None:
    """A member's own registration (their account's address is verified)."""
    ids = [i for i in request.session.get(SESSION_KEY, []) if i != registration.pk][-9:]
    request.session[SESSION_KEY] = [*ids, registration.pk]


def _remember_guest_request(request: HttpRequest, event: Event) -> None:
    """Only that a guest sent the form for `event`: the same for new and existing addresses."""
    ids = [i for i in request.session.get(GUEST_SESSION_KEY, []) if i != event.pk][-9:]
    request.session[GUEST_SESSION_KEY] = [*ids, event.pk]


# Registering ---------------------------------------------------------------------------------


def _guest_limit_reached(request: HttpRequest) -> bool:
    """Count a guest's valid registration attempt; True once the address exceeds the rate."""
    return is_ratelimited(
        request,
        group="events.register",
        key=lambda group, req: lockout_client_ip(req) or "",
        rate=settings.EVENTS_GUEST_REGISTRATION_RATE,
        method="POST",
        increment=True,
    )


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible_event(request, slug)
    user = request_user(request)
    existing = active_registration_for(user, event)
    problem = services.registration_problem(event)
    form = None
    status = 200
    if existing is None and problem is None:
        initial = {"name": user.get_full_name() or user.display_name} if user else {}
        form = RegistrationForm(
            request.POST if request.method == "POST" else None,
            event=event,
            user=user,
            initial=initial,
        )
        if request.method == "POST":
            if form.is_valid() and user is None and _guest_limit_reached(request):
                form.add_error(
                    None,
                    _(
                        "Von Ihrer Adresse kamen in kurzer Zeit sehr viele Anmeldungen. "
                        "Bitte versuchen Sie es später noch einmal oder melden Sie sich an."
                    ),
                )
                status = 429
            elif form.is_valid():
                data = form.cleaned_data
                try:
                    registration = services.registration_create(
                        event=event,
                        user=user,
                        name=data["name"],
                        email=user.email if user else data["email"],
                        organisation_name=data.get("organisation_name", ""),
                        accessibility_needs=data.get("accessibility_needs", ""),
                        dietary_needs=data.get("dietary_needs", ""),
                        show_publicly=data.get("show_publicly", False),
                        # A guest's address may be someone else's: its owner gets an e-mail,
                        # the browser learns nothing about an existing registration.
                        notify_if_registered=user is None,
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    if user is None:
                        _remember_guest_request(request, event)
                    else:
                        _remember(request, registration)
                    return redirect("events:registered", slug=event.slug)
            status = status if status == 429 else 400
    elif request.method == "POST":
        status = 400 if existing is None else 200
    context = {
        "event": event,
        "form": form,
        "problem": problem,
        "registration": existing,
        "places_left": _places_left(event),
        "retention_days": settings.EVENTS_PERSONAL_DATA_RETENTION_DAYS,
    }
    return render(request, "events/registration/register.html", context, status=status)


def _places_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(0, event.capacity - services.confirmed_count(event))


@require_safe
def registered(request: HttpRequest, slug: str) -> HttpResponse:
    """After registering. Members see the state of their own registration just made; guests
    get one neutral page (check your mailbox) whether their address was new or registered
    already — the state goes only to the address by e-mail."""
    event = _visible_event(request, slug)
    user = request_user(request)
    ids = request.session.get(SESSION_KEY, [])
    registration = None
    if user is not None and ids:
        registration = (
            Registration.objects.filter(event=event, pk__in=ids)
            .filter(Q(user=user) | Q(email__iexact=user.email))
            .order_by("-id")
            .first()
        )
    if registration is None and event.pk not in request.session.get(GUEST_SESSION_KEY, []):
        return redirect("events:register", slug=event.slug)
    return render(
        request,
        "events/registration/registered.html",
        {"event": event, "registration": registration},
    )


# Cancelling ----------------------------------------------------------------------------------


@personal_data
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The personal cancellation link: GET asks, POST cancels (once)."""
    registration, problem = check_cancel_token(token)
    if problem is not None or registration is None:
        return _token_problem(request, registration, problem or TokenProblem.INVALID)
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, user=request_user(request))
        except ValidationError:
            return _token_problem(request, registration, TokenProblem.USED)
        return render(
            request,
            "events/registration/cancelled.html",
            {"event": registration.event, "registration": registration},
        )
    return render(
        request,
        "events/registration/cancel_confirm.html",
        {"event": registration.event, "registration": registration},
    )


def _token_problem(
    request: HttpRequest, registration: Registration | None, problem: TokenProblem
) -> HttpResponse:
    messages_by_problem = {
        TokenProblem.INVALID: _(
            "Dieser Abmeldelink ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig aus der "
            "E-Mail übernommen haben."
        ),
        TokenProblem.EXPIRED: _(
            "Dieser Abmeldelink ist abgelaufen: Die Veranstaltung ist bereits vorbei."
        ),
        TokenProblem.USED: _(
            "Dieser Abmeldelink wurde bereits verwendet oder die Anmeldung ist nicht mehr aktiv."
        ),
    }
    status = 400 if problem == TokenProblem.INVALID else 410
    return render(
        request,
        "events/registration/cancel_problem.html",
        {
            "problem": messages_by_problem[problem],
            "event": registration.event if registration else None,
        },
        status=status,
    )


@login_required
@require_safe
def my_registrations(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    assert user is not None  # noqa: S101 - login_required
    registrations = (
        Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .select_related("event", "event__format")
        .order_by("-event__start", "-id")
    )
    paginator = Paginator(registrations, 50)
    page = paginator.get_page(request.GET.get("seite"))
    now = timezone.now()
    return render(
        request,
        "events/registration/my_registrations.html",
        {"page": page, "now": now},
    )


@login_required
@require_POST
def my_registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    assert user is not None  # noqa: S101 - login_required
    registration = (
        Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .select_related("event")
        .filter(pk=pk)
        .first()
    )
    if registration is None:
        raise Http404
    if registration.event.end <= timezone.now():
        messages.error(
            request, _("Die Veranstaltung ist vorbei; eine Abmeldung ist nicht mehr möglich.")
        )
        return redirect("events:my_registrations")
    try:
        services.registration_cancel(registration=registration, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Ihre Anmeldung zu „%(title)s“ ist storniert.") % {"title": registration.event.title},
        )
    return redirect("events:my_registrations")


# Curators ------------------------------------------------------------------------------------


def _counts(event: Event) -> dict[str, int]:
    counts = Registration.objects.filter(event=event).aggregate(
        **{s.value: Count("id", filter=Q(status=s.value)) for s in Status},
        attended=Count("id", filter=Q(status=Status.CONFIRMED, attended_at__isnull=False)),
    )
    return {key: value or 0 for key, value in counts.items()}


@login_required
@require_safe
def attendees(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    filter_form = AttendeeFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    registrations = Registration.objects.filter(event=event).order_by("created", "id")
    if status:
        registrations = registrations.filter(status=status)
    counts = _counts(event)
    places_left = (
        None if event.capacity is None else max(0, event.capacity - counts[Status.CONFIRMED])
    )
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = f"status={status}&" if status else ""
    context = {
        "event": event,
        "filter_form": filter_form,
        "status": status,
        "counts": counts,
        "places_left": places_left,
        "page": page,
        "page_query": query,
        "statuses": Status,
        "is_over": event.end <= timezone.now(),
    }
    return render(request, "events/registration/attendees.html", context)


CSV_COLUMNS = [
    ("name", _("Name")),
    ("email", _("E-Mail-Adresse")),
    ("organisation_name", _("Organisation")),
    ("status", _("Status")),
    ("created", _("angemeldet am")),
    ("confirmed_at", _("bestätigt am")),
    ("cancelled_at", _("storniert am")),
    ("attended_at", _("anwesend (Check-in)")),
    ("accessibility_needs", _("Bedarfe zur Barrierefreiheit")),
    ("dietary_needs", _("Verpflegungswünsche")),
    ("show_publicly", _("öffentlich sichtbar")),
]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """Keep spreadsheets from running a cell as a formula (CSV injection)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _csv_value(registration: Registration, field: str, event: Event) -> str:
    value = getattr(registration, field)
    if field == "status":
        return registration.get_status_display()
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if hasattr(value, "astimezone"):
        return timezone.localtime(value, event.tz).strftime("%Y-%m-%d %H:%M")
    return csv_safe(str(value))


@login_required
@require_safe
def attendees_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """UTF-8 with BOM; comma-separated, or with ?variante=excel semicolons (German spreadsheets)."""
    event = _managed_event(request, slug)
    excel = request.GET.get("variante") == EXCEL_VARIANT
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow([str(label) for _field, label in CSV_COLUMNS])
    registrations = Registration.objects.filter(event=event).order_by("created", "id")
    for registration in registrations.iterator(chunk_size=1000):
        writer.writerow([_csv_value(registration, field, event) for field, _l in CSV_COLUMNS])
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    suffix = "-excel" if excel else ""
    response["Content-Disposition"] = f'attachment; filename="anmeldungen-{event.slug}{suffix}.csv"'
    response["Cache-Control"] = "no-store"
    return response


ACTIONS = {"bestaetigen", "ablehnen", "einchecken", "checkin-zuruecknehmen", "stornieren"}


@login_required
@require_POST
def attendee_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    event = _managed_event(request, slug)
    if action not in ACTIONS:
        raise Http404
    registration = get_object_or_404(Registration, event=event, pk=pk)
    curator = request_user(request)
    assert curator is not None  # noqa: S101 - login_required
    try:
        if action == "bestaetigen":
            services.registration_confirm(registration=registration, curator=curator)
            note = _("%(name)s ist bestätigt.")
        elif action == "ablehnen":
            services.registration_decline(registration=registration, curator=curator)
            note = _("%(name)s ist abgelehnt.")
        elif action == "einchecken":
            services.registration_check_in(registration=registration, curator=curator)
            note = _("%(name)s ist als anwesend eingetragen.")
        elif action == "checkin-zuruecknehmen":
            services.registration_check_in(
                registration=registration, curator=curator, attended=False
            )
            note = _("Der Check-in von %(name)s ist zurückgenommen.")
        else:
            services.registration_cancel(registration=registration, user=curator)
            note = _("Die Anmeldung von %(name)s ist storniert.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, note % {"name": registration.name})
    url = reverse("events:attendees", kwargs={"slug": event.slug})
    back = request.POST.get("zurueck", "")
    if back.startswith("?") and "\n" not in back and "\r" not in back:
        url += back
    # nosemgrep: qn-open-redirect -- our reversed path; only a "?…" query string is appended
    return redirect(f"{url}#anmeldung-{registration.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def message(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    form = MessageForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            sender = request_user(request)
            assert sender is not None  # noqa: S101 - login_required
            try:
                sent = services.event_message_send(
                    event=event,
                    sender=sender,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    statuses=form.cleaned_data["statuses"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Die Nachricht geht an %(count)s Personen.")
                    % {"count": sent.recipient_count},
                )
                return redirect("events:attendees", slug=event.slug)
        status = 400
    sent_messages = event.messages.select_related("sender")[:20]
    return render(
        request,
        "events/registration/message.html",
        {"event": event, "form": form, "sent_messages": sent_messages, "counts": _counts(event)},
        status=status,
    )
