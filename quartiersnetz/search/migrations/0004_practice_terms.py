"""Practices are found by the names of their taxonomy terms (`Practice.terms`, issue 12): the
practice index is re-created with that column.

See quartiersnetz/search/schema.py and docs/decisions/0003-search.md.
"""

from django.db import migrations

KINDS = ("practice",)


def reinstall(apps, schema_editor):
    from quartiersnetz.search import schema

    schema.uninstall(schema_editor.connection, KINDS, shared=False)
    schema.install(schema_editor.connection, KINDS)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_alliances"),
        ("practices", "0005_practice_terms"),
    ]

    operations = [migrations.RunPython(reinstall, reinstall, elidable=False)]
