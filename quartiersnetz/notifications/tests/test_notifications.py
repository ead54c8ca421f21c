"""Benachrichtigungen: the list, marking read, the unread count in the header, permissions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.core.testing import count_queries
from quartiersnetz.notifications import selectors
from quartiersnetz.notifications.models import Notification

pytestmark = pytest.mark.django_db

LIST_URL = reverse("notifications:list")
READ_ALL_URL = reverse("notifications:read_all")


def notify(user, n=1, **extra):
    return [
        Notification.objects.create(
            recipient=user,
            kind=Notification.Kind.PRACTICE_PUBLISHED,
            subject_type="practice",
            subject_id=str(i + Notification.objects.count() * 1000),
            title=f"Praxis {i}",
            url=f"/praxis/p-{i}/",
            **extra,
        )
        for i in range(n)
    ]


@pytest.fixture
def user():
    return UserFactory()


def test_anonymous_is_sent_to_login(client):
    for method, url in [
        ("get", LIST_URL),
        ("post", READ_ALL_URL),
        ("post", reverse("notifications:read")),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_list_shows_own_newest_first_with_unread_marked(client, user):
    first, _second = notify(user, 2)
    Notification.objects.filter(pk=first.pk).update(created=first.created.replace(year=2020))
    notify(UserFactory())
    client.force_login(user)
    html = client.get(LIST_URL).content.decode()
    assert html.index("Praxis 1") < html.index("Praxis 0")
    assert html.count("notification--unread") == 2
    assert "„Praxis 1“ als gelesen markieren" in html
    assert "Alle als gelesen markieren" in html


def test_others_notifications_are_not_shown_or_markable(client, user):
    (theirs,) = notify(UserFactory())
    theirs.title = "Fremde Nachricht"
    theirs.save()
    client.force_login(user)
    assert "Fremde Nachricht" not in client.get(LIST_URL).content.decode()
    response = client.post(reverse("notifications:read"), {"notification": theirs.pk})
    assert response.status_code == 404
    for bad in ("", "abc", "-1", str(theirs.pk + 1000)):
        assert client.post(reverse("notifications:read"), {"notification": bad}).status_code == 404
    client.post(READ_ALL_URL)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_and_all_read(client, user):
    a, _b, _c = notify(user, 3)
    client.force_login(user)
    response = client.post(reverse("notifications:read"), {"notification": a.pk})
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    a.refresh_from_db()
    assert a.read_at is not None
    assert selectors.unread_count(user) == 2
    assert client.post(READ_ALL_URL).status_code == 302
    assert selectors.unread_count(user) == 0
    html = client.get(LIST_URL).content.decode()
    assert "notification--unread" not in html
    assert "Alle als gelesen markieren" not in html


def test_header_shows_unread_count_for_logged_in_users_only(client, user):
    notify(user, 3)
    home = reverse("core:home")
    assert "ungelesen" not in client.get(home).content.decode()
    client.force_login(user)
    assert "3 ungelesen" in client.get(home).content.decode()
    client.post(READ_ALL_URL)
    html = client.get(home).content.decode()
    assert "ungelesen" not in html
    assert "Benachrichtigungen" in html


def test_list_is_paginated_with_constant_queries(client, user):
    client.force_login(user)
    notify(user, 2)
    few = count_queries(client, LIST_URL)
    notify(user, 60)
    assert count_queries(client, LIST_URL) == few
    html = client.get(LIST_URL).content.decode()
    assert "Seite 1 von 3" in html
    assert client.get(LIST_URL + "?seite=3").status_code == 200
