"""The row-change log (decision 0012): when each row of an open-data table last changed.

A model opts in with `LOG_ROW_CHANGES = True`; its table then gets triggers (installed after
every `migrate`, like the data versions of core/versions.py) that upsert
`core_rowchange(table_name, row_id, changed_at)` on every insert, update and delete — also
through `QuerySet.update()`, bulk SQL and cascades. Its auto-created many-to-many tables and the
child models that name it in `LOG_ROW_CHANGES_OF` (a tuple of their foreign-key field names)
log the parent's row instead: adding an action field to a practice changes the practice's
record. The API's `updated_since` reads the log, so deletions and records that stopped being
public can be told as tombstones; nothing of the rows themselves is kept.

Times are the statement's clock (`clock_timestamp()` on PostgreSQL, the SQLite clock), taken
before the transaction commits: readers stay a few minutes behind the present
(`SYNC_HORIZON` in the API) so that a transaction still open cannot be stepped over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import ForeignKey, Model, Q

from .models import RowChange

LOG_TABLE = RowChange._meta.db_table
_PG_FUNCTION = "core_log_row_change"


@dataclass(frozen=True)
class LogSource:
    """Changes of `table` are logged as changes of `parent`'s row whose id is in `column`."""

    table: str
    parent: str
    column: str


def logged_models() -> list[type[Model]]:
    return sorted(
        (m for m in apps.get_models() if getattr(m, "LOG_ROW_CHANGES", False)),
        key=lambda m: m._meta.db_table,
    )


def log_sources() -> list[LogSource]:
    """Every table whose changes the log notes, with the row they count for."""
    logged = {model: model._meta.db_table for model in logged_models()}
    sources: list[LogSource] = []
    for model, table in logged.items():
        sources.append(LogSource(table, table, model._meta.pk.column))
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through is not None and through._meta.auto_created:
                column = m2m.m2m_column_name()
                sources.append(LogSource(through._meta.db_table, table, column))
    for model in apps.get_models():
        for name in getattr(model, "LOG_ROW_CHANGES_OF", ()):
            field = model._meta.get_field(name)
            if not isinstance(field, ForeignKey) or field.related_model not in logged:
                raise ImproperlyConfigured(
                    f"{model.__name__}.LOG_ROW_CHANGES_OF: {name} is no foreign key to a model "
                    "that logs its row changes"
                )
            parent_table = logged[field.related_model]  # type: ignore[index]
            sources.append(LogSource(model._meta.db_table, parent_table, field.column))
    return sources


def _sqlite_statements(source: LogSource, quote: Callable[[str], str]) -> list[str]:
    name = f"{source.table}_rowlog_{source.parent}"
    # Milliseconds padded to Django's six digits: the times are compared as text with the
    # times Django writes (a cursor's), and "…18.123" would sort before "…18.123000".
    now = "strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'"

    def upsert(ref: str) -> str:
        # Table and column names come from our own models (log_sources), never from input.
        return (
            f"INSERT INTO {quote(LOG_TABLE)} (table_name, row_id, changed_at) "
            f"SELECT '{source.parent}', {ref}.{quote(source.column)}, {now} "
            f"WHERE {ref}.{quote(source.column)} IS NOT NULL "
            "ON CONFLICT(table_name, row_id) DO UPDATE SET changed_at = excluded.changed_at"
        )

    bodies = {
        "INSERT": upsert("NEW"),
        "UPDATE": f"{upsert('NEW')}; {upsert('OLD')}",
        "DELETE": upsert("OLD"),
    }
    statements = []
    for event, body in bodies.items():
        trigger = quote(f"{name}_{event.lower()}")
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger}",
            f"CREATE TRIGGER {trigger} AFTER {event} ON {quote(source.table)} BEGIN {body}; END",
        ]
    return statements


def _postgresql_statements(source: LogSource, quote: Callable[[str], str]) -> list[str]:
    name = quote(f"{source.table}_rowlog_{source.parent}"[:63])
    return [
        f"DROP TRIGGER IF EXISTS {name} ON {quote(source.table)}",
        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {quote(source.table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {_PG_FUNCTION}('{source.parent}', '{source.column}')",
    ]


# Module constants only (the function reads the table and column from its trigger's arguments).
_PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger AS $$
DECLARE old_id bigint; new_id bigint;
BEGIN
  IF TG_OP <> 'INSERT' THEN old_id := (to_jsonb(OLD) ->> TG_ARGV[1])::bigint; END IF;
  IF TG_OP <> 'DELETE' THEN new_id := (to_jsonb(NEW) ->> TG_ARGV[1])::bigint; END IF;
  INSERT INTO {LOG_TABLE} (table_name, row_id, changed_at)
    SELECT TG_ARGV[0], id, clock_timestamp()
    FROM (SELECT DISTINCT id FROM unnest(ARRAY[old_id, new_id]) AS ids(id)) AS changed
    WHERE id IS NOT NULL
    ON CONFLICT (table_name, row_id) DO UPDATE SET changed_at = EXCLUDED.changed_at;
  RETURN NULL;
END $$ LANGUAGE plpgsql
"""  # noqa: S608


def install_row_change_triggers(connection: BaseDatabaseWrapper | None = None) -> list[str]:
    """(Re)install the logging triggers and note the rows that exist without a log entry
    (their `updated` time, or now): a first sync must see them. Returns the logged tables."""
    connection = connection or default_connection
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return []
    quote = connection.ops.quote_name
    existing = set(connection.introspection.table_names())
    if LOG_TABLE not in existing:
        return []
    sources = [s for s in log_sources() if s.table in existing and s.parent in existing]
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            # nosemgrep: qn-sql-formatted -- module constants only; no values
            cursor.execute(_PG_FUNCTION_SQL)
        for source in sources:
            statements = (
                _postgresql_statements(source, quote)
                if vendor == "postgresql"
                else _sqlite_statements(source, quote)
            )
            for statement in statements:
                cursor.execute(statement)  # our own table names only
        for model in logged_models():
            table = model._meta.db_table
            if table not in existing:
                continue
            stamp = "updated" if any(f.column == "updated" for f in model._meta.fields) else None
            when = quote(stamp) if stamp else "CURRENT_TIMESTAMP"
            # nosemgrep: qn-sql-formatted -- our own table and column names, quoted; no values
            cursor.execute(
                f"INSERT INTO {quote(LOG_TABLE)} (table_name, row_id, changed_at) "  # noqa: S608
                f"SELECT '{table}', {quote(model._meta.pk.column)}, {when} "
                f"FROM {quote(table)} WHERE true "
                "ON CONFLICT (table_name, row_id) DO NOTHING"
            )
    return sorted({s.parent for s in sources})


def changes_since(
    table: str,
    *,
    since: datetime,
    until: datetime,
    after: tuple[datetime, int] | None,
    limit: int,
) -> list[tuple[int, datetime]]:
    """(row id, time) of `table`'s rows changed after `since` up to `until`, in the order of
    their changes, continuing after `after` (the last (time, id) of the previous page)."""
    rows = RowChange.objects.filter(table_name=table, changed_at__gt=since, changed_at__lte=until)
    if after is not None:
        at, row_id = after
        rows = rows.filter(Q(changed_at__gt=at) | Q(changed_at=at, row_id__gt=row_id))
    return list(rows.order_by("changed_at", "row_id").values_list("row_id", "changed_at")[:limit])
