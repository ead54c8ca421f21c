"""The public network's edges: explicit connections and shared activity → `Edge` rows.

Each pair of public actors that share something gets one undirected edge whose weight grows with
what they share (`WEIGHTS` per source) and which lists those sources (at most
`MAX_SOURCES_PER_EDGE`, the most weighty first) for the profile's "gemeinsam in: …". Only public
records produce edges: published practices, public projects (consented partners), public
Werkstätten (hosts, partners, presenters; attendees only with their consent to the public
attendee list), public alliances (members with both sides' consent) and confirmed explicit
connections between public actors. The table is replaced
as a whole, in one transaction, by bulk statements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from django.db import transaction

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.selectors import public_actors_of_users
from quartiersnetz.alliances.selectors import member_pairs
from quartiersnetz.events.selectors import public_attendances, public_event_participations
from quartiersnetz.practices.selectors import public_participations
from quartiersnetz.projects.selectors import public_partnerships

from .models import Connection, Edge

# What one shared source adds to an edge's weight.
WEIGHTS: dict[str, float] = {
    "explicit": 3.0,  # a confirmed connection (per kind)
    "practice": 2.0,  # involved in the same published practice
    "project": 2.0,  # consented partners of the same public project
    "alliance": 2.0,  # consented members of the same public alliance
    "event": 1.0,  # hosts, partners or presenters of the same public Werkstatt
    "attendance": 0.5,  # both on the public attendee list of the same Werkstatt
}
# Source types in the order the profile names them.
SOURCE_ORDER = ("alliance", "practice", "project", "event", "attendance")
MAX_SOURCES_PER_EDGE = 12
# A group larger than this (a congress's public attendee list) says little about who knows whom
# and would add its size squared in edges: it connects no one.
MAX_GROUP_SIZE = 150
BATCH_SIZE = 2000


@dataclass
class _Pending:
    weight: float = 0.0
    kinds: set[str] = field(default_factory=set)
    sources: list[dict[str, object]] = field(default_factory=list)
    source_count: int = 0


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _group(rows: Iterable[tuple[int, str, str, int]]) -> dict[tuple[int, str, str], set[int]]:
    groups: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    for record_id, title, slug, actor_id in rows:
        groups[(record_id, title, slug)].add(actor_id)
    return groups


def _attendance_groups() -> dict[tuple[int, str, str], set[int]]:
    rows = public_attendances()
    actors_of = public_actors_of_users({user_id for *_, user_id in rows})
    groups: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    for event_id, title, slug, user_id in rows:
        groups[(event_id, title, slug)].update(actors_of.get(user_id, ()))
    return groups


def compute_edges() -> dict[tuple[int, int], _Pending]:
    """The edges as they should be (not stored)."""
    public = set(Actor.objects.visible().values_list("pk", flat=True))
    edges: dict[tuple[int, int], _Pending] = defaultdict(_Pending)

    for from_id, to_id, kind in Connection.objects.filter(
        status=Connection.Status.CONFIRMED
    ).values_list("from_actor_id", "to_actor_id", "kind"):
        if from_id in public and to_id in public:
            edge = edges[_pair(from_id, to_id)]
            if kind not in edge.kinds:
                edge.kinds.add(kind)
                edge.weight += WEIGHTS["explicit"]

    sources = {
        "practice": _group(public_participations()),
        "project": _group(public_partnerships()),
        "alliance": _group(member_pairs()),
        "event": _group(public_event_participations()),
        "attendance": _attendance_groups(),
    }
    for source_type in SOURCE_ORDER:
        weight = WEIGHTS[source_type]
        for (record_id, title, slug), members in sources[source_type].items():
            involved = sorted(members & public)
            if not 2 <= len(involved) <= MAX_GROUP_SIZE:
                continue
            source = {"type": source_type, "id": record_id, "title": title, "slug": slug}
            for a, b in combinations(involved, 2):
                edge = edges[(a, b)]
                edge.weight += weight
                edge.source_count += 1
                if len(edge.sources) < MAX_SOURCES_PER_EDGE:
                    edge.sources.append(source)
    return edges


@transaction.atomic
def recompute_edges() -> int:
    """Replace the public edges; return their number."""
    edges = compute_edges()
    sector_of = dict(Actor.objects.visible().values_list("pk", "sector_id"))
    Edge.objects.all().delete()
    Edge.objects.bulk_create(
        (
            Edge(
                actor_a_id=a,
                actor_b_id=b,
                weight=round(pending.weight, 3),
                explicit_kinds=",".join(sorted(pending.kinds)),
                sources=pending.sources,
                is_cross_sector=sector_of.get(a) != sector_of.get(b),
            )
            for (a, b), pending in edges.items()
        ),
        batch_size=BATCH_SIZE,
    )
    return len(edges)
