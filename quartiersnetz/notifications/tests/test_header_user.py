"""The signed-in user comes with the site header's facts (accounts/backends.py): whether the
user curates and how many notifications are unread (registered by this app), in the one query
that loads the user."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartiersnetz.accounts.backends import signed_in_user
from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _notify(user, title, *, read=False):
    from django.utils import timezone

    return Notification.objects.create(
        recipient=user,
        kind="practice_published",
        subject_type="practice",
        subject_id=title,
        title=title,
        url="/praxis/x/",
        read_at=timezone.now() if read else None,
    )


def test_user_is_loaded_with_curator_flag_and_unread_count_in_one_query(user, curator):
    _notify(user, "Neu 1")
    _notify(user, "Neu 2")
    _notify(user, "Gelesen", read=True)
    with CaptureQueriesContext(connection) as queries:
        member = signed_in_user(user.pk)
        boss = signed_in_user(curator.pk)
    assert len(queries.captured_queries) == 2
    assert (member.pk, member.in_curator_group, member.unread_notification_count) == (
        user.pk,
        False,
        2,
    )
    assert (boss.in_curator_group, boss.unread_notification_count) == (True, 0)
    assert signed_in_user(10**9) is None
    assert signed_in_user("kein-schlüssel") is None


def test_header_asks_nothing_beyond_session_and_user(client, curator):
    _notify(curator, "Neu")
    client.force_login(curator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/robots.txt")
        page = client.get("/konto/benachrichtigungen/einstellungen/")
    assert response.status_code == 200
    html = page.content.decode()
    # The curator's link and the unread count, from the user's own row.
    assert 'href="/kuration/"' in html
    assert "1 ungelesen" in html
    # No query of its own for the user's groups or the unread count.
    statements = [q["sql"].lstrip() for q in queries.captured_queries]
    assert not [sql for sql in statements if sql.startswith('SELECT "auth_group"')]
    assert not [sql for sql in statements if sql.startswith("SELECT COUNT(*)")]


def test_a_change_shows_on_the_next_request(client, user):
    client.force_login(user)
    assert 'href="/kuration/"' not in client.get("/konto/benachrichtigungen/").content.decode()
    user.groups.add(Group.objects.get(name=CURATOR_GROUP))
    _notify(user, "Neu")
    html = client.get("/konto/benachrichtigungen/").content.decode()
    assert 'href="/kuration/"' in html
    assert "1 ungelesen" in html


def test_a_user_loaded_otherwise_still_gets_the_right_answer(user, curator):
    from rules import test_rule

    assert test_rule("accounts.is_curator", UserFactory._meta.model.objects.get(pk=curator.pk))
    assert not test_rule("accounts.is_curator", UserFactory._meta.model.objects.get(pk=user.pk))


def test_an_inactive_user_is_not_signed_in(client, user):
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get("/konto/benachrichtigungen/").status_code == 302
