"""One search over all public records: /suche/?q=…&art=….

`art` is praxis, mitwirkende, impulse, werkstaetten or vorhaben (see `ART`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from quartiersnetz.core.textquery import cached_suggestion

from . import semantic
from .backends import (
    KINDS,
    SearchHit,
    search_counts,
    search_data_version,
    search_page,
    search_vocabulary,
)
from .hybrid import Head, build_head, hybrid_page
from .query import MAX_QUERY_LENGTH, ParsedQuery, parse_query

PER_PAGE = 20
# URL value of the kind filter → kind
ART = {
    "praxis": "practice",
    "mitwirkende": "actor",
    "impulse": "publication",
    "werkstaetten": "event",
    "vorhaben": "project",
    "allianzen": "alliance",
}


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    art: str = ""  # "" = all kinds

    @classmethod
    def from_query(cls, data: QueryDict) -> SearchFilters:
        art = data.get("art", "")
        return cls(q=data.get("q", "").strip(), art=art if art in ART else "")

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("q", self.q), ("art", self.art)) if v}

    @property
    def kinds(self) -> tuple[str, ...]:
        return (ART[self.art],) if self.art else KINDS


# Results are cached under the data version of all searched tables, so a change to any record
# gives new keys at once; the lifetime only bounds memory (see docs/decisions/0003-search.md).
RESULT_CACHE_SECONDS = 300


def _cache_key(version: str, query: ParsedQuery, *parts: object) -> str:
    raw = repr((version, query.terms, parts))
    return "search:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


class LazyHits(Sequence[SearchHit]):
    """What the Paginator pages through: the count is known, a slice runs one query (two
    where a page spans the end of the fused head, see hybrid.py)."""

    def __init__(
        self,
        query: ParsedQuery,
        kinds: tuple[str, ...],
        total: int,
        version: str = "",
        head: Head | None = None,
    ) -> None:
        self.query, self.kinds, self.total, self.version = query, kinds, total, version
        self.head = head

    def count(self, value: Any = None) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            raise TypeError("LazyHits supports slices only")
        start, stop, _step = index.indices(self.total)
        if stop <= start:
            return []
        head = self.head
        if head is not None:
            key = _cache_key(self.version, self.query, "hybrid", head, self.kinds, start, stop)
            return cache.get_or_set(
                key,
                lambda: hybrid_page(self.query, head, kinds=self.kinds, start=start, stop=stop),
                RESULT_CACHE_SECONDS,
            )
        key = _cache_key(self.version, self.query, "page", self.kinds, start, stop)
        return cache.get_or_set(
            key,
            lambda: search_page(self.query, kinds=self.kinds, limit=stop - start, offset=start),
            RESULT_CACHE_SECONDS,
        )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    filters = SearchFilters.from_query(request.GET)
    original = parse_query(filters.q)
    version = search_data_version() if original.is_searchable else ""
    query, counts, any_word = _full_text(original, version)
    # "Meinten Sie …?" when not every word was found: words no record has, replaced by the
    # closest indexed word. Nothing found at all: the corrected query's hits, with a note.
    suggested, corrected = "", False
    if original.is_searchable and (any_word or not sum(counts.values())):
        suggested = _suggestion(original, version)
    if suggested and not sum(counts.values()):
        fixed, fixed_counts, fixed_any = _full_text(parse_query(suggested), version)
        if sum(fixed_counts.values()):
            query, counts, any_word, corrected = fixed, fixed_counts, fixed_any, True
    # Records close in meaning ranked together with the full-text hits (hybrid.py).
    head = None
    if query.is_searchable and semantic.enabled():
        text = suggested if corrected else filters.q
        head = _head(query, text, version, all_words=not any_word)
    if head is not None:
        counts = head.counts(counts)
    total = sum(counts[k] for k in filters.kinds)
    paginator = Paginator(LazyHits(query, filters.kinds, total, version, head), PER_PAGE)
    page = paginator.get_page(request.GET.get("seite"))
    kind_links = [
        {"art": art, "kind": kind, "count": counts[kind], "selected": filters.art == art}
        for art, kind in ART.items()
    ]
    context = {
        "filters": filters,
        "query": query,
        "counts": counts,
        "all_count": sum(counts.values()),
        "kind_links": kind_links,
        "page": page,
        "max_length": MAX_QUERY_LENGTH,
        "any_word": any_word,
        "suggestion": "" if corrected else suggested,
        "corrected": suggested if corrected else "",
        "shown_q": suggested if corrected else filters.q,
    }
    return render(request, "search/search.html", context)


def _counts(query: ParsedQuery, version: str) -> dict[str, int]:
    """Hits per kind, cached under the data version."""
    if not query.is_searchable:
        return search_counts(query)
    key = _cache_key(version, query, "counts")
    counts = cache.get(key) or {}
    if not counts:
        counts = search_counts(query)
        cache.set(key, counts, RESULT_CACHE_SECONDS)
    return counts


def _full_text(query: ParsedQuery, version: str) -> tuple[ParsedQuery, dict[str, int], bool]:
    """The query to page through, its counts per kind and whether it is the any-word fallback:
    when no record has every word, records with some of them, the most words first."""
    counts = _counts(query, version)
    any_word = query.is_searchable and len(query.terms) > 1 and not sum(counts.values())
    if any_word:
        query = query.any_word()
        counts = _counts(query, version)
    return query, counts, any_word


def _head(query: ParsedQuery, text: str, version: str, *, all_words: bool) -> Head:
    """The fused head of the results (cached under the data version, the query text and the
    semantic index's version: a head made while a first index was being built, without hits
    by meaning, is not served once the index is there)."""
    index = semantic.get_index(version)
    key = _cache_key(version, query, "head", " ".join(text.split()), all_words, index.version)
    head = cache.get(key)
    if head is None:
        meaning = semantic.semantic_hits(text, index=index)
        head = build_head(query, meaning, all_words=all_words)
        cache.set(key, head, RESULT_CACHE_SECONDS)
    return head


def _suggestion(query: ParsedQuery, version: str) -> str:
    """The corrected query, if a word of it is in no record (vocabulary cached by version)."""
    return cached_suggestion(query.text, name="search", version=version, texts=search_vocabulary)
