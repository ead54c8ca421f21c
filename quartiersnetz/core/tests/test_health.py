"""GET /healthz: 200 with the database reachable (and the task queue's state), 503 otherwise."""

from __future__ import annotations

import pytest
from django.db import connections
from django.db.backends.utils import CursorWrapper
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db

ERROR_TEXT = "could not connect to server: Connection refused (10.0.0.5:5432)"


def refuse(*args, **kwargs):
    raise OperationalError(ERROR_TEXT)


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "tasks": {"waiting": 0, "oldest_waiting_seconds": None, "failed": 0},
    }


def test_not_cached_and_no_cookies(client):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_head_works_and_writes_are_refused(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize("failing", ["connect", "query"])
def test_unavailable_when_the_database_fails(client, monkeypatch, failing):
    if failing == "connect":
        monkeypatch.setattr(type(connections["default"]), "cursor", refuse)
    else:
        monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/healthz")
    monkeypatch.undo()

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert ERROR_TEXT not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_recovers_when_the_database_is_back(client, monkeypatch):
    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    assert client.get("/healthz").status_code == 503
    monkeypatch.undo()
    assert client.get("/healthz").status_code == 200
