"""Bring the municipality table in line with quartiersnetz/places/data/municipalities.csv."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from quartiersnetz.places.importer import DATA_FILE, read_rows, sync_municipalities
from quartiersnetz.places.models import Municipality


class Command(BaseCommand):
    help = (
        "Create missing and update changed municipalities from the project's data file "
        "(after rebuilding it with build_municipality_data). Nothing is deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", type=Path, default=DATA_FILE)

    def handle(self, *args: Any, source: Path, **options: Any) -> None:
        if not source.exists():
            raise CommandError(f"{source} does not exist")
        with transaction.atomic():
            created, updated = sync_municipalities(Municipality, read_rows(source))
        self.stdout.write(f"created {created}, updated {updated} municipalities from {source}")
