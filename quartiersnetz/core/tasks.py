"""Helpers for background tasks (django-tasks)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django_tasks.base import Task

DEFAULT_DEBOUNCE = timedelta(seconds=30)


def enqueue_debounced(
    task: Task[Any, Any], *args: Any, delay: timedelta = DEFAULT_DEBOUNCE
) -> None:
    """Enqueue `task(*args)` unless the same task with the same arguments is already waiting.

    TODO(worker): with a backend that defers (django-tasks-db), run it `delay` from now and skip
    when an identical task is still waiting, so a burst of changes leads to one run."""
    task.enqueue(*args)
