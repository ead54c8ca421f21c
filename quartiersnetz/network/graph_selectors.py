"""Reads of the network view (`/netzwerk/`, `graph.json`, `/netzwerk/bereiche/`) and the
profile's "Im Netzwerk" section.

Everything here reads the rows `figures.recompute_figures()` stored (`ActorFigure`,
`NetworkSnapshot`) joined with the actors as they are *now*: an actor hidden since the last
recomputation is left out at once (its edges with it), before the next recomputation removes
its rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.urls import reverse

from quartiersnetz.actors.models import Actor
from quartiersnetz.core import params
from quartiersnetz.core.versions import data_version
from quartiersnetz.places.models import State, state_choices
from quartiersnetz.taxonomy.models import ActionField, Sector, SpatialField

from .models import ActorFigure, Edge, NetworkSnapshot

# Okabe & Ito's colour-blind-safe palette (yellow replaced by black: too light on white for
# the 3:1 contrast of graphics). Sector i (taxonomy order) gets colour i; the legend and the
# node card name the sector in words as well.
SECTOR_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#000000", "#0072B2", "#D55E00", "#CC79A7")
# Keyed by the data version, so the lifetime only bounds memory, not staleness.
GRAPH_CACHE_SECONDS = 3600
BRIDGES_SHOWN = 20
ISOLATED_PER_PAGE = 50
WEAKEST_SHOWN = 3


def graph_version() -> str:
    """Changes whenever the graph, its figures or a public actor change."""
    return data_version(Actor, Edge, ActorFigure, NetworkSnapshot)


def matrix_version() -> str:
    """Changes whenever what the Bereichsmatrix page shows may change: the snapshots (matrix,
    months) and the terms of its filter form."""
    return data_version(NetworkSnapshot, Sector, SpatialField)


@dataclass(frozen=True)
class GraphFilters:
    """The filter form of `/netzwerk/` (and graph.json): sector, Bundesland, spatial field,
    action field — slugs and a state code, each optional."""

    sector: str = ""
    state: str = ""
    spatial_field: str = ""
    action_field: str = ""
    page: str = field(default="", compare=False)

    @classmethod
    def from_query(cls, query: Any) -> GraphFilters:
        return cls(
            sector=params.slug_value(query, "sector"),
            state=params.choice_value(query, "state", State.values),
            spatial_field=params.slug_value(query, "spatial_field"),
            action_field=params.slug_value(query, "action_field"),
        )

    def as_dict(self) -> dict[str, str]:
        return {
            name: value
            for name, value in (
                ("sector", self.sector),
                ("state", self.state),
                ("spatial_field", self.spatial_field),
                ("action_field", self.action_field),
            )
            if value
        }

    @property
    def active(self) -> bool:
        return bool(self.as_dict())

    def apply(self, actors: QuerySet[Actor]) -> QuerySet[Actor]:
        if self.sector:
            actors = actors.filter(sector__slug=self.sector)
        if self.state:
            actors = actors.filter(municipality__state=self.state)
        if self.spatial_field:
            actors = actors.filter(spatial_fields__slug=self.spatial_field)
        if self.action_field:
            actors = actors.filter(action_fields__slug=self.action_field)
        return actors

    @property
    def key(self) -> str:
        return "|".join(f"{name}={value}" for name, value in sorted(self.as_dict().items()))


def public_actors() -> QuerySet[Actor]:
    return Actor.objects.filter(Actor.PUBLIC.q())


def sectors() -> list[Sector]:
    return list(Sector.objects.order_by("position", "name"))


def sector_legend(sector_list: list[Sector]) -> list[dict[str, Any]]:
    return [
        {"index": index, "slug": sector.slug, "name": str(sector), "colour": _colour(index)}
        for index, sector in enumerate(sector_list)
    ]


def _colour(index: int) -> str:
    return SECTOR_COLOURS[index % len(SECTOR_COLOURS)]


# --- graph.json -----------------------------------------------------------------------------


def graph_json(filters: GraphFilters) -> bytes:
    """The graph as compact arrays (see docs/network-graph.md), cached under the data version:
    one query for the version, three more when the cache has no copy."""
    key = f"network:graph:{graph_version()}:{filters.key}"
    body = cache.get(key)
    if body is None:
        body = json.dumps(build_graph(filters), separators=(",", ":")).encode()
        cache.set(key, body, GRAPH_CACHE_SECONDS)
    return body


def build_graph(filters: GraphFilters) -> dict[str, Any]:
    sector_list = sectors()
    sector_index = {sector.pk: index for index, sector in enumerate(sector_list)}
    rows = list(
        filters.apply(public_actors().filter(network_figure__isnull=False))
        .order_by("id")
        .values_list(
            "id",
            "slug",
            "name",
            "sector_id",
            "municipality__name",
            "network_figure__degree",
            "network_figure__x",
            "network_figure__y",
        )
    )
    index = {row[0]: position for position, row in enumerate(rows)}
    edges: list[int] = []
    for a, b in Edge.objects.values_list("actor_a_id", "actor_b_id").iterator(chunk_size=20_000):
        ia, ib = index.get(a), index.get(b)
        if ia is not None and ib is not None:
            edges += (ia, ib)
    return {
        "sectors": sector_legend(sector_list),
        "profile_url": reverse("actors:detail", kwargs={"slug": "__slug__"}),
        "nodes": {
            "slug": [row[1] for row in rows],
            "name": [row[2] for row in rows],
            "sector": [sector_index.get(row[3], 0) for row in rows],
            "place": [row[4] or "" for row in rows],
            "degree": [row[5] for row in rows],
            "x": [row[6] for row in rows],
            "y": [row[7] for row in rows],
        },
        "edges": edges,
    }


# --- Tables of the page ---------------------------------------------------------------------


def current_snapshot() -> NetworkSnapshot | None:
    return NetworkSnapshot.objects.filter(kind=NetworkSnapshot.Kind.CURRENT).first()


def current_figures() -> dict[str, Any]:
    """The overall figures of the CURRENT snapshot ({} before the first computation)."""
    snapshot = current_snapshot()
    return snapshot.data if snapshot is not None else {}


def _figured(filters: GraphFilters) -> QuerySet[Actor]:
    return (
        filters.apply(public_actors())
        .select_related("sector", "municipality", "network_figure")
        .only(
            "id",
            "slug",
            "name",
            "sector__slug",
            "sector__name",
            "sector__name_en",
            "municipality__name",
            "network_figure__degree",
            "network_figure__betweenness",
            "network_figure__sectors_connected",
            "network_figure__community",
        )
    )


def bridging_actors(filters: GraphFilters) -> list[Actor]:
    """The actors with the highest betweenness (above zero), with their figures."""
    return list(
        _figured(filters)
        .filter(network_figure__betweenness__gt=0)
        .order_by("-network_figure__betweenness", "id")[:BRIDGES_SHOWN]
    )


def isolated_actors(filters: GraphFilters, page_number: str | None) -> Page[Actor]:
    actors = _figured(filters).filter(network_figure__degree=0).order_by("name", "id")
    return Paginator(actors, ISOLATED_PER_PAGE).get_page(page_number)


def communities(snapshot: NetworkSnapshot | None, sector_list: list[Sector]) -> list[Any]:
    """The snapshot's biggest communities with their sectors (by size) and main actors (public
    now), one query."""
    if snapshot is None:
        return []
    listed = snapshot.data.get("community_list", [])
    ids = {actor_id for community in listed for actor_id in community["main"]}
    actors = public_actors().only("id", "slug", "name").in_bulk(ids)
    names = {sector.slug: str(sector) for sector in sector_list}
    result = []
    for community in listed:
        counts = sorted(community["sectors"].items(), key=lambda item: (-item[1], item[0]))
        result.append(
            {
                "number": community["id"] + 1,
                "size": community["size"],
                "sectors": [(names.get(slug, slug), count) for slug, count in counts],
                "main": [actors[i] for i in community["main"] if i in actors],
            }
        )
    return result


# --- Bereichsmatrix -------------------------------------------------------------------------


@dataclass
class MatrixCell:
    row: Sector
    column: Sector
    pairs: int
    possible: int
    density: float | None
    change: float | None = None

    @property
    def shade(self) -> int:
        """0 (none) … 5 (dense): the cell's background class; the number is in the text."""
        if self.density is None:
            return -1
        if self.density == 0:
            return 0
        return min(5, 1 + int(self.density * 20))  # 5 % steps, ≥ 20 % darkest

    @property
    def percent(self) -> float | None:
        return None if self.density is None else self.density * 100

    @property
    def change_points(self) -> float | None:
        return None if self.change is None else self.change * 100


@dataclass
class SectorMatrix:
    sectors: list[Sector]
    rows: list[list[MatrixCell]]
    actors: dict[str, int]
    weakest: list[MatrixCell]
    compared_month: date | None = None

    @property
    def columns(self) -> list[tuple[Sector, int]]:
        return [(sector, self.actors.get(sector.slug, 0)) for sector in self.sectors]


def matrix_scope(snapshot_data: dict[str, Any], *, state: str = "", spatial_field: str = "") -> Any:
    """The stored matrix for the filter (both filters: the Bundesland wins — the snapshot keeps
    one dimension at a time)."""
    matrices = snapshot_data.get("matrix", {})
    if state:
        return matrices.get("states", {}).get(state)
    if spatial_field:
        return matrices.get("spatial_fields", {}).get(spatial_field)
    return matrices.get("overall")


def sector_matrix(
    snapshot: NetworkSnapshot | None,
    sector_list: list[Sector],
    *,
    state: str = "",
    spatial_field: str = "",
    previous: NetworkSnapshot | None = None,
) -> SectorMatrix | None:
    if snapshot is None:
        return None
    stored = matrix_scope(snapshot.data, state=state, spatial_field=spatial_field)
    if stored is None:
        return SectorMatrix(sector_list, [], {}, [])
    before = (
        matrix_scope(previous.data, state=state, spatial_field=spatial_field)
        if previous is not None
        else None
    )
    counts = stored["actors"]
    rows = []
    for a in sector_list:
        row = []
        for b in sector_list:
            na, nb = counts.get(a.slug, 0), counts.get(b.slug, 0)
            possible = na * (na - 1) // 2 if a.pk == b.pk else na * nb
            density = stored["density"].get(a.slug, {}).get(b.slug)
            change = None
            if before is not None and density is not None:
                old = before["density"].get(a.slug, {}).get(b.slug)
                change = None if old is None else density - old
            row.append(
                MatrixCell(
                    row=a,
                    column=b,
                    pairs=stored["pairs"].get(a.slug, {}).get(b.slug, 0),
                    possible=possible,
                    density=density,
                    change=change,
                )
            )
        rows.append(row)
    between = [
        cell
        for i, row in enumerate(rows)
        for j, cell in enumerate(row)
        if i < j and cell.density is not None
    ]
    between.sort(key=lambda cell: (cell.density or 0.0, -cell.possible))
    weakest = between[:WEAKEST_SHOWN]
    return SectorMatrix(
        sectors=sector_list,
        rows=rows,
        actors=counts,
        weakest=weakest,
        compared_month=previous.month if previous is not None else None,
    )


def monthly_snapshots() -> list[NetworkSnapshot]:
    """Every monthly snapshot, newest first (one row a month: a few dozen at most)."""
    return list(
        NetworkSnapshot.objects.filter(kind=NetworkSnapshot.Kind.MONTHLY).order_by("-month")
    )


def previous_month(
    snapshot: NetworkSnapshot | None, months: list[NetworkSnapshot]
) -> NetworkSnapshot | None:
    """The latest monthly snapshot of an earlier month than the current one."""
    if snapshot is None or snapshot.month is None:
        return None
    return next(
        (month for month in months if month.month is not None and month.month < snapshot.month),
        None,
    )


def filter_choices() -> dict[str, Any]:
    """The choices of the filter form (three queries)."""
    return {
        "sectors": sectors(),
        "states": state_choices(),
        "spatial_fields": list(SpatialField.objects.order_by("position", "name")),
        "action_fields": list(ActionField.objects.order_by("position", "name")),
    }


# --- Profile section ------------------------------------------------------------------------


@dataclass
class ActorNetworkFigures:
    degree: int
    sectors_connected: int
    is_bridge: bool
    community: int | None
    community_size: int | None
    sector_total: int


def actor_network_figures(actor: Actor) -> ActorNetworkFigures | None:
    """The figures of one public actor (two queries), or None before the first computation."""
    figure = ActorFigure.objects.filter(actor_id=actor.pk).first()
    if figure is None:
        return None
    snapshot = (
        NetworkSnapshot.objects.filter(kind=NetworkSnapshot.Kind.CURRENT).only("data").first()
    )
    data = snapshot.data if snapshot is not None else {}
    threshold = data.get("bridge_threshold")
    size = None
    if figure.community is not None:
        size = next(
            (c["size"] for c in data.get("community_list", []) if c["id"] == figure.community),
            None,
        )
    return ActorNetworkFigures(
        degree=figure.degree,
        sectors_connected=figure.sectors_connected,
        is_bridge=threshold is not None and figure.betweenness >= threshold > 0,
        community=None if figure.community is None else figure.community + 1,
        community_size=size,
        sector_total=len(data.get("sectors", [])) or 7,
    )
