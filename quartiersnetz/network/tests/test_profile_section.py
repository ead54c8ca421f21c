"""The profile's "Verbindungen" section: grouped by sector, "verbindet N von 7 Bereichen",
hidden actors vanish at once, constant queries."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.core.testing import count_queries
from quartiersnetz.network.models import Connection, Edge
from quartiersnetz.network.selectors import actor_connections
from quartiersnetz.taxonomy.models import Sector

pytestmark = pytest.mark.django_db


def connect(a, b, **fields):
    low, high = sorted([a, b], key=lambda actor: actor.pk)
    return Edge.objects.create(actor_a=low, actor_b=high, **fields)


def test_connections_are_grouped_by_sector_and_count_the_sectors_reached():
    sectors = list(Sector.objects.all())
    actor = OrganisationFactory(sector=sectors[0])
    first = OrganisationFactory(sector=sectors[1], name="Kulturbüro Ost")
    second = OrganisationFactory(sector=sectors[1], name="Kulturbüro West")
    third = OrganisationFactory(sector=sectors[2], name="Stadtplanungsamt")
    connect(actor, first, weight=3, explicit_kinds="knows")
    connect(actor, second, weight=1)
    connect(actor, third, weight=2)

    result = actor_connections(actor)
    assert result.total == 3
    assert result.sectors_connected == 2
    assert result.sectors_total == len(sectors) == 7
    assert [g.sector for g in result.groups] == [sectors[1], sectors[2]]
    assert [c.other.name for c in result.groups[0].connections] == [
        "Kulturbüro Ost",
        "Kulturbüro West",
    ]
    assert result.groups[0].connections[0].kinds == [str(Connection.Kind.KNOWS.label)]


def test_the_sectors_beyond_the_listed_connections_count_too(monkeypatch):
    sectors = list(Sector.objects.all())
    actor = OrganisationFactory(sector=sectors[0])
    for index, sector in enumerate(sectors[1:4]):
        connect(actor, OrganisationFactory(sector=sector), weight=10 - index)
    result = actor_connections(actor, limit=1)
    assert (result.shown, result.total, result.sectors_connected) == (1, 3, 3)


def test_the_profile_shows_the_section_and_a_hidden_actor_vanishes_before_recomputation(client):
    actor = OrganisationFactory(name="Quartiersbüro Nord")
    partner = OrganisationFactory(name="Wohnungsbau Nord eG")
    connect(
        actor,
        partner,
        sources=[{"type": "practice", "id": 1, "title": "Dritter Ort Nord", "slug": "dritter-ort"}],
    )
    page = client.get(actor.get_absolute_url()).content.decode()
    assert "Verbindungen" in page
    assert "Wohnungsbau Nord eG" in page
    assert "verbindet 1 von 7 Bereichen" in page
    assert reverse("practices:detail", args=["dritter-ort"]) in page
    assert reverse("network:connections", args=[actor.slug]) in page

    partner.is_hidden = True
    partner.save()
    cache.clear()
    page = client.get(actor.get_absolute_url()).content.decode()
    assert "Wohnungsbau Nord eG" not in page
    assert "Noch keine Verbindungen." in page


def test_profile_and_connections_page_queries_do_not_grow_with_connections(client):
    actor = OrganisationFactory()

    def queries(url):
        cache.clear()
        return count_queries(client, url)

    connect(actor, OrganisationFactory())
    few = (
        queries(actor.get_absolute_url()),
        queries(reverse("network:connections", args=[actor.slug])),
    )
    for _ in range(15):
        connect(
            actor,
            OrganisationFactory(),
            sources=[{"type": "event", "id": 1, "title": "W", "slug": "w"}],
        )
    many = (
        queries(actor.get_absolute_url()),
        queries(reverse("network:connections", args=[actor.slug])),
    )
    assert few == many
