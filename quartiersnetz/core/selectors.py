"""Reads for the start page."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from quartiersnetz.actors.models import Actor
from quartiersnetz.taxonomy.models import Approach, SpatialField


def home_context() -> dict[str, Any]:
    spatial_fields = SpatialField.objects.prefetch_related(
        "action_fields",
        Prefetch("action_fields__approaches", queryset=Approach.objects.order_by("position")),
    )
    return {
        "spatial_fields": list(spatial_fields),
        "actor_count": Actor.objects.visible().count(),
    }
