"""Helpers of the bulk loaders (`demo_data`, `scale_data`): planner statistics, deferred search
index, and the slug pattern that marks `scale_data` records."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection

from quartiersnetz.actors.models import Actor
from quartiersnetz.practices.models import Practice, PracticeActor, PracticeRating
from quartiersnetz.search import schema as search_schema
from quartiersnetz.search import sources as search_sources

# Slugs of generated records end in "-s<seed>-<n>"; demo_data tells its own records apart by it.
SCALE_SLUG_REGEX = r"-s[0-9]+-[0-9]+$"


def update_statistics() -> None:
    """Refresh the query planner's statistics after a bulk load.

    Without them SQLite picks the partial indexes of migration 0003 even where a full scan is
    cheaper (the text search got 2-3x slower in `make bench`); PostgreSQL's autovacuum would
    get there on its own, later.
    """
    tables = [Actor._meta.db_table] + [
        getattr(Actor, f).through._meta.db_table
        for f in ("spatial_fields", "action_fields", "approaches")
    ]
    tables += [Practice._meta.db_table, PracticeActor._meta.db_table]
    tables += [PracticeRating._meta.db_table]
    tables += [
        getattr(Practice, f).through._meta.db_table
        for f in ("action_fields", "approaches", "methods")
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            # nosemgrep: qn-sql-formatted -- table names of our models, quoted
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


@contextlib.contextmanager
def search_index_deferred(kinds: tuple[str, ...] = ("actor", "practice")) -> Iterator[None]:
    """Fill the search index once after a bulk load instead of row by row.

    `quartiersnetz.search.schema` keeps its index by row triggers on each source table
    (SQLite: an AFTER INSERT trigger into the FTS5 tables; PostgreSQL: a sync trigger into
    `search_document`); for tens of thousands of rows one rebuild is several times faster. The
    insert triggers are dropped for the load and `schema.ensure()` re-creates them and rebuilds
    exactly the kinds whose triggers were missing.
    """
    if connection.vendor not in ("sqlite", "postgresql"):
        yield
        return
    with connection.cursor() as cursor:
        for kind in kinds:
            source = search_sources.SOURCES_BY_KIND.get(kind)
            if source is None:
                continue
            if connection.vendor == "sqlite":
                # nosemgrep: qn-sql-formatted -- trigger name from search SOURCES
                cursor.execute(f"DROP TRIGGER IF EXISTS {source.triggers()[0]}")
            else:
                # nosemgrep: qn-sql-formatted -- names from search SOURCES
                cursor.execute(f"DROP TRIGGER IF EXISTS search_{kind}_sync ON {source.table}")
    try:
        yield
    finally:
        search_schema.ensure(connection)
