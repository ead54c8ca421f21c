"""Writes of contact: starting a thread, replying, reading, blocking, reporting, suspending and
sharing one's address. Every function is atomic and audited; e-mails go out after the commit by
a task that takes the message's id (`tasks.send_message_mail`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.audit.services import audit_log
from quartiersnetz.core import changes, news

from . import selectors
from .models import AddressShare, Block, Message, ReadState, Report, Suspension, Thread


def _threads_per_day() -> int:
    return int(settings.CONTACT_THREADS_PER_DAY)


def _check_may_write(user: User, actor: Actor) -> None:
    if actor.pk not in selectors.acting_actor_ids(user):
        raise PermissionDenied
    if selectors.is_suspended(user):
        raise ValidationError(
            _(
                "Sie können derzeit keine Nachrichten schreiben. "
                "Bitte wenden Sie sich an die Kuration."
            )
        )


def _is_blocked(*, by: Actor, actor: Actor) -> bool:
    return Block.objects.filter(actor=by, blocked_actor=actor).exists()


def _enqueue_mail(message: Message) -> None:
    if message.is_withheld:
        return  # a blocked sender reaches nobody: no mail, no announcement
    changes.announce("contact")
    # The other side's members get an in-app notification (outbox, decision 0011; the handler
    # reads the message through `selectors.news_messages`).
    news.record("message_received", message.pk)
    from .tasks import send_message_mail

    message_id = message.pk
    transaction.on_commit(lambda: send_message_mail.enqueue(message_id))


@transaction.atomic
def contact_start(
    *, user: User, sender_actor: Actor, recipient_actor: Actor, subject: str, body: str
) -> Thread:
    """Begin a thread as `sender_actor` (an actor the user acts for) to `recipient_actor`."""
    _check_may_write(user, sender_actor)
    if recipient_actor.pk in selectors.acting_actor_ids(user):
        raise ValidationError(_("An sich selbst können Sie nicht schreiben."))
    if not Actor.PUBLIC.holds(recipient_actor):
        raise PermissionDenied
    # One writer at a time per user: the count below cannot be raced past the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    limit = _threads_per_day()
    since = timezone.now() - timedelta(hours=24)
    if selectors.threads_started_since(user, since) >= limit:
        raise ValidationError(
            _(
                "Sie haben in den letzten 24 Stunden schon %(limit)s neue Unterhaltungen begonnen. "
                "Bitte versuchen Sie es später noch einmal."
            )
            % {"limit": limit}
        )
    withheld = _is_blocked(by=recipient_actor, actor=sender_actor)
    now = timezone.now()
    thread = Thread.objects.create(
        sender_actor=sender_actor,
        recipient_actor=recipient_actor,
        started_by=user,
        subject=subject.strip(),
        is_withheld=withheld,
        last_message_at=now,
    )
    message = Message.objects.create(
        thread=thread, author=user, author_actor=sender_actor, body=body, is_withheld=withheld
    )
    ReadState.objects.create(thread=thread, user=user, read_at=now)
    audit_log(
        user=user,
        action="contact.thread_started",
        target=thread,
        changes={"from": sender_actor.pk, "to": recipient_actor.pk},
    )
    _enqueue_mail(message)
    return thread


@transaction.atomic
def message_reply(*, user: User, thread: Thread, body: str) -> Message:
    """Continue a thread as the user's side of it."""
    actor_ids = selectors.acting_actor_ids(user)
    if thread.sender_actor_id in actor_ids:
        own, other = thread.sender_actor, thread.recipient_actor
    elif thread.recipient_actor_id in actor_ids and not thread.is_withheld:
        own, other = thread.recipient_actor, thread.sender_actor
    else:
        raise PermissionDenied
    _check_may_write(user, own)
    withheld = thread.is_withheld or _is_blocked(by=other, actor=own)
    message = Message.objects.create(
        thread=thread, author=user, author_actor=own, body=body, is_withheld=withheld
    )
    if not withheld:
        Thread.objects.filter(pk=thread.pk).update(last_message_at=message.created)
    ReadState.objects.update_or_create(
        thread=thread, user=user, defaults={"read_at": message.created}
    )
    audit_log(
        user=user, action="contact.message_sent", target=thread, changes={"message": message.pk}
    )
    _enqueue_mail(message)
    return message


@transaction.atomic
def thread_mark_read(*, user: User, thread: Thread) -> None:
    """Note that the user has read the thread up to now (no audit entry: not a state change
    anyone else sees). One upsert, no transaction of its own."""
    ReadState.objects.bulk_create(
        [ReadState(thread=thread, user=user, read_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["thread", "user"],
        update_fields=["read_at"],
    )


def _own_and_other(user: User, thread: Thread) -> tuple[Actor, Actor]:
    view = selectors.thread_for(user, thread.pk)
    if view is None:
        raise PermissionDenied
    return view.own_actor, view.other_actor


@transaction.atomic
def sender_block(*, user: User, thread: Thread) -> Block:
    """The user's side of the thread no longer receives anything from the other side."""
    own, other = _own_and_other(user, thread)
    block, created = Block.objects.get_or_create(
        actor=own, blocked_actor=other, defaults={"created_by": user}
    )
    if created:
        audit_log(
            user=user, action="contact.sender_blocked", target=own, changes={"blocked": other.pk}
        )
    return block


@transaction.atomic
def sender_unblock(*, user: User, thread: Thread) -> None:
    own, other = _own_and_other(user, thread)
    deleted, _rows = Block.objects.filter(actor=own, blocked_actor=other).delete()
    if deleted:
        audit_log(
            user=user, action="contact.sender_unblocked", target=own, changes={"blocked": other.pk}
        )


@transaction.atomic
def message_report(*, user: User, message: Message, reason: str) -> Report:
    """Report a message of the other side to the curators."""
    if selectors.message_for_report(user, message.pk) is None:
        raise PermissionDenied
    if Report.objects.filter(message=message, reporter=user).exists():
        raise ValidationError(_("Sie haben diese Nachricht bereits gemeldet."))
    report = Report.objects.create(message=message, reporter=user, reason=reason)
    audit_log(
        user=user,
        action="contact.message_reported",
        target=report.message.thread,
        changes={"message": message.pk, "report": report.pk},
    )
    return report


@transaction.atomic
def report_resolve(*, user: User, report: Report) -> None:
    if not user.has_perm("contact.curate_reports"):
        raise PermissionDenied
    if report.resolved_at is not None:
        return
    report.resolved_at = timezone.now()
    report.resolved_by = user
    report.save(update_fields=["resolved_at", "resolved_by", "updated"])
    audit_log(
        user=user,
        action="contact.report_resolved",
        target=report.message.thread,
        changes={"report": report.pk},
    )


@transaction.atomic
def sender_suspend(*, user: User, writer: User, reason: str = "") -> Suspension:
    """A curator takes away `writer`'s ability to write messages."""
    if not user.has_perm("contact.curate_reports"):
        raise PermissionDenied
    existing = Suspension.objects.filter(user=writer, lifted_at__isnull=True).first()
    if existing is not None:
        return existing
    suspension = Suspension.objects.create(user=writer, reason=reason, created_by=user)
    audit_log(
        user=user, action="contact.writer_suspended", target=writer, changes={"reason": reason}
    )
    return suspension


@transaction.atomic
def sender_unsuspend(*, user: User, writer: User) -> None:
    if not user.has_perm("contact.curate_reports"):
        raise PermissionDenied
    lifted = Suspension.objects.filter(user=writer, lifted_at__isnull=True).update(
        lifted_at=timezone.now()
    )
    if lifted:
        audit_log(user=user, action="contact.writer_unsuspended", target=writer)


@transaction.atomic
def address_share(*, user: User, thread: Thread) -> AddressShare:
    """Show the user's own e-mail address to the other side of the thread (from now on)."""
    _own_and_other(user, thread)
    share, created = AddressShare.objects.get_or_create(thread=thread, user=user)
    if created:
        audit_log(user=user, action="contact.address_shared", target=thread)
    return share


@transaction.atomic
def threads_delete_expired(*, now: datetime | None = None) -> int:
    """Delete the threads whose last message is older than CONTACT_RETENTION_DAYS."""
    days = int(settings.CONTACT_RETENTION_DAYS)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    expired = Thread.objects.filter(last_message_at__lt=cutoff)
    count = expired.count()
    if count:
        expired.delete()
        audit_log(
            user=None, action="contact.threads_expired", changes={"count": count, "days": days}
        )
    return count
