"""Facet counts and pagination shared by the lists (directory, practices, events, projects…).

Knows no domain model: callers pass their querysets, choices and vocabulary terms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import CharField, Count, Expression, QuerySet, Value
from django.db.models.functions import Cast
from django.utils.functional import cached_property


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: Any  # a (lazy) translation; stored as the text of the active language
    values: list[FacetValue] = field(default_factory=list)
    # If set, the facet's first link clears it ("alle Handlungsansätze"), marked current while
    # no value is chosen.
    all_label: Any = ""

    def __post_init__(self) -> None:
        # Facets are cached per language; a lazy translation would be pickled as a proxy
        # whose unpickling rebuilds its class (about 0.3 ms each, on every cached read).
        self.label = str(self.label)
        self.all_label = str(self.all_label)

    @property
    def selected(self) -> FacetValue | None:
        return next((v for v in self.values if v.selected), None)


def choice_facet(
    name: str, label: Any, choices: Iterable[tuple[str, Any]], counts: dict[Any, int], selected: str
) -> Facet:
    """A facet over fixed choices (value, label); `counts` keyed by value."""
    return Facet(
        name,
        label,
        [FacetValue(v, str(text), counts.get(v, 0), selected == v) for v, text in choices],
    )


def term_facet(
    name: str,
    label: Any,
    terms: Iterable[Any],
    counts: dict[Any, int],
    selected: str,
    *,
    all_label: Any = "",
) -> Facet:
    """A facet over vocabulary terms (slug, label); `counts` keyed by the term's primary key."""
    return Facet(
        name,
        label,
        [FacetValue(t.slug, t.label, counts.get(t.pk, 0), selected == t.slug) for t in terms],
        all_label=all_label,
    )


def grouped_counts(qs: QuerySet[Any], column: str) -> dict[Any, int]:
    """Rows of `qs` per value of `column`, in one grouped query."""
    return dict(qs.order_by().values_list(column).annotate(n=Count("id")).values_list(column, "n"))


def as_text(column: Any) -> Cast:
    """A column or expression as text (one key type across the branches of a UNION)."""
    return Cast(column, CharField())


def facet_branch(
    qs: QuerySet[Any], facet: str, key: Expression | Cast | Value, counted: str = "id"
) -> QuerySet[Any]:
    """`(facet, key, n)` rows of one facet: `counted` per value of the text `key` in `qs`."""
    return (
        qs.order_by()
        .annotate(facet=Value(facet, output_field=CharField()), key=key)
        .values("facet", "key")
        .annotate(n=Count(counted))
    )


def union_counts(branches: list[QuerySet[Any]]) -> dict[str, dict[str, int]]:
    """Run facet branches as one UNION ALL: {facet: {key as text: count}} (NULL keys dropped)."""
    counts: dict[str, dict[str, int]] = {}
    rows = branches[0].union(*branches[1:], all=True).values_list("facet", "key", "n")
    for facet, key, n in rows:
        if key is not None:
            counts.setdefault(facet, {})[str(key)] = n
    return counts


def by_pk(counts: dict[str, int]) -> dict[int, int]:
    """Counts keyed by a primary key that came back as text."""
    return {int(key): n for key, n in counts.items()}


class CountedPaginator(Paginator):
    """A paginator that is told its count instead of running COUNT(*) itself."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count
