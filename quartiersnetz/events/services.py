"""All writes to Werkstätten go through the events services (keyword-only, typed, atomic).

This module: events themselves (create, update, publish, cancel, the checks of the curation
form) with their hosts and partners, members' proposals of events (`event_propose`: a draft
for the curators), and the one computation of `Event.search_text`. The
programme has `agenda_services`, series and their planning `series_services`, the
documentation `documentation_services`, registrations `registration_services`. Every change
writes an entry to the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.rules import is_profile_editor
from quartiersnetz.audit.services import apply_changes, audit_log
from quartiersnetz.core import news
from quartiersnetz.core.changes import announce
from quartiersnetz.core.slugs import unique_slug
from quartiersnetz.core.text import build_search_text
from quartiersnetz.taxonomy.models import Approach

from . import tasks
from .models import Event, EventPartner

EVENT_FIELDS = (
    "format", "series", "title", "summary", "description", "start", "end", "time_zone",
    "mode", "municipality", "venue_name", "address", "accessibility_info", "online_url",
    "spatial_field", "action_field", "admission", "capacity", "registration_opens",
    "registration_closes", "ask_accessibility", "ask_dietary", "ask_organisation",
    "public_attendee_list",
)  # fmt: skip

# What a member's proposal may set (`event_propose`): no series, registration or admission
# settings (the curators decide those), and the note to the curators besides.
PROPOSAL_FIELDS = (
    "format", "title", "summary", "description", "start", "end", "time_zone", "mode",
    "municipality", "venue_name", "address", "online_url", "spatial_field", "action_field",
)  # fmt: skip
PROPOSAL_NOTE = "proposal_note"

# Path segments under /werkstaetten/ that an event or series slug must not shadow.
RESERVED_SLUGS = frozenset(
    {
        "neu", "planung", "reihen", "feed-atom", "feed", "kalender", "kalender-ics", "ical",
        "anmeldung", "anmeldungen", "meine", "dokumente", "archiv", "abmelden",
        "meine-anmeldungen", "vorschlagen",
    }
)  # fmt: skip


def audit_display(value: Any) -> Any:
    """Like `audit_value`, but times as ISO 8601 (the audit entries of events keep this form)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def lock_event(event: Event) -> Event:
    """The event, locked for the rest of the transaction (every write to it takes this first)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def touch_event(event_id: int) -> None:
    """Mark the event changed (its page and the lists follow `updated`) after a change of its
    programme, partners or documents."""
    Event.objects.filter(pk=event_id).update(updated=timezone.now())


def event_search_text(event: Event, *, municipality_name: str | None = None) -> str:
    """What `Event.search_text` holds: title, texts, venue, address, place and documentation.

    The one computation of the column: every write of an event's searchable fields sets it
    (`event.search_text = event_search_text(event)`), and so do the demo generators; the list's
    `q` filter searches it like the directory and the practices do. `municipality_name` spares
    a bulk generator the lookup of `event.municipality` (pass "" for an event without one).
    """
    if municipality_name is None:
        municipality = event.municipality if event.municipality_id else None
        municipality_name = municipality.name if municipality else ""
    return build_search_text(
        event.title,
        event.summary,
        event.description,
        event.venue_name,
        event.address,
        municipality_name,
        event.documentation,
    )


# Events -------------------------------------------------------------------------------------


def check_event(event: Event, *, complete: bool = True) -> None:
    """The model's checks plus the rules of the curation form (German messages per field).

    `complete=False` (a planned draft) skips what is only needed to publish: the venue for
    events on site, the online access for online events.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if event.start and event.end and event.end < event.start:
        add("end", _("Das Ende darf nicht vor dem Beginn liegen."))
    if complete and event.is_on_site:
        if not event.venue_name.strip():
            add("venue_name", _("Bitte nennen Sie den Veranstaltungsort (vor Ort oder hybrid)."))
        if not event.address.strip():
            add("address", _("Bitte geben Sie die Adresse an (vor Ort oder hybrid)."))
        if not event.municipality_id:
            add("municipality", _("Bitte geben Sie die Gemeinde an (vor Ort oder hybrid)."))
    if complete and event.is_online and not event.online_url.strip():
        add("online_url", _("Bitte geben Sie den Online-Zugang an (online oder hybrid)."))
    if (
        event.action_field is not None
        and event.spatial_field_id
        and event.action_field.spatial_field_id != event.spatial_field_id
    ):
        add(
            "action_field",
            _("Das Handlungsfeld gehört nicht zum gewählten räumlichen Handlungsfeld."),
        )
    opens, closes = event.registration_opens, event.registration_closes
    if opens and closes and closes < opens:
        add("registration_closes", _("Der Anmeldeschluss darf nicht vor dem Anmeldebeginn liegen."))
    if closes and event.end and closes > event.end:
        add(
            "registration_closes",
            _("Der Anmeldeschluss darf nicht nach dem Ende der Veranstaltung liegen."),
        )
    if event.admission == Event.Admission.NONE and event.capacity:
        add(
            "capacity", _("Ohne Anmeldung gibt es keine Platzbegrenzung; lassen Sie das Feld leer.")
        )
    try:
        event.full_clean(exclude=["slug"] if not event.slug else None)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                if message not in errors.get(field, []):
                    add(field, message)
    if errors:
        raise ValidationError(errors)


def _set_approaches(event: Event, approaches: Iterable[Approach] | None) -> dict[str, Any]:
    if approaches is None:
        return {}
    new_objects = list(approaches)
    old = sorted(str(a) for a in event.approaches.all())
    event.approaches.set(new_objects)
    new = sorted(str(a) for a in new_objects)
    return {"approaches": [old, new]} if old != new else {}


def _set_partners(event: Event, partners: Iterable[tuple[int, str]] | None) -> dict[str, Any]:
    """Replace hosts and local partners by `partners` ((actor id, role) pairs)."""
    if partners is None:
        return {}
    wanted = {(int(actor_id), role) for actor_id, role in partners}
    existing = {
        (row.actor_id, row.role): row.pk for row in EventPartner.objects.filter(event=event)
    }
    removed, added = set(existing) - wanted, wanted - set(existing)
    known = {a for a, _r in existing}
    new_ids = {a for a, _r in added} - known
    visible = set(Actor.objects.visible().filter(pk__in=new_ids).values_list("pk", flat=True))
    if new_ids - visible or any(r not in EventPartner.Role.values for _a, r in added):
        raise ValidationError(
            {"partners": _("Unbekannte Mitwirkende oder Rolle bei Gastgebenden und Partnern.")}
        )
    if removed:
        EventPartner.objects.filter(pk__in=[existing[key] for key in removed]).delete()
    EventPartner.objects.bulk_create(
        EventPartner(event=event, actor_id=actor_id, role=role) for actor_id, role in sorted(added)
    )
    if not (removed or added):
        return {}
    names = dict(
        Actor.objects.filter(pk__in={a for a, _r in set(existing) | wanted}).values_list(
            "pk", "name"
        )
    )

    def labels(keys: set[tuple[int, str]]) -> list[str]:
        return sorted(f"{names.get(a, a)} ({EventPartner.Role(r).label})" for a, r in keys)

    return {"partners": [labels(set(existing)), labels(wanted)]}


@transaction.atomic
def event_create(
    *,
    user: User | None,
    data: dict[str, Any],
    approaches: Iterable[Approach] | None = None,
    partners: Iterable[tuple[int, str]] | None = None,
    complete: bool = True,
) -> Event:
    """Create a draft event (only curators see it until it is published).

    `complete=False` accepts a draft without venue or online access (series planning);
    publishing checks them.
    """
    event = Event(state=Event.State.DRAFT, created_by=user)
    apply_changes(event, EVENT_FIELDS, data, display=audit_display, assign_fk_id=True)
    if event.series_id and not event.format_id and event.series and event.series.format_id:
        event.format_id = event.series.format_id
    event.slug = unique_slug(
        event.title, queryset=Event.objects.all(), fallback="werkstatt", reserved=RESERVED_SLUGS
    )
    check_event(event, complete=complete)
    event.search_text = event_search_text(event)
    event.save()
    _set_approaches(event, approaches)
    _set_partners(event, partners)
    audit_log(
        user=user, action="event.create", target=event,
        changes={"title": event.title, "start": audit_display(event.start)},
    )  # fmt: skip
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    user: User | None,
    data: dict[str, Any],
    approaches: Iterable[Approach] | None = None,
    partners: Iterable[tuple[int, str]] | None = None,
    complete: bool = True,
) -> Event:
    """Change an event's fields, approaches and partners. The slug stays stable.

    Drafts may stay incomplete (`complete=False`); published events never.
    """
    announce("events")  # the network recomputes from this (core.changes)
    event = lock_event(event)
    changes = apply_changes(event, EVENT_FIELDS, data, display=audit_display, assign_fk_id=True)
    check_event(event, complete=complete or event.state != Event.State.DRAFT)
    event.search_text = event_search_text(event)
    if changes:
        event.save()
    changes.update(_set_approaches(event, approaches))
    changes.update(_set_partners(event, partners))
    if changes:
        touch_event(event.pk)
        audit_log(user=user, action="event.update", target=event, changes=changes)
    return event


@transaction.atomic
def event_publish(*, event: Event, user: User | None) -> Event:
    """Draft → published: the event appears in the public list, calendar and feeds."""
    announce("events")  # the network recomputes from this (core.changes)
    event = lock_event(event)
    if event.state != Event.State.DRAFT:
        raise ValidationError(
            _("Nur Entwürfe können veröffentlicht werden (aktueller Stand: %(state)s).")
            % {"state": event.get_state_display()}
        )
    check_event(event)
    event.state = Event.State.PUBLISHED
    event.save(update_fields=["state", "updated"])
    audit_log(
        user=user, action="event.publish", target=event,
        changes={"state": [Event.State.DRAFT, Event.State.PUBLISHED]},
    )  # fmt: skip
    news.record("event_published", event.pk)  # followers hear of it (decision 0011)
    if event.proposed_by_id is not None and event.created_by_id is not None:
        # A member's proposal: its proposer hears that it is public now.
        event_id = event.pk
        transaction.on_commit(lambda: tasks.send_proposal_published.enqueue(event_id))
    return event


# Proposals by members -----------------------------------------------------------------------


def proposals_open_max() -> int:
    """How many proposals a user may have waiting for the curators at a time."""
    return int(getattr(settings, "EVENT_PROPOSALS_OPEN_MAX", 5))


def open_proposals(user: User) -> int:
    """The user's proposals the curators have not published yet (drafts that have not ended:
    a proposal whose date has passed no longer counts)."""
    return Event.objects.filter(
        created_by=user,
        proposed_by__isnull=False,
        state=Event.State.DRAFT,
        end__gte=timezone.now(),
    ).count()


@transaction.atomic
def event_propose(
    *,
    user: User,
    actor: Actor,
    data: dict[str, Any],
    approaches: Iterable[Approach] | None = None,
) -> Event:
    """A member proposes an event on behalf of one of their profiles (organisation or expert
    profile): a draft that only the curators see, who complete and publish it as usual.

    `data` holds `PROPOSAL_FIELDS` and `proposal_note` (nothing else; venue and online access
    may still be missing). `actor` becomes the event's host; the curators are told by e-mail
    once the proposal is committed. At most `EVENT_PROPOSALS_OPEN_MAX` open proposals per user.
    """
    unknown = set(data) - {*PROPOSAL_FIELDS, PROPOSAL_NOTE}
    if unknown:
        raise ValueError(f"event_propose does not take {sorted(unknown)}")
    if not is_profile_editor(user, actor):
        raise ValidationError(
            {
                "actor": _(
                    "Sie können Veranstaltungen nur für Ihre eigenen Organisationen oder Ihr "
                    "Expertenprofil vorschlagen."
                )
            }
        )
    if not Actor.PUBLIC.holds(actor):
        raise ValidationError(
            {
                "actor": _(
                    "Dieses Profil ist zurzeit ausgeblendet; für es können Sie keine "
                    "Veranstaltung vorschlagen. Bitte wenden Sie sich an die Kuration."
                )
            }
        )
    # One proposal at a time per user: the count below cannot be raced past the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    limit = proposals_open_max()
    if open_proposals(user) >= limit:
        raise ValidationError(
            _(
                "Sie haben schon %(limit)s Vorschläge, über die die Kuration noch nicht "
                "entschieden hat. Bitte warten Sie ihre Antwort ab, bevor Sie weitere "
                "Veranstaltungen vorschlagen."
            )
            % {"limit": limit}
        )
    # The proposal's own checks, reported together with those of the draft (`check_event`).
    errors: dict[str, Any] = {}
    note = str(data.get(PROPOSAL_NOTE) or "").strip()
    try:
        note_field = Event._meta.get_field(PROPOSAL_NOTE)
        assert isinstance(note_field, models.Field)  # noqa: S101
        note_field.clean(note, None)
    except ValidationError as exc:
        errors[PROPOSAL_NOTE] = exc.error_list
    start = data.get("start")
    if isinstance(start, dt.datetime) and start < timezone.now():
        errors["start"] = [_("Der Beginn muss in der Zukunft liegen.")]
    fields = {name: data[name] for name in PROPOSAL_FIELDS if name in data}
    try:
        event = event_create(
            user=user,
            data=fields,
            approaches=approaches,
            partners=[(actor.pk, EventPartner.Role.HOST)],
            complete=False,
        )
    except ValidationError as exc:
        raise ValidationError(exc.update_error_dict(errors)) from exc
    if errors:
        raise ValidationError(errors)  # the draft is rolled back with the transaction
    event.proposed_by = actor
    event.proposal_note = note
    event.save(update_fields=["proposed_by", "proposal_note", "updated"])
    audit_log(
        user=user, action="event.propose", target=event,
        changes={"proposed_by": actor.name, "proposal_note": event.proposal_note},
    )  # fmt: skip
    event_id = event.pk
    transaction.on_commit(lambda: tasks.send_event_proposed.enqueue(event_id))
    return event


@transaction.atomic
def event_cancel(*, event: Event, user: User | None, reason: str, notify: bool = False) -> Event:
    """Published → cancelled, with a reason. The page stays public and is marked cancelled.

    The reason is stored on the event (shown on its page, in the list and the calendars) and
    in the audit log.

    With `notify`, everyone still registered (confirmed, waiting list, pending) gets the reason
    by e-mail, as a message to the registrants (registration services).
    """
    announce("events")  # the network recomputes from this (core.changes)
    event = lock_event(event)
    reason = reason.strip()
    if event.state != Event.State.PUBLISHED:
        raise ValidationError(
            _(
                "Nur veröffentlichte Veranstaltungen können abgesagt werden "
                "(aktueller Stand: %(state)s)."
            )
            % {"state": event.get_state_display()}
        )
    if not reason:
        raise ValidationError({"reason": _("Bitte geben Sie einen Grund für die Absage an.")})
    event.state = Event.State.CANCELLED
    event.cancellation_reason = reason
    event.save(update_fields=["state", "cancellation_reason", "updated"])
    audit_log(
        user=user, action="event.cancel", target=event,
        changes={"state": [Event.State.PUBLISHED, Event.State.CANCELLED], "reason": reason},
    )  # fmt: skip
    if notify and user is not None:
        from . import registration_services

        statuses = registration_services.MESSAGE_STATUSES
        if event.registrations.filter(status__in=statuses, anonymised_at__isnull=True).exists():
            registration_services.event_message_send(
                event=event,
                sender=user,
                subject=_("Abgesagt: %(title)s") % {"title": event.title},
                body=_("Die Veranstaltung „%(title)s“ ist leider abgesagt.\n\nGrund: %(reason)s")
                % {"title": event.title, "reason": reason},
                statuses=statuses,
            )
    return event
