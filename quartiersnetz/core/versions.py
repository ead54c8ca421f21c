"""Data versions: `MAX(updated)` and `COUNT(*)` of tables, for caches that follow every change.

Every write through the services saves its record (bumping `updated`), and adding or deleting
changes the count, so caches keyed by a version follow every change in all processes without a
shared cache. One gap: two transactions that commit in the opposite order of their timestamps
leave `MAX(updated)` unchanged for the later commit; the caches' lifetimes bound that lag.
Scalar subqueries per table let both databases answer from the `updated` indexes (a combined
aggregate would scan the table).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import connection
from django.db.models import Model


def table_versions(*models: type[Model]) -> list[tuple[Any, int]]:
    """(MAX(updated), COUNT(*)) of each model's table, in one round trip."""
    quote = connection.ops.quote_name
    tables = [quote(model._meta.db_table) for model in models]
    # Table names from our own models only.
    parts = [f"(SELECT MAX(updated) FROM {t}), (SELECT COUNT(*) FROM {t})" for t in tables]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return [(row[i], int(row[i + 1] or 0)) for i in range(0, len(row), 2)]


def data_version(*models: type[Model]) -> str:
    """A short key that changes whenever a row of any of the models' tables changes."""
    raw = "|".join(f"{latest}|{total}" for latest, total in table_versions(*models))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]
