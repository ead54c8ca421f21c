"""Generate large volumes of synthetic sample profiles (and practices) for benchmarks.

    python manage.py scale_data --organisations 20000 --seed 1
    python manage.py scale_data --organisations 1000 --practices 50000 --seed 1
    python manage.py scale_data --organisations 200 --events 2000 --event-registrations 500

`--practices N` adds N published Praxisbeispiele (quartiersnetz/practices/scale.py) after the
profiles, with their action fields, approaches, methods, roles and, for about a third, curator
ratings; they need organisations (sample ones preferred). `--events N` adds N published
Werkstätten with programmes (quartiersnetz/events/scale.py); `--event-registrations M` gives the
first of them M confirmed registrations.

Bulk inserts (batched), with the M2M through rows bulk-created and `search_text` computed as
the services do. The same seed gives the same records; every record is marked `is_sample=True`
and carries the seed and its position in its slug (`…-s<seed>-<n>`), so running the command
again with the same seed only adds what is missing.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import random
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils.text import slugify

from quartiersnetz.actors.management import sample_content as content
from quartiersnetz.actors.models import Actor
from quartiersnetz.core.text import fold
from quartiersnetz.events.scale import generate_events
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.models import Practice, PracticeActor, PracticeRating
from quartiersnetz.practices.scale import generate_practices
from quartiersnetz.search import schema as search_schema
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
# Slugs of generated records end in "-s<seed>-<n>"; demo_data tells its own records apart by it.
SCALE_SLUG_REGEX = r"-s[0-9]+-[0-9]+$"


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


@functools.lru_cache(maxsize=65536)
def _fold(part: str) -> str:
    return fold(part)


def search_text(*parts: str) -> str:
    """What services.actor_search_text gives for these parts, from cached folded fragments.

    fold() works character by character and collapses whitespace, so folding the parts one by
    one and joining them with a space is the same as folding the joined text; the records here
    are made of a few hundred distinct fragments, which makes this about 30 times faster.
    """
    return " ".join(f for f in (_fold(p) for p in parts if p) if f)


def update_statistics() -> None:
    """Refresh the query planner's statistics after a bulk load.

    Without them SQLite picks the partial indexes of migration 0003 even where a full scan is
    cheaper (the text search got 2-3x slower in `make bench`); PostgreSQL's autovacuum would
    get there on its own, later.
    """
    tables = [Actor._meta.db_table] + [
        getattr(Actor, f).through._meta.db_table
        for f in ("spatial_fields", "action_fields", "approaches")
    ]
    tables += [Practice._meta.db_table, PracticeActor._meta.db_table]
    tables += [PracticeRating._meta.db_table]
    tables += [
        getattr(Practice, f).through._meta.db_table
        for f in ("action_fields", "approaches", "methods")
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            # nosemgrep: qn-sql-formatted -- table names of our models, quoted
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


@contextlib.contextmanager
def search_index_deferred(kinds: tuple[str, ...] = ("actor", "practice")) -> Iterator[None]:
    """Fill the search index once after a bulk load instead of row by row.

    `quartiersnetz.search.schema` keeps its index by row triggers on each source table
    (SQLite: an AFTER INSERT trigger into the FTS5 tables; PostgreSQL: a sync trigger into
    `search_document`); for tens of thousands of rows one rebuild is several times faster. The
    insert triggers are dropped for the load and `schema.ensure()` re-creates them and rebuilds
    exactly the kinds whose triggers were missing.
    """
    if connection.vendor not in ("sqlite", "postgresql"):
        yield
        return
    with connection.cursor() as cursor:
        for kind in kinds:
            source = search_schema.SOURCES_BY_KIND.get(kind)
            if source is None:
                continue
            if connection.vendor == "sqlite":
                # nosemgrep: qn-sql-formatted -- trigger name from search SOURCES
                cursor.execute(f"DROP TRIGGER IF EXISTS {source.triggers()[0]}")
            else:
                # nosemgrep: qn-sql-formatted -- names from search SOURCES
                cursor.execute(f"DROP TRIGGER IF EXISTS search_{kind}_sync ON {source.table}")
    try:
        yield
    finally:
        search_schema.ensure(connection)


def generate(
    *, organisations: int, persons: int = 0, seed: int = 1, batch_size: int = 1000
) -> dict[str, int]:
    """Create the first `organisations` organisations and `persons` expert profiles of `seed`.

    Returns how many were created and how many already existed.
    """
    rng = random.Random(seed)
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
        actor.search_text = search_text(
            name, summary, *sentences[:2], "## Schwerpunkte", *[f"- {f}" for f in focus],
            sentences[2],
            offers, seeks, place.name if place else "",
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


class Command(BaseCommand):
    help = (
        "Erzeugt viele synthetische Beispielprofile für Lasttests (deterministisch je Seed, "
        "als Beispieldaten markiert)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=1000)
        parser.add_argument("--persons", type=int, default=0, help="Expertenprofile (ohne Konto)")
        parser.add_argument(
            "--practices", type=int, default=0, help="veröffentlichte Praxisbeispiele"
        )
        parser.add_argument("--events", type=int, default=0, help="veröffentlichte Werkstätten")
        parser.add_argument(
            "--event-registrations",
            type=int,
            default=0,
            help="so viele bestätigte Anmeldungen für die erste Werkstatt (mit --events)",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        counts_given = (
            options["organisations"],
            options["persons"],
            options["practices"],
            options["events"],
            options["event_registrations"],
        )
        if min(counts_given) < 0 or options["batch_size"] < 1:
            raise CommandError("Anzahlen dürfen nicht negativ sein, --batch-size mindestens 1.")
        started = time.perf_counter()
        with transaction.atomic(), search_index_deferred():
            counts = generate(
                organisations=options["organisations"],
                persons=options["persons"],
                seed=options["seed"],
                batch_size=options["batch_size"],
            )
            practice_counts = None
            if options["practices"]:
                profiles_done = time.perf_counter()
                try:
                    practice_counts = generate_practices(
                        practices=options["practices"],
                        seed=options["seed"],
                        batch_size=options["batch_size"],
                    )
                except ValueError as error:
                    raise CommandError(str(error)) from error
            event_counts = None
            if options["events"]:
                practices_done = time.perf_counter()
                try:
                    event_counts = generate_events(
                        events=options["events"],
                        seed=options["seed"],
                        batch_size=options["batch_size"],
                        event_registrations=options["event_registrations"],
                    )
                except ValueError as error:
                    raise CommandError(str(error)) from error
        update_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['organisations']} Organisationen und {counts['persons']} "
                f"Expertenprofile (Seed {options['seed']}) in "
                f"{time.perf_counter() - started:.1f} s angelegt; "
                f"{counts['skipped']} waren schon vorhanden."
            )
        )
        if practice_counts is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{practice_counts['practices']} Praxisbeispiele "
                    f"({practice_counts['ratings']} bewertet, Seed {options['seed']}) in "
                    f"{time.perf_counter() - profiles_done:.1f} s angelegt; "
                    f"{practice_counts['skipped']} waren schon vorhanden."
                )
            )
        if event_counts is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{event_counts['events']} Werkstätten mit Programm und "
                    f"{event_counts['registrations']} Anmeldungen (Seed {options['seed']}) in "
                    f"{time.perf_counter() - practices_done:.1f} s angelegt; "
                    f"{event_counts['skipped']} waren schon vorhanden."
                )
            )
