"""The query-string cleaning middleware and the shared parameter parsers."""

import pytest
from django.http import HttpResponse, QueryDict
from django.test import RequestFactory

from quartiersnetz.core import params
from quartiersnetz.core.query_strings import CleanQueryStringMiddleware, clean_query_dict


def _through_middleware(query: str):
    seen = {}

    def view(request):
        seen["request"] = request
        return HttpResponse()

    CleanQueryStringMiddleware(view)(RequestFactory().get(f"/liste/?{query}"))
    return seen["request"]


def test_nul_surrogates_and_undecodable_bytes_are_removed_from_keys_and_values():
    request = _through_middleware("q=a%00b&kind=%ED%A0%80x&sector=%FFy&%00=1&se%00ite=2&q=c")
    assert request.GET.getlist("q") == ["ab", "c"]
    assert request.GET["kind"] == "x"
    assert request.GET["sector"] == "y"
    assert request.GET["seite"] == "2"
    assert "" not in request.GET
    # get_full_path() (login redirects, `next`, the API's `instance`) repeats the clean query.
    assert "%00" not in request.get_full_path()
    assert not request.GET._mutable


def test_a_clean_query_string_is_left_as_it_is():
    request = _through_middleware("q=Caf%C3%A9+am+Markt&seite=2")
    assert request.META["QUERY_STRING"] == "q=Caf%C3%A9+am+Markt&seite=2"
    assert request.GET["q"] == "Café am Markt"
    assert clean_query_dict(QueryDict("a=1&b=")) is None


def test_the_middleware_runs_before_every_other_reader_of_the_query_string(settings):
    middleware = settings.MIDDLEWARE
    assert middleware.index("quartiersnetz.core.query_strings.CleanQueryStringMiddleware") <= 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", 7),
        (" 42 ", 42),
        ("+3", 3),
        ("0", 0),
        ("100", 100),
        ("101", None),
        ("-1", None),
        ("1.5", None),
        ("1e3", None),
        ("²", None),
        ("١٩", None),
        ("9" * 30, None),
        ("", None),
        ("abc", None),
        (None, None),
        (True, None),
    ],
)
def test_bounded_int(raw, expected):
    assert params.bounded_int(raw, minimum=0, maximum=100) == expected


def test_slug_choice_digits_and_text_values():
    query = QueryDict(
        "a=innenstadt-2&b=1.5&c=%C3%A4rger&d=place&e=05916000&f=%C2%B2&g=++viel+++Text++"
    )
    assert params.slug_value(query, "a") == "innenstadt-2"
    assert params.slug_value(query, "b") == ""
    assert params.slug_value(query, "c") == ""
    assert params.slug_value(query, "missing") == ""
    assert params.slug_value(QueryDict("a=" + "x" * 101), "a") == ""
    assert params.choice_value(query, "d", ["place", "project"]) == "place"
    assert params.choice_value(query, "a", ["place"]) == ""
    assert params.digits_value(query, "e") == "05916000"
    assert params.digits_value(query, "f") == ""
    assert params.text_value(query, "g") == "viel Text"
    assert params.text_value(QueryDict("g=" + "x" * 500), "g") == "x" * 200
