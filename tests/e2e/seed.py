"""Fast restore of the data that migrations seed, for live-server (transactional) tests.

A live-server test cannot run inside a transaction, so pytest-django flushes every table after
it – including the taxonomy, the ~11 000 municipalities, the curator group and the pre-seeded
organisations that data migrations load. Django's `serialized_rollback` restores them object by
object (about 10 s per test here); this module takes one in-memory snapshot of the freshly
migrated database and writes it back with `bulk_create` per model (well under a second).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model

# Tables that `flush` refills through post_migrate (so they are never empty afterwards).
_REFILLED_BY_POST_MIGRATE = {"django_content_type", "auth_permission"}
# Kept by database triggers on every write (also during a flush), never seeded data.
_DERIVED = {"core_tableversion", "core_rowchange"}


def _models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.db_table not in _DERIVED
    ]


@dataclass
class Snapshot:
    alias: str = DEFAULT_DB_ALIAS
    rows: dict[type[Model], list[Model]] = field(default_factory=dict)

    @classmethod
    def take(cls, alias: str = DEFAULT_DB_ALIAS) -> Snapshot:
        snapshot = cls(alias=alias)
        for model in _models():
            objects = list(model._base_manager.using(alias).order_by("pk"))
            if objects:
                snapshot.rows[model] = objects
        return snapshot

    def seeded_models(self) -> list[type[Model]]:
        return [m for m in self.rows if m._meta.db_table not in _REFILLED_BY_POST_MIGRATE]

    def restore(self) -> None:
        """Write the snapshot back into a flushed database."""
        with transaction.atomic(using=self.alias):
            for model in self.rows:
                model._base_manager.using(self.alias).all()._raw_delete(self.alias)
            for model, objects in self.rows.items():
                model._base_manager.using(self.alias).bulk_create(objects, batch_size=2000)
        ContentType.objects.clear_cache()


def database_is_seeded(snapshot: Snapshot | None = None, alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the data-migration rows are present (False right after a flush)."""
    models = snapshot.seeded_models() if snapshot else [
        m for m in _models() if m._meta.db_table not in _REFILLED_BY_POST_MIGRATE
    ]  # fmt: skip
    return any(model._base_manager.using(alias).exists() for model in models)


def pristine_snapshot(alias: str = DEFAULT_DB_ALIAS) -> Snapshot:
    """A snapshot of the database as migrations left it.

    Taken from the database itself when no transactional test has flushed it yet (pytest-django
    runs transactional tests after the others, and tests/e2e after the apps' tests); otherwise
    from Django's serialized copy, which exists when some test asked for `serialized_rollback`.
    """
    if not database_is_seeded(alias=alias):
        connection: Any = connections[alias]
        serialized = getattr(connection, "_test_serialized_contents", None)
        if serialized is None:
            raise RuntimeError(
                "The test database was flushed by a transactional test that ran before the "
                "browser tests, and no serialized copy exists to restore the migration data "
                "from. Run tests/e2e separately, or give that test serialized_rollback=True."
            )
        with transaction.atomic(using=alias):
            # Django's copy carries the content types and permissions that post_migrate
            # has just recreated (under new ids) after the flush.
            for model in (apps.get_model("auth", "Permission"), ContentType):
                model._base_manager.using(alias).all()._raw_delete(alias)
            connection.creation.deserialize_db_from_string(serialized)
        ContentType.objects.clear_cache()
    return Snapshot.take(alias)
