"""The practice page and the profile show what higher apps contribute (core.sections) without
importing those apps: all sections together, in order, cached, and the layering of the two
lower apps."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import quartiersnetz
from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.core.sections import section_models
from quartiersnetz.core.testing import imported_modules
from quartiersnetz.core.versions import data_version
from quartiersnetz.events.models import AgendaItem, Event
from quartiersnetz.events.tests.factories import AgendaItemFactory, EventFactory
from quartiersnetz.practices import similarity
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.selectors import DETAIL_SECTIONS, practice_detail_version
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.models import Learning, Project
from quartiersnetz.projects.tests.factories import LearningFactory
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.publications.tests.factories import RecommendationFactory

ROOT = Path(quartiersnetz.__file__).parent
# What the practices and actors apps (code and tests) may import: themselves and lower apps.
LOWER = ("core", "taxonomy", "places", "accounts", "audit", "actors", "practices")


def test_practice_page_version_reads_the_same_tables_as_before():
    assert section_models(DETAIL_SECTIONS, Practice, Actor) == (
        Practice,
        Actor,
        Publication,
        Recommendation,
        Event,
        AgendaItem,
        Project,
        Learning,
    )


@pytest.mark.django_db
def test_practice_page_version_is_one_query_over_those_tables(django_assert_num_queries):
    with django_assert_num_queries(1):
        version = practice_detail_version()
    assert version == data_version(
        Practice, Actor, Publication, Recommendation, Event, AgendaItem, Project, Learning
    )


@pytest.mark.django_db
def test_practice_page_shows_all_sections_in_order_and_serves_them_from_the_cache(
    client, monkeypatch
):
    monkeypatch.setattr(similarity, "similar_practices", lambda p, **kw: [])
    practice = PracticeFactory(title="Bürgerbahnhof Plagwitz")
    RecommendationFactory(title="Orte öffnen").practices.add(practice)
    AgendaItemFactory(event=EventFactory(title="Praxiswerkstatt Bahnhöfe"), practice=practice)
    LearningFactory(title="Bahnhöfe brauchen Betreiber", practices=[practice])
    url = practice.get_absolute_url()
    cache.clear()
    html = client.get(url).content.decode()
    positions = [
        html.index(marker)
        for marker in (
            'id="h-recommendations"',
            "Orte öffnen",
            'id="h-events"',
            "Praxiswerkstatt Bahnhöfe",
            'id="h-learnings"',
            "Bahnhöfe brauchen Betreiber",
            'id="h-licence"',
        )
    ]
    assert positions == sorted(positions)
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url).content.decode()
    assert again == html
    # The practice itself and the data version: no section reads a thing.
    assert len(ctx.captured_queries) == 2


@pytest.mark.django_db
def test_profile_serves_its_sections_from_the_cache(client):
    actor = OrganisationFactory(name="Stadtlabor")
    AgendaItemFactory(event=EventFactory(title="Mit Vortrag")).presenters.add(actor)
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "In Werkstätten" in html
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(actor.get_absolute_url()).content.decode() == html
    assert len(ctx.captured_queries) == 2  # the profile and the sections' version


@pytest.mark.parametrize("app", ["actors", "practices"])
def test_lower_apps_import_no_higher_app(app):
    offenders = sorted(
        f"{path.relative_to(ROOT.parent)}: {module}"
        for path in (ROOT / app).rglob("*.py")
        for module in imported_modules(path)
        if module.startswith("quartiersnetz.") and module.split(".")[1] not in LOWER
    )
    assert offenders == []
