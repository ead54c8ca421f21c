"""Keeping the index: repair after a table re-creation, the rebuild command."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.search import schema, sources
from quartiersnetz.search.backends import search

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return [h.title for h in search(query, kinds=["practice"]).hits]


def test_rebuild_command_and_check(capsys):
    PracticeFactory(title="Kulturort am Hafen")
    call_command("rebuild_search_index")
    out = capsys.readouterr().out
    assert "Suchindex neu aufgebaut: practice, actor, publication, event, project, alliance." in out
    call_command("rebuild_search_index", "--check")
    assert "Suchindex in Ordnung." in capsys.readouterr().out
    assert found("Hafen") == ["Kulturort am Hafen"]
    assert found("Ort") == ["Kulturort am Hafen"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")
def test_dropped_triggers_are_recreated_and_the_index_rebuilt():
    # What Django's SQLite schema editor does to a table when a column changes.
    with connection.cursor() as cursor:
        for trigger in sources.SOURCES_BY_KIND["practice"].triggers():
            cursor.execute(f"DROP TRIGGER {trigger}")
    Practice.objects.bulk_create(
        [
            PracticeFactory.build(
                title="Ohne Trigger geschrieben", organisation=OrganisationFactory()
            )
        ]
    )
    assert found("Trigger") == []
    assert schema.ensure(connection) == ["practice"]
    assert found("Trigger") == ["Ohne Trigger geschrieben"]
    assert schema.ensure(connection) == []
    assert schema.integrity_check(connection) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
def test_dropped_triggers_are_recreated_and_the_documents_rebuilt():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_practice_sync ON practices_practice")
    Practice.objects.bulk_create(
        [
            PracticeFactory.build(
                title="Ohne Trigger geschrieben", organisation=OrganisationFactory()
            )
        ]
    )
    assert found("Trigger") == []
    assert schema.ensure(connection) == ["practice"]
    assert found("Trigger") == ["Ohne Trigger geschrieben"]
    assert schema.ensure(connection) == []
    assert schema.integrity_check(connection) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
def test_truncate_empties_the_documents_of_that_kind():
    PracticeFactory(title="Wird geleert")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks before TRUNCATE
        cursor.execute("TRUNCATE practices_practice CASCADE")
        cursor.execute("SELECT COUNT(*) FROM search_document WHERE kind = 'practice'")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT COUNT(*) FROM search_document WHERE kind = 'publication'")
        assert cursor.fetchone()[0] > 0  # the seed


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL configuration")
def test_german_unaccent_configuration():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('german_unaccent', 'Bürgerinnen Straße Städte')::text")
        assert cursor.fetchone()[0] == "'burgerinn':1 'stadt':3 'strass':2"


def test_migrate_repairs_dropped_triggers_through_post_migrate():
    from django.core.management.sql import emit_post_migrate_signal

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER search_actor_ai")
        else:
            cursor.execute("DROP TRIGGER search_actor_sync ON actors_actor")
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert schema.ensure(connection) == []
    OrganisationFactory(name="Nach der Reparatur angelegt")
    assert [h.title for h in search("Reparatur", kinds=["actor"]).hits] == [
        "Nach der Reparatur angelegt"
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
def test_other_apps_can_still_change_indexed_column_types():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE practices_practice ALTER COLUMN title TYPE varchar(300)")
    PracticeFactory(title="Nach der Typänderung")
    assert found("Typänderung") == ["Nach der Typänderung"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
def test_updates_of_other_columns_leave_the_document_alone():
    practice = PracticeFactory(title="Unverändert")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xmin::text FROM search_document WHERE kind = 'practice' AND object_id = %s",
            [practice.pk],
        )
        before = cursor.fetchone()[0]
        cursor.execute("SAVEPOINT s1")  # a new subtransaction: a rewritten row gets a new xmin
        Practice.objects.filter(pk=practice.pk).update(start_year=2001)
        cursor.execute(
            "SELECT xmin::text FROM search_document WHERE kind = 'practice' AND object_id = %s",
            [practice.pk],
        )
        assert cursor.fetchone()[0] == before
        Practice.objects.filter(pk=practice.pk).update(summary="Jetzt mit Kulturort")
        cursor.execute(
            "SELECT xmin::text FROM search_document WHERE kind = 'practice' AND object_id = %s",
            [practice.pk],
        )
        assert cursor.fetchone()[0] != before
