"""The API page `/offene-daten/api/`: rendered from the OpenAPI document, in both languages,
with no third-party assets."""

from __future__ import annotations

import re

import pytest

from quartiersnetz.api.views.docs import type_label

pytestmark = pytest.mark.django_db


def test_the_page_describes_every_operation_of_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json()
    html = client.get("/offene-daten/api/").content.decode()
    for path, item in document["paths"].items():
        if "get" in item:
            assert f"<code>GET {path}</code>" in html, path
    # The practices' filters with their meaning, and the fields of a record.
    assert "<code>action_field</code>" in html
    assert "Handlungsfeld" in html
    assert "<code>transfer_score</code>" in html
    assert "<code>updated_since</code>" in html
    assert 'href="http://testserver/api/v1/practices?limit=2"' in html
    assert 'href="http://testserver/api/v1/openapi.json"' in html


def test_the_page_speaks_english_under_en(client):
    html = client.get("/en/offene-daten/api/").content.decode()
    assert '<html lang="en">' in html
    assert "Entries per page (default 50)" in html
    assert "Practice examples" in html


def test_the_page_loads_nothing_from_other_hosts(client):
    html = client.get("/offene-daten/api/").content.decode()
    sources = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(s.startswith("/") or s.startswith("http://testserver/") for s in sources)


def test_api_docs_redirects_to_the_page_in_either_language(client):
    assert client.get("/api/v1/docs")["Location"] == "/offene-daten/api/"
    assert client.get("/api/v1/docs?lang=en")["Location"] == "/en/offene-daten/api/"
    assert client.get("/offene-daten/api/").status_code == 200


def test_footer_links_the_page(client):
    html = client.get("/").content.decode()
    assert 'href="/offene-daten/api/"' in html


def test_type_labels_are_short_and_readable():
    assert type_label({"$ref": "#/components/schemas/CodedOut"}) == "code"
    assert type_label({"type": "array", "items": {"$ref": "#/components/schemas/LinkOut"}}) == (
        "[link]"
    )
    assert type_label({"anyOf": [{"type": "string"}, {"type": "null"}]}) == "string | null"
    assert type_label({"type": "string", "format": "date-time"}) == "date-time"


def test_backticks_become_code_and_everything_else_is_escaped():
    from quartiersnetz.api.views.docs import inline_code

    assert str(inline_code("nach `id` <b>")) == "nach <code>id</code> &lt;b&gt;"
    assert str(inline_code("`<x>`")) == "<code>&lt;x&gt;</code>"
