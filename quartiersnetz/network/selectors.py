"""Reads of the network app: an actor's connections (edges) and explicit connections."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import pgettext_lazy

from quartiersnetz.accounts.models import User
from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.models import Actor
from quartiersnetz.alliances.selectors import visible_alliances
from quartiersnetz.core import params
from quartiersnetz.events.selectors import public_events
from quartiersnetz.practices.selectors import published_practices
from quartiersnetz.projects.selectors import visible_projects
from quartiersnetz.taxonomy.models import Sector

from .graph_selectors import GraphFilters
from .models import Connection, Edge

# How many connections a profile lists (the strongest first); the rest are on the
# connections page.
PROFILE_LIMIT = 40
MEMBERSHIP_LABEL = pgettext_lazy("connection", "Mitglied / Netzwerk")


@dataclass
class ConnectionView:
    """One connection of an actor, as a profile shows it."""

    other: Actor
    weight: float
    kinds: list[str]
    sources: list[dict[str, Any]]


@dataclass
class SectorGroup:
    sector: Sector | None
    connections: list[ConnectionView] = field(default_factory=list)


@dataclass
class ActorConnections:
    groups: list[SectorGroup]
    total: int
    sectors_connected: int
    sectors_total: int
    shown: int


def _kind_labels(edge: Edge) -> list[str]:
    """The labels of the confirmed explicit kinds; an edge keeps no direction, so "ist Mitglied
    von" reads as the neutral "Mitglied / Netzwerk"."""
    labels = []
    for kind in filter(None, edge.explicit_kinds.split(",")):
        if kind == Connection.Kind.MEMBER_OF:
            labels.append(str(MEMBERSHIP_LABEL))
        elif kind in Connection.Kind.values:
            labels.append(str(Connection.Kind(kind).label))
    return labels


def public_edges_of(actor: Actor) -> QuerySet[Edge]:
    """The actor's edges to other public actors (hidden ones vanish at once, before any
    recomputation), strongest first."""
    return (
        Edge.objects.filter(Q(actor_a=actor) | Q(actor_b=actor))
        .filter(Actor.PUBLIC.q("actor_a"), Actor.PUBLIC.q("actor_b"))
        .select_related(
            "actor_a__sector", "actor_b__sector", "actor_a__municipality", "actor_b__municipality"
        )
        .order_by("-weight", "pk")
    )


def actor_connections(actor: Actor, *, limit: int | None = PROFILE_LIMIT) -> ActorConnections:
    """The actor's connections grouped by the other side's sector (sector order), with how
    many of the sectors they reach (two queries, three with the count beyond `limit`)."""
    sectors = list(Sector.objects.all())
    edges = public_edges_of(actor)
    rows = list(edges[:limit] if limit else edges)
    total = len(rows) if limit is None or len(rows) < limit else edges.count()
    by_sector: dict[int | None, SectorGroup] = {}
    reached: set[int] = set()
    for edge in rows:
        other = edge.actor_b if edge.actor_a_id == actor.pk else edge.actor_a
        reached.add(other.sector_id)
        group = by_sector.setdefault(other.sector_id, SectorGroup(sector=other.sector))
        group.connections.append(
            ConnectionView(
                other=other,
                weight=edge.weight,
                kinds=_kind_labels(edge),
                sources=list(edge.sources),
            )
        )
    order = {sector.pk: index for index, sector in enumerate(sectors)}
    groups = sorted(
        by_sector.values(), key=lambda g: order.get(g.sector.pk if g.sector else -1, 99)
    )
    if total > len(rows):
        # Sectors reached beyond the listed connections count too.
        reached = set(
            Actor.objects.filter(
                Q(pk__in=edges.filter(actor_a=actor).values("actor_b"))
                | Q(pk__in=edges.filter(actor_b=actor).values("actor_a"))
            ).values_list("sector_id", flat=True)
        )
    return ActorConnections(
        groups=groups,
        total=total,
        sectors_connected=len(reached),
        sectors_total=len(sectors),
        shown=len(rows),
    )


def connections_between(actor: Actor) -> QuerySet[Connection]:
    """The explicit connections (proposed or confirmed) that involve the actor."""
    return (
        Connection.objects.filter(Q(from_actor=actor) | Q(to_actor=actor))
        .select_related("from_actor__sector", "to_actor__sector", "proposed_by")
        .order_by("status", "-created", "pk")
    )


def manageable_connections(
    actor: Actor, user: User, *, acting_ids: set[int]
) -> tuple[list[Connection], set[int]]:
    """The explicit connections of `actor` the user may remove or withdraw, and the ids of the
    proposals they may answer — the rules `network.delete_connection` and
    `network.respond_connection` (rules.py) for a whole page in one query: `acting_ids` are
    the actors the user acts for (`actors.selectors.acting_actors`)."""
    curator = bool(is_curator(user))
    explicit = [
        c
        for c in connections_between(actor)
        if curator or c.from_actor_id in acting_ids or c.to_actor_id in acting_ids
    ]
    respondable = {
        c.pk
        for c in explicit
        if c.status == Connection.Status.PROPOSED and c.to_actor_id in acting_ids
    }
    return explicit, respondable


def pending_connections_for_user(user: User) -> QuerySet[Connection]:
    """Proposals waiting for the user's answer: to an actor they act for."""
    return (
        Connection.objects.filter(status=Connection.Status.PROPOSED)
        .filter(Q(to_actor__memberships__user=user) | Q(to_actor__user=user))
        .select_related("from_actor__sector", "to_actor")
        .distinct()
        .order_by("-created", "pk")
    )


def news_connections(ids: list[int], *, status: str) -> QuerySet[Connection]:
    """The connections among `ids` in `status` between two public actors, with both actors:
    what the notifications app tells the other side about (decision 0011)."""
    return (
        Connection.objects.filter(pk__in=ids, status=status)
        .filter(Actor.PUBLIC.q("from_actor"), Actor.PUBLIC.q("to_actor"))
        .select_related("from_actor", "to_actor")
        .order_by("pk")
    )


# --- The public explicit connections (open data) ----------------------------------------------


def public_connections() -> QuerySet[Connection]:
    """The explicit connections the public pages show (as the kinds of their edges): confirmed
    ones between two public profiles — never a proposal, never one with a hidden profile (it
    vanishes at once, as on the pages, before any recomputation)."""
    return Connection.objects.filter(status=Connection.Status.CONFIRMED).filter(
        Actor.PUBLIC.q("from_actor"), Actor.PUBLIC.q("to_actor")
    )


@dataclass
class ConnectionFilters:
    """Filters of the public connections: an actor on either side, the kind, and the filters
    of the network view `/netzwerk/` (`GraphFilters`), which hold for both sides — the
    connections the graph shows under that filter. Unknown values are ignored."""

    actor: str = ""
    kind: str = ""
    graph: GraphFilters = field(default_factory=GraphFilters)

    @classmethod
    def from_query(cls, query: QueryDict) -> ConnectionFilters:
        return cls(
            actor=params.slug_value(query, "actor"),
            kind=params.choice_value(query, "kind", Connection.Kind.values),
            graph=GraphFilters.from_query(query),
        )


def matching_connections(filters: ConnectionFilters) -> QuerySet[Connection]:
    """The public connections matching `filters`, unordered and without related rows: the
    open-data API orders and pages them itself (by id) and loads what its records show."""
    qs = public_connections()
    if filters.actor:
        qs = qs.filter(Q(from_actor__slug=filters.actor) | Q(to_actor__slug=filters.actor))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.graph.active:
        sides = filters.graph.apply(Actor.objects.all()).values("pk")
        qs = qs.filter(from_actor__in=sides, to_actor__in=sides)
    return qs


def _public_source_records(sources: Iterable[dict[str, Any]]) -> dict[tuple[str, int], Any]:
    """(type, id) → (slug, title) of the sources' records that are public now: one query per
    record type among `sources`."""
    wanted: dict[str, set[int]] = {}
    for source in sources:
        wanted.setdefault(str(source.get("type")), set()).add(int(source.get("id", 0)))
    found: dict[tuple[str, int], Any] = {}
    if ids := wanted.get("practice"):
        for pk, slug, title in (
            published_practices().filter(pk__in=ids).values_list("pk", "slug", "title")
        ):
            found["practice", pk] = (slug, title)
    if ids := wanted.get("project"):
        for pk, slug, title in (
            visible_projects(None).filter(pk__in=ids).values_list("pk", "slug", "title")
        ):
            found["project", pk] = (slug, title)
    if ids := wanted.get("alliance"):
        for pk, slug, title in (
            visible_alliances(None).filter(pk__in=ids).values_list("pk", "slug", "name")
        ):
            found["alliance", pk] = (slug, title)
    events = wanted.get("event", set()) | wanted.get("attendance", set())
    if events:
        for pk, slug, title, attendees in (
            public_events()
            .filter(pk__in=events)
            .values_list("pk", "slug", "title", "public_attendee_list")
        ):
            found["event", pk] = (slug, title)
            if attendees:  # an attendance is shared only while the list is public
                found["attendance", pk] = (slug, title)
    return found


def shared_sources(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], list[dict[str, Any]]]:
    """What each pair of actors (ids, either order) shares according to the computed network
    — the "gemeinsam in: …" of the profile (`Edge.sources`, the most weighty first) —, keeping
    only the records that are public now, with their current slug and title: one query for
    the edges and one per record type among their sources, at any number of pairs."""
    wanted = {(min(a, b), max(a, b)) for a, b in pairs}
    if not wanted:
        return {}
    lows, highs = {a for a, _b in wanted}, {b for _a, b in wanted}
    stored = {
        (a, b): list(sources)
        for a, b, sources in Edge.objects.filter(
            actor_a_id__in=lows, actor_b_id__in=highs
        ).values_list("actor_a_id", "actor_b_id", "sources")
        if (a, b) in wanted
    }
    public = _public_source_records(s for sources in stored.values() for s in sources)
    result: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for pair in wanted:
        kept = []
        for source in stored.get(pair, []):
            key = (str(source.get("type")), int(source.get("id", 0)))
            if key in public:
                slug, title = public[key]
                kept.append({"type": key[0], "id": key[1], "slug": slug, "title": title})
        result[pair] = kept
    return result
