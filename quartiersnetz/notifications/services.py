"""Writes of notifications: following and unfollowing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from quartiersnetz.accounts.models import User

from .models import Follow, Notification


@transaction.atomic
def follow_create(*, user: User, target: str, key: str) -> Follow:
    """`user` follows `target`/`key` (idempotent: following twice keeps one row).

    The caller checks that the target may be followed (`targets.is_followable`).
    """
    follow, _created = Follow.objects.get_or_create(user=user, target=target, key=key)
    return follow


@transaction.atomic
def follow_delete(*, user: User, target: str, key: str) -> bool:
    """`user` no longer follows `target`/`key`; False if they did not (idempotent)."""
    deleted, _rows = Follow.objects.filter(user=user, target=target, key=key).delete()
    return deleted > 0


@transaction.atomic
def notification_mark_read(*, user: User, pk: int) -> bool:
    """Mark `user`'s notification `pk` read; False if there is no such unread one of theirs."""
    return (
        Notification.objects.filter(recipient=user, pk=pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        > 0
    )


@transaction.atomic
def notification_mark_all_read(*, user: User) -> int:
    """Mark all of `user`'s unread notifications read; the number marked."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
