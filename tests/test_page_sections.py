"""The practice page and the profile show what higher apps contribute (core.sections) without
importing those apps (the layers contract checks that): all sections together, in order,
cached, and following every section's table."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.core.sections import page_sections, section_models
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


@pytest.mark.django_db
def test_practice_page_version_follows_every_sections_table():
    practice = PracticeFactory()
    models = section_models(DETAIL_SECTIONS, Practice, Actor)
    seen = {data_version(*models)}
    RecommendationFactory().practices.add(practice)
    seen.add(data_version(*models))
    AgendaItemFactory(event=EventFactory(), practice=practice)
    seen.add(data_version(*models))
    LearningFactory(practices=[practice])
    seen.add(data_version(*models))
    assert len(seen) == 4


def test_the_apps_register_their_sections_of_the_practice_page_and_the_profile():
    assert [s.name for s in page_sections(DETAIL_SECTIONS)] == [
        "recommendations",
        "events",
        "learnings",
    ]
    assert [s.name for s in page_sections("actors.profile")] == [
        "practices",
        "projects",
        "publications",
        "events",
        "network.connections",
        "network_figures",
        "partners",
        "contact.start",
    ]
    assert [s.name for s in page_sections("projects.detail")] == ["partners", "contact.start"]
    assert [s.name for s in page_sections("alliances.detail")] == ["partners", "contact.start"]
