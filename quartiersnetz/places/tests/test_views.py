"""The municipality search: HTML (works without JavaScript) and JSON (for the autocomplete)."""

from __future__ import annotations

import pytest

from quartiersnetz.places.selectors import QUERY_MAX_LENGTH, SEARCH_LIMIT

pytestmark = pytest.mark.django_db

HTML_URL = "/orte/suche/"
JSON_URL = "/orte/suche.json"


def labels(response) -> list[str]:
    return [result["label"] for result in response.json()["results"]]


def test_search_page_without_query_shows_the_enhanceable_form(client):
    response = client.get(HTML_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form method="get" action="/orte/suche/" role="search">' in html
    assert 'data-municipality-autocomplete="/orte/suche.json"' in html
    assert f'maxlength="{QUERY_MAX_LENGTH}"' in html
    assert '<script src="/static/js/municipality-autocomplete.js" defer></script>' in html
    assert "Treffer" not in html
    assert "dl-de/by-2-0" in html  # the licence asks for attribution wherever data is shown


def test_search_page_lists_results_without_javascript(client):
    response = client.get(HTML_URL, {"q": "herne"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 Treffer" in html
    assert '<a class="kern-link" href="/mitwirkende/?municipality=05916000">' in html
    assert "Herne (Nordrhein-Westfalen)" in html
    assert "156.449" in html
    assert "Großstadt" in html
    assert 'value="herne"' in html


def test_search_page_says_when_there_are_more_results(client):
    html = client.get(HTML_URL, {"q": "ne"}).content.decode()
    assert f"Mehr als {SEARCH_LIMIT} Treffer" in html
    assert html.count('<tr class="kern-table__row">') == SEARCH_LIMIT + 1  # with the header row


def test_search_page_with_no_results(client):
    html = client.get(HTML_URL, {"q": "Xyzzyqw"}).content.decode()
    assert "0 Treffer" in html
    assert "<table" not in html


def test_search_page_escapes_the_query(client):
    html = client.get(HTML_URL, {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("query", ["Herne", "ne", "05", "Kleve (Schleswig-Holstein)"])
def test_search_page_takes_one_query(client, django_assert_num_queries, query):
    with django_assert_num_queries(1):
        response = client.get(HTML_URL, {"q": query})
    assert response.status_code == 200


def test_search_page_without_query_hits_no_table(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(HTML_URL, {"q": "   "})


def test_search_page_rejects_overlong_input_in_german(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(HTML_URL, {"q": "a" * (QUERY_MAX_LENGTH + 1)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte geben Sie höchstens 120 Zeichen ein." in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_q_error id_q_helptext"' in html
    assert client.get(HTML_URL, {"q": "a" * QUERY_MAX_LENGTH}).status_code == 200


def test_search_page_only_answers_get_and_head(client):
    assert client.post(HTML_URL, {"q": "Herne"}).status_code == 405
    assert client.head(HTML_URL, {"q": "Herne"}).status_code == 200


def test_json_result_shape(client):
    response = client.get(JSON_URL, {"q": "Herne"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "private" in response["Cache-Control"]
    assert response.json() == {
        "query": "Herne",
        "results": [
            {
                "ags": "05916000",
                "label": "Herne (Nordrhein-Westfalen)",
                "name": "Herne",
                "state": "Nordrhein-Westfalen",
                "district": "Herne",
                "population": 156449,
                "size_class": "Großstadt",
            }
        ],
    }


def test_json_prefix_search_orders_larger_places_first(client):
    response = client.get(JSON_URL, {"q": "her"})
    results = response.json()["results"]
    assert results[0]["label"] == "Herne (Nordrhein-Westfalen)"
    populations = [result["population"] for result in results]
    assert populations == sorted(populations, reverse=True)


def test_json_is_limited(client):
    assert len(client.get(JSON_URL, {"q": "b"}).json()["results"]) == SEARCH_LIMIT


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("koln", "Köln (Nordrhein-Westfalen)"),  # folded umlaut
        ("KÖLN", "Köln (Nordrhein-Westfalen)"),
        ("05916", "Herne (Nordrhein-Westfalen)"),  # AGS prefix
        ("Herne (Nordrhein-Westfalen)", "Herne (Nordrhein-Westfalen)"),  # a chosen label
        ("  berlin  ", "Berlin"),
    ],
)
def test_json_finds(client, query, expected):
    assert labels(client.get(JSON_URL, {"q": query}))[0] == expected


def test_json_name_with_bundesland(client):
    assert labels(client.get(JSON_URL, {"q": "Kleve (Schleswig-Holstein)"})) == [
        "Kleve (Steinburg, Schleswig-Holstein)",
        "Kleve (Dithmarschen, Schleswig-Holstein)",
    ]


def test_json_labels_of_shared_names_tell_the_places_apart(client):
    found = labels(client.get(JSON_URL, {"q": "Kleve"}))
    assert found[:3] == [
        "Kleve (Nordrhein-Westfalen)",
        "Kleve (Steinburg, Schleswig-Holstein)",
        "Kleve (Dithmarschen, Schleswig-Holstein)",
    ]


@pytest.mark.parametrize("query", ["%", "_", "\\", "'", "a%b", "٠٥٩١٦"])
def test_json_treats_special_characters_as_text(client, query):
    response = client.get(JSON_URL, {"q": query})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("query", ["a", "ne", "05", "Kleve (Schleswig-Holstein)"])
def test_json_takes_one_query_at_any_result_size(client, django_assert_num_queries, query):
    with django_assert_num_queries(1):
        response = client.get(JSON_URL, {"q": query})
    assert response.status_code == 200


def test_json_without_query_hits_no_table(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(JSON_URL)
    assert response.json() == {"query": "", "results": []}


def test_json_rejects_overlong_input_and_drops_null_characters(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(JSON_URL, {"q": "a" * (QUERY_MAX_LENGTH + 1)})
    assert response.status_code == 400
    assert response.json() == {
        "query": "",
        "results": [],
        "errors": ["Bitte geben Sie höchstens 120 Zeichen ein."],
    }
    # NUL never reaches a view: core.query_strings removes it from every query string.
    response = client.get(JSON_URL, {"q": "Her\x00ne"})
    assert response.status_code == 200
    assert response.json()["query"] == "Herne"
    assert "Herne" in [result["name"] for result in response.json()["results"]]


def test_json_only_answers_get_and_head(client):
    assert client.post(JSON_URL, {"q": "Herne"}).status_code == 405
