"""Helpers for background tasks (django-tasks with the database queue of django-tasks-db).

Tasks take ids (or other plain JSON values), never model instances, and are idempotent: running
one twice, or after the data changed again, gives the same result as running it once. That lets
`enqueue_debounced` collapse a burst of triggers into one run without ever losing a change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

DEFAULT_DEBOUNCE = timedelta(seconds=30)


def _payload(args: tuple[Any, ...]) -> dict[str, Any]:
    return {"args": list(args), "kwargs": {}}


def is_waiting(task: Task[Any, Any], *args: Any) -> bool:
    """Whether `task(*args)` is already waiting in the database queue (not yet started)."""
    payload = _payload(args)
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=task.module_path
    ).values_list("args_kwargs", flat=True)
    return any(existing == payload for existing in waiting)


def enqueue_debounced(
    task: Task[Any, Any], *args: Any, delay: timedelta = DEFAULT_DEBOUNCE
) -> None:
    """Enqueue `task(*args)` to run `delay` from now, unless the same task with the same
    arguments is already waiting: a burst of triggers (one per profile edit, say) leads to one
    run after the burst. A backend that cannot defer (the tests' immediate one) runs it now.

    Two triggers at the same instant may both enqueue; the task being idempotent, the second
    run finds nothing to do."""
    backend = task.get_backend()
    if not backend.supports_defer:
        task.enqueue(*args)
        return
    if is_waiting(task, *args):
        return
    task.using(run_after=timezone.now() + delay).enqueue(*args)


@dataclass(frozen=True)
class QueueState:
    """What operators watch: tasks that are due but not yet started, and failures."""

    waiting: int
    oldest_waiting_seconds: float | None
    failed: int


def queue_state(now: dt.datetime | None = None) -> QueueState:
    """The due tasks (a deferred one counts from its time on) and the failed ones, in one
    query."""
    now = now or timezone.now()
    ready = Q(status=TaskResultStatus.READY)
    due = ready & Q(run_after__lte=now)
    undated = ready & Q(run_after=get_date_max())
    found = DBTaskResult.objects.aggregate(
        due=Count("pk", filter=due),
        undated=Count("pk", filter=undated),
        oldest_due=Min("run_after", filter=due),
        oldest_undated=Min("enqueued_at", filter=undated),
        failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED)),
    )
    since = [v for v in (found["oldest_due"], found["oldest_undated"]) if v is not None]
    return QueueState(
        waiting=found["due"] + found["undated"],
        oldest_waiting_seconds=round((now - min(since)).total_seconds(), 1) if since else None,
        failed=found["failed"],
    )


def failed_tasks(limit: int = 20) -> list[DBTaskResult]:
    """The most recent failed task results (curators see them in /kuration/)."""
    return list(
        DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
        .only("id", "task_path", "finished_at", "enqueued_at", "exception_class_path")
        .order_by("-finished_at", "-enqueued_at")[:limit]
    )
