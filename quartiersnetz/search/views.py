"""One search over all public records: /suche/?q=…&art=praxis|mitwirkende|impulse."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .backends import KINDS, SearchHit, search_counts, search_page
from .query import MAX_QUERY_LENGTH, ParsedQuery, parse_query

PER_PAGE = 20
# URL value of the kind filter → kind
ART = {"praxis": "practice", "mitwirkende": "actor", "impulse": "publication"}


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


class LazyHits(Sequence[SearchHit]):
    """What the Paginator pages through: the count is known, a slice runs one query."""

    def __init__(self, query: ParsedQuery, kinds: tuple[str, ...], total: int) -> None:
        self.query, self.kinds, self.total = query, kinds, total

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
        return search_page(self.query, kinds=self.kinds, limit=stop - start, offset=start)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    filters = SearchFilters.from_query(request.GET)
    query = parse_query(filters.q)
    counts = search_counts(query)
    total = sum(counts[k] for k in filters.kinds)
    paginator = Paginator(LazyHits(query, filters.kinds, total), PER_PAGE)
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
    }
    return render(request, "search/search.html", context)
