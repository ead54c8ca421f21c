"""Reads for municipalities."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from quartiersnetz.core.text import fold

from .models import Municipality, State

SEARCH_LIMIT = 20
QUERY_MAX_LENGTH = 120

_WITH_STATE = re.compile(r"^(?P<name>.+?)\s*\((?P<state>[^()]+)\)$")
_STATE_BY_NAME = {fold(str(label)): code for code, label in State.choices}


def split_state(text: str) -> tuple[str, str] | None:
    """'Kleve (Schleswig-Holstein)' → ('Kleve', '01'); None unless the brackets name a Land."""
    match = _WITH_STATE.match(" ".join(text.split()))
    if match is None:
        return None
    code = _STATE_BY_NAME.get(fold(match["state"]))
    return (match["name"], code) if code else None


def _search_condition(text: str) -> Q:
    """Digits search the AGS by prefix; text searches the folded label by prefix (the label
    starts with the name, so "Her", "Herne" and "Herne (Nordrhein-Westfalen)" all work),
    and "Name (Land)" also finds the places of that name in that Land."""
    if text.isascii() and text.isdigit():
        return Q(ags__startswith=text)
    condition = Q(search_label__startswith=fold(text))
    with_state = split_state(text)
    if with_state:
        name, state = with_state
        condition |= Q(search_name__startswith=fold(name), state=state)
    return condition


def municipality_search(query: str, *, limit: int = SEARCH_LIMIT) -> list[Municipality]:
    """Municipalities for a search box, larger places first (one query); see
    `_search_condition` for what a query finds."""
    text = " ".join(query.split())[:QUERY_MAX_LENGTH]
    if not text:
        return []
    qs = Municipality.objects.filter(_search_condition(text))
    return list(qs.order_by("-population", "name", "ags")[:limit])


def matching_municipalities(
    *, query: str = "", state: str = "", size_class: str = ""
) -> QuerySet[Municipality]:
    """The municipalities the search box finds for `query` (all for none), in the Land
    `state` and of `size_class` when given; unordered: the open-data API orders and pages
    them itself (by id)."""
    qs = Municipality.objects.all()
    text = " ".join(query.split())[:QUERY_MAX_LENGTH]
    if text:
        qs = qs.filter(_search_condition(text))
    if state:
        qs = qs.filter(state=state)
    if size_class:
        qs = qs.filter(size_class=size_class)
    return qs
