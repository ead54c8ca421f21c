"""Installing and keeping the search index inside the database, on SQLite and PostgreSQL.

What is indexed is defined in `sources.py`; how, per database, in `sqlite_index.py` (FTS5
tables and triggers) and `postgres_index.py` (one document table, trigger functions). This
module is what the migrations, the `post_migrate` handler (`apps.py`) and the management
command call; it picks the kinds and hands them to the connection's vendor:

`install()` creates everything (migrations 0001 and 0002, each for its kinds), `ensure()`
re-creates what is missing and rebuilds what may be stale (after every `migrate`: Django's
SQLite schema editor re-creates a table for many column changes and drops its triggers with
it; PostgreSQL drops a column's triggers with the column), `rebuild()` fills the index anew
(management command `rebuild_search_index`), `integrity_check()` compares it with the
source tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.db.backends.base.base import BaseDatabaseWrapper

from . import postgres_index, sqlite_index
from .sources import ALL_KINDS, SOURCES, Source

# The kinds each migration of this app installs (post_migrate repairs only installed kinds).
KINDS_BY_MIGRATION: dict[str, tuple[str, ...]] = {
    "0001_search_index": ("practice", "actor", "publication"),
    "0002_events_projects": ("event", "project"),
    "0003_alliances": ("alliance",),
    "0004_practice_terms": ("practice",),
}


def _sources(
    kinds: Iterable[str] | None, connection: BaseDatabaseWrapper | None = None
) -> list[Source]:
    wanted = set(ALL_KINDS if kinds is None else kinds)
    sources = [s for s in SOURCES if s.kind in wanted]
    return [_existing_columns(s, connection) for s in sources] if connection else sources


def _existing_columns(source: Source, connection: BaseDatabaseWrapper) -> Source:
    """The source without the table columns a migration adds later (`Practice.terms`): an
    early migration of this app installs its kinds before that column exists; the migration
    that adds it to the index re-creates the kind."""
    with connection.cursor() as cursor:
        present = {
            c.name for c in connection.introspection.get_table_description(cursor, source.table)
        }
    derived = {name for name, _sql in source.derived}
    columns = tuple(c for c in source.columns if c[0] in present or c[0] in derived)
    return source if columns == source.columns else replace(source, columns=columns)


def installed_kinds(connection: BaseDatabaseWrapper) -> tuple[str, ...]:
    """The kinds whose migration is applied on this database."""
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return ()
    applied = {name for app, name in recorder.applied_migrations() if app == "search"}
    kinds = [k for name, ks in KINDS_BY_MIGRATION.items() if name in applied for k in ks]
    return tuple(k for k in ALL_KINDS if k in kinds)


def install(connection: BaseDatabaseWrapper, kinds: Iterable[str] | None = None) -> None:
    """Create the index of `kinds` (default: all) and fill it. Idempotent."""
    sources = _sources(kinds, connection)
    if connection.vendor == "sqlite":
        sqlite_index.install(connection, sources)
    elif connection.vendor == "postgresql":
        postgres_index.install(connection, sources)


def uninstall(
    connection: BaseDatabaseWrapper, kinds: Iterable[str] | None = None, *, shared: bool = True
) -> None:
    """Drop the index of `kinds` (default: all); `shared` also drops what all kinds share.

    On SQLite the municipality mirror goes with the kinds that read it, whatever `shared`."""
    sources = _sources(kinds, connection)
    if connection.vendor == "sqlite":
        sqlite_index.uninstall(connection, sources)
    elif connection.vendor == "postgresql":
        postgres_index.uninstall(connection, sources, shared=shared)


def ensure(connection: BaseDatabaseWrapper, kinds: Iterable[str] | None = None) -> list[str]:
    """Re-create what is missing and rebuild each kind whose triggers were missing.

    `kinds` defaults to all. Returns the kinds that were repaired (empty when all was in
    place).
    """
    sources = _sources(kinds, connection)
    if connection.vendor == "sqlite":
        return sqlite_index.ensure(connection, sources)
    if connection.vendor == "postgresql":
        return postgres_index.ensure(connection, sources)
    return []


def rebuild(connection: BaseDatabaseWrapper, kinds: Iterable[str] | None = None) -> list[str]:
    """Fill the index of `kinds` (default: all) anew from the source tables."""
    sources = _sources(kinds, connection)
    ensure(connection, kinds)
    if connection.vendor == "sqlite":
        sqlite_index.rebuild(connection, sources)
    elif connection.vendor == "postgresql":
        postgres_index.rebuild(connection, sources)
    return [source.kind for source in sources]


def integrity_check(
    connection: BaseDatabaseWrapper, kinds: Iterable[str] | None = None
) -> list[str]:
    """SQLite: FTS5's own check (and, for public-only kinds, one entry per visible row);
    PostgreSQL: every indexed row has its document and no document is left over."""
    sources = _sources(kinds, connection)
    if connection.vendor == "sqlite":
        return sqlite_index.integrity_check(connection, sources)
    if connection.vendor == "postgresql":
        return postgres_index.integrity_check(connection, sources)
    return []
