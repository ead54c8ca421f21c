"""Figures on small known graphs: bridge, communities, isolated actors, sector matrix,
hidden actors, monthly snapshots."""

from __future__ import annotations

import datetime as dt

import pytest

from quartiersnetz.network.figures import recompute_figures, sector_matrix
from quartiersnetz.network.models import ActorFigure, NetworkSnapshot

from .graph_factories import actor, edge, hide_seeded_actors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _known_graph_only(db):
    hide_seeded_actors()


def _clique(members):
    for i, one in enumerate(members):
        for other in members[i + 1 :]:
            edge(one, other)


@pytest.fixture
def two_clusters():
    """Two 4-cliques (foundations, municipalities) joined through one bridge actor, plus an
    isolated actor."""
    left = [actor("stiftungen") for _ in range(4)]
    right = [actor("gebietskoerperschaften", ags="14713000") for _ in range(4)]
    bridge = actor("mittler-intermediaere")
    lonely = actor("kultur-soziokultur-kreativwirtschaft")
    _clique(left)
    _clique(right)
    edge(bridge, left[0])
    edge(bridge, right[0])
    return {"left": left, "right": right, "bridge": bridge, "lonely": lonely}


def test_figures_of_two_clusters_with_a_bridge(two_clusters):
    assert recompute_figures() == 10
    figures = {figure.actor_id: figure for figure in ActorFigure.objects.all()}
    bridge = figures[two_clusters["bridge"].pk]
    top = max(figures.values(), key=lambda figure: figure.betweenness)
    assert top.actor_id in {two_clusters["bridge"].pk}
    assert bridge.degree == 2
    assert bridge.sectors_connected == 2
    left = {figures[a.pk].community for a in two_clusters["left"]}
    right = {figures[a.pk].community for a in two_clusters["right"]}
    assert len(left) == 1
    assert len(right) == 1
    assert left != right
    lonely = figures[two_clusters["lonely"].pk]
    assert lonely.degree == 0
    assert lonely.community is None
    assert lonely.betweenness == 0
    for figure in figures.values():
        assert -1 <= figure.x <= 1
        assert -1 <= figure.y <= 1
    # Positions differ (a layout, not a heap).
    assert len({(f.x, f.y) for f in figures.values()}) == 10

    data = NetworkSnapshot.objects.get(kind=NetworkSnapshot.Kind.CURRENT).data
    assert data["actors"] == 10
    assert data["edges"] == 14
    assert data["cross_sector_edges"] == 2
    assert data["cross_sector_share"] == pytest.approx(2 / 14)
    assert data["communities"] == 2
    assert data["isolated"] == 1
    assert data["community_list"][0]["size"] >= 4


def test_strength_sums_weights():
    a, b, c = actor(), actor(), actor()
    edge(a, b, weight=2.5)
    edge(a, c, weight=1.0)
    recompute_figures()
    assert ActorFigure.objects.get(actor=a).strength == pytest.approx(3.5)


def test_sector_matrix_densities(two_clusters):
    recompute_figures()
    matrix = NetworkSnapshot.objects.get(kind="current").data["matrix"]
    overall = matrix["overall"]
    # 4 foundations, all 6 pairs connected.
    assert overall["actors"]["stiftungen"] == 4
    assert overall["pairs"]["stiftungen"]["stiftungen"] == 6
    assert overall["density"]["stiftungen"]["stiftungen"] == 1.0
    # Foundations × intermediaries: 1 of 4 possible pairs.
    assert overall["density"]["stiftungen"]["mittler-intermediaere"] == 0.25
    assert overall["density"]["mittler-intermediaere"]["stiftungen"] == 0.25
    assert overall["density"]["stiftungen"]["gebietskoerperschaften"] == 0.0
    # No pair possible within a sector of one actor.
    assert overall["density"]["mittler-intermediaere"]["mittler-intermediaere"] is None
    # Per Bundesland: both actors in it (Herne = NRW "05", Leipzig = Saxony "14").
    nrw = matrix["states"]["05"]
    assert nrw["pairs"]["stiftungen"]["stiftungen"] == 6
    assert nrw["pairs"]["gebietskoerperschaften"]["gebietskoerperschaften"] == 0
    assert matrix["states"]["14"]["pairs"]["gebietskoerperschaften"]["gebietskoerperschaften"] == 6


def test_matrix_per_spatial_field():
    a = actor("stiftungen", fields=["quarters"])
    b = actor("gebietskoerperschaften", fields=["quarters", "centres"])
    c = actor("gebietskoerperschaften", fields=["centres"])
    edge(a, b)
    edge(a, c)
    recompute_figures()
    fields = NetworkSnapshot.objects.get(kind="current").data["matrix"]["spatial_fields"]
    assert fields["quarters"]["pairs"]["stiftungen"]["gebietskoerperschaften"] == 1
    assert fields["quarters"]["density"]["stiftungen"]["gebietskoerperschaften"] == 1.0
    assert fields["centres"]["pairs"]["stiftungen"]["gebietskoerperschaften"] == 0


def test_sector_matrix_function():
    sectors = ["a", "b"]
    result = sector_matrix(sectors, {1: "a", 2: "a", 3: "b"}, [1, 2, 3], [(1, 3)])
    assert result["density"] == {"a": {"a": 0.0, "b": 0.5}, "b": {"a": 0.5, "b": None}}


def test_hidden_actor_excluded():
    a, b = actor(), actor()
    hidden = actor(is_hidden=True)
    edge(a, b)
    edge(a, hidden)
    assert recompute_figures() == 2
    assert not ActorFigure.objects.filter(actor=hidden).exists()
    assert ActorFigure.objects.get(actor=a).degree == 1
    data = NetworkSnapshot.objects.get(kind="current").data
    assert data["actors"] == 2
    assert data["edges"] == 1


def test_figures_are_replaced():
    a, b = actor(), actor()
    edge(a, b)
    recompute_figures()
    a.is_hidden = True
    a.save()
    recompute_figures()
    assert list(ActorFigure.objects.values_list("actor_id", "degree")) == [(b.pk, 0)]
    assert NetworkSnapshot.objects.filter(kind="current").count() == 1


def test_monthly_snapshot_once_per_month():
    from unittest import mock

    a, b = actor(), actor()
    edge(a, b)
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 11, 20)):
        recompute_figures()
        recompute_figures()
    monthly = NetworkSnapshot.objects.filter(kind="monthly")
    assert list(monthly.values_list("month", flat=True)) == [dt.date(2026, 11, 1)]
    edge(a, actor())
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 12, 2)):
        recompute_figures()
    assert list(monthly.order_by("month").values_list("month", flat=True)) == [
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 1),
    ]
    # The month's first recomputation is kept, later ones only update CURRENT.
    assert monthly.get(month=dt.date(2026, 11, 1)).data["edges"] == 1


def test_the_snapshots_carry_the_callers_input_version():
    a, b = actor(), actor()
    edge(a, b)
    recompute_figures(input_version="7:12")
    assert NetworkSnapshot.objects.get(kind="current").input_version == "7:12"
    assert NetworkSnapshot.objects.get(kind="monthly").input_version == "7:12"


def test_empty_network():
    assert recompute_figures() == 0
    assert NetworkSnapshot.objects.get(kind="current").data["actors"] == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_betweenness_matches_networkx(seed):
    import networkx as nx

    from quartiersnetz.network.figures import betweenness

    graph = nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=seed)
    graph.add_nodes_from([100, 101])
    graph.add_edge(100, 101)
    expected = nx.betweenness_centrality(graph, normalized=True)
    got = betweenness(graph)
    assert got == pytest.approx(expected, abs=1e-9)


def test_sampled_betweenness_finds_the_bridge():
    import networkx as nx

    from quartiersnetz.network.figures import betweenness

    graph = nx.disjoint_union(nx.complete_graph(40), nx.complete_graph(40))
    graph.add_edge(0, 80)
    graph.add_edge(80, 40)
    got = betweenness(graph, k=20)
    assert max(got, key=got.get) == 80
