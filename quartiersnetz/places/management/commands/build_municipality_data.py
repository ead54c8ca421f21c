"""Rebuild quartiersnetz/places/data/municipalities.csv from the Destatis extract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quartiersnetz.places.importer import DATA_FILE, build_rows, write_rows


class Command(BaseCommand):
    help = "Build the project's municipality data file from the GV-ISys CSV extract."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="gemeindeverzeichnis-*.csv (UTF-8, BOM)")
        parser.add_argument("--output", type=Path, default=DATA_FILE)

    def handle(self, *args: Any, source: Path, output: Path, **options: Any) -> None:
        if not source.exists():
            raise CommandError(f"{source} does not exist")
        count = write_rows(build_rows(source), output)
        self.stdout.write(f"wrote {count} municipalities to {output}")
