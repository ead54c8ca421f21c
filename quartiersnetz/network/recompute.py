"""One recomputation of everything the network computes, in order: edges (explicit and derived
connections), then figures, layout and the sector matrix, then partner suggestions.

Run by the worker (`network.tasks.recompute_network`) and synchronously by
`manage.py recompute_network`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RecomputeResult:
    edges: int = 0
    figures: int = 0
    suggestions: int = 0
    skipped: bool = False


def recompute_all(*, input_version: str = "") -> RecomputeResult:
    """Everything, unconditionally; `input_version` (of `inputs.input_version()`, read before)
    is stored on the snapshot so that the task can skip the next run if nothing changed."""
    from . import edges, figures, matching

    result = RecomputeResult()
    result.edges = edges.recompute_edges()
    result.figures = figures.recompute_figures(input_version=input_version)
    result.suggestions = matching.recompute_suggestions()
    return result
