"""Guests register without an account, so registrations per client address are limited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.events.models import Registration

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def _post(client, event, n, **extra):
    return client.post(
        reverse("events:register", kwargs={"slug": event.slug}),
        {"name": f"Gast {n}", "email": f"gast{n}@example.org"},
        **extra,
    )


def test_guests_from_one_address_are_limited_and_lose_nothing(client, settings):
    settings.EVENTS_GUEST_REGISTRATION_RATE = "2/h"
    event = EventFactory()
    assert _post(client, event, 1).status_code == 302
    assert _post(client, event, 2).status_code == 302
    refused = _post(client, event, 3)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "sehr viele Anmeldungen" in html
    assert 'value="gast3@example.org"' in html  # the input is kept
    assert Registration.objects.filter(event=event).count() == 2
    # Another address is not affected.
    assert _post(client, event, 4, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_members_are_not_limited(client, settings):
    settings.EVENTS_GUEST_REGISTRATION_RATE = "1/h"
    for n in range(3):
        client.force_login(UserFactory())
        assert _post(client, EventFactory(), n).status_code == 302
