"""Reads of the network app: an actor's connections (edges) and explicit connections."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import pgettext_lazy

from quartiersnetz.accounts.models import User
from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.models import Actor
from quartiersnetz.taxonomy.models import Sector

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
