"""Reads for municipalities."""

from __future__ import annotations

from django.db.models import QuerySet

from quartiersnetz.core.text import fold

from .models import Municipality

SEARCH_LIMIT = 20


def municipality_search(query: str, *, limit: int = SEARCH_LIMIT) -> list[Municipality]:
    """Municipalities whose name starts with the query (or equals the AGS), larger places first."""
    text = " ".join(query.split())
    if not text:
        return []
    qs: QuerySet[Municipality]
    if text.isdigit():
        qs = Municipality.objects.filter(ags__startswith=text)
    else:
        qs = Municipality.objects.filter(search_name__startswith=fold(text))
    return list(qs.order_by("-population", "name")[:limit])
