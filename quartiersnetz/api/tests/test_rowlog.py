"""The row-change log (core/rowlog.py) behind `updated_since`: every way a row changes is
noted — also bulk updates, deletions, many-to-many and child rows — for the parent record."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.core.models import RowChange
from quartiersnetz.core.rowlog import install_row_change_triggers, log_sources
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeActorFactory, PracticeFactory
from quartiersnetz.taxonomy.models import ActionField

pytestmark = pytest.mark.django_db(transaction=False)

PRACTICES = Practice._meta.db_table


def _stamp(table, pk):
    return RowChange.objects.get(table_name=table, row_id=pk).changed_at


def _later():
    time.sleep(0.005)  # the SQLite clock counts milliseconds


def test_sources_cover_the_records_their_relations_and_children():
    sources = {(s.table, s.parent) for s in log_sources()}
    assert (PRACTICES, PRACTICES) in sources
    assert ("practices_practice_action_fields", PRACTICES) in sources
    assert ("practices_practiceactor", PRACTICES) in sources
    assert ("publications_attachment", "publications_publication") in sources
    assert ("actors_actor", "actors_actor") in sources


def test_insert_update_bulk_update_and_delete_are_noted():
    practice = PracticeFactory()
    created = _stamp(PRACTICES, practice.pk)
    _later()
    practice.title = "Neu"
    practice.save()
    saved = _stamp(PRACTICES, practice.pk)
    assert saved > created
    _later()
    Practice.objects.filter(pk=practice.pk).update(state=Practice.State.DRAFT)  # no save()
    unpublished = _stamp(PRACTICES, practice.pk)
    assert unpublished > saved
    pk = practice.pk
    _later()
    practice.delete()
    assert _stamp(PRACTICES, pk) > unpublished  # the tombstone's time
    assert RowChange.objects.filter(table_name=PRACTICES, row_id=pk).count() == 1


def test_relations_and_child_rows_count_for_the_parent():
    practice = PracticeFactory()
    before = _stamp(PRACTICES, practice.pk)
    _later()
    practice.action_fields.add(ActionField.objects.first())
    after_m2m = _stamp(PRACTICES, practice.pk)
    assert after_m2m > before
    _later()
    role = PracticeActorFactory(practice=practice)
    after_child = _stamp(PRACTICES, practice.pk)
    assert after_child > after_m2m
    _later()
    role.delete()
    assert _stamp(PRACTICES, practice.pk) > after_child
    # The actor's own row is its own record.
    assert RowChange.objects.filter(table_name="actors_actor", row_id=role.actor_id).exists()


def test_reinstalling_backfills_rows_without_an_entry_and_keeps_the_others():
    old, kept = PracticeFactory(), PracticeFactory()
    RowChange.objects.filter(table_name=PRACTICES, row_id=old.pk).delete()
    kept_stamp = _stamp(PRACTICES, kept.pk)
    _later()
    assert PRACTICES in install_row_change_triggers(connection)
    old.refresh_from_db()
    assert _stamp(PRACTICES, old.pk) == old.updated  # noted with its own last change
    assert _stamp(PRACTICES, kept.pk) == kept_stamp
    OrganisationFactory()  # the triggers still work after reinstalling
    assert RowChange.objects.filter(table_name="actors_actor").exists()
