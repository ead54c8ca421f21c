"""Werkstätten (events) and Vorhaben (projects) in the search index: public rows only.

See quartiersnetz/search/schema.py and docs/decisions/0003-search.md.
"""

from django.db import migrations

KINDS = ("event", "project")


def install(apps, schema_editor):
    from quartiersnetz.search import schema

    schema.install(schema_editor.connection, KINDS)


def uninstall(apps, schema_editor):
    from quartiersnetz.search import schema

    schema.uninstall(schema_editor.connection, KINDS, shared=False)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_index"),
        ("places", "0004_municipality_label_unique"),
        ("events", "0003_seed_events"),
        ("projects", "0002_learning_updated_index"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
