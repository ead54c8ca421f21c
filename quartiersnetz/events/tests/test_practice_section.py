"""The sections Werkstätten contribute to lower apps' pages: "Vorgestellt in" on a practice's
page (the profile's "In Werkstätten" is tested in test_public_profiles)."""

from __future__ import annotations

import pytest

from quartiersnetz.actors.selectors import PROFILE_SECTIONS, profile_sections_version
from quartiersnetz.core.sections import page_sections
from quartiersnetz.events import selectors
from quartiersnetz.events.practice_links import practice_events
from quartiersnetz.events.services import event_publish
from quartiersnetz.events.tests.factories import AgendaItemFactory, EventFactory
from quartiersnetz.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


@pytest.fixture
def practice():
    return PracticeFactory(title="Bürgerbahnhof Plagwitz")


def test_presented_in_events(client, practice):
    url = practice.get_absolute_url()
    assert "Vorgestellt in" not in get(client, url)
    shown = EventFactory(title="Praxiswerkstatt Bahnhöfe")
    AgendaItemFactory(event=shown, practice=practice, title="Input Bürgerbahnhof")
    documented = EventFactory(title="Perspektiven-Werkstatt Quartiere")
    documented.presented_practices.add(practice)
    documented.save()
    draft = EventFactory(title="Geheime Planung", state="draft")
    draft.presented_practices.add(practice)
    draft.save()
    html = get(client, url)
    assert "Vorgestellt in" in html
    assert f'href="{shown.get_absolute_url()}">Praxiswerkstatt Bahnhöfe</a>' in html
    assert f'href="{documented.get_absolute_url()}">Perspektiven-Werkstatt Quartiere</a>' in html
    assert "Geheime Planung" not in html
    assert {e.pk for e in practice_events(practice)} == {shown.pk, documented.pk}


def test_cached_practice_page_shows_an_event_once_it_is_published(client, practice, curator):
    url = practice.get_absolute_url()
    draft = EventFactory(title="Praxiswerkstatt Bahnhöfe", state="draft")
    AgendaItemFactory(event=draft, practice=practice, title="Input Bürgerbahnhof")
    html = get(client, url)  # the body fragment is cached now
    assert "Praxiswerkstatt Bahnhöfe" not in html
    assert get(client, url) == html
    event_publish(event=draft, user=curator)
    html = get(client, url)
    assert "Vorgestellt in" in html
    assert f'href="{draft.get_absolute_url()}">Praxiswerkstatt Bahnhöfe</a>' in html


def test_profile_section_is_versioned_like_actor_events():
    [section] = [s for s in page_sections(PROFILE_SECTIONS) if s.name == "events"]
    assert section.items is selectors.actor_events
    assert section.template == "events/partials/_actor_section.html"
    # The profile's sections fragment follows the events' tables (among those of higher apps).
    before = profile_sections_version()
    EventFactory()
    assert profile_sections_version() != before
