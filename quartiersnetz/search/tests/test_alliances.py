"""Allianzen in the search: public (not hidden) ones only, found by name, goals and place;
hiding removes the entry, unhiding adds it back (triggers on both databases)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartiersnetz.alliances.tests.factories import AllianceFactory
from quartiersnetz.search.backends import search
from quartiersnetz.search.tests.test_events_projects import indexed_ids

pytestmark = pytest.mark.django_db


def titles(query: str) -> list[str]:
    return [hit.title for hit in search(query, kinds=["alliance"]).hits]


def test_found_by_name_goals_and_place():
    alliance = AllianceFactory(
        name="Allianz Bahnhofsviertel", summary="Gemeinsam.", goals="Zwischennutzungen ermöglichen"
    )
    assert titles("Bahnhofsviertel") == ["Allianz Bahnhofsviertel"]
    assert titles("Zwischennutzung") == ["Allianz Bahnhofsviertel"]
    assert titles("Herne Bahnhofsviertel") == ["Allianz Bahnhofsviertel"]
    [hit] = search("Bahnhofsviertel", kinds=["alliance"]).hits
    assert hit.url == alliance.get_absolute_url()
    assert hit.place == "Herne"


def test_hidden_alliances_never_found():
    alliance = AllianceFactory(name="Allianz Geheim", is_hidden=True)
    assert titles("Geheim") == []
    assert alliance.pk not in indexed_ids("alliance")
    alliance.is_hidden = False
    alliance.save()
    assert titles("Geheim") == ["Allianz Geheim"]
    alliance.is_hidden = True
    alliance.save()
    assert titles("Geheim") == []
    assert alliance.pk not in indexed_ids("alliance")


def test_search_page_art_allianzen(client):
    AllianceFactory(name="Allianz Marktplatz")
    response = client.get(reverse("search:search") + "?q=Marktplatz&art=allianzen")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Allianz <mark>Marktplatz</mark>" in body
    assert "art=allianzen" in body
