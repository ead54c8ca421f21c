"""Reads of the partner suggestions: stored `Suggestion` rows only (constant queries)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.versions import data_version

from .matching import reason_sentence
from .models import DismissedSuggestion, Suggestion

# What the pages, the JSON and the sections show of a suggestion (not the actors' texts).
SHOWN_FIELDS = (
    "rank",
    "score",
    "reasons",
    "suggested__slug",
    "suggested__name",
    "suggested__kind",
    "suggested__is_hidden",
    "suggested__sector__slug",
    "suggested__sector__name",
    "suggested__sector__name_en",
    "suggested__municipality__name",
)


@dataclass
class Recommendation:
    actor: Actor
    score: float
    rank: int
    reason: str


def suggestions_for(target_kind: str, target_id: int, *, limit: int = 10) -> list[Recommendation]:
    """The stored suggestions of a target in rank order: public actors only, never one the
    actor dismissed (also before the next recomputation). One query."""
    # The suggested actor's visibility on the joined row: `suggested__in=Actor.objects.visible()`
    # made SQLite list every public actor first (2.4 ms at 10 000 actors, bench "network").
    rows = Suggestion.objects.filter(
        Actor.PUBLIC.q("suggested"), target_kind=target_kind, target_id=target_id
    )
    if target_kind == Suggestion.Target.ACTOR:
        rows = rows.exclude(
            Exists(
                DismissedSuggestion.objects.filter(
                    actor_id=target_id, suggested_id=OuterRef("suggested_id")
                )
            )
        )
    rows = (
        rows.select_related("suggested", "suggested__sector", "suggested__municipality")
        .only(*SHOWN_FIELDS)
        .order_by("rank")[:limit]
    )
    return [
        Recommendation(
            actor=row.suggested, score=row.score, rank=row.rank, reason=reason_sentence(row.reasons)
        )
        for row in rows
    ]


def actor_suggestions(actor: Actor, *, limit: int = 10) -> list[Recommendation]:
    return suggestions_for(Suggestion.Target.ACTOR, actor.pk, limit=limit)


def suggestions_version() -> str:
    """Changes whenever a stored suggestion list may read differently: suggestions, dismissals
    or the suggested actors (one query)."""
    return data_version(Suggestion, DismissedSuggestion, Actor)
