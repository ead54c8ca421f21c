"""Helpers shared by the test suites (not imported by the application)."""

from __future__ import annotations

import os

import pytest


def require(condition: bool, message: str) -> None:
    """Skip the test unless `condition`; fail instead when REQUIRE_BROWSER_TESTS=1 (CI)."""
    if condition:
        return
    if os.environ.get("REQUIRE_BROWSER_TESTS", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{message} (REQUIRE_BROWSER_TESTS=1, so this is an error, not a skip)")
    pytest.skip(message)
