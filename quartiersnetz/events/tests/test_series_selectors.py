"""Series selectors: the rotation over the spatial fields (series page and planning) and the
suggested inputs."""

from __future__ import annotations

import datetime as dt

import pytest

from quartiersnetz.actors.tests.factories import PersonFactory
from quartiersnetz.events import series_selectors, series_services
from quartiersnetz.events.models import Event, EventFormat
from quartiersnetz.events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    SeriesFactory,
    berlin,
)
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import (
    DraftPracticeFactory,
    PracticeActorFactory,
    PracticeFactory,
)
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
    assert series_selectors.series_next_spatial_field(series) == field("centres")
    in_series(series, 1, "centres")
    assert series_selectors.series_next_spatial_field(series) == field("quarters")
    in_series(series, 2, "quarters")
    assert series_selectors.series_next_spatial_field(series) == field("small_towns")
    in_series(series, 3, "small_towns")
    assert series_selectors.series_next_spatial_field(series) == field("centres")


def test_next_field_ignores_cancelled_and_optionally_drafts(db):
    series = SeriesFactory()
    in_series(series, 1, "centres")
    in_series(series, 2, "quarters", state=Event.State.CANCELLED)
    assert series_selectors.series_next_spatial_field(series) == field("quarters")
    in_series(series, 3, "quarters", state=Event.State.DRAFT)
    assert series_selectors.series_next_spatial_field(series) == field("small_towns")
    assert series_selectors.series_next_spatial_field(series, public_only=True) == field("quarters")


def test_no_rotation_without_the_flag(db):
    series = SeriesFactory(rotates_spatial_fields=False)
    assert series_selectors.series_next_spatial_field(series) is None
    assert series_selectors.series_rotation(series, []) is None


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
    result = series_selectors.suggested_inputs(series, quarters, limit=10)
    assert [p.title for p in result] == ["Frisch", "Weniger Transfer", "Ohne Beteiligte"]
    assert no_actors in result
    assert series_selectors.suggested_inputs(series, quarters, limit=1) == [fresh]
    # Without a field: every field.
    assert other_field in series_selectors.suggested_inputs(series, None, limit=20)


def _fields() -> list[SpatialField]:
    return list(SpatialField.objects.order_by("position", "name", "id"))


def test_series_rotation(curator):
    series = series_services.series_create(
        user=curator,
        data={"title": "Perspektiven-Werkstätten", "rotates_spatial_fields": True,
              "format": EventFormat.objects.get(slug="perspektiven-werkstatt")},
    )  # fmt: skip
    fields = _fields()
    assert series_selectors.series_next_spatial_field(series) == fields[0]
    EventFactory(series=series, spatial_field=fields[0], start=berlin(2026, 1, 1, 10, 0))
    assert series_selectors.series_next_spatial_field(series) == fields[1]
    EventFactory(series=series, spatial_field=fields[1], start=berlin(2026, 2, 1, 10, 0))
    # A cancelled event does not count.
    EventFactory(
        series=series, spatial_field=fields[2], start=berlin(2026, 3, 1, 10, 0), state="cancelled"
    )
    assert series_selectors.series_next_spatial_field(series) == fields[2]
    EventFactory(series=series, spatial_field=fields[2], start=berlin(2026, 4, 1, 10, 0))
    assert series_selectors.series_next_spatial_field(series) == fields[0]


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
    suggestions = series_selectors.suggested_inputs(series, quarters)
    assert suggestions == [fresh]


def test_series_without_rotation_keeps_its_field(curator):
    series = SeriesFactory(rotates_spatial_fields=False)
    assert series_selectors.series_next_spatial_field(series) is None
    quarters = SpatialField.objects.get(slug="quarters")
    EventFactory(series=series, spatial_field=quarters)
    assert series_selectors.series_next_spatial_field(series) == quarters


def test_series_without_rotation_counts_drafts_unless_public_only(db):
    """The same rule as for a rotating series: cancelled events never count, drafts (the
    curators' plans) only without `public_only`."""
    series = SeriesFactory(rotates_spatial_fields=False)
    in_series(series, 1, "centres")
    in_series(series, 2, "quarters", state=Event.State.DRAFT)
    in_series(series, 3, "small_towns", state=Event.State.CANCELLED)
    assert series_selectors.series_next_spatial_field(series) == field("quarters")
    assert series_selectors.series_next_spatial_field(series, public_only=True) == field("centres")
