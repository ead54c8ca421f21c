"""Background work of the network: recomputing it, and telling the other side of a connection.

Tasks take ids, never model instances. `recompute_network` is idempotent: it does nothing when
the data it reads has not changed since the last run (unless forced), so any number of
announcements (`core.changes`) lead to at most one real recomputation per change.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from quartiersnetz.actors.selectors import acting_user_emails
from quartiersnetz.core.tasks import enqueue_debounced

from . import inputs
from .models import Connection, NetworkSnapshot

logger = logging.getLogger(__name__)

# The apps whose changes the network recomputes from (their services announce them).
TOPICS = ("actors", "practices", "projects", "events", "alliances", "network")


@task()
def recompute_network(force: bool = False) -> dict[str, int | float | bool]:
    """Recompute edges, figures and suggestions unless the inputs are unchanged."""
    from .recompute import recompute_all

    version = inputs.input_version()
    current = NetworkSnapshot.objects.filter(kind=NetworkSnapshot.Kind.CURRENT).first()
    if not force and current is not None and current.input_version == version:
        # A quiet month still gets its point on the sector matrix's timeline.
        from .figures import ensure_monthly_snapshot

        ensure_monthly_snapshot()
        return {"skipped": True}
    started = time.monotonic()
    result = recompute_all(input_version=version)
    seconds = round(time.monotonic() - started, 2)
    logger.info(
        "network recomputed: %s edges, %s figures, %s suggestions in %s s",
        result.edges,
        result.figures,
        result.suggestions,
        seconds,
    )
    return {
        "skipped": False,
        "edges": result.edges,
        "figures": result.figures,
        "suggestions": result.suggestions,
        "seconds": seconds,
    }


def schedule_recompute() -> None:
    """Called after a transaction that announced a change: one debounced recomputation."""
    enqueue_debounced(recompute_network)


def _send(connection: Connection, recipients: list[str], template: str) -> None:
    if not recipients:
        return
    context = {
        "connection": connection,
        "url": settings.SITE_URL.rstrip("/") + connection.to_actor.get_absolute_url(),
        "from_url": settings.SITE_URL.rstrip("/") + connection.from_actor.get_absolute_url(),
        "manage_url": settings.SITE_URL.rstrip("/")
        + connection_manage_path(connection.to_actor.slug),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"network/emails/{template}_subject.txt", context)
        body = render_to_string(f"network/emails/{template}_body.txt", context)
    send_mail(
        subject=" ".join(subject.split()), message=body, from_email=None, recipient_list=recipients
    )


def connection_manage_path(slug: str) -> str:
    from django.urls import reverse

    return reverse("network:connections", kwargs={"slug": slug})


@task()
def send_connection_proposed(connection_id: int) -> None:
    """Tell those who act for the other side that a connection waits for their answer."""
    connection = (
        Connection.objects.select_related("from_actor", "to_actor", "proposed_by")
        .filter(pk=connection_id, status=Connection.Status.PROPOSED)
        .first()
    )
    if connection is None:  # answered or withdrawn in the meantime
        return
    recipients = acting_user_emails(connection.to_actor, exclude_user_id=connection.proposed_by_id)
    _send(connection, recipients, "connection_proposed")


@task()
def send_connection_confirmed(connection_id: int) -> None:
    """Tell those who act for the proposing side that the connection is confirmed."""
    connection = (
        Connection.objects.select_related("from_actor", "to_actor")
        .filter(pk=connection_id, status=Connection.Status.CONFIRMED)
        .first()
    )
    if connection is None:
        return
    recipients = acting_user_emails(
        connection.from_actor, exclude_user_id=connection.confirmed_by_id
    )
    _send(connection, recipients, "connection_confirmed")
