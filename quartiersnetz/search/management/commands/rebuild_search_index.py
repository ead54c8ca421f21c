"""Fill the search index anew from the records (after a restore or a bulk import by SQL)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from quartiersnetz.search import schema


class Command(BaseCommand):
    help = (
        "Baut den Suchindex neu auf (Praxisbeispiele, Mitwirkende, Impulse, Werkstätten, "
        "Vorhaben; SQLite: FTS5-Tabellen, PostgreSQL: Tabelle search_document)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--check",
            action="store_true",
            help="Nur prüfen (Einträge je Datensatz, FTS5 integrity-check), nichts neu aufbauen.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        kinds = schema.installed_kinds(connection)
        if not kinds:
            raise CommandError("Der Suchindex ist nicht installiert (manage.py migrate search).")
        if options["check"]:
            problems = schema.integrity_check(connection, kinds)
            if problems:
                raise CommandError("Suchindex fehlerhaft: " + "; ".join(problems))
            self.stdout.write(self.style.SUCCESS("Suchindex in Ordnung."))
            return
        with transaction.atomic(using=options["database"]):
            done = schema.rebuild(connection, kinds)
        self.stdout.write(self.style.SUCCESS(f"Suchindex neu aufgebaut: {', '.join(done)}."))
