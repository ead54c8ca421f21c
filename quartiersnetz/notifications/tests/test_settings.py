"""Einstellungen: e-mail opt-in and delivery per kind; defaults; permissions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.notifications import selectors
from quartiersnetz.notifications.models import Delivery, Notification, NotificationSettings

pytestmark = pytest.mark.django_db

URL = reverse("notifications:settings")


def form_data(**overrides):
    data = {f"kind_{kind}": Delivery.WEEKLY for kind in Notification.Kind.values}
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_login(client):
    for method in ("get", "post"):
        response = getattr(client, method)(URL)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_defaults_no_email_weekly_preselected(client):
    user = UserFactory()
    current = selectors.notification_settings(user)
    assert current.delivery(Notification.Kind.PRACTICE_PUBLISHED) == Delivery.OFF
    client.force_login(user)
    html = client.get(URL).content.decode()
    assert 'name="email_enabled"' in html
    assert 'name="email_enabled" checked' not in html
    assert '<option value="weekly" selected>' in html
    assert not NotificationSettings.objects.exists()


def test_opt_in_and_choose_per_kind(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        URL, form_data(email_enabled="on", kind_event_published=Delivery.IMMEDIATE)
    )
    assert response.status_code == 302
    current = selectors.notification_settings(user)
    assert current.email_enabled
    assert current.delivery(Notification.Kind.EVENT_PUBLISHED) == Delivery.IMMEDIATE
    assert current.delivery(Notification.Kind.PRACTICE_PUBLISHED) == Delivery.WEEKLY
    html = client.get(URL).content.decode()
    assert '<option value="immediate" selected>' in html


def test_settings_are_per_user(client):
    user, other = UserFactory(), UserFactory()
    client.force_login(user)
    client.post(URL, form_data(email_enabled="on"))
    assert not selectors.notification_settings(other).email_enabled


def test_invalid_choice_answers_400(client):
    client.force_login(UserFactory())
    response = client.post(URL, form_data(kind_event_published="hourly"))
    assert response.status_code == 400
    assert not NotificationSettings.objects.exists()
