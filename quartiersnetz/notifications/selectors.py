"""Reads of notifications: what a user follows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import Case, Count, OuterRef, Subquery, When
from django.db.models.functions import Coalesce

from quartiersnetz.core.precompiled import PrecompiledList
from quartiersnetz.places.models import State

from .models import Follow, Notification, NotificationSettings, Radar
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


# Count and pages compiled once per process: the user's id is the queries' only value.
_NOTIFICATIONS = PrecompiledList(
    lambda user_id: Notification.objects.filter(recipient=user_id).order_by("-created", "-id")
)


def notifications_page(user: Any, number: Any) -> Page:
    """One page of `user`'s notifications, newest first (two queries: count and rows)."""
    return _NOTIFICATIONS.page(user.pk, number, NOTIFICATIONS_PER_PAGE)


# The signed-in user's attribute with the unread count (loaded with the user, see apps.py).
UNREAD_WITH_USER = "unread_notification_count"


def unread_with_user() -> Any:
    """The unread count as an annotation of a user query (`OuterRef("pk")` is the user)."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(unread), 0)


def unread_count(user: Any) -> int:
    """How many of `user`'s notifications are unread (one query, on a partial index)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_settings(user: Any) -> NotificationSettings:
    """`user`'s e-mail choices; unsaved defaults (no e-mail, weekly pre-selected) if none."""
    row = NotificationSettings.objects.filter(user=user).first()
    return row or NotificationSettings(user=user)


def user_radars(user: Any) -> list[Radar]:
    """The user's radars by name, with their place (one query)."""
    return list(Radar.objects.filter(user=user).select_related("municipality"))


def user_radar(user: Any, pk: int) -> Radar | None:
    """One of the user's radars; None for others' and missing ones."""
    return Radar.objects.filter(user=user, pk=pk).select_related("municipality").first()


def latest_radar_matches(radars: list[Radar], per_radar: int = 3) -> dict[int, list[Notification]]:
    """The newest match notifications per radar (one query, at most `per_radar` each)."""
    result: dict[int, list[Notification]] = {radar.pk: [] for radar in radars}
    if not radars:
        return result
    rows = Notification.objects.filter(
        radar_id__in=list(result), kind=Notification.Kind.RADAR_MATCH
    ).order_by("-created", "-id")[: per_radar * len(radars) * 4]
    for notification in rows:
        bucket = result.get(notification.radar_id or 0)
        if bucket is not None and len(bucket) < per_radar:
            bucket.append(notification)
    return result


def newest_for_user(user: Any, limit: int = 5) -> list[Notification]:
    """ "Neu für Sie": the user's newest notifications, unread ones first (one query)."""
    return list(
        Notification.objects.filter(recipient=user)
        .annotate(is_unread=Case(When(read_at__isnull=True, then=1), default=0))
        .order_by("-is_unread", "-created", "-id")
        .only("id", "kind", "title", "url", "created", "read_at")[:limit]
    )
