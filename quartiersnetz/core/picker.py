"""A reusable record picker: link records to another record without JavaScript.

A page shows a `Picker` with `core/partials/_picker.html`: the records linked now (checked
boxes named "keep"), a search field that submits with GET to the page itself (the parameter is
the picker's `name`) and the records found (boxes named "pick"), all in one POST form to
`action`. The view that receives the form links exactly keep ∪ pick (see `picked_ids`).
static/js/picker.js turns the search into search-as-you-type: it loads the same page with the
query and takes the result list from it, so the server renders results in one place only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import QueryDict

MIN_QUERY = 2
MAX_QUERY = 100
MAX_RESULTS = 10


@dataclass(frozen=True)
class PickerItem:
    pk: int
    label: str
    hint: str = ""
    url: str = ""


@dataclass
class Picker:
    """What `core/partials/_picker.html` renders."""

    name: str  # the GET parameter and the base of the element ids, e.g. "werkstatt"
    heading: str
    action: str  # the POST URL that links keep ∪ pick
    page_url: str  # the page the search submits to (GET)
    linked: list[PickerItem] = field(default_factory=list)
    results: list[PickerItem] = field(default_factory=list)
    query: str = ""
    searched: bool = False
    hint: str = ""


def picker_query(query: QueryDict, name: str) -> str:
    """The search text of picker `name` from a GET query ("" if too short)."""
    text = " ".join(str(query.get(name, "")).split())[:MAX_QUERY]
    return text if len(text) >= MIN_QUERY else ""


def picked_ids(data: QueryDict) -> list[int]:
    """The ids a picker form posted (keep ∪ pick), without duplicates; junk is ignored."""
    ids: dict[int, None] = {}
    for value in [*data.getlist("keep"), *data.getlist("pick")]:
        if str(value).isdigit():
            ids[int(value)] = None
    return list(ids)


def without_linked(results: Iterable[PickerItem], linked: Iterable[PickerItem]) -> list[PickerItem]:
    linked_ids = {item.pk for item in linked}
    return [item for item in results if item.pk not in linked_ids][:MAX_RESULTS]
