"""Many people registering at the same moment never overbook an event.

Each thread has its own database connection. pytest-django's SQLite test database lives in
memory, where separate connections cannot wait for each other's locks (shared-cache tables
answer "locked" at once), so on SQLite these tests copy the test database into a file for
their duration: there, IMMEDIATE transactions and the busy timeout serialise the writers just
as in production. On PostgreSQL the event row lock (`select_for_update`) does it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core import mail
from django.db import connection, connections

from quartiersnetz.events.models import Registration
from quartiersnetz.events.registration_services import registration_create

from .factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def threaded_db(transactional_db: None, tmp_path: Any) -> Iterator[None]:
    """Give every thread its own connection to one shared database."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    settings_dict = connection.settings_dict
    assert settings_dict is connections.settings[connection.alias]
    memory_name = settings_dict["NAME"]
    path = tmp_path / "concurrency.sqlite3"
    connection.ensure_connection()
    memory_connection = connection.connection
    target = sqlite3.connect(path)
    memory_connection.backup(target)
    target.close()
    # Detach (never close: that would drop the in-memory test database) and use the file.
    connection.connection = None
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = memory_name
        connection.connection = memory_connection


def run_concurrently(
    count: int, work: Callable[[int], Any]
) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []
    lock = threading.Lock()

    def target(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_fifty_people_for_ten_places(threaded_db: None) -> None:
    event = EventFactory(capacity=10)
    mail.outbox = []

    def register(index: int) -> str:
        registration = registration_create(
            event=event, name=f"Person {index}", email=f"person{index}@example.org"
        )
        return registration.status

    results, errors = run_concurrently(50, register)

    assert errors == []
    assert results.count(Registration.Status.CONFIRMED) == 10
    assert results.count(Registration.Status.WAITLISTED) == 40
    statuses = Registration.objects.filter(event=event).values_list("status", flat=True)
    assert sorted(statuses).count(Registration.Status.CONFIRMED) == 10
    assert list(statuses).count(Registration.Status.WAITLISTED) == 40
    assert len(mail.outbox) == 50


def test_same_person_twice_at_once_gets_one_registration(threaded_db: None) -> None:
    event = EventFactory(capacity=10)

    def register(index: int) -> int:
        email = "Doppelt@Example.org" if index % 2 else "doppelt@example.org"
        return registration_create(event=event, name="Doppelt", email=email).pk

    results, errors = run_concurrently(8, register)

    assert errors == []
    assert len(set(results)) == 1
    assert Registration.objects.filter(event=event).count() == 1
