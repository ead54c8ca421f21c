"""The network view: /netzwerk/, graph.json, /netzwerk/bereiche/ (+ CSV), the profile section."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.core.testing import count_queries
from quartiersnetz.network import graph_sections
from quartiersnetz.network.figures import recompute_figures

from .graph_factories import actor, edge, hide_seeded_actors

pytestmark = pytest.mark.django_db

GRAPH = reverse("network:graph")
JSON = reverse("network:graph_json")
SECTORS = reverse("network:sectors")
CSV = reverse("network:sectors_csv")


@pytest.fixture(autouse=True)
def _known_graph_only(db):
    hide_seeded_actors()


@pytest.fixture
def network():
    """Foundations in Herne (NRW) connected with each other and with one municipality in
    Leipzig (Saxony) through a bridge; one isolated actor; one hidden actor with an edge."""
    left = [actor("stiftungen", name=f"Stiftung {i}", fields=["quarters"]) for i in range(3)]
    right = [actor("gebietskoerperschaften", ags="14713000", name=f"Stadt {i}") for i in range(3)]
    bridge = actor("mittler-intermediaere", name="Brücke e. V.", fields=["quarters"])
    lonely = actor("kultur-soziokultur-kreativwirtschaft", name="Einsame Bühne")
    hidden = actor("stiftungen", name="Verborgene Stiftung", is_hidden=True)
    for group in (left, right):
        for i, one in enumerate(group):
            for other in group[i + 1 :]:
                edge(one, other)
    edge(bridge, left[0])
    edge(bridge, right[0])
    edge(hidden, left[1])
    recompute_figures()
    return {"left": left, "right": right, "bridge": bridge, "lonely": lonely, "hidden": hidden}


def _grow(extra: int) -> None:
    previous = None
    for i in range(extra):
        new = actor("stadt-immobilien-projektentwicklung", name=f"Zusatz {i}", fields=["centres"])
        if previous is not None:
            edge(previous, new)
        previous = new
    actor("stiftungen", name="Noch allein")
    recompute_figures()


# --- /netzwerk/ -----------------------------------------------------------------------------


def test_page_lists_figures_as_tables(client, network):
    response = client.get(GRAPH)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="network-graph"' in html
    assert "graph.js" in html
    # Bridging actors, communities, isolated actors with links to profiles.
    bridges = html.split('id="h-bridges"')[1].split("</section>")[0]
    assert "Brücke e. V." in bridges
    assert network["bridge"].get_absolute_url() in bridges
    communities = html.split('id="h-communities"')[1].split("</section>")[0]
    assert "Gemeinschaft 1" in communities
    assert "Gemeinschaft 2" in communities
    isolated = html.split('id="h-isolated"')[1].split("</section>")[0]
    assert "Einsame Bühne" in isolated
    assert network["lonely"].get_absolute_url() in isolated
    assert "Verborgene Stiftung" not in html
    # Share of cross-sector connections: 2 of 8 edges.
    assert "25 %" in html
    # Legend names every sector.
    assert "Mittler und Intermediäre" in html


def test_page_filters_tables(client, network):
    html = client.get(GRAPH, {"sector": "gebietskoerperschaften"}).content.decode()
    bridges = html.split('id="h-bridges"')[1].split("</section>")[0]
    assert "Stadt 0" in bridges
    assert "Brücke e. V." not in bridges
    assert 'value="gebietskoerperschaften" selected' in html
    assert "sector=gebietskoerperschaften" in html  # the JSON link carries the filter


def test_page_before_first_computation(client):
    response = client.get(GRAPH)
    assert response.status_code == 200
    assert "zum ersten Mal berechnet" in response.content.decode()


def test_page_isolated_actors_paginated(client, network, settings):
    from quartiersnetz.network import graph_selectors

    graph_selectors.ISOLATED_PER_PAGE, old = 1, graph_selectors.ISOLATED_PER_PAGE
    try:
        actor("stiftungen", name="Auch allein")
        recompute_figures()
        first = client.get(GRAPH).content.decode()
        second = client.get(GRAPH, {"seite": "2"}).content.decode()
        assert "Seite 1 von 2" in first
        assert ("Einsame Bühne" in first) != ("Einsame Bühne" in second)
        assert client.get(GRAPH, {"seite": "xyz"}).status_code == 200
    finally:
        graph_selectors.ISOLATED_PER_PAGE = old


def test_bad_filters_are_ignored(client, network):
    response = client.get(GRAPH, {"sector": "<script>", "state": "99", "action_field": "x" * 500})
    assert response.status_code == 200


# --- graph.json -----------------------------------------------------------------------------


def test_json_shape(client, network):
    response = client.get(JSON)
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    nodes = data["nodes"]
    assert set(nodes) == {"slug", "name", "sector", "place", "degree", "x", "y"}
    assert len(nodes["slug"]) == 8
    assert all(len(values) == 8 for values in nodes.values())
    assert len(data["sectors"]) == 7
    assert {"slug", "name", "colour", "index"} <= set(data["sectors"][0])
    assert len(data["edges"]) == 2 * 8
    assert data["profile_url"] == "/mitwirkende/__slug__/"
    bridge = nodes["slug"].index(network["bridge"].slug)
    assert nodes["degree"][bridge] == 2
    assert nodes["place"][bridge] == "Herne"
    assert data["sectors"][nodes["sector"][bridge]]["slug"] == "mittler-intermediaere"
    assert all(-1 <= value <= 1 for value in nodes["x"] + nodes["y"])


def test_json_never_shows_hidden_actors(client, network):
    hidden = network["hidden"]
    body = client.get(JSON).content.decode()
    assert hidden.slug not in body
    assert hidden.name not in body
    # Hidden after the last computation: gone at once, with its edges.
    bridge = network["bridge"]
    bridge.is_hidden = True
    bridge.save()
    data = json.loads(client.get(JSON).content)
    assert bridge.slug not in data["nodes"]["slug"]
    assert len(data["edges"]) == 2 * 6


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sector": "stiftungen"}, {"Stiftung 0", "Stiftung 1", "Stiftung 2"}),
        ({"state": "14"}, {"Stadt 0", "Stadt 1", "Stadt 2"}),
        ({"spatial_field": "quarters"}, {"Stiftung 0", "Stiftung 1", "Stiftung 2", "Brücke e. V."}),
        ({"spatial_field": "quarters", "sector": "mittler-intermediaere"}, {"Brücke e. V."}),
        ({"action_field": "lebendige-quartiere"}, set()),
    ],
)
def test_json_filters(client, network, params, expected):
    data = json.loads(client.get(JSON, params).content)
    assert set(data["nodes"]["name"]) == expected
    count = len(expected)
    assert all(0 <= index < count for index in data["edges"])


def test_json_is_cached_under_the_data_version(client, network, django_assert_num_queries):
    client.get(JSON)
    with django_assert_num_queries(1):  # the version only
        client.get(JSON)
    edge(network["lonely"], network["bridge"])
    data = json.loads(client.get(JSON).content)
    assert len(data["edges"]) == 2 * 9


def test_json_query_count_constant(client, network):
    from django.core.cache import cache

    small = count_queries(client, JSON)
    cache.clear()
    _grow(20)
    cache.clear()
    assert count_queries(client, JSON) == small


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        GRAPH,
        f"{GRAPH}?sector=kultur-soziokultur-kreativwirtschaft&state=05",
        SECTORS,
        f"{SECTORS}?state=05",
        CSV,
    ],
)
def test_pages_query_count_constant(client, network, url):
    small = count_queries(client, url)
    _grow(20)
    assert count_queries(client, url) == small


# --- Permission matrix: every page public, the same for every role ---------------------------


@pytest.fixture(params=["anonymous", "other_member", "member", "curator"])
def role_client(request, client, network):
    from quartiersnetz.accounts.tests.factories import UserFactory

    if request.param == "curator":
        client.force_login(request.getfixturevalue("curator"))
    elif request.param != "anonymous":
        user = UserFactory()
        target = network["left"][0] if request.param == "member" else network["right"][0]
        MembershipFactory(user=user, organisation=target)
        client.force_login(user)
    return client


@pytest.mark.parametrize("url", [GRAPH, JSON, SECTORS, CSV])
def test_every_role_may_read_and_sees_no_hidden_actor(role_client, network, url):
    response = role_client.get(url)
    assert response.status_code == 200
    assert network["hidden"].name not in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("url", [GRAPH, JSON, SECTORS, CSV])
def test_post_not_allowed(client, url):
    assert client.post(url).status_code == 405


# --- Bereichsmatrix -------------------------------------------------------------------------


def test_sector_matrix_page(client, network):
    response = client.get(SECTORS)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<caption id="matrix-caption">' in html
    # A scrollable region a keyboard user can reach (and scroll) on a narrow screen.
    assert 'role="region" aria-labelledby="matrix-caption" tabindex="0"' in html
    assert 'scope="col"' in html
    assert 'scope="row"' in html
    # Foundations among themselves: 3 of 3 pairs.
    assert "100,0 %" in html
    assert "3 / 3" in html
    # Foundations × intermediaries: 1 of 3 possible pairs.
    assert "33,3 %" in html
    assert "1 / 3" in html
    assert "sind kaum verbunden" in html
    assert "matrix-cell--5" in html
    assert "matrix-cell--0" in html


def test_sector_matrix_filtered_by_state(client, network):
    html = client.get(SECTORS, {"state": "14"}).content.decode()
    assert "Verbindungsdichte in Sachsen" in html
    assert "3 / 3" in html  # the three municipalities in Leipzig
    empty = client.get(SECTORS, {"state": "01"}).content.decode()
    assert "keine Mitwirkenden" in empty


def test_sector_matrix_filtered_by_spatial_field(client, network):
    html = client.get(SECTORS, {"spatial_field": "quarters"}).content.decode()
    assert "im gewählten räumlichen Handlungsfeld" in html
    assert "1 / 3" in html  # bridge × three foundations, one connected


def test_weakest_pair_sentence_names_sectors(client, network):
    html = client.get(SECTORS).content.decode()
    # Foundations and municipalities have actors on both sides but no connection.
    assert "Stiftungen und Gebietskörperschaften sind kaum verbunden." in html or (
        "Gebietskörperschaften und Stiftungen sind kaum verbunden." in html
    )


def test_sector_matrix_is_cached_under_the_data_version(client, network, django_assert_num_queries):
    html = client.get(SECTORS).content.decode()
    assert "0 / 9" in html  # foundations × municipalities: no pair connected yet
    with django_assert_num_queries(1):  # the version only: form, matrix and months are cached
        client.get(SECTORS)
    edge(network["left"][0], network["right"][1])
    recompute_figures()
    html = client.get(SECTORS).content.decode()
    assert "1 / 9" in html
    assert "0 / 9" not in html


def test_monthly_change_shown(client, network):
    import datetime as dt

    from quartiersnetz.network.models import NetworkSnapshot

    NetworkSnapshot.objects.filter(kind="monthly").update(month=dt.date(2020, 1, 1))
    edge(network["left"][0], network["right"][1])
    recompute_figures()
    html = client.get(SECTORS).content.decode()
    assert "Pp." in html
    assert "seit Januar 2020" in html
    assert "Januar 2020" in html.split('id="h-months"')[1]


def test_csv(client, network):
    response = client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Bereich A"
    assert rows[0][-1] == "Dichte"
    assert len(rows) == 1 + 49
    row = next(r for r in rows if r[0] == "Stiftungen" and r[1] == "Mittler und Intermediäre")
    assert row[4:] == ["1", "3", "0,333333"]
    filtered = client.get(CSV, {"state": "14"}).content.decode("utf-8-sig")
    assert "bereichsmatrix-14.csv" in client.get(CSV, {"state": "14"})["Content-Disposition"]
    assert "Gebietskörperschaften;Gebietskörperschaften;3;3;3;3;1,000000" in filtered


# --- Profile section ------------------------------------------------------------------------


@pytest.fixture
def profile_section():
    # NetworkConfig.ready() registers it; registering again is harmless and keeps it.
    graph_sections.register()


def test_profile_section(client, network, profile_section):
    html = client.get(network["bridge"].get_absolute_url()).content.decode()
    section = html.split('id="h-network-figures"')[1].split("</section>")[0]
    assert "2 Verbindungen" in section
    assert "verbunden mit 2 von 7 Bereichen" in section
    assert "Brückenakteur" in section
    assert "Gemeinschaft" in section
    lonely = client.get(network["lonely"].get_absolute_url()).content.decode()
    part = lonely.split('id="h-network-figures"')[1].split("</section>")[0]
    assert "0 Verbindungen" in part
    assert "Brückenakteur" not in part


def test_profile_section_before_computation(client, profile_section):
    fresh = actor()
    html = client.get(fresh.get_absolute_url()).content.decode()
    assert "h-network-figures" not in html
