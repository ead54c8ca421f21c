"""Generate large volumes of synthetic sample profiles (and practices) for benchmarks.

    python manage.py scale_data --organisations 20000 --seed 1
    python manage.py scale_data --organisations 1000 --practices 50000 --seed 1
    python manage.py scale_data --organisations 200 --events 2000 --event-registrations 500

The profiles come from quartiersnetz/demo/scale/actors.py. `--practices N` adds N published
Praxisbeispiele (quartiersnetz/demo/scale/practices.py) after the profiles, with their action
fields, approaches, methods, roles and, for about a third, curator ratings; they need
organisations (sample ones preferred). `--events N` adds N published Werkstätten with
programmes (quartiersnetz/demo/scale/events.py); `--event-registrations M` gives the first of
them M confirmed registrations.

Bulk inserts (batched), with the M2M through rows bulk-created and `search_text` computed by
each model's one definition (`actor_search_text`, `practice_search_text` …). The same seed gives
the same records; every record is marked `is_sample=True` and carries the seed and its position
in its slug (`…-s<seed>-<n>`), so running the command again with the same seed only adds what is
missing.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from quartiersnetz.demo.bulk import search_index_deferred, update_statistics
from quartiersnetz.demo.scale.actors import generate
from quartiersnetz.demo.scale.events import generate_events
from quartiersnetz.demo.scale.practices import generate_practices


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
