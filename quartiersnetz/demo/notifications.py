"""What the demo login follows, and the notifications it has (made by the real news handlers).

The demo login follows an action field, two sample organisations and a Werkstatt series. Its
notifications come from the handlers of `notifications.news` run for sample records that are
public (practices of what it follows, a Werkstatt of the series, the unread message in its
inbox, a connection proposed to its organisation), then dated back over the last weeks; the older
ones are read.

The sample data itself is old news by the demo's fiction: the outbox rows its services recorded
while building are marked handled (`mark_build_news_handled`), so the worker does not tell the
demo login about sixty practices at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.contact.models import Message
from quartiersnetz.core.models import News
from quartiersnetz.events.models import Event, Series
from quartiersnetz.network.models import Connection
from quartiersnetz.notifications import news
from quartiersnetz.notifications.models import Follow, Notification
from quartiersnetz.practices.models import Practice
from quartiersnetz.taxonomy.models import ActionField

# How long ago each notification arrived, newest first (hours); the first ones stay unread.
AGES_HOURS = [3, 20, 50, 4 * 24, 7 * 24, 11 * 24, 16 * 24, 23 * 24]
UNREAD = 3


def last_news_id() -> int:
    """The newest outbox row before the sample data is built (0 if none)."""
    return News.objects.order_by("-id").values_list("id", flat=True).first() or 0


def mark_build_news_handled(after_id: int) -> int:
    """Mark the news recorded while building the sample data as handled (it is old news)."""
    return News.objects.filter(id__gt=after_id, handled_at__isnull=True).update(
        handled_at=timezone.now()
    )


def _follows(demo_user: User, own: list[int]) -> dict[str, list[int]]:
    public = Q(practices__state=Practice.State.PUBLISHED)
    field = ActionField.objects.annotate(n=Count("practices", filter=public)).order_by("-n", "pk")
    actors = (
        Actor.objects.filter(is_sample=True, is_hidden=False, kind=Actor.Kind.ORGANISATION)
        .exclude(pk__in=own)
        .annotate(n=Count("authored_practices", filter=Q(authored_practices__state="published")))
        .filter(n__gt=0)
        .order_by("-n", "slug")[:2]
    )
    series = (
        Series.objects.annotate(n=Count("events", filter=Event.PUBLIC.q("events")))
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )
    chosen: dict[str, list[int]] = {
        Follow.Target.ACTOR: [a.pk for a in actors],
        Follow.Target.ACTION_FIELD: [f.pk for f in field[:1]],
        Follow.Target.SERIES: [series.pk] if series else [],
    }
    Follow.objects.bulk_create(
        [
            Follow(user=demo_user, target=target, key=str(key))
            for target, keys in chosen.items()
            for key in keys
        ]
    )
    return chosen


def load(*, demo_user: User) -> dict[str, int]:
    """Add the demo login's follows and notifications (once)."""
    if Follow.objects.filter(user=demo_user).exists():
        return {"follows": 0, "created": 0}
    own = list(Actor.objects.filter(memberships__user=demo_user).values_list("pk", flat=True))
    chosen = _follows(demo_user, own)
    followed = Q(organisation_id__in=chosen[Follow.Target.ACTOR]) | Q(
        action_fields__in=chosen[Follow.Target.ACTION_FIELD]
    )
    practices = list(
        Practice.objects.filter(followed, state=Practice.State.PUBLISHED)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)
        .distinct()[:3]
    )
    events = Event.objects.filter(
        Event.PUBLIC.q(), series_id__in=chosen[Follow.Target.SERIES]
    ).order_by("start")
    upcoming = list(events.filter(start__gte=timezone.now()).values_list("pk", flat=True)[:1])
    documented = list(
        events.filter(documented_at__isnull=False)
        .order_by("-documented_at")
        .values_list("pk", flat=True)[:1]
    )
    message = (
        Message.objects.filter(
            Q(thread__recipient_actor_id__in=own) | Q(thread__sender_actor_id__in=own),
            is_withheld=False,
        )
        .exclude(author_actor_id__in=own)
        .order_by("-created")
        .values_list("pk", flat=True)
        .first()
    )
    proposal = (
        Connection.objects.filter(to_actor_id__in=own, status=Connection.Status.PROPOSED)
        .values_list("pk", flat=True)
        .first()
    )
    # Newest first: what the handlers are run for, in the order the demo login heard of it.
    runs: list[tuple[Callable[[list[str]], int], list[int]]] = [
        (news.event_published, upcoming),
        (news.practice_published, practices[:1]),
        (news.message_received, [message] if message else []),  # two days ago (demo/contact.py)
        (news.connection_proposed, [proposal] if proposal else []),
        (news.event_documentation, documented),
        (news.practice_published, practices[1:]),
    ]
    now = timezone.now()
    age = 0
    for handler, ids in runs:
        for pk in ids:
            before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
            handler([str(pk)])
            made = Notification.objects.filter(pk__gt=before or 0)
            created = now - timedelta(hours=AGES_HOURS[min(age, len(AGES_HOURS) - 1)])
            read_at = created + timedelta(hours=5) if age >= UNREAD else None
            made.update(created=created, read_at=read_at)
            age += 1
    follows = sum(len(keys) for keys in chosen.values())
    return {"follows": follows, "created": Notification.objects.filter(recipient=demo_user).count()}
