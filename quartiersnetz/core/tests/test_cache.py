"""The throttle cache: a database table every worker shares, with atomic increments."""

from __future__ import annotations

import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.utils import timezone

from quartiersnetz.core.cache import AtomicDatabaseCache

TABLE = "quartiersnetz_cache"


def worker_cache() -> AtomicDatabaseCache:
    """A cache object of its own, as a separate gunicorn worker would create."""
    cache = caches.create_connection("throttle")
    assert isinstance(cache, AtomicDatabaseCache)
    return cache


def stored_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")  # noqa: S608 - constant
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_two_cache_objects_share_one_counter():
    first, second = worker_cache(), worker_cache()
    assert first is not second
    assert first.add("hits", 1, 60)
    assert not second.add("hits", 1, 60)
    assert second.incr("hits") == 2
    assert first.incr("hits", 5) == 7
    assert first.decr("hits") == 6
    assert second.get("hits") == 6
    assert stored_rows() == 1


@pytest.mark.django_db
def test_incr_of_a_missing_or_expired_key_raises():
    cache = worker_cache()
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")
    cache.set("old", 3, 60)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET expires = %s",  # noqa: S608 - constant
            [connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(seconds=5))],
        )
    with pytest.raises(ValueError, match="not found"):
        cache.incr("old")


@pytest.mark.django_db
def test_migrate_creates_the_cache_table():
    from importlib import import_module

    migration = import_module("quartiersnetz.core.migrations.0002_cache_table")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {TABLE}")
    assert TABLE not in connection.introspection.table_names()
    migration.create_cache_tables(None, SimpleNamespace(connection=connection))
    assert TABLE in connection.introspection.table_names()
    assert worker_cache().add("fresh", 1, 60)


# serialized_rollback: the flush afterwards must not re-create content types with new ids under a
# later serialized-rollback test (events' concurrency tests load the serialized ones back).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_increments_lose_nothing():
    if connection.vendor != "postgresql":
        pytest.skip("threads need separate connections to one database (PostgreSQL)")
    worker_cache().add("burst", 0, 60)
    errors: list[BaseException] = []

    def count() -> None:
        try:
            cache = worker_cache()
            for _ in range(25):
                cache.incr("burst")
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert worker_cache().get("burst") == 100
