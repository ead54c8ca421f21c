"""Partial indexes over the visible profiles, for the directory (found by `make bench`).

Django compiles `filter(is_hidden=False)` to `WHERE NOT "is_hidden"`. SQLite cannot use the
composite index (is_hidden, name) for that term, so the directory list sorted all rows for
every page (`SCAN actors_actor` + `USE TEMP B-TREE FOR ORDER BY`) and the facet counts read
every full row. Partial indexes whose condition is exactly that term are used by SQLite (and
by PostgreSQL) for the list order and, as covering indexes, for the kind, sector and
Bundesland counts (is_hidden is part of those indexes only to make them covering: SQLite
does not treat the partial-index condition as a stored column). See docs/benchmarks.md for
the query plans and figures.

Database-only (SeparateDatabaseAndState): the model state is unchanged, so
`makemigrations --check` stays clean. If Actor.Meta.indexes later declares the same
indexes, move them into state_operations instead of creating them twice.

Without planner statistics SQLite prefers a partial index even where it must then visit every
row (the LIKE text search got 2-3x slower), so this migration runs ANALYZE, and so do the
bulk-loading commands (demo_data, scale_data). Keeping statistics current on a growing
database (PRAGMA optimize) is an operations task; see docs/benchmarks.md.
"""

from django.db import migrations, models
from django.db.models import Q

VISIBLE = Q(is_hidden=False)

INDEXES = [
    models.Index(fields=["name", "id"], condition=VISIBLE, name="actor_visible_name_idx"),
    models.Index(fields=["kind", "is_hidden"], condition=VISIBLE, name="actor_visible_kind_idx"),
    models.Index(
        fields=["sector", "is_hidden"], condition=VISIBLE, name="actor_visible_sector_idx"
    ),
    models.Index(
        fields=["municipality", "is_hidden"],
        condition=VISIBLE,
        name="actor_visible_municipality_idx",
    ),
]


def analyze(apps, schema_editor):
    """Give the planner statistics, or SQLite prefers these indexes even for full scans."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("ANALYZE")
    elif vendor == "postgresql":
        schema_editor.execute("ANALYZE actors_actor")


class Migration(migrations.Migration):
    dependencies = [("actors", "0002_seed_organisations")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AddIndex("actor", index) for index in INDEXES],
            state_operations=[],
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
