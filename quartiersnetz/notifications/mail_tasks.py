"""The worker's e-mail tasks of notifications (composing and sending is in `mail.py`).

`send_immediate_mails` runs after the news handler made notifications. `send_digests` runs
daily and weekly; in the worker it schedules its own next run (daily at
NOTIFICATIONS_DIGEST_HOUR, weekly on Mondays), and `manage.py schedule_digests` (run by
`make run`, or once after a deployment) makes sure one of each is waiting. A cron job calling
`manage.py send_digests --frequency daily|weekly` does the same without the worker.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from quartiersnetz.core.tasks import is_waiting

from . import mail
from .models import Delivery

FREQUENCIES = (Delivery.DAILY, Delivery.WEEKLY)


@task()
def send_immediate_mails() -> int:
    """Mail the new notifications whose delivery is "immediate"; the number of mails."""
    return mail.send(Delivery.IMMEDIATE)


@task()
def send_digests(frequency: str) -> int:
    """Mail the daily or weekly digests, then schedule the next run; the number of mails."""
    if frequency not in FREQUENCIES:
        raise ValueError(f"unknown digest frequency {frequency!r}")
    sent = mail.send(frequency)
    schedule_digest(frequency)
    return sent


def schedule_digest(frequency: str) -> bool:
    """Enqueue the next `frequency` digest at its time unless one is waiting (or the task
    backend cannot run tasks later, as the tests' immediate one); whether one was enqueued."""
    if not send_digests.get_backend().supports_defer:
        return False
    with transaction.atomic():
        if is_waiting(send_digests, frequency):
            return False
        send_digests.using(run_after=mail.next_run(frequency)).enqueue(frequency)
    return True
