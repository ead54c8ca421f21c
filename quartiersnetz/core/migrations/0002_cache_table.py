"""The table of the database cache (`CACHES["throttle"]`, see quartiersnetz/core/cache.py).

`migrate` creates it, so `make run` on a fresh clone and every test database have it without a
separate `createcachetable` step. Creates the table of every configured database cache and
nothing when none is configured (production with REDIS_URL); idempotent.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_table_version")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
