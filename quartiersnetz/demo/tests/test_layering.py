"""The demo app is the top layer (no app imports it: the layers contract, tests/test_layers.py),
and the invented data lives here rather than in the domain apps."""

from __future__ import annotations

from pathlib import Path

from django.core.management import get_commands

import quartiersnetz

ROOT = Path(quartiersnetz.__file__).parent
DEMO = ROOT / "demo"


def test_domain_apps_hold_no_demo_or_scale_generators():
    generators = [
        str(path.relative_to(ROOT.parent))
        for path in ROOT.rglob("*.py")
        if DEMO not in path.parents and path.stem in {"demo", "scale", "sample_content"}
    ]
    assert generators == []


def test_the_sample_data_commands_belong_to_the_demo_app():
    commands = get_commands()
    assert commands["demo_data"] == "quartiersnetz.demo"
    assert commands["scale_data"] == "quartiersnetz.demo"
