"""Factories for the graph tests: actors with a sector and a place, and `Edge` rows (the conn
helper's `edges.recompute_edges()` fills them in production)."""

from __future__ import annotations

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.network.models import Edge
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import Sector, SpatialField


def actor(sector: str = "stiftungen", *, ags: str = "05916000", fields=(), **kwargs) -> Actor:
    """A public organisation of `sector` (slug) in the municipality `ags`."""
    created = OrganisationFactory(
        sector=Sector.objects.get(slug=sector),
        municipality=Municipality.objects.get(ags=ags),
        **kwargs,
    )
    if fields:
        created.spatial_fields.set(SpatialField.objects.filter(slug__in=fields))
    return created


def edge(one: Actor, other: Actor, *, weight: float = 1.0) -> Edge:
    a, b = sorted((one, other), key=lambda item: item.pk)
    return Edge.objects.create(
        actor_a=a,
        actor_b=b,
        weight=weight,
        is_cross_sector=a.sector_id != b.sector_id,
        sources=[],
    )


def hide_seeded_actors() -> None:
    """The initiative's seeded organisations are public; tests on known graphs hide them."""
    Actor.objects.update(is_hidden=True)
