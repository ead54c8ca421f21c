"""Registration services: admission, window, capacity, waiting list, curators' decisions, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.events import registration_services as services
from quartiersnetz.events.models import Event, Registration

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register(event: Event, n: int = 0, **kwargs) -> Registration:
    kwargs.setdefault("name", f"Person {n}")
    kwargs.setdefault("email", f"person{n}@example.org")
    return services.registration_create(event=event, **kwargs)


def test_confirmed_then_waitlisted(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [register(event, n).status for n in range(4)]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]
    assert [m.to for m in mail.outbox] == [[f"person{n}@example.org"] for n in range(4)]
    first = Registration.objects.get(email="person0@example.org")
    assert first.confirmed_at is not None
    assert len(first.token_nonce) == 32
    entry = AuditEntry.objects.filter(action="registration.create").order_by("pk").first()
    assert entry is not None
    assert entry.changes["status"] == "confirmed"


def test_unlimited_capacity_confirms_everybody():
    event = EventFactory(capacity=None)
    assert {register(event, n).status for n in range(30)} == {Status.CONFIRMED}


def test_same_email_in_other_case_returns_existing_registration():
    event = EventFactory()
    first = register(event, email="Kim@Example.org")
    again = register(event, email="  kim@example.ORG ", name="Anders")
    assert again.pk == first.pk
    assert getattr(again, "already_registered", False)
    assert Registration.objects.filter(event=event).count() == 1
    # After a cancellation the address may register again.
    services.registration_cancel(registration=first)
    third = register(event, email="kim@example.org")
    assert third.pk != first.pk
    assert third.is_active


def test_database_refuses_a_second_active_registration():
    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="A@example.org", status=Status.WAITLISTED)


def test_integrity_race_returns_the_winner(monkeypatch):
    """If the constraint fires (a concurrent insert won), the winner's registration comes back."""
    event = EventFactory()
    winner = RegistrationFactory(event=event, email="race@example.org")
    calls = iter([None])  # the first lookup misses (as if the other insert was not visible)
    original = services._active_registration

    def lookup(event, email):
        if next(calls, "again") is None:
            return None
        return original(event, email)

    monkeypatch.setattr(services, "_active_registration", lookup)
    result = register(event, email="race@example.org")
    assert result.pk == winner.pk
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"state": Event.State.DRAFT}, "keine Anmeldung möglich"),
        ({"state": Event.State.CANCELLED}, "abgesagt"),
        ({"admission": Event.Admission.NONE}, "keine Anmeldung nötig"),
        ({"registration_opens": timezone.now() + dt.timedelta(days=1)}, "Die Anmeldung beginnt am"),
        ({"registration_closes": timezone.now() - dt.timedelta(minutes=1)}, "geschlossen"),
    ],
)
def test_window_and_admission_are_enforced(changes, message):
    event = EventFactory(**changes)
    with pytest.raises(ValidationError) as info:
        register(event)
    assert message in " ".join(info.value.messages)
    assert not Registration.objects.exists()


def test_registration_closes_at_start_without_deadline():
    event = EventFactory(
        start=timezone.now() - dt.timedelta(minutes=5), end=timezone.now() + dt.timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        register(event)


def test_window_dates_are_given_in_the_event_time_zone():
    opens = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)
    event = EventFactory(registration_opens=opens, time_zone="Europe/Berlin")
    assert "1. März 2030, 10:00" in services.registration_problem(
        event, now=opens - dt.timedelta(1)
    )


def test_questions_are_stored_only_when_asked():
    event = EventFactory(
        ask_accessibility=True,
        ask_dietary=False,
        ask_organisation=False,
        public_attendee_list=False,
    )
    registration = register(
        event,
        accessibility_needs="Induktionsschleife",
        dietary_needs="vegan",
        organisation_name="Verein",
        show_publicly=True,
    )
    assert registration.accessibility_needs == "Induktionsschleife"
    assert registration.dietary_needs == ""
    assert registration.organisation_name == ""
    assert registration.show_publicly is False


def test_cancel_promotes_first_waitlisted(django_capture_on_commit_callbacks, user):
    event = EventFactory(capacity=1)
    first = register(event, 1)
    second = register(event, 2)
    third = register(event, 3)
    assert (second.status, third.status) == (Status.WAITLISTED, Status.WAITLISTED)
    mail.outbox = []
    old_nonce = first.token_nonce
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first, user=user)
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert first.cancelled_at is not None
    assert first.token_nonce != old_nonce
    assert second.status == Status.CONFIRMED
    assert third.status == Status.WAITLISTED
    assert {tuple(m.to) for m in mail.outbox} == {
        ("person1@example.org",),
        ("person2@example.org",),
    }
    promoted = next(m for m in mail.outbox if m.to == ["person2@example.org"])
    assert "Platz ist frei geworden" in promoted.subject
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "registration.cancel" in actions
    assert "registration.promote" in actions


def test_cancelling_twice_is_refused():
    registration = register(EventFactory())
    services.registration_cancel(registration=registration)
    with pytest.raises(ValidationError):
        services.registration_cancel(registration=registration)


def test_cancelling_a_waitlisted_person_promotes_nobody():
    event = EventFactory(capacity=1)
    register(event, 1)
    second = register(event, 2)
    third = register(event, 3)
    services.registration_cancel(registration=second)
    third.refresh_from_db()
    assert third.status == Status.WAITLISTED


def test_capacity_reduction_keeps_confirmed_people():
    event = EventFactory(capacity=3)
    people = [register(event, n) for n in range(4)]
    Event.objects.filter(pk=event.pk).update(capacity=1)
    services.registration_cancel(registration=people[0])
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["person1@example.org"] == Status.CONFIRMED
    assert statuses["person2@example.org"] == Status.CONFIRMED
    assert statuses["person3@example.org"] == Status.WAITLISTED  # still over capacity
    services.registration_cancel(registration=people[1])
    services.registration_cancel(registration=people[2])
    assert Registration.objects.get(email="person3@example.org").status == Status.CONFIRMED


def test_raising_capacity_fills_places_in_order():
    event = EventFactory(capacity=1)
    [register(event, n) for n in range(4)]
    Event.objects.filter(pk=event.pk).update(capacity=3)
    promoted = services.registration_fill_places(event=event)
    assert [r.email for r in promoted] == ["person1@example.org", "person2@example.org"]


def test_newcomer_does_not_overtake_the_waiting_list():
    event = EventFactory(capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    Event.objects.filter(pk=event.pk).update(capacity=2)
    newcomer = register(event, 3)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert newcomer.status == Status.WAITLISTED


def test_invitation_only_pending_then_confirm_or_decline(
    curator, django_capture_on_commit_callbacks
):
    event = EventFactory(admission=Event.Admission.INVITATION, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, 1)
        second = register(event, 2)
    assert (first.status, second.status) == (Status.PENDING, Status.PENDING)
    assert "eingegangen" in mail.outbox[0].subject
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_confirm(registration=first, curator=curator)
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED
    assert "bestätigt" in mail.outbox[0].subject
    with pytest.raises(ValidationError, match="Alle Plätze"):
        services.registration_confirm(registration=second, curator=curator)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_decline(registration=second, curator=curator)
    second.refresh_from_db()
    assert second.status == Status.DECLINED
    assert "Keine Teilnahme" in mail.outbox[-1].subject
    with pytest.raises(ValidationError):
        services.registration_decline(registration=first, curator=curator)
    assert AuditEntry.objects.filter(action="registration.confirm", user=curator).exists()
    assert AuditEntry.objects.filter(action="registration.decline", user=curator).exists()


def test_invitation_only_cancellation_promotes_nobody(curator):
    event = EventFactory(admission=Event.Admission.INVITATION, capacity=1)
    first = register(event, 1)
    second = register(event, 2)
    services.registration_confirm(registration=first, curator=curator)
    services.registration_cancel(registration=first)
    second.refresh_from_db()
    assert second.status == Status.PENDING


def test_check_in_and_undo(curator):
    registration = register(EventFactory())
    services.registration_check_in(registration=registration, curator=curator)
    registration.refresh_from_db()
    assert registration.attended_at is not None
    services.registration_check_in(registration=registration, curator=curator, attended=False)
    registration.refresh_from_db()
    assert registration.attended_at is None
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "registration.check_in" in actions
    assert "registration.check_in_undo" in actions
    waiting = RegistrationFactory(status=Status.WAITLISTED)
    with pytest.raises(ValidationError):
        services.registration_check_in(registration=waiting, curator=curator)


def test_event_message_needs_recipients(curator):
    event = EventFactory()
    with pytest.raises(ValidationError):
        services.event_message_send(
            event=event, sender=curator, subject="Hallo", body="Text", statuses=["confirmed"]
        )
    with pytest.raises(ValidationError):
        services.event_message_send(
            event=event, sender=curator, subject="Hallo", body="Text", statuses=["cancelled"]
        )
