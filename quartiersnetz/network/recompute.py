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


def recompute_all(*, force: bool = False) -> RecomputeResult:
    from . import edges, figures, matching

    result = RecomputeResult()
    result.edges = edges.recompute_edges()
    result.figures = figures.recompute_figures()
    result.suggestions = matching.recompute_suggestions()
    return result
