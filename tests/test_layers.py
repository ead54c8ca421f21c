"""The layers of docs/architecture.md are enforced by import-linter (`make lint` runs
`lint-imports` with the contract in pyproject.toml). These tests keep that contract honest: every
app of the project is placed in a layer (an app left out would be unconstrained), and the layers
are those, in the order, that docs/architecture.md shows."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent

# The order of docs/architecture.md and ../shared/DESIGN.md, lowest first; apps on one line are
# siblings that must not import each other. Apps of the plan not built yet are optional.
DOCUMENTED = [
    ["core"],
    ["taxonomy", "places"],
    ["accounts"],
    ["audit"],
    ["actors"],
    ["practices"],
    ["publications"],
    ["events"],
    ["projects"],
    ["alliances"],
    ["network", "contact"],
    ["search", "api", "notifications"],
    ["opendata"],
    ["portal", "demo"],
]


def _contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers"]
    return contract


def _layers() -> list[list[str]]:
    """The contract's layers, lowest first, without the optional-marking parentheses."""
    return [
        [re.sub(r"[()]", "", name).strip() for name in layer.split("|")]
        for layer in reversed(_contract()["layers"])
    ]


def test_the_contract_follows_the_documented_order():
    assert _contract()["containers"] == ["quartiersnetz"]
    assert _layers() == DOCUMENTED


def test_every_app_of_the_project_is_placed_in_a_layer():
    ours = {
        config.name.removeprefix("quartiersnetz.")
        for config in apps.get_app_configs()
        if config.name.startswith("quartiersnetz.")
    }
    placed = {name for layer in _layers() for name in layer}
    assert ours, "no project apps found"
    assert ours - placed == set()


def test_the_architecture_document_shows_the_same_diagram():
    diagram = " → ".join(", ".join(layer) for layer in DOCUMENTED)
    text = " ".join((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8").split())
    assert diagram in text
