"""audit.services.apply_changes: the field diff every services module writes to the log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.audit.services import apply_changes, audit_value

FIELDS = ("action", "object_id", "user", "content_type")


def test_audit_value_keeps_numbers_and_booleans_and_writes_the_rest_as_text():
    assert [audit_value(v) for v in (None, True, 3, 1.5)] == [None, True, 3, 1.5]
    assert audit_value(dt.date(2027, 3, 28)) == "2027-03-28"


@pytest.mark.django_db
def test_only_given_and_changed_fields_are_set_and_reported(user, django_assert_num_queries):
    entry = AuditEntry(action="alt", object_id="1")
    with django_assert_num_queries(0):
        changes = apply_changes(entry, FIELDS, {"action": "neu", "object_id": "1", "user": None})
    assert changes == {"action": ["alt", "neu"]}
    assert entry.action == "neu"


@pytest.mark.django_db
def test_foreign_keys_compare_ids_and_assign_the_object(user, curator):
    entry = AuditEntry(action="a", user=user)
    changes = apply_changes(entry, FIELDS, {"user": curator})
    assert changes == {"user": [str(user), str(curator)]}
    assert entry.user is curator
    assert apply_changes(entry, FIELDS, {"user": curator}) == {}


@pytest.mark.django_db
def test_assign_fk_id_sets_only_the_id_and_display_is_pluggable(user):
    content_type = ContentType.objects.get_for_model(AuditEntry)
    entry = AuditEntry(action="a")
    changes = apply_changes(
        entry,
        FIELDS,
        {"content_type": content_type, "user": user.pk},
        display=repr,
        assign_fk_id=True,
    )
    assert changes == {
        "content_type": ["None", repr(content_type)],
        "user": ["None", repr(user.pk)],
    }
    assert entry.content_type_id == content_type.pk
    assert entry.user_id == user.pk
