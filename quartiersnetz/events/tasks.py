"""Background work for events: registration e-mails, messages to registrants, data retention,
and the e-mails of members' proposals (to the curators, and to the proposer once published).

Tasks take ids, never model instances; the services start them with `transaction.on_commit`.
Each registration e-mail has a plain-text body and an HTML alternative; the confirmation and
promotion mails carry the event as an iCalendar attachment (text/calendar; method=PUBLISH), with
the online link for confirmed people. The proposal mails are plain text, like the practices'
curation mails.
"""

from __future__ import annotations

from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from quartiersnetz.accounts.selectors import curator_emails

from .ical import calendar_bytes
from .models import Event, EventMessage, Registration

# Mail kinds: the template names under events/emails/.
CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
PENDING = "pending"
PROMOTED = "promoted"
DECLINED = "declined"
CANCELLED = "cancelled"
# To the owner of an address that registers again (a guest's repeat or someone else's try).
ALREADY_REGISTERED = "already_registered"
KINDS = (CONFIRMED, WAITLISTED, PENDING, PROMOTED, DECLINED, CANCELLED, ALREADY_REGISTERED)
WITH_CALENDAR = (CONFIRMED, PROMOTED)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def cancel_url(registration: Registration) -> str:
    from .tokens import make_cancel_token

    return _absolute(reverse("events:cancel", kwargs={"token": make_cancel_token(registration)}))


def _event_context(event: Event) -> dict[str, Any]:
    return {
        "event": event,
        "start": event.start.astimezone(event.tz),
        "end": event.end.astimezone(event.tz),
        "event_url": _absolute(event.get_absolute_url()),
    }


def calendar_attachment(event: Event, *, online_url: str = "") -> MIMEText:
    ics = calendar_bytes(
        [event], name=event.title, online_urls={event.pk: online_url} if online_url else None
    )
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename="werkstatt.ics")
    return part


def _render(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"events/emails/{template}_subject.txt", context)
        text = render_to_string(f"events/emails/{template}_body.txt", context)
        html = render_to_string(f"events/emails/{template}_body.html", context)
    return " ".join(subject.split()), text, html


def registration_mail(registration: Registration, kind: str) -> EmailMultiAlternatives:
    """The e-mail of kind `kind` to one registrant (not sent)."""
    event = registration.event
    confirmed = registration.status == Registration.Status.CONFIRMED
    online_url = event.online_url if confirmed and event.is_online else ""
    context = {
        **_event_context(event),
        "registration": registration,
        "kind": kind,
        "online_url": online_url,
        "cancel_url": cancel_url(registration) if registration.is_active else "",
        "my_registrations_url": _absolute(reverse("events:my_registrations")),
    }
    subject, text, html = _render(kind, context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[registration.email])
    message.attach_alternative(html, "text/html")
    if kind in WITH_CALENDAR and confirmed:
        message.attach(calendar_attachment(event, online_url=online_url))
    return message


@task()
def send_registration_mail(registration_id: int, kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown registration mail {kind!r}")
    registration = (
        Registration.objects.select_related("event", "event__format", "event__municipality")
        .filter(pk=registration_id, anonymised_at__isnull=True)
        .first()
    )
    if registration is None:
        return
    if kind == ALREADY_REGISTERED and not registration.is_active:
        return  # cancelled meanwhile: nothing to remind of
    registration_mail(registration, kind).send()


@task()
def send_event_message(message_id: int) -> None:
    """One e-mail per recipient, so that nobody sees the others' addresses."""
    message = EventMessage.objects.select_related(
        "event", "event__format", "event__municipality"
    ).get(pk=message_id)
    event = message.event
    statuses = [s for s in message.statuses.split(",") if s]
    registrations = Registration.objects.filter(
        event=event, status__in=statuses, anonymised_at__isnull=True
    ).order_by("id")
    base = {**_event_context(event), "message": message}
    mails = []
    for registration in registrations.iterator(chunk_size=500):
        context = {
            **base,
            "registration": registration,
            "cancel_url": cancel_url(registration) if registration.is_active else "",
        }
        _subject, text, html = _render("message", context)
        mail = EmailMultiAlternatives(subject=message.subject, body=text, to=[registration.email])
        mail.attach_alternative(html, "text/html")
        mails.append(mail)
    if mails:
        get_connection().send_messages(mails)


@task()
def remove_event_personal_data() -> dict[str, int]:
    """Anonymise the registrations of events past the retention period (run daily)."""
    from .registration_services import events_remove_personal_data

    events, registrations = events_remove_personal_data()
    return {"events": events, "registrations": registrations}


# Proposals by members (services.event_propose) ----------------------------------------------


def _send_text(
    template: str, context: dict[str, Any], recipients: list[str], language: str
) -> None:
    """A plain-text mail of the curation workflow (like the practices' ones)."""
    if not recipients:
        return
    with translation.override(language):
        subject = render_to_string(f"events/emails/{template}_subject.txt", context)
        body = render_to_string(f"events/emails/{template}_body.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=body,
        from_email=None,
        recipient_list=recipients,
    )


def _proposal(event_id: int) -> Event | None:
    return (
        Event.objects.select_related("format", "municipality", "proposed_by", "created_by")
        .filter(pk=event_id)
        .first()
    )


@task()
def send_event_proposed(event_id: int) -> None:
    """Tell the curators of a member's proposal (with the note and the link to edit it)."""
    event = _proposal(event_id)
    if event is None or event.state != Event.State.DRAFT:
        return  # removed or already handled meanwhile
    context = {
        **_event_context(event),
        "proposer": event.created_by,
        "actor": event.proposed_by,
        "edit_url": _absolute(reverse("events:edit", kwargs={"slug": event.slug})),
        "planning_url": _absolute(reverse("events:planning")),
    }
    _send_text("proposal_received", context, curator_emails(), settings.LANGUAGE_CODE)


@task()
def send_proposal_published(event_id: int) -> None:
    """Tell the member who proposed the event that the curators published it."""
    event = _proposal(event_id)
    if event is None or not Event.PUBLIC.holds(event):
        return
    proposer = event.created_by
    if proposer is None or not proposer.is_active or not proposer.email:
        return
    context = {**_event_context(event), "proposer": proposer, "actor": event.proposed_by}
    language = proposer.language or settings.LANGUAGE_CODE
    _send_text("proposal_published", context, [proposer.email], language)
