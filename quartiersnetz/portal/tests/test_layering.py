"""The portal is the top floor: the pages and the command that combine apps belong to it (that
no app imports it is the layers contract's job, see tests/test_layers.py)."""

from __future__ import annotations

from django.core.management import get_commands
from django.urls import resolve, reverse


def test_the_pages_and_the_command_belong_to_the_portal():
    assert get_commands()["bootstrap"] == "quartiersnetz.portal"
    for name, url in [
        ("core:home", "/"),
        ("accounts:dashboard", "/konto/mein-bereich/"),
        ("audit:dashboard", "/kuration/"),
        ("audit:log", "/kuration/protokoll/"),
    ]:
        assert reverse(name) == url
        assert resolve(url).func.__module__ == "quartiersnetz.portal.views", name
