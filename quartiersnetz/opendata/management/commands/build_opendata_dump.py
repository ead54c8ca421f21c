"""Build the open-data dump now, in this process (cron without the worker, or a first build)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartiersnetz.opendata.dump import build_dump, dump_path


class Command(BaseCommand):
    help = "Baut das Open-Data-Gesamtpaket (ZIP) sofort in diesem Prozess."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = build_dump()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{dump_path()}: {counts}")
