"""Make sure the worker has the next nightly build of the open-data dump waiting (run by
`make run` and once after a deployment; running it again adds nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartiersnetz.opendata.tasks import next_run, schedule_dump


class Command(BaseCommand):
    help = "Plant den nächsten nächtlichen Bau des Open-Data-Gesamtpakets im Task-Worker ein."

    def handle(self, *args: Any, **options: Any) -> None:
        added = schedule_dump()
        if options["verbosity"] >= 1:
            state = "scheduled" if added else "already waiting"
            self.stdout.write(f"open-data dump: {state} (next due {next_run()})")
