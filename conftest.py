"""Shared fixtures for the whole test suite."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from hypothesis import settings as hypothesis_settings

from quartiersnetz.accounts.rules import CURATOR_GROUP

# Property tests check logic, not speed: a loaded CI machine must not fail them on
# Hypothesis' default 200 ms deadline per example (speed lives in `make bench`).
hypothesis_settings.register_profile("quartiersnetz", deadline=None)
hypothesis_settings.load_profile("quartiersnetz")


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _throttle_counters(request):
    """Rate-limit counters live in a database table (CACHES["throttle"]). A test's transaction
    rolls them back; the flush after a transactional (live-server) test keeps them, so those
    tests start from an empty table."""
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        from django.core.cache import caches

        caches["throttle"].clear()


@pytest.fixture(autouse=True)
def _german_by_default():
    """A request to /en/… activates English for the thread; start every test in German."""
    from django.utils import translation

    translation.activate("de")
    yield
    translation.activate("de")


@pytest.fixture
def user(db):
    from quartiersnetz.accounts.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def curator(db):
    from quartiersnetz.accounts.tests.factories import UserFactory

    curator = UserFactory(email="kuration@example.org")
    curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
    return curator


@pytest.fixture
def staff_curator(client, curator):
    """The curator with staff status, signed in on `client`: the admin needs staff status, the
    curator group (and the rules) grant the permissions."""
    curator.is_staff = True
    curator.save()
    client.force_login(curator)
    return curator
