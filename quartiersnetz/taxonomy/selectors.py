"""Reads of the curated vocabularies."""

from __future__ import annotations

from typing import cast

from django.core.cache import cache
from django.db.models import Prefetch

from .models import Approach, SpatialField, Term

TAXONOMY_CACHE_SECONDS = 300


def taxonomy_tree() -> list[SpatialField]:
    """Spatial fields with their action fields and approaches.

    The taxonomy changes only when curators edit it in the admin, so the tree is
    cached for a few minutes (labels are chosen per language at render time).
    """

    def load() -> list[SpatialField]:
        return list(
            SpatialField.objects.prefetch_related(
                "action_fields",
                Prefetch(
                    "action_fields__approaches", queryset=Approach.objects.order_by("position")
                ),
            )
        )

    tree = cache.get_or_set("taxonomy:tree", load, TAXONOMY_CACHE_SECONDS)
    return cast(list[SpatialField], tree)


def vocabulary_terms(model: type[Term]) -> list[Term]:
    """All terms of one curated vocabulary in their curated order (one query), with the term
    they belong to where there is one (action field → spatial field, approach → action field,
    practice type → kind): what the open-data API publishes."""
    parents = [
        name for name in ("spatial_field", "action_field", "kind") if _has_field(model, name)
    ]
    return list(model._default_manager.select_related(*parents).order_by("position", "name", "pk"))


def _has_field(model: type[Term], name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())
