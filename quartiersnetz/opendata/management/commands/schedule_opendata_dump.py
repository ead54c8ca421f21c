"""Make sure the worker has the next nightly build of the open-data dump waiting (run by
`make run` and once after a deployment; running it again adds nothing) — and, while there is no
dump yet, a build now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartiersnetz.opendata.dump import dump_path
from quartiersnetz.opendata.tasks import next_run, request_dump, schedule_dump


class Command(BaseCommand):
    help = "Plant den nächsten nächtlichen Bau des Open-Data-Gesamtpakets im Task-Worker ein."

    def handle(self, *args: Any, **options: Any) -> None:
        if not dump_path().exists():
            first = request_dump()
            if options["verbosity"] >= 1:
                state = "enqueued" if first else "already waiting"
                self.stdout.write(f"open-data dump: none yet, first build {state}")
        added = schedule_dump()
        if options["verbosity"] >= 1:
            state = "scheduled" if added else "already waiting"
            self.stdout.write(f"open-data dump: {state} (next due {next_run()})")
