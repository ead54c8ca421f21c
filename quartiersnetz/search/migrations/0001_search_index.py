"""The search index: SQLite FTS5 tables + triggers, or PostgreSQL expression indexes.

See quartiersnetz/search/schema.py and docs/decisions/0003-search.md.
"""

from django.db import migrations


def install(apps, schema_editor):
    from quartiersnetz.search import schema

    schema.install(schema_editor.connection, schema.KINDS_BY_MIGRATION["0001_search_index"])


def uninstall(apps, schema_editor):
    from quartiersnetz.search import schema

    schema.uninstall(schema_editor.connection, schema.KINDS_BY_MIGRATION["0001_search_index"])


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        ("actors", "0006_sector_place_index"),
        ("publications", "0003_curator_publication_perms"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
