"""Delete the contact threads whose last message is older than CONTACT_RETENTION_DAYS.

Run daily (cron or a systemd timer, see docs/operations.md); `make run` runs it at each start.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from quartiersnetz.contact.models import Thread
from quartiersnetz.contact.services import threads_delete_expired


class Command(BaseCommand):
    help = "Löscht Unterhaltungen, deren letzte Nachricht älter als CONTACT_RETENTION_DAYS ist."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts ändern.")

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.CONTACT_RETENTION_DAYS
        if options["dry_run"]:
            cutoff = timezone.now() - timedelta(days=days)
            due = Thread.objects.filter(last_message_at__lt=cutoff).count()
            self.stdout.write(f"{due} thread(s) older than {days} days (dry run).")
            return
        deleted = threads_delete_expired()
        if options["verbosity"] < 1:
            return
        self.stdout.write(f"Deleted {deleted} thread(s) older than {days} days.")
