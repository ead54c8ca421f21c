"""The series services: planning a series' next event with practice inputs."""

from __future__ import annotations

import pytest

from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.events import series_services
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import SeriesFactory, berlin
from quartiersnetz.practices.tests.factories import (
    PracticeFactory,
)
from quartiersnetz.taxonomy.models import SpatialField

pytestmark = pytest.mark.django_db


def test_series_plan_event_creates_draft_with_inputs(curator):
    series = SeriesFactory()
    quarters = SpatialField.objects.get(slug="quarters")
    one, two = PracticeFactory(spatial_field=quarters), PracticeFactory(spatial_field=quarters)
    event = series_services.series_plan_event(
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
