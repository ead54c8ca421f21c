"""Mail the daily or weekly digests of notifications now (for cron; the worker schedules the
same task itself, see docs/operations.md, "Scheduled work")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from quartiersnetz.notifications import mail
from quartiersnetz.notifications.mail_tasks import FREQUENCIES


class Command(BaseCommand):
    help = "Versendet die täglichen oder wöchentlichen Sammel-E-Mails der Benachrichtigungen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--frequency", choices=[str(f) for f in FREQUENCIES], required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = mail.send(options["frequency"])
        if options["verbosity"] >= 1:
            self.stdout.write(f"{sent} {options['frequency']} digest(s) sent.")
