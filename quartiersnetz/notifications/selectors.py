"""Reads of notifications: what a user follows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator

from quartiersnetz.places.models import State

from .models import Follow, Notification, NotificationSettings
from .targets import FOLLOWABLE, title_of


def is_following(user: Any, target: str, key: str) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, target=target, key=key).exists()


@dataclass(frozen=True)
class FollowView:
    target: str
    target_label: str
    key: str
    # The record's title and address; empty while it is not public.
    title: str
    url: str


def user_follows(user: Any) -> list[FollowView]:
    """What `user` follows, newest first: one query for the follows and one per kind of target.

    A record that is no longer public is listed without its title (it can still be unfollowed).
    """
    follows = list(Follow.objects.filter(user=user).only("target", "key", "created"))
    keys: dict[str, set[int]] = defaultdict(set)
    for follow in follows:
        if follow.target in FOLLOWABLE and follow.key.isdigit():
            keys[follow.target].add(int(follow.key))
    records: dict[tuple[str, str], Any] = {}
    for target, pks in keys.items():
        for obj in FOLLOWABLE[target].public().filter(pk__in=pks):
            records[(target, str(obj.pk))] = obj
    states = dict(State.choices)
    views = []
    for follow in follows:
        title, url = "", ""
        if follow.target == Follow.Target.STATE:
            title = str(states.get(follow.key, ""))
        elif (obj := records.get((follow.target, follow.key))) is not None:
            title = title_of(obj)
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        views.append(
            FollowView(
                target=follow.target,
                target_label=str(Follow.Target(follow.target).label),
                key=follow.key,
                title=title,
                url=url,
            )
        )
    return views


NOTIFICATIONS_PER_PAGE = 25


def notifications_page(user: Any, number: Any) -> Page:
    """One page of `user`'s notifications, newest first (two queries: count and rows)."""
    rows = Notification.objects.filter(recipient=user).order_by("-created", "-id")
    return Paginator(rows, NOTIFICATIONS_PER_PAGE).get_page(number)


def unread_count(user: Any) -> int:
    """How many of `user`'s notifications are unread (one query, on a partial index)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_settings(user: Any) -> NotificationSettings:
    """`user`'s e-mail choices; unsaved defaults (no e-mail, weekly pre-selected) if none."""
    row = NotificationSettings.objects.filter(user=user).first()
    return row or NotificationSettings(user=user)
