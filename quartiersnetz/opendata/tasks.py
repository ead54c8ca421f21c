"""Background work of the open data: building the dump.

`build_opendata_dump(nightly=True)` runs every night at OPENDATA_DUMP_HOUR (local time) and
schedules its own next run (like the notifications' digests); `manage.py schedule_opendata_dump`
(run by `make run`, or once after a deployment) makes sure one is waiting. Curators start an
extra run from `/offene-daten/` (`nightly=False`: it schedules nothing).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from quartiersnetz.core.tasks import is_waiting

from .dump import build_dump

logger = logging.getLogger(__name__)


def next_run(now: dt.datetime | None = None) -> dt.datetime:
    """The next night's run: OPENDATA_DUMP_HOUR (default 3) local time, after `now`."""
    local = timezone.localtime(now or timezone.now())
    hour = int(getattr(settings, "OPENDATA_DUMP_HOUR", 3))
    due = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if due <= local:
        due += dt.timedelta(days=1)
    return due


@task()
def build_opendata_dump(nightly: bool = False) -> dict[str, int]:
    """Build the dump; the nightly run schedules the next one. The records per dataset."""
    try:
        counts = build_dump()
        logger.info("open-data dump built: %s", counts)
    finally:
        if nightly:
            schedule_dump()
    return counts


def schedule_dump() -> bool:
    """Enqueue the next nightly build unless one is waiting (or the backend cannot run tasks
    later, as the tests' immediate one); whether one was enqueued."""
    if not build_opendata_dump.get_backend().supports_defer:
        return False
    with transaction.atomic():
        if is_waiting(build_opendata_dump, True):
            return False
        build_opendata_dump.using(run_after=next_run()).enqueue(True)
    return True


def request_dump() -> bool:
    """An extra build now (a curator asked); whether one was enqueued (not when one is waiting
    already)."""
    with transaction.atomic():
        if build_opendata_dump.get_backend().supports_defer and is_waiting(
            build_opendata_dump, False
        ):
            return False
        build_opendata_dump.enqueue(False)
    return True
