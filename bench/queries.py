"""Count the SQL queries of pages, in-process, against the database in DATABASE_URL.

    DATABASE_URL=sqlite:////abs/path.sqlite3 python bench/queries.py / /mitwirkende/ …

Run by bench/run.py with the same environment as the gunicorn server it measures (the server
itself is not instrumented). Each page is requested once to warm caches, then once more inside
django.test.utils.CaptureQueriesContext ("queries", what `make bench` repeats), then once more
after `cache.clear()` ("cold_queries", the first request for a filter state after a change;
"cold_ms" is that request's in-process time with the test client, no HTTP).
Prints one JSON object: {path: {status, queries, cold_queries, sql, cold_sql}} where sql lists
each statement with its time in ms (for the EXPLAIN analysis in docs/benchmarks.md).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def _build_search_index() -> None:
    """Build the index of the search by meaning before counting, as a booting web worker
    starts it (config/gunicorn.py): otherwise it is finished in the background between the warm
    and the counted request of a text query, whose cache key then changes."""
    from django.test.utils import override_settings

    from quartiersnetz.search import semantic

    if semantic.enabled():
        with override_settings(SEARCH_SEMANTIC_BACKGROUND=False):
            semantic.get_index()


def count(paths: list[str]) -> dict[str, dict[str, Any]]:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="de")
    cookie = os.environ.get("BENCH_COOKIE", "")  # "sessionid=…": pages behind the login
    if cookie:
        name, _sep, value = cookie.partition("=")
        client.cookies[name] = value
    result: dict[str, dict[str, Any]] = {}
    _build_search_index()

    def get(path: str) -> Any:
        response = client.get(path)
        if response.streaming:  # its queries run while the body is produced
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
        return response

    for path in paths:
        get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = get(path)
        cache.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as cold:
            get(path)
        cold_ms = (time.perf_counter() - started) * 1000
        result[path] = {
            "status": response.status_code,
            "queries": len(ctx.captured_queries),
            "cold_queries": len(cold.captured_queries),
            "cold_ms": round(cold_ms, 1),
            "sql": [
                {"ms": round(float(q["time"]) * 1000, 2), "sql": q["sql"]}
                for q in ctx.captured_queries
            ],
            "cold_sql": [
                {"ms": round(float(q["time"]) * 1000, 2), "sql": q["sql"]}
                for q in cold.captured_queries
            ],
        }
    return result


if __name__ == "__main__":
    print(json.dumps(count(sys.argv[1:])))
