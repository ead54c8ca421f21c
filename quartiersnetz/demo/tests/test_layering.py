"""The demo app is the top layer: it may import every app, no app imports it, and the invented
data lives here rather than in the domain apps."""

from __future__ import annotations

from pathlib import Path

from django.core.management import get_commands

import quartiersnetz
from quartiersnetz.core.testing import imported_modules

ROOT = Path(quartiersnetz.__file__).parent
DEMO = ROOT / "demo"


def _domain_files() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if DEMO not in p.parents]


def test_no_app_imports_the_demo_app():
    offenders = [
        f"{path.relative_to(ROOT.parent)}: {module}"
        for path in _domain_files()
        for module in sorted(imported_modules(path))
        if module == "quartiersnetz.demo" or module.startswith("quartiersnetz.demo.")
    ]
    assert offenders == []


def test_domain_apps_hold_no_demo_or_scale_generators():
    generators = [
        str(path.relative_to(ROOT.parent))
        for path in _domain_files()
        if path.stem in {"demo", "scale", "sample_content"}
    ]
    assert generators == []


def test_the_sample_data_commands_belong_to_the_demo_app():
    commands = get_commands()
    assert commands["demo_data"] == "quartiersnetz.demo"
    assert commands["scale_data"] == "quartiersnetz.demo"
