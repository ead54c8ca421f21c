"""The portal is the top floor: it combines apps, no app imports it, and the pages it took over
no longer make the lower apps import higher ones."""

from __future__ import annotations

from pathlib import Path

from django.core.management import get_commands
from django.urls import resolve, reverse

import quartiersnetz
from quartiersnetz.core.testing import imported_modules

ROOT = Path(quartiersnetz.__file__).parent
PORTAL = ROOT / "portal"
HIGHER = ("actors", "practices", "publications", "events", "projects", "search", "api", "portal")


def _imports_of(app: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / app).rglob("*.py"):
        if "tests" not in path.relative_to(ROOT).parts:
            found |= {f"{path.relative_to(ROOT.parent)}: {m}" for m in imported_modules(path)}
    return found


def test_no_app_imports_the_portal():
    offenders = [
        f"{path.relative_to(ROOT.parent)}: {module}"
        for path in ROOT.rglob("*.py")
        if PORTAL not in path.parents
        for module in sorted(imported_modules(path))
        if module == "quartiersnetz.portal" or module.startswith("quartiersnetz.portal.")
    ]
    assert offenders == []


def test_core_accounts_and_audit_import_no_higher_app():
    offenders = sorted(
        line
        for app in ("core", "accounts", "audit")
        for line in _imports_of(app)
        if any(f": quartiersnetz.{higher}" in line for higher in HIGHER)
    )
    assert offenders == []


def test_the_pages_and_the_command_belong_to_the_portal():
    assert get_commands()["bootstrap"] == "quartiersnetz.portal"
    for name, url in [
        ("core:home", "/"),
        ("accounts:dashboard", "/konto/mein-bereich/"),
        ("audit:dashboard", "/kuration/"),
        ("audit:log", "/kuration/protokoll/"),
    ]:
        assert reverse(name) == url
        assert resolve(url).func.__module__ == "quartiersnetz.portal.views", name
