"""Background work of the search: encoding changed records for the search by meaning."""

from __future__ import annotations

import logging

from django_tasks import task

from quartiersnetz.core.tasks import enqueue_debounced

from . import semantic

logger = logging.getLogger(__name__)

# The change announcements (core.changes) after which records may have new texts.
TOPICS = ("actors", "practices", "events", "projects", "alliances")


@task()
def refresh_semantic_index() -> int:
    """Encode the texts of new and changed public records into the embedding file, so that the
    web processes' next index (semantic.get_index) only loads vectors. Idempotent."""
    if not semantic.enabled():
        return 0
    count = semantic.warm()
    logger.info("Semantic search index: %s records", count)
    return count


def schedule_refresh() -> None:
    """Called after a transaction that announced a change: one debounced refresh."""
    if semantic.enabled():
        enqueue_debounced(refresh_semantic_index)
