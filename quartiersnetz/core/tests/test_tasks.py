"""The task queue helpers: debouncing on the database queue, the queue's state for /healthz and
the curators, failed tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from quartiersnetz.core.tasks import enqueue_debounced, failed_tasks, queue_state

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CALLS: list[int] = []


@task()
def remember(value: int) -> None:
    CALLS.append(value)


@pytest.fixture
def database_queue(settings):
    """The production backend: tasks wait in the table (django-tasks resets its backends when
    the setting changes)."""
    settings.TASKS = DB_TASKS


def test_a_burst_of_triggers_leaves_one_waiting_task_per_argument(database_queue):
    for _ in range(20):
        enqueue_debounced(remember, 1)
    enqueue_debounced(remember, 2)
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert sorted(r.args_kwargs["args"][0] for r in waiting) == [1, 2]
    assert all(r.run_after > timezone.now() for r in waiting)
    assert CALLS == []


def test_once_started_a_new_trigger_enqueues_again(database_queue):
    enqueue_debounced(remember, 1)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
    enqueue_debounced(remember, 1)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_without_a_deferring_backend_the_task_runs_at_once():
    CALLS.clear()
    enqueue_debounced(remember, 7)
    assert CALLS == [7]
    assert not DBTaskResult.objects.exists()


def test_queue_state_counts_due_tasks_and_the_age_of_the_oldest(database_queue):
    now = timezone.now()
    remember.enqueue(1)  # undated: due at once
    DBTaskResult.objects.update(enqueued_at=now - dt.timedelta(minutes=5))
    remember.using(run_after=now - dt.timedelta(minutes=2)).enqueue(2)
    remember.using(run_after=now + dt.timedelta(minutes=2)).enqueue(3)  # not due yet
    failed = remember.enqueue(4)
    DBTaskResult.objects.filter(pk=failed.id).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="builtins.ValueError",
    )

    state = queue_state(now)
    assert state.waiting == 2
    assert 299 <= state.oldest_waiting_seconds <= 301
    assert state.failed == 1
    assert [r.exception_class_path for r in failed_tasks()] == ["builtins.ValueError"]


def test_healthz_reports_the_oldest_waiting_task(client, database_queue):
    remember.enqueue(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(seconds=90))
    tasks = client.get("/healthz").json()["tasks"]
    assert tasks["waiting"] == 1
    assert tasks["oldest_waiting_seconds"] >= 89
