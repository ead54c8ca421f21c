"""Handle the waiting news now: the cron backstop of the debounced worker task (decision 0011).

Run every few minutes (cron or a systemd timer, see docs/operations.md, "Scheduled work").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartiersnetz.notifications import mail
from quartiersnetz.notifications.models import Delivery
from quartiersnetz.notifications.tasks import handle_waiting_news, purge_handled_news


class Command(BaseCommand):
    help = "Macht aus wartenden Neuigkeiten Benachrichtigungen und löscht alte verarbeitete."

    def handle(self, *args: Any, **options: Any) -> None:
        made = handle_waiting_news()
        purged = purge_handled_news()
        # Without a worker, cron is the only sender of the mails chosen as "sofort".
        mailed = mail.send(Delivery.IMMEDIATE)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{made} notification(s) made, {mailed} immediate mail(s) sent, "
                f"{purged} old news row(s) deleted."
            )
