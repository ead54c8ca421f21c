"""Fan-out: notifications for the followers of a record's targets, in batches.

The building block of the worker's news handlers (`news.py`, decision 0011): given a public
record and the targets it belongs to (its actors, terms, Bundesland …), every user following any
of them gets one notification; `notify_users` tells the people directly concerned. Rows are
written with `bulk_create(ignore_conflicts=True)` under the unique constraint on recipient, kind
and subject, so running it again for the same record adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .models import Follow, Notification

BATCH_SIZE = 1000


@transaction.atomic
def notify_followers(
    *,
    kind: str,
    subject_type: str,
    subject_id: Any,
    title: str,
    url: str,
    targets: Iterable[tuple[str, Any]],
    exclude_user_ids: Iterable[int | None] = (),
) -> int:
    """Notify each follower of any of `targets` once about the subject; the rows attempted.

    The caller passes only public records (hidden and draft records never notify).
    """
    pairs = {(target, str(key)) for target, key in targets}
    if not pairs:
        return 0
    by_target: dict[str, set[str]] = {}
    for target, key in pairs:
        by_target.setdefault(target, set()).add(key)
    recipients: set[int] = set()
    for target, keys in by_target.items():
        recipients.update(
            Follow.objects.filter(target=target, key__in=keys).values_list("user_id", flat=True)
        )
    recipients.difference_update(exclude_user_ids)
    return notify_users(
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        title=title,
        url=url,
        user_ids=recipients,
    )


@transaction.atomic
def notify_users(
    *,
    kind: str,
    subject_type: str,
    subject_id: Any,
    title: str,
    url: str,
    user_ids: Iterable[int | None],
) -> int:
    """Notify the given users directly (not followers: the other side of a connection, the
    person promoted from a waiting list …) once about the subject; the rows attempted.

    One parameterised INSERT per batch of BATCH_SIZE users, run with `executemany` (a C loop
    in sqlite3, a pipeline in psycopg) rather than `bulk_create`: building ten thousand model
    instances and their SQL took 95 % of a fan-out's time and grew faster than linearly
    (bench/notifications.py). `ON CONFLICT DO NOTHING` under the unique constraint on
    recipient, kind and subject makes a rerun add nothing."""
    recipients = sorted({pk for pk in user_ids if pk is not None})
    if not recipients:
        return 0
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    values = (kind, subject_type, str(subject_id), title[:300], url[:500], created)
    sql = _insert_sql()
    with connection.cursor() as cursor:
        for start in range(0, len(recipients), BATCH_SIZE):
            batch = recipients[start : start + BATCH_SIZE]
            cursor.executemany(sql, [(pk, *values) for pk in batch])
    return len(recipients)


def _insert_sql() -> str:
    """INSERT … ON CONFLICT DO NOTHING (SQLite ≥ 3.24, PostgreSQL) for one notification."""
    quote = connection.ops.quote_name
    columns = ("recipient_id", "kind", "subject_type", "subject_id", "title", "url", "created")
    return (
        f"INSERT INTO {quote(Notification._meta.db_table)} "  # noqa: S608 -- our names, quoted
        f"({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT DO NOTHING"
    )
