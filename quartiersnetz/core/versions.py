"""Data versions: a per-table change counter kept by database triggers, for caches that follow
every change.

Every table of a `BaseModel` has a row in `core_tableversion`; triggers installed after each
`migrate` (`install_version_triggers`, connected to `post_migrate` in `CoreConfig.ready`) count
its inserts, updates and deletes and note the time (PostgreSQL once per statement, SQLite per
row). Reading a version is one primary-key lookup whatever the size of the tables — `COUNT(*)`,
the previous approach, grew with the data (0.3 ms on SQLite and several ms on PostgreSQL at
50 000 rows) — and a change becomes visible exactly when its transaction commits, so there is
no window in which a cache keyed by the old version is refilled with new data or vice versa.
Writes through bulk SQL (`QuerySet.update`, raw SQL) are counted too; only `TRUNCATE` (test
flushes) is not, and a table without a row yet reads as version 0.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from .models import BaseModel, TableVersion

VERSION_TABLE = TableVersion._meta.db_table
_PG_FUNCTION = "core_count_table_change"


def versioned_tables() -> list[str]:
    """The tables of every concrete `BaseModel` (and their auto-created M2M tables)."""
    tables: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        if issubclass(model, BaseModel):
            tables.add(model._meta.db_table)
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                if through is not None and through._meta.auto_created:
                    tables.add(through._meta.db_table)
    return sorted(tables)


def _trigger_sql(vendor: str, table: str, quote: Any) -> list[str]:
    name = f"{table}_version"
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {quote(name)} ON {quote(table)}",
            f"CREATE TRIGGER {quote(name)} AFTER INSERT OR UPDATE OR DELETE ON {quote(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_PG_FUNCTION}()",
        ]
    # Table names come from our own models (versioned_tables), never from input.
    upsert = (
        f"INSERT INTO {quote(VERSION_TABLE)} (table_name, changes, changed_at) "  # noqa: S608
        f"VALUES ('{table}', 1, strftime('%Y-%m-%d %H:%M:%f', 'now')) "
        f"ON CONFLICT(table_name) DO UPDATE SET changes = changes + 1, "
        f"changed_at = excluded.changed_at"
    )
    statements = []
    for event in ("INSERT", "UPDATE", "DELETE"):
        trigger = quote(f"{name}_{event.lower()}")
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger}",
            f"CREATE TRIGGER {trigger} AFTER {event} ON {quote(table)} BEGIN {upsert}; END",
        ]
    return statements


def install_version_triggers(
    connection: BaseDatabaseWrapper | None = None, tables: Iterable[str] | None = None
) -> list[str]:
    """(Re)install the counting triggers on `tables` (default: every versioned table)."""
    connection = connection or default_connection
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return []
    quote = connection.ops.quote_name
    existing = set(connection.introspection.table_names())
    if VERSION_TABLE not in existing:
        return []
    chosen = [t for t in (tables or versioned_tables()) if t in existing]
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            # nosemgrep: qn-sql-formatted -- module constants, quoted; no values
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger AS $$ BEGIN "  # noqa: S608
                f"INSERT INTO {quote(VERSION_TABLE)} (table_name, changes, changed_at) "
                "VALUES (TG_TABLE_NAME, 1, clock_timestamp()) ON CONFLICT (table_name) DO UPDATE "
                f"SET changes = {quote(VERSION_TABLE)}.changes + 1, "
                "changed_at = EXCLUDED.changed_at; RETURN NULL; END $$ LANGUAGE plpgsql"
            )
        for table in chosen:
            for statement in _trigger_sql(vendor, table, quote):
                cursor.execute(statement)  # our own table names only
    return chosen


def table_versions(*models: type[Model]) -> list[tuple[Any, int]]:
    """(time of the last change, number of changes) of each model's table, in one lookup."""
    names = [model._meta.db_table for model in models]
    rows = {
        name: (changed_at, changes)
        for name, changes, changed_at in TableVersion.objects.filter(
            table_name__in=names
        ).values_list("table_name", "changes", "changed_at")
    }
    return [rows.get(name, (None, 0)) for name in names]


def _with_m2m_tables(models: Iterable[type[Model]]) -> list[type[Model]]:
    """The models plus the auto-created tables of their many-to-many fields."""
    result: list[type[Model]] = []
    for model in models:
        result.append(model)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through is not None and through._meta.auto_created:
                result.append(through)
    return result


def data_version_and_latest(*models: type[Model]) -> tuple[str, Any]:
    """`data_version` and the time of the latest change of those tables (None if unknown), from
    the same single lookup."""
    versions = table_versions(*_with_m2m_tables(models))
    raw = "|".join(f"{latest}|{total}" for latest, total in versions)
    stamps = [latest for latest, _total in versions if latest is not None]
    return hashlib.sha256(raw.encode()).hexdigest()[:16], max(stamps, default=None)


def data_version(*models: type[Model]) -> str:
    """A short key that changes whenever a row of the models' tables (or of their many-to-many
    tables) changes."""
    raw = "|".join(
        f"{latest}|{total}" for latest, total in table_versions(*_with_m2m_tables(models))
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:16]
