"""All writes to registrations go through these functions (keyword-only, typed, atomic).

Seats are a counted resource: every function that may change the number of confirmed people
first locks the event row (`select_for_update`; on SQLite the IMMEDIATE transactions serialise
writers), counts, and only then writes. One active registration per e-mail address and event is
also a database constraint; a registration that loses that race returns the winner's.

Every state change writes an audit entry and sends its e-mail through a task started on commit.
Capacity reductions never un-confirm anybody: promotions from the waiting list simply wait
until the number of confirmed people is below the capacity again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.audit.services import audit_log
from quartiersnetz.core import news
from quartiersnetz.core.changes import announce

from . import tasks
from .models import Event, EventMessage, Registration
from .tokens import new_nonce

Status = Registration.Status
ANONYMISED_NAME = "anonymisiert"
ANONYMISED_DOMAIN = "anonymisiert.invalid"  # RFC 2606: never deliverable
MESSAGE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.PENDING)


def _local(event: Event, value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value, event.tz), "j. F Y, H:i")


def registration_closes_at(event: Event) -> dt.datetime:
    """The end of the registration window: the deadline, else the start of the event."""
    return event.registration_closes or event.start


def registration_problem(event: Event, *, now: dt.datetime | None = None) -> str | None:
    """Why nobody can register for `event` now (a German sentence), or None if one can."""
    now = now or timezone.now()
    if event.state == Event.State.CANCELLED:
        return _("Die Veranstaltung ist abgesagt; eine Anmeldung ist nicht möglich.")
    if event.state != Event.State.PUBLISHED:
        return _("Für diese Veranstaltung ist keine Anmeldung möglich.")
    if event.admission == Event.Admission.NONE:
        return _("Für diese Veranstaltung ist keine Anmeldung nötig.")
    if event.registration_opens and now < event.registration_opens:
        return _("Die Anmeldung beginnt am %(date)s Uhr.") % {
            "date": _local(event, event.registration_opens)
        }
    if now >= registration_closes_at(event):
        return _("Die Anmeldung ist seit %(date)s Uhr geschlossen.") % {
            "date": _local(event, registration_closes_at(event))
        }
    return None


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _lock_registration(registration_id: int) -> Registration:
    return Registration.objects.select_for_update().get(pk=registration_id)


def confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Status.CONFIRMED).count()


def _mail_on_commit(registration_id: int, kind: str) -> None:
    transaction.on_commit(partial(tasks.send_registration_mail.enqueue, registration_id, kind))


def _audit(*, user: User | None, action: str, registration: Registration, changes: dict) -> None:
    audit_log(
        user=user,
        action=action,
        target=registration,
        changes={"event": registration.event_id, **changes},
    )


def _fill_places(event: Event, *, user: User | None) -> list[Registration]:
    """Promote waiting people (first come, first served) into free places; event is locked.

    Invitation-only events have no automatic waiting list (curators decide).
    """
    if event.admission != Event.Admission.OPEN:
        return []
    waiting = Registration.objects.filter(event=event, status=Status.WAITLISTED).order_by(
        "created", "id"
    )
    if event.capacity is not None:
        free = event.capacity - confirmed_count(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting.select_for_update())
    now = timezone.now()
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at", "updated"])
        _audit(
            user=user,
            action="registration.promote",
            registration=registration,
            changes={"status": [Status.WAITLISTED, Status.CONFIRMED]},
        )
        _mail_on_commit(registration.pk, "promoted")
        news.record("registration_promoted", registration.pk)  # decision 0011
    return promoted


@transaction.atomic
def registration_fill_places(*, event: Event, user: User | None = None) -> list[Registration]:
    """Move waiting people into free places, e.g. after a curator raised the capacity."""
    return _fill_places(_lock_event(event.pk), user=user)


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    user: User | None = None,
    organisation_name: str = "",
    accessibility_needs: str = "",
    dietary_needs: str = "",
    show_publicly: bool = False,
    notify_if_registered: bool = False,
    now: dt.datetime | None = None,
) -> Registration:
    """Register a person: confirmed while places are free, else on the waiting list.

    Invitation-only events create `pending` registrations for the curators to confirm. The
    same e-mail address (in any case) registering again gets its existing active registration
    back (its `already_registered` attribute is then True); nothing else changes. With
    `notify_if_registered` (guests, whose address is not verified) the address's owner then
    gets an e-mail about it instead — the caller must not show the returned registration.
    """
    announce("events")  # the network recomputes from this (core.changes)
    event = _lock_event(event.pk)
    email = email.strip()
    existing = _active_registration(event, email)
    if existing is not None:
        return _already_registered(existing, notify=notify_if_registered)
    problem = registration_problem(event, now=now)
    if problem:
        raise ValidationError(problem)
    # Waiting people keep their place in the queue before a newcomer takes a free seat.
    _fill_places(event, user=None)
    if event.admission == Event.Admission.INVITATION:
        status = Status.PENDING
    elif event.capacity is None or confirmed_count(event) < event.capacity:
        status = Status.CONFIRMED
    else:
        status = Status.WAITLISTED
    registration = Registration(
        event=event,
        user=user,
        status=status,
        name=name.strip(),
        email=email,
        organisation_name=organisation_name.strip() if event.ask_organisation else "",
        accessibility_needs=accessibility_needs.strip() if event.ask_accessibility else "",
        dietary_needs=dietary_needs.strip() if event.ask_dietary else "",
        show_publicly=bool(show_publicly and event.public_attendee_list),
        token_nonce=new_nonce(),
        confirmed_at=timezone.now() if status == Status.CONFIRMED else None,
    )
    registration.full_clean(exclude=["token_nonce"], validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # A concurrent registration of the same address won (the unique constraint).
        existing = _active_registration(event, email)
        if existing is None:
            raise
        return _already_registered(existing, notify=notify_if_registered)
    _audit(
        user=user,
        action="registration.create",
        registration=registration,
        changes={"status": status},
    )
    _mail_on_commit(registration.pk, status)
    return registration


# At most one "registered again" e-mail per registration in this time, so that repeated
# attempts (from many addresses) cannot flood the owner's mailbox.
ALREADY_REGISTERED_MAIL_INTERVAL = dt.timedelta(minutes=15)


def _already_registered(registration: Registration, *, notify: bool) -> Registration:
    """Tell the owner of the address (by e-mail, never the browser) about the repeat."""
    # The shared throttle cache (database or Redis): every worker sees the same interval.
    if notify and caches["throttle"].add(
        f"events:already-registered-mail:{registration.pk}",
        True,
        timeout=int(ALREADY_REGISTERED_MAIL_INTERVAL.total_seconds()),
    ):
        _mail_on_commit(registration.pk, tasks.ALREADY_REGISTERED)
    return registration


def _active_registration(event: Event, email: str) -> Registration | None:
    registration = (
        Registration.objects.filter(
            event=event, email__iexact=email, status__in=Registration.ACTIVE
        )
        .order_by("id")
        .first()
    )
    if registration is not None:
        registration.already_registered = True  # type: ignore[attr-defined]
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, user: User | None = None, notify: bool = True
) -> Registration:
    """Cancel an active registration, free its place and promote the next waiting person.

    The token nonce rotates, so the cancellation link that was used (and every older one)
    stops working.
    """
    announce("events")  # the network recomputes from this (core.changes)
    event = _lock_event(registration.event_id)
    registration = _lock_registration(registration.pk)
    if not registration.is_active:
        raise ValidationError(_("Diese Anmeldung ist nicht mehr aktiv."))
    old = registration.status
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.token_nonce = new_nonce()
    registration.save(update_fields=["status", "cancelled_at", "token_nonce", "updated"])
    _audit(
        user=user,
        action="registration.cancel",
        registration=registration,
        changes={"status": [old, Status.CANCELLED]},
    )
    if notify:
        _mail_on_commit(registration.pk, "cancelled")
    if old == Status.CONFIRMED:
        _fill_places(event, user=user)
    return registration


@transaction.atomic
def registration_confirm(*, registration: Registration, curator: User) -> Registration:
    """A curator confirms a pending (or waiting) registration, if a place is free."""
    announce("events")  # the network recomputes from this (core.changes)
    event = _lock_event(registration.event_id)
    registration = _lock_registration(registration.pk)
    if registration.status not in (Status.PENDING, Status.WAITLISTED):
        raise ValidationError(
            _("Nur offene Anmeldungen und die Warteliste können bestätigt werden.")
        )
    if event.capacity is not None and confirmed_count(event) >= event.capacity:
        raise ValidationError(
            _(
                "Alle Plätze sind vergeben. Erhöhen Sie die Zahl der Plätze oder warten Sie "
                "auf eine Abmeldung."
            )
        )
    old = registration.status
    registration.status = Status.CONFIRMED
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at", "updated"])
    _audit(
        user=curator,
        action="registration.confirm",
        registration=registration,
        changes={"status": [old, Status.CONFIRMED]},
    )
    _mail_on_commit(registration.pk, "confirmed" if old == Status.PENDING else "promoted")
    if old == Status.WAITLISTED:
        news.record("registration_promoted", registration.pk)  # decision 0011
    return registration


@transaction.atomic
def registration_decline(*, registration: Registration, curator: User) -> Registration:
    """A curator declines a pending (or waiting) registration."""
    announce("events")  # the network recomputes from this (core.changes)
    _lock_event(registration.event_id)
    registration = _lock_registration(registration.pk)
    if registration.status not in (Status.PENDING, Status.WAITLISTED):
        raise ValidationError(
            _("Nur offene Anmeldungen und die Warteliste können abgelehnt werden.")
        )
    old = registration.status
    registration.status = Status.DECLINED
    registration.token_nonce = new_nonce()
    registration.save(update_fields=["status", "token_nonce", "updated"])
    _audit(
        user=curator,
        action="registration.decline",
        registration=registration,
        changes={"status": [old, Status.DECLINED]},
    )
    _mail_on_commit(registration.pk, "declined")
    return registration


@transaction.atomic
def registration_check_in(
    *, registration: Registration, curator: User, attended: bool = True
) -> Registration:
    """Record (or, with attended=False, undo) that a confirmed person took part."""
    registration = _lock_registration(registration.pk)
    if registration.status != Status.CONFIRMED:
        raise ValidationError(_("Nur bestätigte Anmeldungen können eingecheckt werden."))
    old = registration.attended_at
    if attended == (old is not None):
        return registration
    registration.attended_at = timezone.now() if attended else None
    registration.save(update_fields=["attended_at", "updated"])
    _audit(
        user=curator,
        action="registration.check_in" if attended else "registration.check_in_undo",
        registration=registration,
        changes={"attended": [old is not None, attended]},
    )
    return registration


@transaction.atomic
def event_message_send(
    *, event: Event, sender: User, subject: str, body: str, statuses: Iterable[str]
) -> EventMessage:
    """Store a message to the registrants with the given statuses and mail it (one per person)."""
    chosen = [s for s in MESSAGE_STATUSES if s in set(statuses)]
    if not chosen:
        raise ValidationError(
            {"statuses": _("Wählen Sie mindestens eine Gruppe von Angemeldeten.")}
        )
    count = Registration.objects.filter(
        event=event, status__in=chosen, anonymised_at__isnull=True
    ).count()
    if count == 0:
        raise ValidationError({"statuses": _("In den gewählten Gruppen ist niemand angemeldet.")})
    message = EventMessage.objects.create(
        event=event,
        sender=sender,
        subject=subject.strip(),
        body=body.strip(),
        statuses=",".join(chosen),
        recipient_count=count,
    )
    audit_log(
        user=sender,
        action="event.message",
        target=event,
        changes={"message": message.pk, "statuses": chosen, "recipients": count},
    )
    transaction.on_commit(partial(tasks.send_event_message.enqueue, message.pk))
    return message


# Personal data retention ---------------------------------------------------------------------


def anonymised_email(registration_id: int) -> str:
    """A unique, never deliverable address (keeps the one-active-per-e-mail constraint valid)."""
    return f"teilnahme-{registration_id}@{ANONYMISED_DOMAIN}"


@transaction.atomic
def event_personal_data_remove(*, event: Event, now: dt.datetime | None = None) -> int:
    """Anonymise the registrations of one event; statuses and attendance stay for statistics."""
    announce("events")  # the network recomputes from this (core.changes)
    now = now or timezone.now()
    event = _lock_event(event.pk)
    registrations = list(
        Registration.objects.select_for_update().filter(event=event, anonymised_at__isnull=True)
    )
    for registration in registrations:
        registration.name = ANONYMISED_NAME
        registration.email = anonymised_email(registration.pk)
        registration.user = None
        registration.organisation_name = ""
        registration.accessibility_needs = ""
        registration.dietary_needs = ""
        registration.show_publicly = False
        registration.token_nonce = new_nonce()
        registration.anonymised_at = now
        registration.updated = now
    Registration.objects.bulk_update(
        registrations,
        [
            "name", "email", "user", "organisation_name", "accessibility_needs",
            "dietary_needs", "show_publicly", "token_nonce", "anonymised_at", "updated",
        ],
        batch_size=500,
    )  # fmt: skip
    # `updated` too: cached public pages (attendee list) are keyed by the data version.
    Event.objects.filter(pk=event.pk).update(personal_data_removed_at=now, updated=now)
    audit_log(
        user=None,
        action="event.personal_data_removed",
        target=event,
        changes={"registrations": len(registrations)},
    )
    return len(registrations)


def events_due_for_personal_data_removal(*, now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.EVENTS_PERSONAL_DATA_RETENTION_DAYS)
    return list(
        Event.objects.filter(end__lt=cutoff, personal_data_removed_at__isnull=True)
        .order_by("end", "id")
        .values_list("pk", flat=True)
    )


def events_remove_personal_data(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Anonymise every event that ended longer ago than the retention period.

    One transaction per event, so a long backlog does not hold one big lock.
    Returns (events, registrations).
    """
    events = registrations = 0
    for event_id in events_due_for_personal_data_removal(now=now):
        event = Event.objects.get(pk=event_id)
        registrations += event_personal_data_remove(event=event, now=now)
        events += 1
    return events, registrations
