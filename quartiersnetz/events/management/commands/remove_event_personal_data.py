"""Anonymise the registrations of events that ended longer ago than the retention period.

Run daily (cron or a systemd timer, see docs/operations.md). Names become "anonymisiert",
e-mail addresses unique, never deliverable placeholders; answers to the questions are
cleared. Statuses and attendance stay, so the numbers of participants remain.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from quartiersnetz.events.registration_services import (
    events_due_for_personal_data_removal,
    events_remove_personal_data,
)


class Command(BaseCommand):
    help = (
        "Anonymisiert Anmeldungen von Veranstaltungen, die länger als "
        "EVENTS_PERSONAL_DATA_RETENTION_DAYS zurückliegen."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts ändern.")

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.EVENTS_PERSONAL_DATA_RETENTION_DAYS
        if options["dry_run"]:
            due = events_due_for_personal_data_removal()
            self.stdout.write(f"{len(due)} event(s) ended more than {days} days ago (dry run).")
            return
        events, registrations = events_remove_personal_data()
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            f"Anonymised {registrations} registration(s) of {events} event(s) "
            f"that ended more than {days} days ago."
        )
