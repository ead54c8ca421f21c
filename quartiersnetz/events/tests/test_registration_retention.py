"""Personal data of registrations is anonymised after the retention period; numbers remain."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from quartiersnetz.events import registration_services as services
from quartiersnetz.events.models import Event, Registration
from quartiersnetz.events.tasks import remove_event_personal_data

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture(autouse=True)
def _seeded_events_done(db):
    """The initiative's own past events arrive with the migrations; leave them out here."""
    Event.objects.update(personal_data_removed_at=timezone.now())


def _ended(days_ago: int):
    end = timezone.now() - dt.timedelta(days=days_ago)
    return EventFactory(start=end - dt.timedelta(hours=4), end=end)


def test_old_events_are_anonymised(settings, user):
    settings.EVENTS_PERSONAL_DATA_RETENTION_DAYS = 183
    old = _ended(200)
    recent = _ended(100)
    attended = RegistrationFactory(
        event=old,
        user=user,
        name="Kim Schmidt",
        email="kim@example.org",
        organisation_name="Verein",
        accessibility_needs="Rollstuhl",
        dietary_needs="vegan",
        show_publicly=True,
        attended_at=old.start,
    )
    RegistrationFactory(event=old, status=Status.CANCELLED, email="KIM@example.org")
    RegistrationFactory(event=old, status=Status.WAITLISTED)
    kept = RegistrationFactory(event=recent, name="Noch da")

    out = StringIO()
    call_command("remove_event_personal_data", stdout=out)
    assert "3 registration(s) of 1 event(s)" in out.getvalue()

    attended.refresh_from_db()
    assert attended.name == "anonymisiert"
    assert attended.email == f"teilnahme-{attended.pk}@anonymisiert.invalid"
    assert attended.user is None
    assert attended.organisation_name == ""
    assert attended.accessibility_needs == ""
    assert attended.dietary_needs == ""
    assert attended.show_publicly is False
    assert attended.anonymised_at is not None
    # The numbers stay: statuses and attendance.
    assert attended.status == Status.CONFIRMED
    assert attended.attended_at is not None
    assert old.registrations.filter(status=Status.CANCELLED).count() == 1
    assert old.registrations.filter(status=Status.WAITLISTED).count() == 1
    emails = list(old.registrations.values_list("email", flat=True))
    assert len(set(emails)) == 3
    assert not old.registrations.exclude(name="anonymisiert").exists()
    old.refresh_from_db()
    assert old.personal_data_removed_at is not None
    kept.refresh_from_db()
    assert kept.name == "Noch da"
    recent.refresh_from_db()
    assert recent.personal_data_removed_at is None

    # A second run finds nothing left to do.
    out = StringIO()
    call_command("remove_event_personal_data", stdout=out)
    assert "0 registration(s) of 0 event(s)" in out.getvalue()


def test_retention_period_is_a_setting(settings):
    event = _ended(40)
    RegistrationFactory(event=event)
    out = StringIO()
    call_command("remove_event_personal_data", "--dry-run", stdout=out)
    assert out.getvalue().startswith("0 event(s)")
    settings.EVENTS_PERSONAL_DATA_RETENTION_DAYS = 30
    assert services.events_due_for_personal_data_removal() == [event.pk]
    assert remove_event_personal_data.call() == {"events": 1, "registrations": 1}
    assert event.registrations.get().name == "anonymisiert"


def test_default_retention_is_half_a_year():
    from django.conf import settings

    assert settings.EVENTS_PERSONAL_DATA_RETENTION_DAYS == 183
