"""Large volumes of synthetic sample profiles for benchmarks (`scale_data --organisations N
--persons M`).

Bulk inserts (batched), with the M2M through rows bulk-created and `search_text` computed by
the one definition (actors.models.actor_search_text), from cached folded fragments. The same
seed gives the same records; every record is marked `is_sample=True` and carries the seed and
its position in its slug (`…-s<seed>-<n>`), so running again with the same seed only adds what
is missing.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict

from django.utils.text import slugify

from quartiersnetz.actors.models import Actor, actor_search_text
from quartiersnetz.demo import content
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import ActionField, Approach, Sector, SpatialField

FIRST_NAMES = (
    "Anna", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hannah", "Ibrahim",
    "Jana", "Karl", "Lea", "Mehmet", "Nina", "Ole", "Paula", "Sophie", "Tim",
)  # fmt: skip
LAST_NAMES = (
    "Becker", "Demir", "Fischer", "Hoffmann", "Jansen", "Krüger", "Lehmann", "Meyer",
    "Neumann", "Peters", "Richter", "Schmidt", "Schulz", "Vogel", "Wagner", "Weber",
)  # fmt: skip
NO_MUNICIPALITY_SHARE = 0.08


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def generate(
    *, organisations: int, persons: int = 0, seed: int = 1, batch_size: int = 1000
) -> dict[str, int]:
    """Create the first `organisations` organisations and `persons` expert profiles of `seed`.

    Returns how many were created and how many already existed.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data
    places = list(Municipality.objects.order_by("ags").only("id", "name", "population"))
    cum_weights = list(itertools.accumulate((p.population + 1) ** 0.5 for p in places))
    sectors = list(Sector.objects.order_by("slug"))
    spatial_fields = list(SpatialField.objects.order_by("slug"))
    action_by_spatial: dict[int, list[ActionField]] = defaultdict(list)
    for action_field in ActionField.objects.order_by("slug"):
        action_by_spatial[action_field.spatial_field_id].append(action_field)
    approaches_by_action: dict[int, list[Approach]] = defaultdict(list)
    for approach in Approach.objects.order_by("slug"):
        approaches_by_action[approach.action_field_id].append(approach)
    focus_pool = [f for pool in content.FOCUS.values() for f in pool]
    generic_offers = [o for pool in content.OFFERS.values() for o in pool]
    generic_seeks = [s for pool in content.SEEKS.values() for s in pool]
    existing = set(Actor.objects.filter(is_sample=True).values_list("slug", flat=True))

    new: list[tuple[Actor, list[SpatialField], list[ActionField], list[Approach]]] = []
    skipped = 0
    for n in range(organisations + persons):
        is_person = n >= organisations
        place = None
        if rng.random() >= NO_MUNICIPALITY_SHARE:
            place = rng.choices(places, cum_weights=cum_weights)[0]
        where = place.name if place else rng.choice(("Region", "Bundesweit", "Netzwerk"))
        if is_person:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        else:
            name = f"{rng.choice(content.SCALE_NAME_PARTS)} {where}"
        sector = rng.choice(sectors)
        spatial = rng.sample(spatial_fields, rng.randint(1, 2))
        action_fields = [a for s in spatial for a in action_by_spatial[s.pk]]
        candidates = [a for af in action_fields for a in approaches_by_action[af.pk]]
        approaches = rng.sample(candidates, min(len(candidates), rng.randint(0, 2)))
        sentences = rng.sample(content.SCALE_SENTENCES, 3)
        focus = rng.sample(focus_pool, 2)
        description = (
            f"{sentences[0]} {sentences[1]}\n\n## Schwerpunkte\n\n"
            f"{_bullets(focus)}\n\n{sentences[2]}"
        )
        offers = _bullets(rng.sample(content.OFFERS.get(sector.slug, generic_offers), 2))
        seeks = _bullets(rng.sample(content.SEEKS.get(sector.slug, generic_seeks), 2))
        summary = rng.choice(content.SCALE_SENTENCES)
        # Every random draw happens before this point, so skipping keeps the sequence intact.
        slug = f"{slugify(name)[:80]}-s{seed}-{n + 1}"
        if slug in existing:
            skipped += 1
            continue
        actor = Actor(
            kind=Actor.Kind.PERSON if is_person else Actor.Kind.ORGANISATION,
            name=name,
            slug=slug,
            sector=sector,
            municipality=place,
            summary=summary,
            description=description,
            offers=offers,
            seeks=seeks,
            is_sample=True,
        )
        # The description as the fragments it was made of: folded through a cache, the same text.
        actor.search_text = actor_search_text(
            actor,
            parts={
                "description": (
                    *sentences[:2], "## Schwerpunkte", *[f"- {f}" for f in focus], sentences[2],
                )
            },
        )  # fmt: skip
        new.append((actor, spatial, action_fields, approaches))

    created = Actor.objects.bulk_create([row[0] for row in new], batch_size=batch_size)
    spatial_through = Actor.spatial_fields.through
    action_through = Actor.action_fields.through
    approach_through = Actor.approaches.through
    spatial_rows, action_rows, approach_rows = [], [], []
    for actor, (_unsaved, spatial, action_fields, approaches) in zip(created, new, strict=True):
        spatial_rows += [spatial_through(actor_id=actor.pk, spatialfield_id=s.pk) for s in spatial]
        action_rows += [
            action_through(actor_id=actor.pk, actionfield_id=a.pk) for a in action_fields
        ]
        approach_rows += [approach_through(actor_id=actor.pk, approach_id=a.pk) for a in approaches]
    spatial_through.objects.bulk_create(spatial_rows, batch_size=batch_size)
    action_through.objects.bulk_create(action_rows, batch_size=batch_size)
    approach_through.objects.bulk_create(approach_rows, batch_size=batch_size)
    return {
        "organisations": sum(1 for a in created if a.kind == Actor.Kind.ORGANISATION),
        "persons": sum(1 for a in created if a.kind == Actor.Kind.PERSON),
        "skipped": skipped,
    }
