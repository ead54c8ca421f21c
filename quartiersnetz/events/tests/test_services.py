"""The curators' event services: validation, time zones, programme, series, documentation."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.events import curation_selectors, selectors, services
from quartiersnetz.events.models import AgendaItem, Event, EventDocument, EventFormat, EventPartner
from quartiersnetz.events.practice_links import events_presenting
from quartiersnetz.events.tests.factories import AgendaItemFactory, EventFactory, SeriesFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import (
    DraftPracticeFactory,
    PracticeActorFactory,
    PracticeFactory,
)
from quartiersnetz.publications.tests.factories import RecommendationFactory
from quartiersnetz.publications.tests.pdfs import simple_pdf
from quartiersnetz.taxonomy.models import ActionField, SpatialField

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


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
    event = services.series_plan_event(
        series=series,
        user=curator,
        spatial_field=None,
        data={"title": "Planung", "start": berlin(2026, 9, 1, 10, 0),
              "end": berlin(2026, 9, 1, 12, 0), "mode": Event.Mode.ONLINE},
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.event_publish(event=event, user=curator)
    assert Event.objects.get(pk=event.pk).state == Event.State.DRAFT


# Programme ------------------------------------------------------------------------------------


def test_agenda_item_within_event_days(curator):
    event = EventFactory(
        start=berlin(2026, 7, 1, 10, 0), end=berlin(2026, 7, 2, 16, 0), state="draft"
    )
    practice = PracticeFactory()
    speaker = OrganisationFactory()
    item = services.agenda_item_create(
        event=event,
        user=curator,
        data={
            "start": berlin(2026, 7, 2, 9, 0), "end": berlin(2026, 7, 2, 9, 30),
            "title": "Input", "kind": AgendaItem.Kind.PRACTICE_INPUT, "practice": practice,
        },
        presenters=[speaker.pk],
    )  # fmt: skip
    assert list(item.presenters.all()) == [speaker]
    assert item.start == dt.datetime(2026, 7, 2, 7, 0, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_create(
            event=event, user=curator,
            data={"start": berlin(2026, 7, 3, 9, 0), "title": "Zu spät", "kind": "impulse"},
        )  # fmt: skip
    assert "start" in exc.value.message_dict
    assert event.agenda_items.count() == 1


def test_agenda_item_refuses_unpublished_practice(curator):
    event = EventFactory()
    draft = DraftPracticeFactory()
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_create(
            event=event, user=curator,
            data={"start": event.start, "title": "Input", "kind": "practice_input",
                  "practice": draft},
        )  # fmt: skip
    assert "practice" in exc.value.message_dict


def test_agenda_update_delete_and_move(curator):
    event = EventFactory()
    first = AgendaItemFactory(event=event, title="Begrüßung")
    second = AgendaItemFactory(
        event=event,
        title="Input",
        start=event.start + dt.timedelta(minutes=30),
        end=event.start + dt.timedelta(minutes=75),
    )
    services.agenda_item_move(item=second, user=curator, up=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.start == event.start
    assert second.end == event.start + dt.timedelta(minutes=45)
    assert first.start == event.start + dt.timedelta(minutes=45)
    assert first.end == event.start + dt.timedelta(minutes=75)
    assert [i.title for i in curation_selectors.agenda(event)] == ["Input", "Begrüßung"]
    services.agenda_item_update(item=first, user=curator, data={"title": "Willkommen"})
    assert AgendaItem.objects.get(pk=first.pk).title == "Willkommen"
    services.agenda_item_delete(item=first, user=curator)
    assert list(event.agenda_items.values_list("title", flat=True)) == ["Input"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"event.agenda_item_move", "event.agenda_item_update", "event.agenda_item_delete"} <= (
        actions
    )


# Series ---------------------------------------------------------------------------------------


def _fields() -> list[SpatialField]:
    return list(SpatialField.objects.order_by("position", "name", "id"))


def test_series_rotation(curator):
    series = services.series_create(
        user=curator,
        data={"title": "Perspektiven-Werkstätten", "rotates_spatial_fields": True,
              "format": EventFormat.objects.get(slug="perspektiven-werkstatt")},
    )  # fmt: skip
    fields = _fields()
    assert curation_selectors.series_next_spatial_field(series) == fields[0]
    EventFactory(series=series, spatial_field=fields[0], start=berlin(2026, 1, 1, 10, 0))
    assert curation_selectors.series_next_spatial_field(series) == fields[1]
    EventFactory(series=series, spatial_field=fields[1], start=berlin(2026, 2, 1, 10, 0))
    # A cancelled event does not count.
    EventFactory(
        series=series, spatial_field=fields[2], start=berlin(2026, 3, 1, 10, 0), state="cancelled"
    )
    assert curation_selectors.series_next_spatial_field(series) == fields[2]
    EventFactory(series=series, spatial_field=fields[2], start=berlin(2026, 4, 1, 10, 0))
    assert curation_selectors.series_next_spatial_field(series) == fields[0]


def test_suggested_inputs_skip_actors_who_presented(curator):
    series = SeriesFactory()
    quarters = SpatialField.objects.get(slug="quarters")
    presented = PracticeFactory(spatial_field=quarters)
    fresh = PracticeFactory(spatial_field=quarters)
    partner_presented = PracticeFactory(spatial_field=quarters)
    PracticeFactory(spatial_field=SpatialField.objects.get(slug="centres"))
    DraftPracticeFactory(spatial_field=quarters)
    past = EventFactory(series=series, spatial_field=quarters)
    item = AgendaItemFactory(event=past)
    item.presenters.set([presented.organisation])
    PracticeActorFactory(practice=partner_presented, actor=presented.organisation)
    suggestions = selectors.suggested_inputs(series, quarters)
    assert suggestions == [fresh]


def test_series_plan_event_creates_draft_with_inputs(curator):
    series = SeriesFactory()
    quarters = SpatialField.objects.get(slug="quarters")
    one, two = PracticeFactory(spatial_field=quarters), PracticeFactory(spatial_field=quarters)
    event = services.series_plan_event(
        series=series,
        user=curator,
        spatial_field=quarters,
        data={"title": "Perspektiven-Werkstatt Quartiere", "start": berlin(2026, 9, 1, 10, 0),
              "end": berlin(2026, 9, 1, 12, 0), "mode": Event.Mode.ONLINE},
        practices=[one, two],
    )  # fmt: skip
    assert event.state == Event.State.DRAFT
    assert event.series == series
    assert event.format == series.format
    assert event.spatial_field == quarters
    items = list(event.agenda_items.order_by("start"))
    assert [i.practice for i in items] == [one, two]
    assert items[1].start == berlin(2026, 9, 1, 10, 30)
    assert list(items[0].presenters.all()) == [one.organisation]
    assert AuditEntry.objects.filter(action="series.plan_event").exists()


# Documentation --------------------------------------------------------------------------------


def past_event(**kwargs) -> Event:
    start = timezone.now() - dt.timedelta(days=2)
    return EventFactory(start=start, end=start + dt.timedelta(hours=4), **kwargs)


def test_document_links_both_ways(curator):
    event = past_event()
    in_programme = PracticeFactory()
    only_presented = PracticeFactory()
    item = AgendaItemFactory(event=event, start=event.start, end=event.end, practice=in_programme)
    recommendation = RecommendationFactory()
    services.event_document(
        event=event,
        user=curator,
        documentation="## Ergebnisse\n\nViel gelernt.",
        outcomes={item.pk: "Drei Ideen für den Leerstand."},
        practices=[in_programme, only_presented],
        recommendations=[recommendation],
    )
    event.refresh_from_db()
    assert event.documented_at is not None
    first_documented = event.documented_at
    assert set(event.presented_practices.all()) == {in_programme, only_presented}
    assert list(event.recommendations.all()) == [recommendation]
    assert AgendaItem.objects.get(pk=item.pk).outcome == "Drei Ideen für den Leerstand."
    assert list(events_presenting(only_presented)) == [event]
    assert list(events_presenting(in_programme)) == [event]
    # documented_at is set once.
    services.event_document(event=event, user=curator, documentation="Neu")
    event.refresh_from_db()
    assert event.documented_at == first_documented
    assert AuditEntry.objects.filter(action="event.document").count() == 2


def test_document_refuses_unpublished_practices_and_future_events(curator):
    event = past_event()
    with pytest.raises(ValidationError):
        services.event_document(
            event=event, user=curator, documentation="x", practices=[DraftPracticeFactory()]
        )
    future = EventFactory()
    with pytest.raises(ValidationError):
        services.event_document(event=future, user=curator, documentation="x")
    draft = past_event(state=Event.State.DRAFT)
    with pytest.raises(ValidationError):
        services.event_document(event=draft, user=curator, documentation="x")
    assert not Event.objects.filter(documented_at__isnull=False).exists()


def test_events_presenting_only_public_newest_first():
    practice = PracticeFactory()
    old = EventFactory(start=berlin(2025, 1, 1, 10, 0), end=berlin(2025, 1, 1, 12, 0))
    new = EventFactory(start=berlin(2026, 1, 1, 10, 0), end=berlin(2026, 1, 1, 12, 0))
    cancelled = EventFactory(
        start=berlin(2025, 6, 1, 10, 0), end=berlin(2025, 6, 1, 12, 0), state="cancelled"
    )
    draft = EventFactory(state="draft")
    for event in (old, new, cancelled, draft):
        event.presented_practices.add(practice)
    # In the programme and among the presented practices: listed once.
    AgendaItemFactory(event=new, practice=practice)
    AgendaItemFactory(event=new, practice=practice)
    assert list(events_presenting(practice)) == [new, cancelled, old]
    assert list(events_presenting(PracticeFactory())) == []


def test_document_add_and_remove(curator, django_capture_on_commit_callbacks):
    event = past_event()
    upload = SimpleUploadedFile("Ergebnisse (Werkstatt).pdf", simple_pdf(3), "application/pdf")
    document = services.event_document_add(
        event=event, user=curator, upload=upload, title="Ergebnisprotokoll"
    )
    assert document.pages == 3
    assert document.size == len(simple_pdf(3))
    assert document.file.name.endswith(".pdf")
    name, storage = document.file.name, document.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.event_document_remove(document=document, user=curator)
    assert not EventDocument.objects.exists()
    assert not storage.exists(name)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"event.document_add", "event.document_remove"} <= actions


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bild.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        ("notiz.txt", simple_pdf(1)),
        ("seite.pdf", b"<html><body>kein PDF</body></html>"),
    ],
)
def test_document_add_rejects_non_pdf(curator, name, content):
    event = past_event()
    with pytest.raises(ValidationError) as exc:
        services.event_document_add(
            event=event, user=curator, upload=SimpleUploadedFile(name, content)
        )
    assert "file" in exc.value.message_dict
    assert not EventDocument.objects.exists()


def test_practice_state_is_checked_at_documentation_time(curator):
    event = past_event()
    practice = PracticeFactory()
    Practice.objects.filter(pk=practice.pk).update(state=Practice.State.DRAFT)
    practice.refresh_from_db()
    with pytest.raises(ValidationError):
        services.event_document(event=event, user=curator, documentation="", practices=[practice])


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


def test_series_without_rotation_keeps_its_field(curator):
    series = SeriesFactory(rotates_spatial_fields=False)
    assert curation_selectors.series_next_spatial_field(series) is None
    quarters = SpatialField.objects.get(slug="quarters")
    EventFactory(series=series, spatial_field=quarters)
    assert curation_selectors.series_next_spatial_field(series) == quarters
