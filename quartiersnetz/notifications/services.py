"""Writes of notifications: following and unfollowing."""

from __future__ import annotations

from django.db import transaction

from quartiersnetz.accounts.models import User

from .models import Follow


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
