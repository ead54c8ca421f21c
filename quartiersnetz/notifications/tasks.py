"""Background work of notifications: handling the outbox of news (decision 0011).

`handle_news` claims the waiting `core.models.News` rows in batches, runs the handler of each
kind (`news.HANDLERS`), marks the rows handled and deletes handled rows after
`KEEP_HANDLED_DAYS`. It runs debounced after every transaction that recorded news (the topic
"news" of `core.changes`, subscribed in `apps.py`) and from cron as a backstop
(`manage.py handle_news`). Handlers are idempotent (unique notifications), so a row handled twice
— two workers on a database without SKIP LOCKED — notifies nobody twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from quartiersnetz.core.models import News
from quartiersnetz.core.tasks import enqueue_debounced

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
KEEP_HANDLED_DAYS = 30
# Short: followers and the other side of a message should hear soon; a burst becomes one run.
DEBOUNCE = timedelta(seconds=5)


def _claim(skip: set[int]) -> list[News]:
    waiting = News.objects.filter(handled_at__isnull=True).exclude(pk__in=skip).order_by("id")
    if connection.features.has_select_for_update_skip_locked:
        waiting = waiting.select_for_update(skip_locked=True)
    return list(waiting[:BATCH_SIZE])


def handle_waiting_news() -> int:
    """Handle every waiting row, batch by batch; the number of notifications made.

    Each batch is one transaction: its notifications and its rows' `handled_at` commit
    together. Each kind runs in a savepoint: when its handler fails, the error is logged, its
    rows stay waiting for the next run (nothing lost) and this run goes on without them — one
    broken kind or record never holds up the news behind it."""
    from .news import HANDLERS

    made = 0
    failed: set[int] = set()
    while True:
        with transaction.atomic():
            rows = _claim(failed)
            if not rows:
                break
            by_kind: dict[str, list[News]] = defaultdict(list)
            for row in rows:
                by_kind[row.kind].append(row)
            for kind, kind_rows in by_kind.items():
                handler = HANDLERS.get(kind)
                subject_ids = [row.subject_id for row in kind_rows]
                if handler is None:
                    logger.warning("news of unknown kind %r marked handled (%s)", kind, subject_ids)
                    continue
                try:
                    with transaction.atomic():
                        made += handler(subject_ids)
                except Exception:
                    logger.exception("news of kind %r left waiting (%s)", kind, subject_ids)
                    failed.update(row.pk for row in kind_rows)
            handled = [row.pk for row in rows if row.pk not in failed]
            News.objects.filter(pk__in=handled).update(handled_at=timezone.now())
    return made


def purge_handled_news(now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_HANDLED_DAYS)
    deleted, _ = News.objects.filter(handled_at__lt=cutoff).delete()
    return deleted


@task()
def handle_news() -> int:
    """Turn the waiting news into notifications; the number of notifications made."""
    made = handle_waiting_news()
    purge_handled_news()
    # Those who chose "sofort" hear now (Themenradar matches count too, so always ask).
    from .mail_tasks import send_immediate_mails

    send_immediate_mails.enqueue()
    return made


def schedule_handle_news() -> None:
    """Called after a transaction that recorded news: one run a few seconds later."""
    enqueue_debounced(handle_news, delay=DEBOUNCE)
