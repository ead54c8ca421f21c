"""The curators' event services: validation, time zones, partners, publish and cancel, and
the search text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.events import curation_selectors, series_services, services
from quartiersnetz.events.models import Event, EventFormat, EventPartner
from quartiersnetz.events.tests.factories import EventFactory, SeriesFactory, berlin
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import ActionField, SpatialField

pytestmark = pytest.mark.django_db


def event_data(**overrides):
    data = {
        "format": EventFormat.objects.get(slug="praxiswerkstatt"),
        "title": "Praxiswerkstatt Leerstand in Herne",
        "summary": "Wie leere Läden zu Orten werden.",
        "description": "## Ablauf",
        "start": berlin(2026, 7, 1, 10, 0),
        "end": berlin(2026, 7, 1, 16, 0),
        "time_zone": "Europe/Berlin",
        "mode": Event.Mode.ON_SITE,
        "municipality": Municipality.objects.get(ags="05916000"),
        "venue_name": "Kulturzentrum",
        "address": "Bahnhofstraße 1, 44623 Herne",
        "admission": Event.Admission.OPEN,
        "capacity": 20,
    }
    data.update(overrides)
    return data


def test_create_stores_utc_and_audits(curator):
    event = services.event_create(user=curator, data=event_data())
    event.refresh_from_db()
    assert event.state == Event.State.DRAFT
    assert event.slug == "praxiswerkstatt-leerstand-in-herne"
    # 10:00 in Berlin in summer (CEST, UTC+2) is 08:00 UTC.
    assert event.start == dt.datetime(2026, 7, 1, 8, 0, tzinfo=dt.UTC)
    assert event.start.astimezone(dt.UTC).hour == 8
    assert event.created_by == curator
    assert "herne" in event.search_text
    assert AuditEntry.objects.filter(action="event.create", object_id=str(event.pk)).exists()


def test_slug_is_unique_and_never_reserved(curator):
    first = services.event_create(user=curator, data=event_data(title="Neu"))
    second = services.event_create(user=curator, data=event_data(title="Neu"))
    assert first.slug == "neu-2"
    assert second.slug == "neu-3"


def test_multi_day_event(curator):
    event = services.event_create(
        user=curator,
        data=event_data(start=berlin(2026, 1, 30, 18, 0), end=berlin(2026, 2, 1, 13, 0)),
    )
    assert event.start == dt.datetime(2026, 1, 30, 17, 0, tzinfo=dt.UTC)  # CET, UTC+1
    assert (event.end - event.start) == dt.timedelta(hours=43)


def test_end_before_start_is_refused(curator):
    with pytest.raises(ValidationError) as exc:
        services.event_create(user=curator, data=event_data(end=berlin(2026, 7, 1, 9, 0)))
    assert "end" in exc.value.message_dict
    assert not Event.objects.filter(created_by__isnull=False).exists()


@pytest.mark.parametrize(
    ("mode", "missing", "field"),
    [
        (Event.Mode.ON_SITE, {"venue_name": ""}, "venue_name"),
        (Event.Mode.ON_SITE, {"address": ""}, "address"),
        (Event.Mode.HYBRID, {"online_url": ""}, "online_url"),
        (Event.Mode.ONLINE, {"online_url": ""}, "online_url"),
    ],
)
def test_mode_requires_venue_or_link(curator, mode, missing, field):
    data = event_data(mode=mode, **{"online_url": "https://meet.example.org/w", **missing})
    with pytest.raises(ValidationError) as exc:
        services.event_create(user=curator, data=data)
    assert field in exc.value.message_dict
    assert not Event.objects.filter(created_by__isnull=False).exists()


def test_online_event_needs_no_venue(curator):
    event = services.event_create(
        user=curator,
        data=event_data(
            mode=Event.Mode.ONLINE, venue_name="", address="", municipality=None,
            online_url="https://meet.example.org/x",
        ),
    )  # fmt: skip
    assert event.is_online


def test_action_field_must_match_spatial_field(curator):
    centres = SpatialField.objects.get(slug="centres")
    other = ActionField.objects.exclude(spatial_field=centres).first()
    with pytest.raises(ValidationError) as exc:
        services.event_create(
            user=curator, data=event_data(spatial_field=centres, action_field=other)
        )
    assert "action_field" in exc.value.message_dict


def test_registration_window_in_order(curator):
    with pytest.raises(ValidationError) as exc:
        services.event_create(
            user=curator,
            data=event_data(
                registration_opens=berlin(2026, 6, 10, 0, 0),
                registration_closes=berlin(2026, 6, 1, 0, 0),
            ),
        )
    assert "registration_closes" in exc.value.message_dict


def test_partners_hosts_and_local_partners(curator):
    host, local = OrganisationFactory(), OrganisationFactory()
    event = services.event_create(
        user=curator,
        data=event_data(),
        partners=[(host.pk, EventPartner.Role.HOST), (local.pk, EventPartner.Role.LOCAL_PARTNER)],
    )
    assert set(event.event_partners.values_list("actor_id", "role")) == {
        (host.pk, "host"),
        (local.pk, "local_partner"),
    }
    services.event_update(
        event=event, user=curator, data={}, partners=[(local.pk, EventPartner.Role.HOST)]
    )
    assert list(event.event_partners.values_list("actor_id", "role")) == [(local.pk, "host")]
    entry = AuditEntry.objects.filter(action="event.update").latest("id")
    assert "partners" in entry.changes


def test_hidden_actor_cannot_become_partner(curator):
    hidden = OrganisationFactory(is_hidden=True)
    with pytest.raises(ValidationError):
        services.event_create(user=curator, data=event_data(), partners=[(hidden.pk, "host")])
    assert not Event.objects.filter(created_by__isnull=False).exists()


def test_update_keeps_slug_and_audits_changes(curator):
    event = services.event_create(user=curator, data=event_data())
    services.event_update(event=event, user=curator, data={"title": "Ganz anders"})
    event.refresh_from_db()
    assert event.title == "Ganz anders"
    assert event.slug == "praxiswerkstatt-leerstand-in-herne"
    entry = AuditEntry.objects.filter(action="event.update").latest("id")
    assert entry.changes["title"] == ["Praxiswerkstatt Leerstand in Herne", "Ganz anders"]


def test_publish_and_cancel(curator):
    event = services.event_create(user=curator, data=event_data())
    services.event_publish(event=event, user=curator)
    event.refresh_from_db()
    assert event.state == Event.State.PUBLISHED
    with pytest.raises(ValidationError):
        services.event_publish(event=event, user=curator)
    with pytest.raises(ValidationError) as exc:
        services.event_cancel(event=event, user=curator, reason="  ")
    assert "reason" in exc.value.message_dict
    services.event_cancel(event=event, user=curator, reason="Die Referentin ist erkrankt.")
    event.refresh_from_db()
    assert event.state == Event.State.CANCELLED
    assert Event.objects.published().filter(pk=event.pk).exists()  # the page stays public
    assert event.cancellation_reason == "Die Referentin ist erkrankt."
    assert curation_selectors.cancellation_reason(event) == "Die Referentin ist erkrankt."
    entry = AuditEntry.objects.get(object_id=str(event.pk), action="event.cancel")
    assert entry.changes["reason"] == "Die Referentin ist erkrankt."
    actions = list(
        AuditEntry.objects.filter(object_id=str(event.pk)).values_list("action", flat=True)
    )
    assert {"event.create", "event.publish", "event.cancel"} <= set(actions)


def test_draft_cannot_be_cancelled(curator):
    event = services.event_create(user=curator, data=event_data())
    with pytest.raises(ValidationError):
        services.event_cancel(event=event, user=curator, reason="Grund")


def test_incomplete_draft_is_not_published(curator):
    series = SeriesFactory()
    event = series_services.series_plan_event(
        series=series,
        user=curator,
        spatial_field=None,
        data={"title": "Planung", "start": berlin(2026, 9, 1, 10, 0),
              "end": berlin(2026, 9, 1, 12, 0), "mode": Event.Mode.ONLINE},
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.event_publish(event=event, user=curator)
    assert Event.objects.get(pk=event.pk).state == Event.State.DRAFT


def test_cancel_can_notify_the_registrants(curator, mailoutbox, django_capture_on_commit_callbacks):
    from quartiersnetz.events.models import EventMessage
    from quartiersnetz.events.tests.factories import RegistrationFactory

    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.org")
    RegistrationFactory(event=event, email="b@example.org", status="waitlisted")
    RegistrationFactory(event=event, email="c@example.org", status="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, user=curator, reason="Hochwasser", notify=True)
    message = EventMessage.objects.get(event=event)
    assert message.recipient_count == 2
    assert "Hochwasser" in message.body
    quiet = EventFactory()
    RegistrationFactory(event=quiet)
    services.event_cancel(event=quiet, user=curator, reason="Krankheit")
    assert not EventMessage.objects.filter(event=quiet).exists()


def test_search_text(db):
    event = EventFactory(title="Schlüsselimmobilien", venue_name="Rathaus")
    text = services.event_search_text(event)
    assert "schlusselimmobilien" in text
    assert "rathaus" in text
    assert "herne" in text
