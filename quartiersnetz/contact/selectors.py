"""Reads of contact: a user's inbox, a thread with its messages, reports, own-data export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import (
    DateTimeField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor, Membership
from quartiersnetz.core.precompiled import Precompiled, PrecompiledList

from .models import AddressShare, Block, Message, Report, Suspension, Thread

# Before every message: a thread never read.
NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


# Compiled once per process: the inbox and every conversation page ask it first.
_ACTING = Precompiled(
    lambda user_id: Actor.objects.filter(Q(memberships__user=user_id) | Q(user=user_id)).only("pk")
)


def acting_actor_ids(user: User) -> set[int]:
    """The ids of the actors a user writes and reads as (one query)."""
    return {actor.pk for actor in _ACTING.run(user.pk)}


def _visible_threads(actor_ids: set[int]) -> QuerySet[Thread]:
    return Thread.objects.filter(
        Q(sender_actor_id__in=actor_ids) | Q(recipient_actor_id__in=actor_ids, is_withheld=False)
    )


def _visible_messages(actor_ids: set[int]) -> Q:
    return Q(is_withheld=False) | Q(author_actor_id__in=actor_ids)


def _acting(user_id: int) -> QuerySet[Actor, Any]:
    return Actor.objects.filter(Q(memberships__user=user_id) | Q(user=user_id)).values("pk")


def _inbox_threads(user_id: int) -> QuerySet[Thread]:
    # The acting actors as a subquery: the user's id is the query's only value, so the page's
    # queries are compiled once per process (core/precompiled.py).
    acting = _acting(user_id)
    return Thread.objects.filter(
        Q(sender_actor_id__in=acting) | Q(recipient_actor_id__in=acting, is_withheld=False)
    )


def _inbox(user_id: int) -> QuerySet[Thread]:
    # A message from the other side, visible, newer than the user's last reading.
    unread_messages = Message.objects.filter(
        thread=OuterRef("pk"), created__gt=OuterRef("read_at"), is_withheld=False
    ).exclude(author_actor_id__in=_acting(user_id))
    # One `annotate` (every call clones the query).
    return (
        _inbox_threads(user_id)
        .annotate(
            own_read=FilteredRelation("read_states", condition=Q(read_states__user=user_id)),
            read_at=Coalesce(F("own_read__read_at"), Value(NEVER, output_field=DateTimeField())),
            sender_name=F("sender_actor__name"),
            recipient_name=F("recipient_actor__name"),
            is_unread=Exists(unread_messages),
        )
        .order_by("-is_unread", "-last_message_at", "-id")
    )


def inbox(user: User) -> QuerySet[Thread]:
    """The threads of all actors the user acts for, unread first, then the newest; each with
    `is_unread` (a message from the other side the user has not read), `read_at` and the two
    sides' names (`sender_name`, `recipient_name`: the list shows nothing else of them).

    The user's read state is a filtered LEFT JOIN, not a subquery per row: half the time to
    compile and run (make bench --suite notifications)."""
    return _inbox(user.pk)


# Count and pages compiled once per process: the user's id is the queries' only value.
_INBOX = PrecompiledList(_inbox, count=_inbox_threads)


def inbox_page(user: User, number: str | None, per_page: int) -> Page[Thread]:
    """One page of `inbox` (two queries: the count, the rows)."""
    return _INBOX.page(user.pk, number, per_page)


def unread_count(user: User) -> int:
    return inbox(user).filter(is_unread=True).count()  # type: ignore[misc]


@dataclass(frozen=True)
class ThreadView:
    thread: Thread
    own_actor: Actor  # the user's side
    other_actor: Actor
    messages: list[Message]
    # E-mail addresses shared in the thread, by user id (only those who chose to).
    shared: dict[int, str]
    # (name, address) of everyone who shared, in the order they did.
    shared_list: list[tuple[str, str]]
    user_shared: bool
    other_side_blocked: bool  # the user's side has blocked the other side
    both_wrote: bool
    read_at: dt.datetime | None  # when the user last read the thread (None: never)
    user_suspended: bool  # the reader may not write (`is_suspended`)

    @property
    def has_news(self) -> bool:
        """Something arrived since the user last read the thread (reading it again writes
        nothing then)."""
        return self.read_at is None or self.read_at < self.thread.last_message_at


# What the conversation page shows of the two actors and of each message's author: the page
# compiles fewer columns (most of its time was building the queries, make bench).
_ACTOR_FIELDS = ("id", "kind", "name", "slug")


def thread_for(user: User, pk: int) -> ThreadView | None:
    """The thread if the user acts for one of its sides (None otherwise), with what they see."""
    actor_ids = acting_actor_ids(user)
    sides = ("sender_actor", "recipient_actor")
    thread = (
        _visible_threads(actor_ids)
        .select_related(*sides)
        .only(
            *(f.name for f in Thread._meta.concrete_fields),
            *(f"{side}__{name}" for side in sides for name in _ACTOR_FIELDS),
        )
        .annotate(
            own_read=FilteredRelation("read_states", condition=Q(read_states__user=user)),
            own_read_at=F("own_read__read_at"),
            # Either side's block of the other (the page asks the user's side's).
            sender_blocks=Exists(
                Block.objects.filter(
                    actor=OuterRef("sender_actor"), blocked_actor=OuterRef("recipient_actor")
                )
            ),
            recipient_blocks=Exists(
                Block.objects.filter(
                    actor=OuterRef("recipient_actor"), blocked_actor=OuterRef("sender_actor")
                )
            ),
            # The reader's own state, asked in the same query.
            user_suspended=Exists(Suspension.objects.filter(user=user, lifted_at__isnull=True)),
        )
        .filter(pk=pk)
        .first()
    )
    if thread is None:
        return None
    own_is_sender = thread.sender_actor_id in actor_ids
    own = thread.sender_actor if own_is_sender else thread.recipient_actor
    other = thread.recipient_actor if own_is_sender else thread.sender_actor
    messages = list(
        thread.messages.filter(_visible_messages(actor_ids))
        .select_related("author_actor", "author")
        .only(
            *(f.name for f in Message._meta.concrete_fields),
            *(f"author_actor__{name}" for name in _ACTOR_FIELDS),
            "author__id",
            "author__display_name",
            "author__email",
        )
        .order_by("created", "id")
    )
    share_rows = list(
        AddressShare.objects.filter(thread=thread)
        .select_related("user")
        .only("thread_id", "user__id", "user__display_name", "user__email")
        .order_by("created", "id")
    )
    shares = {share.user_id: share.user.email for share in share_rows}
    authors = {m.author_actor_id for m in messages if not m.is_withheld}
    return ThreadView(
        thread=thread,
        own_actor=own,
        other_actor=other,
        messages=messages,
        shared=shares,
        shared_list=[(share.user.display_name, share.user.email) for share in share_rows],
        user_shared=user.pk in shares,
        other_side_blocked=thread.sender_blocks if own_is_sender else thread.recipient_blocks,
        both_wrote={thread.sender_actor_id, thread.recipient_actor_id} <= authors,
        read_at=thread.own_read_at,
        user_suspended=thread.user_suspended,
    )


def message_for_report(user: User, pk: int) -> Message | None:
    """A message the user may report: one written by the other side of a thread they see."""
    actor_ids = acting_actor_ids(user)
    return (
        Message.objects.filter(pk=pk, is_withheld=False)
        .exclude(author_actor_id__in=actor_ids)
        .filter(thread__in=_visible_threads(actor_ids))
        .select_related("thread", "author_actor")
        .first()
    )


def is_suspended(user: User) -> bool:
    return Suspension.objects.filter(user=user, lifted_at__isnull=True).exists()


def open_reports() -> QuerySet[Report]:
    active = Suspension.objects.filter(user=OuterRef("message__author"), lifted_at__isnull=True)
    return (
        Report.objects.filter(resolved_at__isnull=True)
        .select_related("message__author_actor", "message__author", "message__thread", "reporter")
        .annotate(author_suspended=Exists(active))
        .order_by("created", "id")
    )


def open_report_count() -> int:
    return Report.objects.filter(resolved_at__isnull=True).count()


def active_suspensions() -> QuerySet[Suspension]:
    return (
        Suspension.objects.filter(lifted_at__isnull=True)
        .select_related("user", "created_by")
        .order_by("-created")
    )


def threads_started_since(user: User, since: dt.datetime) -> int:
    return Thread.objects.filter(started_by=user, created__gte=since).count()


def messages_of_user(user: User) -> QuerySet[Message]:
    """Every message the user wrote, with its thread and actors (for the own-data export)."""
    return (
        Message.objects.filter(author=user)
        .select_related("thread__sender_actor", "thread__recipient_actor", "author_actor")
        .order_by("created", "id")
    )


def member_ids(actor: Actor) -> list[int]:
    """The active users who act for an actor."""
    ids = set(
        Membership.objects.filter(organisation=actor, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    if actor.user_id is not None:
        ids.add(actor.user_id)
    return sorted(ids)


def messages_since(since: dt.datetime) -> QuerySet[Message]:
    """The messages that reached the other side after `since` (never withheld ones), oldest
    first, with their thread and actors: what a higher app (notifications) tells about. The
    members to tell are `member_ids(thread.other_actor(message.author_actor_id))`."""
    return (
        Message.objects.filter(created__gt=since, is_withheld=False)
        .select_related("thread__sender_actor", "thread__recipient_actor", "author_actor")
        .order_by("created", "id")
    )


def news_messages(ids: list[int]) -> QuerySet[Message]:
    """The messages among `ids` that reached the other side (never withheld ones), with their
    thread and actors: what the notifications app tells about (decision 0011). The members to
    tell are those of `thread.other_actor(message.author_actor_id)` but the author."""
    return (
        Message.objects.filter(pk__in=ids, is_withheld=False)
        .select_related("thread__sender_actor", "thread__recipient_actor", "author_actor")
        .order_by("pk")
    )
