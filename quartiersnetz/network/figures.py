"""Graph figures with networkx → `ActorFigure` rows and the `NetworkSnapshot` (sector matrix).

`recompute_figures()` reads the public actors (`Actor.PUBLIC`, isolated ones included) and the
computed `Edge` rows between them, builds one undirected networkx graph and computes per actor

- degree and strength (sum of edge weights),
- betweenness centrality (exact up to `EXACT_BETWEENNESS_NODES` actors, above that estimated
  from `BETWEENNESS_SAMPLES` sampled sources with a fixed seed — the cost then grows with the
  number of edges only, not with actors × edges),
- community (Louvain, fixed seed; numbered by size, 0 = the largest; isolated actors have
  none),
- sectors connected (distinct sectors among its neighbours),
- a layout position in [-1, 1] (see `layout()`: communities packed on a sunflower spiral, each
  laid out on its own — near-linear in the graph's size, unlike a force layout over all nodes),

and replaces all `ActorFigure` rows in one transaction. The CURRENT snapshot gets the overall
figures, the biggest communities and the 7 × 7 sector matrices of connection density (overall,
per Bundesland, per spatial field); the first recomputation in a month also stores them as the
month's MONTHLY snapshot.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import numpy as np
from django.db import transaction
from django.utils import timezone

from quartiersnetz.actors.models import Actor
from quartiersnetz.taxonomy.models import Sector, SpatialField

from .models import ActorFigure, Edge, NetworkSnapshot

SEED = 42
EXACT_BETWEENNESS_NODES = 500
BETWEENNESS_SAMPLES = 200
# Communities up to this size are laid out by a (dense, vectorised) spring layout; bigger
# ones by a spectral layout (sparse eigenvectors) spread out by ranks.
SPRING_LAYOUT_NODES = 400
# How many communities the snapshot describes (size, sectors, main actors).
SNAPSHOT_COMMUNITIES = 30
MAIN_ACTORS_PER_COMMUNITY = 5
# An actor is a bridge if its betweenness is among the top BRIDGE_SHARE of actors (at least
# MIN_BRIDGES actors) and above zero.
BRIDGE_SHARE = 0.02
MIN_BRIDGES = 10
BULK_BATCH = 2000


def recompute_figures(*, input_version: str = "") -> int:
    """Replace the figures; return the number of actors with figures. `input_version` is stored
    on the snapshots: the version of the inputs the caller read (whether anything changed is
    decided once, by the task: `tasks.recompute_network`)."""
    version = input_version
    sectors = list(Sector.objects.order_by("position", "name").values_list("id", "slug"))
    sector_slug = dict(sectors)
    spatial_slug = dict(SpatialField.objects.values_list("id", "slug"))
    actors = list(
        Actor.objects.filter(Actor.PUBLIC.q())
        .order_by("id")
        .values_list("id", "sector_id", "municipality__state")
    )
    public = {actor_id for actor_id, _, _ in actors}
    actor_sector = {actor_id: sector_slug.get(sector_id, "") for actor_id, sector_id, _ in actors}
    actor_state = {actor_id: state or "" for actor_id, _, state in actors}
    actor_fields: dict[int, set[str]] = defaultdict(set)
    through = Actor.spatial_fields.through
    for actor_id, field_id in through.objects.filter(actor_id__in=_public_ids()).values_list(
        "actor_id", "spatialfield_id"
    ):
        actor_fields[actor_id].add(spatial_slug[field_id])
    edges = [
        (a, b, weight, cross)
        for a, b, weight, cross in Edge.objects.values_list(
            "actor_a_id", "actor_b_id", "weight", "is_cross_sector"
        ).iterator(chunk_size=10_000)
        if a in public and b in public
    ]

    graph = nx.Graph()
    graph.add_nodes_from(public)
    graph.add_weighted_edges_from((a, b, weight) for a, b, weight, _ in edges)
    figures = compute_figures(graph, actor_sector)

    sector_slugs = [slug for _, slug in sectors]
    cross = sum(1 for a, b, _, _ in edges if actor_sector[a] != actor_sector[b])
    data: dict[str, Any] = {
        "computed_at": timezone.now().isoformat(),
        "actors": len(public),
        "edges": len(edges),
        "cross_sector_edges": cross,
        "cross_sector_share": cross / len(edges) if edges else 0.0,
        "communities": figures.community_count,
        "isolated": sum(1 for node in graph if graph.degree(node) == 0),
        "bridge_threshold": figures.bridge_threshold,
        "sectors": sector_slugs,
        "community_list": figures.communities[:SNAPSHOT_COMMUNITIES],
        "matrix": sector_matrices(
            sector_slugs,
            actor_sector,
            actor_state,
            actor_fields,
            [(a, b) for a, b, _, _ in edges],
        ),
    }

    rows = [
        ActorFigure(
            actor_id=node,
            degree=graph.degree(node),
            strength=float(graph.degree(node, weight="weight")),
            betweenness=figures.betweenness.get(node, 0.0),
            community=figures.community.get(node),
            sectors_connected=len({actor_sector[other] for other in graph[node]}),
            x=figures.positions[node][0],
            y=figures.positions[node][1],
        )
        for node in graph
    ]
    month = timezone.localdate().replace(day=1)
    with transaction.atomic():
        ActorFigure.objects.all().delete()
        ActorFigure.objects.bulk_create(rows, batch_size=BULK_BATCH)
        NetworkSnapshot.objects.filter(kind=NetworkSnapshot.Kind.CURRENT).delete()
        NetworkSnapshot.objects.create(
            kind=NetworkSnapshot.Kind.CURRENT, month=month, input_version=version, data=data
        )
        if not NetworkSnapshot.objects.filter(
            kind=NetworkSnapshot.Kind.MONTHLY, month=month
        ).exists():
            NetworkSnapshot.objects.create(
                kind=NetworkSnapshot.Kind.MONTHLY, month=month, input_version=version, data=data
            )
    return len(rows)


def ensure_monthly_snapshot() -> bool:
    """Keep this month's MONTHLY snapshot even when nothing changed all month: a copy of the
    CURRENT one if the month has none yet. Returns whether one was made."""
    month = timezone.localdate().replace(day=1)
    current = NetworkSnapshot.objects.filter(kind=NetworkSnapshot.Kind.CURRENT).first()
    if current is None:
        return False
    _made, created = NetworkSnapshot.objects.get_or_create(
        kind=NetworkSnapshot.Kind.MONTHLY,
        month=month,
        defaults={"input_version": current.input_version, "data": current.data},
    )
    return created


def _public_ids() -> Any:
    return Actor.objects.filter(Actor.PUBLIC.q()).values("id")


class Figures:
    """What `compute_figures` returns."""

    def __init__(self) -> None:
        self.betweenness: dict[int, float] = {}
        self.community: dict[int, int] = {}
        self.community_count = 0
        self.communities: list[dict[str, Any]] = []
        self.positions: dict[int, tuple[float, float]] = {}
        self.bridge_threshold: float | None = None


def compute_figures(graph: nx.Graph, actor_sector: Mapping[int, str]) -> Figures:
    """Betweenness, communities and layout of `graph` (nodes are actor ids)."""
    result = Figures()
    n = graph.number_of_nodes()
    if n == 0:
        return result
    k = None if n <= EXACT_BETWEENNESS_NODES else BETWEENNESS_SAMPLES
    result.betweenness = betweenness(graph, k=k, seed=SEED)
    ranked = sorted(result.betweenness.values(), reverse=True)
    top = ranked[: max(MIN_BRIDGES, math.ceil(n * BRIDGE_SHARE))]
    positive = [value for value in top if value > 0]
    result.bridge_threshold = positive[-1] if positive else None

    # The graph without its isolated actors: a copy minus those nodes (copying a subgraph view
    # filters every adjacency and took 0.7 s at 10 000 actors; same nodes, same order).
    connected = graph.copy()
    connected.remove_nodes_from([node for node in graph if graph.degree(node) == 0])
    groups: list[set[int]] = []
    if connected.number_of_edges():
        groups = [
            set(group)
            for group in nx.community.louvain_communities(connected, weight="weight", seed=SEED)
        ]
    groups.sort(key=lambda group: (-len(group), min(group)))
    result.community_count = len(groups)
    for index, group in enumerate(groups):
        for node in group:
            result.community[node] = index
        main = sorted(group, key=lambda node: (-graph.degree(node), node))
        result.communities.append(
            {
                "id": index,
                "size": len(group),
                "sectors": dict(Counter(actor_sector.get(node, "") for node in group)),
                "main": main[:MAIN_ACTORS_PER_COMMUNITY],
            }
        )
    isolated = sorted(node for node in graph if graph.degree(node) == 0)
    result.positions = layout(graph, groups, isolated)
    return result


# --- Betweenness ----------------------------------------------------------------------------

SOURCE_BATCH = 64


def betweenness(graph: nx.Graph, *, k: int | None = None, seed: int = SEED) -> dict[int, float]:
    """Normalised betweenness centrality (unweighted shortest paths), exact or estimated from
    `k` sampled sources — the same numbers as `nx.betweenness_centrality(graph, k=k,
    normalized=True)` for the same sources, computed with Brandes' algorithm in matrix form
    (a batch of sources at a time: each BFS level is one sparse × dense product), about 20 ×
    faster than networkx's pure-Python loops at 10 000 actors."""
    from scipy import sparse

    nodes = list(graph)
    n = len(nodes)
    if n < 3 or graph.number_of_edges() == 0:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    rows = [index[a] for a, b in graph.edges()]
    cols = [index[b] for a, b in graph.edges()]
    adjacency = sparse.coo_matrix(
        (np.ones(2 * len(rows)), (rows + cols, cols + rows)), shape=(n, n)
    ).tocsr()
    if k is None or k >= n:
        sources = np.arange(n)
    else:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))
    total = np.zeros(n)
    for start in range(0, len(sources), SOURCE_BATCH):
        total += _brandes_batch(adjacency, sources[start : start + SOURCE_BATCH])
    scale = 1.0 / ((n - 1) * (n - 2)) * (n / len(sources))
    return {node: float(total[i] * scale) for i, node in enumerate(nodes)}


def _brandes_batch(adjacency: Any, sources: Any) -> Any:
    """Sum over `sources` of the dependencies δ_s(v) (Brandes 2001), one column per source."""
    n, b = adjacency.shape[0], len(sources)
    columns = np.arange(b)
    sigma = np.zeros((n, b))
    depth = np.full((n, b), -1, dtype=np.int32)
    sigma[sources, columns] = 1.0
    depth[sources, columns] = 0
    frontier = sigma.copy()
    level = 0
    while True:
        reached = adjacency @ frontier
        new = (reached > 0) & (depth < 0)
        if not new.any():
            break
        level += 1
        depth[new] = level
        sigma[new] = reached[new]
        frontier = np.where(new, reached, 0.0)
    delta = np.zeros((n, b))
    with np.errstate(divide="ignore", invalid="ignore"):
        for current in range(level, 1, -1):
            weights = np.where(depth == current, (1.0 + delta) / sigma, 0.0)
            spread = adjacency @ weights
            parents = depth == current - 1
            delta[parents] += sigma[parents] * spread[parents]
    return delta.sum(axis=1)


# --- Layout ---------------------------------------------------------------------------------

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def layout(
    graph: nx.Graph, groups: list[set[int]], isolated: Iterable[int]
) -> dict[int, tuple[float, float]]:
    """Positions in [-1, 1]²: each community (and each isolated actor) gets a disc whose area
    grows with its size, packed on a sunflower spiral (largest in the middle); inside its disc
    a community is laid out on its own. The cost is the sum of the communities' layouts, so it
    grows about linearly with the graph (a force layout of all nodes grows with its square)."""
    blocks: list[list[int]] = [sorted(group) for group in groups] + [[node] for node in isolated]
    positions: dict[int, tuple[float, float]] = {}
    area = 0.0
    for index, block in enumerate(blocks):
        size = len(block)
        radius = math.sqrt(size)
        centre_radius = math.sqrt(area + size / 2) * 1.6 if index else 0.0
        area += size
        angle = index * GOLDEN_ANGLE
        cx, cy = centre_radius * math.cos(angle), centre_radius * math.sin(angle)
        local = _block_layout(graph, block)
        for node, (x, y) in local.items():
            positions[node] = (cx + x * radius, cy + y * radius)
    if not positions:
        return positions
    coords = np.array(list(positions.values()), dtype=float)
    coords -= (coords.max(axis=0) + coords.min(axis=0)) / 2
    scale = float(np.abs(coords).max()) or 1.0
    coords /= scale
    return {
        node: (round(float(x), 5), round(float(y), 5))
        for node, (x, y) in zip(positions, coords, strict=True)
    }


def _block_layout(graph: nx.Graph, block: list[int]) -> dict[int, tuple[float, float]]:
    """One community's positions within the unit disc."""
    if len(block) == 1:
        return {block[0]: (0.0, 0.0)}
    sub = graph.subgraph(block)  # a view: the layouts read it once (a copy read it twice)
    if len(block) <= SPRING_LAYOUT_NODES:
        raw = nx.spring_layout(sub, seed=SEED, iterations=50)
    else:
        raw = _spread(nx.spectral_layout(sub))
    coords = np.array([raw[node] for node in block], dtype=float)
    coords -= coords.mean(axis=0)
    norms = np.sqrt((coords**2).sum(axis=1))
    scale = float(norms.max()) or 1.0
    coords /= scale
    return {node: (float(x), float(y)) for node, (x, y) in zip(block, coords, strict=True)}


def _spread(raw: Mapping[Any, Any]) -> dict[Any, tuple[float, float]]:
    """Spectral coordinates crowd in a few points; replacing each axis by its ranks spreads
    the nodes evenly while keeping their order (neighbours stay near)."""
    nodes = list(raw)
    coords = np.array([raw[node] for node in nodes], dtype=float)
    spread = np.empty_like(coords)
    for axis in range(2):
        ranks = np.argsort(np.argsort(coords[:, axis], kind="stable"), kind="stable")
        spread[:, axis] = ranks / max(len(nodes) - 1, 1) * 2 - 1
    # Square → disc (Shirley's concentric mapping keeps neighbourhoods).
    return {node: _square_to_disc(x, y) for node, (x, y) in zip(nodes, spread, strict=True)}


def _square_to_disc(x: float, y: float) -> tuple[float, float]:
    if x == 0 and y == 0:
        return 0.0, 0.0
    if abs(x) > abs(y):
        r, theta = x, (math.pi / 4) * (y / x)
    else:
        r, theta = y, math.pi / 2 - (math.pi / 4) * (x / y)
    return r * math.cos(theta), r * math.sin(theta)


# --- Sector matrix --------------------------------------------------------------------------


def sector_matrices(
    sectors: list[str],
    actor_sector: Mapping[int, str],
    actor_state: Mapping[int, str],
    actor_fields: Mapping[int, set[str]],
    edges: Iterable[tuple[int, int]],
) -> dict[str, Any]:
    """The sector matrices: overall, per Bundesland (both actors' municipality in it) and per
    spatial field (both actors work in it)."""
    by_state: dict[str, list[int]] = defaultdict(list)
    by_field: dict[str, list[int]] = defaultdict(list)
    for actor_id, state in actor_state.items():
        if state:
            by_state[state].append(actor_id)
        for field in actor_fields.get(actor_id, ()):
            by_field[field].append(actor_id)
    edge_list = list(edges)
    state_edges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    field_edges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for a, b in edge_list:
        if actor_state.get(a) and actor_state.get(a) == actor_state.get(b):
            state_edges[actor_state[a]].append((a, b))
        for field in actor_fields.get(a, set()) & actor_fields.get(b, set()):
            field_edges[field].append((a, b))
    return {
        "overall": sector_matrix(sectors, actor_sector, actor_sector.keys(), edge_list),
        "states": {
            state: sector_matrix(sectors, actor_sector, ids, state_edges[state])
            for state, ids in sorted(by_state.items())
        },
        "spatial_fields": {
            field: sector_matrix(sectors, actor_sector, ids, field_edges[field])
            for field, ids in sorted(by_field.items())
        },
    }


def sector_matrix(
    sectors: list[str],
    actor_sector: Mapping[int, str],
    actors: Iterable[int],
    edges: Iterable[tuple[int, int]],
) -> dict[str, Any]:
    """Connected actor pairs between sectors i and j divided by the possible pairs
    (n_i · n_j; within a sector n_i · (n_i − 1) / 2), keyed by sector slugs."""
    counts = Counter(actor_sector[actor] for actor in actors)
    pairs: dict[str, dict[str, int]] = {a: dict.fromkeys(sectors, 0) for a in sectors}
    for one, other in edges:
        sa, sb = actor_sector[one], actor_sector[other]
        if sa not in pairs or sb not in pairs:
            continue
        pairs[sa][sb] += 1
        if sa != sb:
            pairs[sb][sa] += 1
    density: dict[str, dict[str, float | None]] = {}
    for row in sectors:
        density[row] = {}
        for column in sectors:
            possible = (
                counts[row] * (counts[row] - 1) // 2
                if row == column
                else counts[row] * counts[column]
            )
            density[row][column] = round(pairs[row][column] / possible, 6) if possible else None
    return {
        "actors": {slug: counts[slug] for slug in sectors},
        "pairs": pairs,
        "density": density,
    }
