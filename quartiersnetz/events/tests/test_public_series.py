"""/werkstaetten/reihen/<slug>/: a series, its events and the rotation over the spatial fields."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory, SeriesFactory
from quartiersnetz.taxonomy.models import SpatialField

pytestmark = pytest.mark.django_db


def test_series_page_with_rotation(client):
    series = SeriesFactory(title="Perspektiven-Werkstätten", slug="perspektiven")
    base = EventFactory._meta.declarations["start"].function()
    for i, (title, field, state) in enumerate(
        [
            ("Zentren im Wandel", "centres", Event.State.PUBLISHED),
            ("Quartiere gemeinsam", "quarters", Event.State.PUBLISHED),
            ("Abgesagt Kleinstadt", "small_towns", Event.State.CANCELLED),
            ("Geplanter Entwurf", "small_towns", Event.State.DRAFT),
        ]
    ):
        start = base + dt.timedelta(days=30 * i)
        EventFactory(
            title=title,
            series=series,
            state=state,
            start=start,
            end=start + dt.timedelta(hours=3),
            spatial_field=SpatialField.objects.get(slug=field),
        )
    response = client.get("/werkstaetten/reihen/perspektiven/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Zentren im Wandel") < page.index("Quartiere gemeinsam")
    assert "Abgesagt Kleinstadt" in page
    assert "Geplanter Entwurf" not in page
    assert "Als Nächstes an der Reihe:</strong> Klein- und Mittelstädte" in page
    assert "Zentren: 1 Veranstaltung" in page


def test_series_without_rotation_and_unknown(client):
    SeriesFactory(slug="einfach", rotates_spatial_fields=False)
    page = client.get("/werkstaetten/reihen/einfach/").content.decode()
    assert "Als Nächstes" not in page
    assert "noch keine Veranstaltungen" in page
    assert client.get("/werkstaetten/reihen/gibt-es-nicht/").status_code == 404


def test_series_query_count_constant(client, django_assert_num_queries):
    series = SeriesFactory(slug="gross")
    EventFactory(series=series)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/werkstaetten/reihen/gross/")
    base = EventFactory._meta.declarations["start"].function()
    Event.objects.bulk_create(
        [
            Event(
                title=f"Teil {i}",
                slug=f"teil-{i}",
                series=series,
                format=series.format,
                state=Event.State.PUBLISHED,
                start=base + dt.timedelta(days=i),
                end=base + dt.timedelta(days=i, hours=2),
                spatial_field=SpatialField.objects.order_by("position")[i % 3],
            )
            for i in range(200)
        ]
    )
    with django_assert_num_queries(len(ctx.captured_queries)):
        assert client.get("/werkstaetten/reihen/gross/").status_code == 200
