"""Migration 0003: the three events of autumn 2021 and the Perspektiven-Werkstätten series."""

from __future__ import annotations

import datetime as dt
import importlib
import zoneinfo

import pytest
from django.apps import apps as global_apps

from quartiersnetz.events.models import Event, Series

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
migration = importlib.import_module("quartiersnetz.events.migrations.0003_seed_events")


def test_the_three_events_of_the_seed(client):
    events = {
        e.slug: e for e in Event.objects.filter(is_sample=False).select_related("municipality")
    }
    herne = events["transformation-kultivieren-herne-2021"]
    mannheim = events["stadtentwicklung-performativ-mannheim-2021"]
    offenbach = events["transformationsmanagement-schluesselprojekte-offenbach-2021"]
    assert herne.format.slug == "sondierungsgespraech"
    assert herne.title.startswith("Transformation kultivieren")
    assert herne.municipality.ags == "05916000"
    assert herne.start.astimezone(BERLIN).date() == dt.date(2021, 9, 23)
    assert mannheim.format.slug == "perspektiven-praxiswerkstatt"
    assert mannheim.municipality.ags == "08222000"
    assert mannheim.start.astimezone(BERLIN).date() == dt.date(2021, 10, 25)
    assert mannheim.end.astimezone(BERLIN).date() == dt.date(2021, 10, 26)
    assert offenbach.format.slug == "praxiswerkstatt"
    assert offenbach.municipality.name == "Offenbach am Main"
    assert offenbach.start.astimezone(BERLIN).date() == dt.date(2021, 12, 10)
    for event in (herne, mannheim, offenbach):
        assert event.state == Event.State.PUBLISHED
        assert event.mode == Event.Mode.ON_SITE
        assert event.admission == Event.Admission.NONE
        assert event.action_field.slug == "innenstadtstrategien"
        assert event.approaches.exists()
        assert "nur das Datum" in event.description
        assert event.search_text
    page = client.get("/werkstaetten/?zeitraum=2021").content.decode()
    assert "Stadtentwicklung performativ" in page
    assert "Schlüsselprojekte" in client.get("/werkstaetten/?q=schlusselprojekte").content.decode()


def test_the_series_without_invented_events(client):
    series = Series.objects.get(slug="perspektiven-werkstaetten")
    assert series.rotates_spatial_fields
    assert not series.events.exists()
    assert client.get("/werkstaetten/reihen/perspektiven-werkstaetten/").status_code == 200


def test_idempotent():
    before = Event.objects.count(), Series.objects.count()
    migration.seed_events(global_apps, None)
    migration.seed_events(global_apps, None)
    assert (Event.objects.count(), Series.objects.count()) == before
