"""The guests' rate limit counts in the shared throttle cache, so it holds across workers and
counts an IPv6 /64 as one address (issue 9, finding 6)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def _post(client, event, n, **extra):
    return client.post(
        reverse("events:register", kwargs={"slug": event.slug}),
        {"name": f"Gast {n}", "email": f"gast{n}@example.org"},
        **extra,
    )


class Workers:
    """Hands django-ratelimit a different cache object on every request, like requests that
    land on different gunicorn workers (each with a cache connection of its own)."""

    def __init__(self, count: int) -> None:
        self.caches = [caches.create_connection("throttle") for _ in range(count)]
        self.requests = 0

    def __getitem__(self, alias: str):
        assert alias == "throttle"
        cache = self.caches[self.requests % len(self.caches)]
        self.requests += 1
        return cache


def test_the_guest_limit_holds_across_workers(client, settings, monkeypatch):
    settings.EVENTS_GUEST_REGISTRATION_RATE = "3/h"
    workers = Workers(3)
    monkeypatch.setattr("django_ratelimit.core.caches", workers)
    event = EventFactory()

    statuses = [_post(client, event, n).status_code for n in range(6)]

    assert statuses == [302, 302, 302, 429, 429, 429]
    assert workers.requests == 6
    # The count is a row of the database table, not a value inside one process.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM quartiersnetz_cache")
        assert cursor.fetchone()[0] == 1


def test_addresses_of_one_ipv6_64_share_the_guest_limit(client, settings):
    settings.EVENTS_GUEST_REGISTRATION_RATE = "2/h"
    event = EventFactory()
    assert _post(client, event, 1, REMOTE_ADDR="2001:db8:1:2::1").status_code == 302
    assert _post(client, event, 2, REMOTE_ADDR="2001:db8:1:2::2").status_code == 302
    assert _post(client, event, 3, REMOTE_ADDR="2001:db8:1:2:ffff::3").status_code == 429
    assert _post(client, event, 4, REMOTE_ADDR="2001:db8:1:3::1").status_code == 302
