"""The real worker: `manage.py db_worker` as its own process takes a task from the database
queue, runs it and records its success — on the database the suite runs on.

On PostgreSQL the worker reads the test database itself (the test commits, so the worker sees
the task). SQLite's test database lives in this process's memory, so there the worker gets a
database file of its own, migrated and filled by `manage.py` in subprocesses as well.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks import task
from django_tasks.base import TaskResultStatus

ROOT = Path(settings.BASE_DIR)
ENQUEUE = (
    "from quartiersnetz.core.tests.test_worker import write_marker; write_marker.enqueue({!r})"
)


@task()
def write_marker(path: str) -> str:
    """The task the worker runs: its effect is a file the test can see."""
    Path(path).write_text("done by the worker", encoding="utf-8")
    return path


def _manage(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def _postgres_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


# serialized_rollback: the flush afterwards must not re-create content types under a later
# serialized-rollback test (see core/tests/test_cache.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_process_runs_a_task_from_the_database_queue(tmp_path):
    marker = tmp_path / "marker.txt"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",  # the database queue, as `make run`
        "SECRET_KEY": "worker-test-not-secret",
    }
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = _postgres_url()

        def status() -> str:
            from django_tasks_db.models import DBTaskResult

            return DBTaskResult.objects.get().status
    else:
        database = tmp_path / "queue.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{database}"
        _manage("migrate", "--noinput", "-v0", env=env, timeout=300)

        def status() -> str:
            with sqlite3.connect(database) as db:
                return db.execute(
                    "SELECT status FROM django_tasks_database_dbtaskresult"
                ).fetchone()[0]

    _manage("shell", "-c", ENQUEUE.format(str(marker)), env=env)
    assert status() == TaskResultStatus.READY
    assert not marker.exists()

    _manage(
        "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--queue-name", "*", env=env
    )

    assert marker.read_text(encoding="utf-8") == "done by the worker"
    assert status() == TaskResultStatus.SUCCESSFUL
