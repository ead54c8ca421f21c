"""Fan-out building block: followers of any target notified once, idempotent, in batches."""

from __future__ import annotations

import pytest

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.notifications import fanout, services
from quartiersnetz.notifications.models import Notification

pytestmark = pytest.mark.django_db


def publish(**extra):
    return fanout.notify_followers(
        kind=Notification.Kind.PRACTICE_PUBLISHED,
        subject_type="practice",
        subject_id=7,
        title="Stadtteilladen",
        url="/praxis/stadtteilladen/",
        targets=[("action_field", 3), ("actor", 11), ("state", "05")],
        **extra,
    )


def test_followers_of_any_target_are_notified_once_and_rerun_adds_nothing():
    by_field, by_actor, both, unrelated = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    services.follow_create(user=by_field, target="action_field", key="3")
    services.follow_create(user=by_actor, target="actor", key="11")
    services.follow_create(user=both, target="action_field", key="3")
    services.follow_create(user=both, target="state", key="05")
    services.follow_create(user=unrelated, target="action_field", key="4")
    publish()
    publish()
    notes = Notification.objects.all()
    assert sorted(n.recipient_id for n in notes) == sorted([by_field.pk, by_actor.pk, both.pk])
    assert {n.title for n in notes} == {"Stadtteilladen"}
    assert all(n.read_at is None for n in notes)


def test_excluded_users_are_not_notified():
    author = UserFactory()
    services.follow_create(user=author, target="actor", key="11")
    publish(exclude_user_ids=[author.pk])
    assert not Notification.objects.exists()


def test_queries_do_not_grow_with_followers(django_assert_max_num_queries):
    for _ in range(30):
        services.follow_create(user=UserFactory(), target="action_field", key="3")
    with django_assert_max_num_queries(8):
        publish()
    assert Notification.objects.count() == 30
