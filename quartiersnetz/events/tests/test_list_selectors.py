"""The list's filters."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from quartiersnetz.events import list_selectors

pytestmark = pytest.mark.django_db


def test_filters_parse_and_ignore_unknown_values():
    filters = list_selectors.EventFilters.from_query(
        QueryDict("q=  Leer   stand &mode=teleport&zeitraum=2021&state=08&format=x")
    )
    assert filters.as_dict() == {
        "q": "Leer stand",
        "zeitraum": "2021",
        "format": "x",
        "state": "08",
    }
    assert list_selectors.EventFilters.from_query(QueryDict("zeitraum=morgen")).zeitraum == ""
