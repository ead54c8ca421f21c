"""Data versions kept by database triggers (quartiersnetz/core/versions.py), on both databases."""

from __future__ import annotations

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.core.models import TableVersion
from quartiersnetz.core.versions import data_version, table_versions, versioned_tables
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.taxonomy.models import ActionField

pytestmark = pytest.mark.django_db


def test_insert_update_delete_and_bulk_writes_each_change_the_version():
    seen = {data_version(Actor)}
    actor = OrganisationFactory()
    seen.add(data_version(Actor))
    actor.summary = "Neu"
    actor.save()
    seen.add(data_version(Actor))
    Actor.objects.filter(pk=actor.pk).update(summary="Ohne save()")  # no `updated` bump
    seen.add(data_version(Actor))
    actor.delete()
    seen.add(data_version(Actor))
    assert len(seen) == 5


def test_many_to_many_changes_change_the_models_version():
    practice = PracticeFactory()
    before = data_version(Practice)
    practice.action_fields.add(ActionField.objects.first())
    assert data_version(Practice) != before


def test_a_version_is_one_lookup_whatever_the_number_of_tables():
    with CaptureQueriesContext(connection) as ctx:
        data_version(Practice, Actor)
    assert len(ctx.captured_queries) == 1


def test_table_versions_report_time_and_count_of_changes():
    OrganisationFactory()
    ((changed_at, changes),) = table_versions(Actor)
    assert changed_at is not None
    assert changes >= 1


def test_every_base_model_table_is_versioned():
    tables = versioned_tables()
    assert {"actors_actor", "practices_practice", "practices_practice_action_fields"} <= set(tables)
    assert "events_registration" in tables
    assert "core_tableversion" not in tables


def test_migrate_repairs_dropped_triggers():
    if connection.vendor == "postgresql":
        drop = 'DROP TRIGGER "actors_actor_version" ON "actors_actor"'
    else:
        drop = 'DROP TRIGGER "actors_actor_version_insert"'
    with connection.cursor() as cursor:
        cursor.execute(drop)
    before = TableVersion.objects.filter(table_name="actors_actor").values_list("changes")
    count = before.first()[0] if before.exists() else 0
    OrganisationFactory()
    assert (before.first() or (0,))[0] == count  # not counted without the trigger
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    OrganisationFactory()
    assert before.first()[0] > count
