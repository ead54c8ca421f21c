"""Make sure the worker has the next daily and weekly digest waiting (run by `make run` and once
after a deployment; running it again adds nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartiersnetz.notifications.mail import next_run
from quartiersnetz.notifications.mail_tasks import FREQUENCIES, schedule_digest


class Command(BaseCommand):
    help = "Plant die nächsten täglichen und wöchentlichen Sammel-E-Mails im Task-Worker ein."

    def handle(self, *args: Any, **options: Any) -> None:
        for frequency in FREQUENCIES:
            added = schedule_digest(frequency)
            if options["verbosity"] >= 1:
                state = "scheduled" if added else "already waiting"
                self.stdout.write(f"{frequency} digest: {state} (next due {next_run(frequency)})")
