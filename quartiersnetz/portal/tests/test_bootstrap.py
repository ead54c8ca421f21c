"""`manage.py bootstrap` (run by `make run`)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor

pytestmark = pytest.mark.django_db


def _bootstrap(*args: str) -> str:
    out = StringIO()
    call_command("bootstrap", *args, stdout=out)
    return out.getvalue()


def test_bootstrap_loads_demo_data_into_an_empty_database():
    assert not User.objects.exists()
    output = _bootstrap()
    assert "lade Beispieldaten" in output
    assert "demo@quartiersnetz.example" in output
    assert Actor.objects.filter(is_sample=True).count() > 60
    users = User.objects.count()

    # The second start finds the data and does nothing.
    output = _bootstrap()
    assert "nichts zu tun" in output
    assert User.objects.count() == users


def test_bootstrap_leaves_a_used_database_alone(user):
    output = _bootstrap()
    assert "nichts zu tun" in output
    assert not Actor.objects.filter(is_sample=True).exists()


def test_bootstrap_does_nothing_when_only_sample_data_exists():
    call_command("scale_data", "--organisations", "3", stdout=StringIO())
    assert "nichts zu tun" in _bootstrap()
    assert not User.objects.exists()


def test_bootstrap_never_loads_demo_accounts_in_production(settings):
    settings.SETTINGS_MODULE = "config.settings.production"
    output = _bootstrap()
    assert "nicht geladen" in output
    assert not User.objects.exists()
    assert not Actor.objects.filter(is_sample=True).exists()


def test_bootstrap_no_demo_option():
    assert "nicht geladen" in _bootstrap("--no-demo")
    assert not Actor.objects.filter(is_sample=True).exists()
