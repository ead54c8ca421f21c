"""Writes of the network app: explicit connections between actors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.audit.services import audit_log
from quartiersnetz.core import news
from quartiersnetz.core.changes import announce

from . import tasks
from .models import Connection

# Kinds that read the same in both directions: one such connection per pair is enough.
SYMMETRIC_KINDS = {Connection.Kind.WORKS_WITH, Connection.Kind.KNOWS}


def _changes(connection: Connection) -> dict[str, str]:
    return {
        "from": connection.from_actor.name,
        "to": connection.to_actor.name,
        "kind": str(connection.kind),
    }


def _existing(from_actor: Actor, to_actor: Actor, kind: str) -> Connection | None:
    pairs = Q(from_actor=from_actor, to_actor=to_actor)
    if kind in SYMMETRIC_KINDS:
        pairs |= Q(from_actor=to_actor, to_actor=from_actor)
    return Connection.objects.filter(pairs, kind=kind).first()


@transaction.atomic
def connection_propose(
    *, user: User, from_actor: Actor, to_actor: Actor, kind: str, message: str = ""
) -> Connection:
    """Propose a connection from an actor the user acts for to another public actor; the
    other side's members are told by e-mail and confirm or decline it."""
    if not user.has_perm("actors.change_actor", from_actor):
        raise PermissionDenied
    if from_actor.pk == to_actor.pk:
        raise ValidationError(_("Eine Verbindung braucht zwei verschiedene Mitwirkende."))
    if not Actor.PUBLIC.holds(to_actor) or not Actor.PUBLIC.holds(from_actor):
        raise ValidationError(_("Mit ausgeblendeten Profilen kann keine Verbindung bestehen."))
    if kind not in Connection.Kind.values:
        raise ValidationError(_("Unbekannte Art der Verbindung."))
    existing = _existing(from_actor, to_actor, kind)
    if existing is not None:
        if existing.status == Connection.Status.CONFIRMED:
            raise ValidationError(_("Diese Verbindung besteht bereits."))
        raise ValidationError(_("Diese Verbindung ist bereits vorgeschlagen."))
    connection = Connection.objects.create(
        from_actor=from_actor,
        to_actor=to_actor,
        kind=kind,
        message=message.strip(),
        proposed_by=user,
    )
    audit_log(
        user=user, action="connection.propose", target=connection, changes=_changes(connection)
    )
    news.record("connection_proposed", connection.pk)  # the other side hears of it (0011)
    transaction.on_commit(lambda: tasks.send_connection_proposed.enqueue(connection.pk))
    return connection


def _lock(connection: Connection) -> Connection:
    locked = (
        Connection.objects.select_for_update()
        .select_related("from_actor", "to_actor")
        .filter(pk=connection.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(_("Diese Verbindung besteht nicht mehr."))
    return locked


@transaction.atomic
def connection_confirm(*, user: User, connection: Connection) -> Connection:
    """Confirm a proposed connection (those who act for its other side)."""
    connection = _lock(connection)
    if not user.has_perm("network.respond_connection", connection):
        raise PermissionDenied
    was_proposed = connection.status == Connection.Status.PROPOSED
    connection.status = Connection.Status.CONFIRMED
    connection.confirmed_by = user
    connection.confirmed_at = timezone.now()
    connection.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated"])
    audit_log(
        user=user, action="connection.confirm", target=connection, changes=_changes(connection)
    )
    announce("network")
    if was_proposed:
        news.record("connection_confirmed", connection.pk)  # the proposing side hears (0011)
    transaction.on_commit(lambda: tasks.send_connection_confirmed.enqueue(connection.pk))
    return connection


@transaction.atomic
def connection_decline(*, user: User, connection: Connection) -> None:
    """Decline a proposed connection (those who act for its other side)."""
    connection = _lock(connection)
    if not user.has_perm("network.respond_connection", connection):
        raise PermissionDenied
    changes = _changes(connection)
    audit_log(user=user, action="connection.decline", target=connection, changes=changes)
    connection.delete()


@transaction.atomic
def connection_remove(*, user: User, connection: Connection) -> None:
    """Remove a connection, or withdraw a proposal (either side, or curators)."""
    connection = _lock(connection)
    if not user.has_perm("network.delete_connection", connection):
        raise PermissionDenied
    was_confirmed = connection.status == Connection.Status.CONFIRMED
    audit_log(
        user=user, action="connection.remove", target=connection, changes=_changes(connection)
    )
    connection.delete()
    if was_confirmed:
        announce("network")
