"""What each kind of news means: who hears about it (decision 0011).

Lower apps record news in the outbox (`core.news.record(kind, subject_id)`); the worker task
`tasks.handle_news` claims the waiting rows and calls the handler of their kind with the
subjects' ids. A handler re-reads its subjects through the lower app's selector (a constant
number of queries per batch), keeps only those that are public *now* — a record published and
hidden again before the worker ran notifies nobody — and makes the notifications: for the
followers of the record's targets (`fanout.notify_followers`), or for the people directly
concerned (`fanout.notify_users`). Titles and addresses are snapshots, as everywhere.

`register_published_listener(fn)` lets another part of this app (the Themenradar) hear which
practices, events, publications, projects and alliances became public: `fn(record_type, ids)`
with the ids still public after the handler ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.urls import reverse

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.selectors import acting_user_ids_by_actor
from quartiersnetz.alliances.selectors import news_alliances, news_memberships
from quartiersnetz.contact.selectors import news_messages
from quartiersnetz.events.models import Event
from quartiersnetz.events.selectors import news_events, news_registrations
from quartiersnetz.network.models import Connection
from quartiersnetz.network.selectors import news_connections
from quartiersnetz.practices.selectors import news_practices
from quartiersnetz.projects.selectors import news_learnings, news_projects
from quartiersnetz.publications.selectors import news_publications

from . import fanout
from .models import Follow, Notification

Kind = Notification.Kind
Target = Follow.Target
# A handler gets the subject ids of one kind's waiting rows; it returns the notifications made.
Handler = Callable[[list[str]], int]
PublishedListener = Callable[[str, list[int]], None]

_published_listeners: list[PublishedListener] = []


def register_published_listener(fn: PublishedListener) -> None:
    """Call `fn(record_type, ids)` after the news that practices ("practice"), events
    ("event"), publications ("publication"), projects ("project") or alliances ("alliance")
    became public was handled, with the ids that are still public. Registering again is a
    no-op (app reloads, tests). `fn` runs in the worker, inside the transaction of the batch:
    it should be quick (enqueue a task for more) — an exception leaves that kind's news waiting."""
    if fn not in _published_listeners:
        _published_listeners.append(fn)


def unregister_published_listener(fn: PublishedListener) -> None:
    if fn in _published_listeners:
        _published_listeners.remove(fn)


def _tell_published(record_type: str, ids: list[int]) -> None:
    if not ids:
        return
    for fn in list(_published_listeners):
        fn(record_type, ids)


def _ids(subject_ids: Iterable[str]) -> list[int]:
    return sorted({int(key) for key in subject_ids if str(key).isdigit()})


def _public_actors(actors: Iterable[Actor | None]) -> list[tuple[str, Any]]:
    return [(Target.ACTOR, a.pk) for a in actors if a is not None and Actor.PUBLIC.holds(a)]


def _place(municipality: Any) -> list[tuple[str, Any]]:
    return [(Target.STATE, municipality.state)] if municipality is not None else []


def _terms(
    *, action_fields: Iterable[int | None], approaches: Iterable[int], spatial_field: int | None
) -> list[tuple[str, Any]]:
    targets: list[tuple[str, Any]] = [(Target.ACTION_FIELD, pk) for pk in action_fields if pk]
    targets += [(Target.APPROACH, pk) for pk in approaches]
    if spatial_field:
        targets.append((Target.SPATIAL_FIELD, spatial_field))
    return targets


# --- Followers of the record's targets -------------------------------------------------------


def practice_published(subject_ids: list[str]) -> int:
    made, public = 0, []
    for practice in news_practices(_ids(subject_ids)):
        public.append(practice.pk)
        targets = [
            (Target.PRACTICE, practice.pk),
            *_public_actors([practice.organisation, *practice.involved_actors.all()]),
            *_terms(
                action_fields=[f.pk for f in practice.action_fields.all()],
                approaches=[a.pk for a in practice.approaches.all()],
                spatial_field=practice.spatial_field_id,
            ),
            *_place(practice.municipality),
        ]
        made += fanout.notify_followers(
            kind=Kind.PRACTICE_PUBLISHED,
            subject_type="practice",
            subject_id=practice.pk,
            title=practice.title,
            url=practice.get_absolute_url(),
            targets=targets,
            exclude_user_ids=[practice.created_by_id],  # who wrote it knows
        )
    _tell_published("practice", public)
    return made


def _event_targets(event: Event) -> list[tuple[str, Any]]:
    return [
        (Target.EVENT, event.pk),
        *([(Target.SERIES, event.series_id)] if event.series_id else []),
        *_public_actors(event.partners.all()),
        *_terms(
            action_fields=[event.action_field_id],
            approaches=[a.pk for a in event.approaches.all()],
            spatial_field=event.spatial_field_id,
        ),
        *_place(event.municipality),
    ]


def event_published(subject_ids: list[str]) -> int:
    made, public = 0, []
    for event in news_events(_ids(subject_ids)):
        public.append(event.pk)
        if event.state != Event.State.PUBLISHED:  # cancelled before anybody heard of it
            continue
        made += fanout.notify_followers(
            kind=Kind.EVENT_PUBLISHED,
            subject_type="event",
            subject_id=event.pk,
            title=event.title,
            url=event.get_absolute_url(),
            targets=_event_targets(event),
            exclude_user_ids=[event.created_by_id],
        )
    _tell_published("event", public)
    return made


def _event_followers(kind: str, subject_ids: list[str]) -> int:
    """The programme or documentation of an event: for the followers of the event and its
    series (one notification each per event, however often the programme grows)."""
    made = 0
    for event in news_events(_ids(subject_ids)):
        targets: list[tuple[str, Any]] = [(Target.EVENT, event.pk)]
        if event.series_id:
            targets.append((Target.SERIES, event.series_id))
        made += fanout.notify_followers(
            kind=kind,
            subject_type="event",
            subject_id=event.pk,
            title=event.title,
            url=event.get_absolute_url(),
            targets=targets,
        )
    return made


def event_programme(subject_ids: list[str]) -> int:
    return _event_followers(Kind.EVENT_PROGRAMME, subject_ids)


def event_documentation(subject_ids: list[str]) -> int:
    return _event_followers(Kind.EVENT_DOCUMENTATION, subject_ids)


def publication_published(subject_ids: list[str]) -> int:
    made, public = 0, []
    for publication in news_publications(_ids(subject_ids)):
        public.append(publication.pk)
        targets = [
            *_public_actors(publication.author_organisations.all()),
            *_terms(action_fields=[publication.action_field_id], approaches=(), spatial_field=None),
        ]
        made += fanout.notify_followers(
            kind=Kind.PUBLICATION_PUBLISHED,
            subject_type="publication",
            subject_id=publication.pk,
            title=publication.title,
            url=publication.get_absolute_url(),
            targets=targets,
            exclude_user_ids=[publication.submitted_by_id],
        )
    _tell_published("publication", public)
    return made


def project_learning(subject_ids: list[str]) -> int:
    made = 0
    for learning in news_learnings(_ids(subject_ids)):
        project = learning.project
        made += fanout.notify_followers(
            kind=Kind.PROJECT_LEARNING,
            subject_type="learning",
            subject_id=learning.pk,
            title=learning.title,
            url=f"{project.get_absolute_url()}#erkenntnis-{learning.pk}",
            targets=[(Target.PROJECT, project.pk)],
        )
    return made


def alliance_member(subject_ids: list[str]) -> int:
    made = 0
    for member in news_memberships(_ids(subject_ids)):
        alliance, actor = member.alliance, member.actor
        made += fanout.notify_followers(
            kind=Kind.ALLIANCE_MEMBER,
            subject_type="alliance_member",
            subject_id=member.pk,
            title=f"{actor.name} – {alliance.name}",
            url=alliance.get_absolute_url(),
            targets=[(Target.ALLIANCE, alliance.pk), (Target.ACTOR, actor.pk)],
        )
    return made


# --- Only for the Themenradar ----------------------------------------------------------------


def project_public(subject_ids: list[str]) -> int:
    _tell_published("project", [p.pk for p in news_projects(_ids(subject_ids))])
    return 0


def alliance_created(subject_ids: list[str]) -> int:
    _tell_published("alliance", [a.pk for a in news_alliances(_ids(subject_ids))])
    return 0


# --- The people directly concerned -----------------------------------------------------------


def _connections(subject_ids: list[str], *, confirmed: bool) -> int:
    status = Connection.Status.CONFIRMED if confirmed else Connection.Status.PROPOSED
    connections = list(news_connections(_ids(subject_ids), status=status))
    # Proposed: those who act for the other side answer it; confirmed: the proposing side.
    told = [c.from_actor if confirmed else c.to_actor for c in connections]
    members = acting_user_ids_by_actor({actor.pk for actor in told})
    made = 0
    for connection, actor in zip(connections, told, strict=True):
        other = connection.to_actor if confirmed else connection.from_actor
        acted = connection.confirmed_by_id if confirmed else connection.proposed_by_id
        url = (
            other.get_absolute_url()
            if confirmed
            else reverse("network:connections", kwargs={"slug": actor.slug})
        )
        made += fanout.notify_users(
            kind=Kind.CONNECTION_CONFIRMED if confirmed else Kind.CONNECTION_PROPOSED,
            subject_type="connection",
            subject_id=connection.pk,
            title=other.name,
            url=url,
            user_ids=members[actor.pk] - {acted},
        )
    return made


def connection_proposed(subject_ids: list[str]) -> int:
    return _connections(subject_ids, confirmed=False)


def connection_confirmed(subject_ids: list[str]) -> int:
    return _connections(subject_ids, confirmed=True)


def registration_promoted(subject_ids: list[str]) -> int:
    made = 0
    for registration in news_registrations(_ids(subject_ids)):
        event = registration.event
        made += fanout.notify_users(
            kind=Kind.WAITLIST_PROMOTED,
            subject_type="registration",
            subject_id=registration.pk,
            title=event.title,
            url=event.get_absolute_url(),
            user_ids=[registration.user_id],
        )
    return made


def message_received(subject_ids: list[str]) -> int:
    messages = list(news_messages(_ids(subject_ids)))
    others = [m.thread.other_actor(m.author_actor_id) for m in messages]
    members = acting_user_ids_by_actor({actor.pk for actor in others})
    made = 0
    for message, other in zip(messages, others, strict=True):
        thread = message.thread
        made += fanout.notify_users(
            kind=Kind.MESSAGE_RECEIVED,
            subject_type="message",
            subject_id=message.pk,
            title=f"{message.author_actor.name}: {thread.subject}"
            if thread.subject
            else message.author_actor.name,
            url=reverse("contact:thread", kwargs={"pk": thread.pk}),
            user_ids=members[other.pk] - {message.author_id},
        )
    return made


HANDLERS: dict[str, Handler] = {
    "practice_published": practice_published,
    "event_published": event_published,
    "event_programme": event_programme,
    "event_documentation": event_documentation,
    "publication_published": publication_published,
    "project_learning": project_learning,
    "alliance_member": alliance_member,
    "project_public": project_public,
    "alliance_created": alliance_created,
    "connection_proposed": connection_proposed,
    "connection_confirmed": connection_confirmed,
    "registration_promoted": registration_promoted,
    "message_received": message_received,
}
