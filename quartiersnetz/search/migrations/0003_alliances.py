"""Allianzen in the search index: public (not hidden) rows only.

See quartiersnetz/search/schema.py and docs/decisions/0003-search.md.
"""

from django.db import migrations

KINDS = ("alliance",)


def install(apps, schema_editor):
    from quartiersnetz.search import schema

    schema.install(schema_editor.connection, KINDS)


def uninstall(apps, schema_editor):
    from quartiersnetz.search import schema

    schema.uninstall(schema_editor.connection, KINDS, shared=False)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_events_projects"),
        ("alliances", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
