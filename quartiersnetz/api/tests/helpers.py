"""What the API's tests share: reading every page of a list, counting queries, the clock."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

PROBLEM = "application/problem+json"


def path_of(url: str) -> str:
    """The path and query of an absolute `next` link (for the test client)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def all_pages(client: Any, url: str | None) -> tuple[list[dict[str, Any]], int]:
    """Follow `next` to the end: the records of every page and the number of pages (each page's
    `Link` header must agree with its `next`)."""
    records: list[dict[str, Any]] = []
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        records += data["results"]
        pages += 1
        if data["next"]:
            assert response["Link"] == f'<{data["next"]}>; rel="next"'
        else:
            assert not response.has_header("Link")
        url = path_of(data["next"]) if data["next"] else None
    return records, pages


def count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries.captured_queries)


def tick() -> None:
    time.sleep(0.005)  # the SQLite clock counts milliseconds
