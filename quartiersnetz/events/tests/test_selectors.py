"""Selectors: the rotation over the spatial fields, suggested inputs, actor events, search text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from quartiersnetz.actors.tests.factories import OrganisationFactory, PersonFactory
from quartiersnetz.events import selectors
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    EventPartnerFactory,
    SeriesFactory,
)
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeActorFactory, PracticeFactory
from quartiersnetz.taxonomy.models import SpatialField

pytestmark = pytest.mark.django_db


def field(slug: str) -> SpatialField:
    return SpatialField.objects.get(slug=slug)


def in_series(series, days: int, spatial: str | None, **kwargs) -> Event:
    start = EventFactory._meta.declarations["start"].function() + dt.timedelta(days=days)
    return EventFactory(
        series=series,
        start=start,
        end=start + dt.timedelta(hours=2),
        spatial_field=field(spatial) if spatial else None,
        **kwargs,
    )


def test_next_field_rotates_in_order(db):
    series = SeriesFactory()
    assert selectors.series_next_spatial_field(series) == field("centres")
    in_series(series, 1, "centres")
    assert selectors.series_next_spatial_field(series) == field("quarters")
    in_series(series, 2, "quarters")
    assert selectors.series_next_spatial_field(series) == field("small_towns")
    in_series(series, 3, "small_towns")
    assert selectors.series_next_spatial_field(series) == field("centres")


def test_next_field_ignores_cancelled_and_optionally_drafts(db):
    series = SeriesFactory()
    in_series(series, 1, "centres")
    in_series(series, 2, "quarters", state=Event.State.CANCELLED)
    assert selectors.series_next_spatial_field(series) == field("quarters")
    in_series(series, 3, "quarters", state=Event.State.DRAFT)
    assert selectors.series_next_spatial_field(series) == field("small_towns")
    assert selectors.series_next_spatial_field(series, public_only=True) == field("quarters")


def test_no_rotation_without_the_flag(db):
    series = SeriesFactory(rotates_spatial_fields=False)
    assert selectors.series_next_spatial_field(series) is None
    assert selectors.series_rotation(series, []) is None


def test_suggested_inputs(db):
    """One rule for the series page and the planning: no actor of the practice (organisation or
    involved actor) presented in the series, and the series never showed it (programme or
    documentation)."""
    series = SeriesFactory()
    quarters = field("quarters")
    presenter = PersonFactory()
    fresh = PracticeFactory(title="Frisch", spatial_field=quarters, transfer_score=4)
    PracticeActorFactory(practice=fresh)
    presented_actor = PracticeFactory(title="Schon vorgetragen", spatial_field=quarters)
    PracticeActorFactory(practice=presented_actor, actor=presenter)
    own_organisation = PracticeFactory(title="Organisation trug vor", spatial_field=quarters)
    # Its organisation is the submitter of a practice of its own: the organisation counts.
    no_actors = PracticeFactory(title="Ohne Beteiligte", spatial_field=quarters)
    other_field = PracticeFactory(title="Anderes Feld", spatial_field=field("centres"))
    PracticeActorFactory(practice=other_field)
    draft = PracticeFactory(title="Entwurf", spatial_field=quarters, state=Practice.State.DRAFT)
    PracticeActorFactory(practice=draft)
    shown = PracticeFactory(title="Schon gezeigt", spatial_field=quarters)
    PracticeActorFactory(practice=shown)
    documented = PracticeFactory(title="Schon dokumentiert", spatial_field=quarters)
    less = PracticeFactory(title="Weniger Transfer", spatial_field=quarters, transfer_score=2)
    PracticeActorFactory(practice=less)
    event = in_series(series, 1, "centres")
    item = AgendaItemFactory(event=event, practice=shown)
    item.presenters.add(presenter, own_organisation.organisation)
    event.presented_practices.add(documented)
    # Presenting in another series does not count.
    other = AgendaItemFactory(event=in_series(SeriesFactory(), 1, "centres"))
    other.presenters.add(*[r.actor for r in less.roles.all()])
    result = selectors.suggested_inputs(series, quarters, limit=10)
    assert [p.title for p in result] == ["Frisch", "Weniger Transfer", "Ohne Beteiligte"]
    assert no_actors in result
    assert selectors.suggested_inputs(series, quarters, limit=1) == [fresh]
    # Without a field: every field.
    assert other_field in selectors.suggested_inputs(series, None, limit=20)


def test_actor_events(db):
    actor = OrganisationFactory(name="Stadtlabor")
    hosted = EventFactory(title="Gastgeberin")
    EventPartnerFactory(event=hosted, actor=actor)
    presented = EventFactory(title="Vortrag")
    AgendaItemFactory(event=presented).presenters.add(actor)
    both = EventFactory(title="Beides")
    EventPartnerFactory(event=both, actor=actor, role="local_partner")
    AgendaItemFactory(event=both).presenters.add(actor)
    draft = EventFactory(title="Entwurf", state=Event.State.DRAFT)
    EventPartnerFactory(event=draft, actor=actor)
    EventFactory(title="Fremd")
    result = {e.entry.event.title: e.roles for e in selectors.actor_events(actor)}
    assert set(result) == {"Gastgeberin", "Vortrag", "Beides"}
    assert result["Gastgeberin"] == ["Gastgeber*in"]
    assert result["Vortrag"] == ["Vortrag im Programm"]
    assert result["Beides"] == ["lokaler Partner", "Vortrag im Programm"]


def test_filters_parse_and_ignore_unknown_values():
    filters = selectors.EventFilters.from_query(
        QueryDict("q=  Leer   stand &mode=teleport&zeitraum=2021&state=08&format=x")
    )
    assert filters.as_dict() == {
        "q": "Leer stand",
        "zeitraum": "2021",
        "format": "x",
        "state": "08",
    }
    assert selectors.EventFilters.from_query(QueryDict("zeitraum=morgen")).zeitraum == ""


def test_search_text(db):
    event = EventFactory(title="Schlüsselimmobilien", venue_name="Rathaus")
    text = selectors.event_search_text(event)
    assert "schlusselimmobilien" in text
    assert "rathaus" in text
    assert "herne" in text


def test_event_when_single_and_multi_day(db):
    event = EventFactory()
    when = selectors.event_when(event)
    assert not when.multi_day
    assert "–" in when.text
    event.end = event.start + dt.timedelta(days=1)
    assert selectors.event_when(event).multi_day
