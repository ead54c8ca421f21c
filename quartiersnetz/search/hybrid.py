"""Full-text and semantic hits ranked together (/suche/).

The `HEAD_SIZE` best full-text hits of all kinds (one query for their ids) and the records
closest in meaning (`semantic.semantic_hits`, a matrix product in memory) are fused by
*reciprocal rank fusion*: a record scores 1 / (RRF_K + its rank) in each list it is in, the
semantic list weighted by SEMANTIC_WEIGHT; a record in both lists outranks one in only one.
When records have every word of the query, they stay first (reordered by the fused score) and
the records found by meaning only follow; when none has every word (the any-word fallback or
no full-text hit at all) both kinds of hits are ranked together.
The fused list is the *head* of the results; the full-text hits after the first HEAD_SIZE
follow in their full-text order, so paging stays exact and each page is one or two queries:

    results = head (fused, per selected kinds) + the remaining full-text hits

Records found only by meaning count in the counts per kind. The head is cached under the data
version like the other results (views.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .backends import KINDS, Backend, SearchHit, _hit, get_backend, search_page
from .query import ParsedQuery

HEAD_SIZE = 100
RRF_K = 60
SEMANTIC_WEIGHT = 1.0


@dataclass(frozen=True)
class Head:
    """The fused ranking of the best hits: (kind, id, found by text) best first."""

    records: tuple[tuple[str, int, bool], ...] = ()
    # Records found only by meaning, per kind (added to the full-text counts).
    extra: dict[str, int] = field(default_factory=dict)

    def of(self, kinds: Sequence[str]) -> list[tuple[str, int, bool]]:
        return [r for r in self.records if r[0] in kinds]

    def text_hits(self, kinds: Sequence[str]) -> int:
        return sum(1 for r in self.records if r[0] in kinds and r[2])

    def counts(self, text_counts: dict[str, int]) -> dict[str, int]:
        return {k: text_counts.get(k, 0) + self.extra.get(k, 0) for k in KINDS}


def fuse(
    text: Sequence[tuple[str, int]],
    meaning: Sequence[tuple[str, int, float]],
    *,
    k: int = RRF_K,
    weight: float = SEMANTIC_WEIGHT,
    text_first: bool = False,
) -> list[tuple[str, int, bool]]:
    """Reciprocal rank fusion of the full-text ranking and the semantic one; `text_first`
    keeps the full-text hits before the others."""
    scores: dict[tuple[str, int], float] = {}
    order: dict[tuple[str, int], int] = {}
    for rank, record in enumerate(text):
        scores[record] = 1.0 / (k + rank + 1)
        order[record] = rank
    for rank, (kind, pk, _similarity) in enumerate(meaning):
        record = (kind, pk)
        scores[record] = scores.get(record, 0.0) + weight / (k + rank + 1)
        order.setdefault(record, len(text) + rank)
    in_text = set(text)
    ranked = sorted(scores, key=lambda r: (text_first and r not in in_text, -scores[r], order[r]))
    return [(kind, pk, (kind, pk) in in_text) for kind, pk in ranked]


def build_head(
    query: ParsedQuery,
    meaning: Sequence[tuple[str, int, float]],
    *,
    all_words: bool = True,
    backend: Backend | None = None,
) -> Head:
    """The fused head of `query` (all kinds) with the semantic hits `meaning`; `all_words`:
    the query's full-text hits have every word (they stay first)."""
    backend = backend or get_backend()
    text: list[tuple[str, int]] = []
    if query.is_searchable:
        text = backend.top(query.terms, KINDS, HEAD_SIZE)
    if len(text) == HEAD_SIZE and meaning:
        # More full-text hits than the head holds: a record found by meaning that its words
        # also find stays in its full-text place after the head (never listed twice).
        in_head = set(text)
        candidates = [(k, i) for k, i, _s in meaning if (k, i) not in in_head]
        matched = backend.matching(query.terms, candidates)
        meaning = [m for m in meaning if (m[0], m[1]) not in matched]
    records = fuse(text, meaning, text_first=all_words and bool(text))
    extra: dict[str, int] = {}
    for kind, _pk, by_text in records:
        if not by_text:
            extra[kind] = extra.get(kind, 0) + 1
    return Head(records=tuple(records), extra=extra)


def hybrid_page(
    query: ParsedQuery, head: Head, *, kinds: Sequence[str], start: int, stop: int
) -> list[SearchHit]:
    """Hits `start:stop` of the fused results of `kinds` (one or two queries)."""
    records = head.of(kinds)
    hits: list[SearchHit] = []
    if start < len(records):
        wanted = records[start:stop]
        rows = {
            (row[0], row[1]): row for row in get_backend().rows([(k, i) for k, i, _t in wanted])
        }
        for kind, pk, by_text in wanted:
            if (row := rows.get((kind, pk))) is not None:
                hit = _hit(row, query.terms)
                hits.append(hit if by_text else hit.by_meaning())
    if stop > len(records) and query.is_searchable:
        offset = head.text_hits(kinds) + max(0, start - len(records))
        limit = stop - max(start, len(records))
        hits.extend(search_page(query, kinds=kinds, limit=limit, offset=offset))
    return hits
