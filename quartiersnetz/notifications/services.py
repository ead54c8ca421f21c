"""Writes of notifications: following and unfollowing, settings, the Themenradar."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from quartiersnetz.accounts.models import User

from .models import Delivery, Follow, Notification, NotificationSettings, Radar


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


@transaction.atomic
def notification_settings_update(
    *, user: User, email_enabled: bool, deliveries: dict[str, str], language: str | None = None
) -> NotificationSettings:
    """Store `user`'s e-mail choices (one row per user, made on first save) and, if given,
    the language of their mails."""
    if language is not None and language != user.language:
        user.language = language
        user.save(update_fields=["language"])
    known = {kind: value for kind, value in deliveries.items() if kind in Notification.Kind.values}
    row, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"email_enabled": email_enabled, "deliveries": known}
    )
    return row


@transaction.atomic
def radar_save(*, user: User, radar: Radar | None = None, **values: Any) -> Radar:
    """Create (`radar` None) or update one of `user`'s radars with the form's values.

    The caller checks ownership and the per-user limit (`RadarForm`)."""
    if radar is None:
        radar = Radar(user=user)
    elif radar.user_id != user.pk:
        raise PermissionError("not the owner of the radar")
    for name, value in values.items():
        setattr(radar, name, value)
    radar.full_clean(exclude=["user"])
    radar.save()
    return radar


@transaction.atomic
def radar_delete(*, user: User, pk: int) -> bool:
    """Delete one of `user`'s radars (its notifications stay, without the radar)."""
    deleted, _rows = Radar.objects.filter(user=user, pk=pk).delete()
    return deleted > 0


@transaction.atomic
def notifications_unsubscribe(*, user_id: int, kind: str = "") -> bool:
    """The one-click unsubscribe of a mail: no more e-mail of `kind`, or none at all without a
    kind. Idempotent; False if the user is unknown."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    row, _created = NotificationSettings.objects.get_or_create(user=user)
    if kind:
        row.deliveries = {**row.deliveries, kind: Delivery.OFF}
        row.save(update_fields=["deliveries", "updated"])
    else:
        row.email_enabled = False
        row.save(update_fields=["email_enabled", "updated"])
    return True
