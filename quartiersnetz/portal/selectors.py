"""Reads that combine apps for the top floor's pages."""

from __future__ import annotations

from typing import Any

from quartiersnetz.actors.selectors import DirectoryFilters, directory_total
from quartiersnetz.taxonomy.selectors import taxonomy_tree


def home_context() -> dict[str, Any]:
    return {
        "spatial_fields": taxonomy_tree(),
        "actor_count": directory_total(DirectoryFilters()),
    }
