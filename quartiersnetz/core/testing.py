"""Helpers shared by the test suites (not imported by the application)."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

import pytest


def require(condition: bool, message: str) -> None:
    """Skip the test unless `condition`; fail instead when REQUIRE_BROWSER_TESTS=1 (CI)."""
    if condition:
        return
    if os.environ.get("REQUIRE_BROWSER_TESTS", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{message} (REQUIRE_BROWSER_TESTS=1, so this is an error, not a skip)")
    pytest.skip(message)


def imported_modules(path: Path) -> set[str]:
    """The absolute module names a Python file imports (``from a.b import c`` gives ``a.b``
    and ``a.b.c``), for the layering tests."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def count_queries(client: Any, url: str, *, status: int | None = 200) -> int:
    """The number of database queries a GET of `url` makes (asserting its status code, unless
    `status` is None), for the tests that a page's queries do not grow with its rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    if status is not None:
        assert response.status_code == status  # noqa: S101
    return len(ctx.captured_queries)
