"""All curator writes to Werkstätten go through these functions (keyword-only, typed, atomic).

Events, their hosts and partners, the programme, series planning and the documentation
(summary, outcomes, presented practices, recommendations, PDF documents). Every change writes
an entry to the audit log. Registrations have their own services (registration_services).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.audit.services import apply_changes, audit_log
from quartiersnetz.core.slugs import unique_slug
from quartiersnetz.practices.models import Practice
from quartiersnetz.publications.models import Recommendation
from quartiersnetz.publications.pdf import validate_pdf_upload
from quartiersnetz.taxonomy.models import Approach, SpatialField

from .models import AgendaItem, Event, EventDocument, EventPartner, Series
from .selectors import event_search_text

EVENT_FIELDS = (
    "format", "series", "title", "summary", "description", "start", "end", "time_zone",
    "mode", "municipality", "venue_name", "address", "accessibility_info", "online_url",
    "spatial_field", "action_field", "admission", "capacity", "registration_opens",
    "registration_closes", "ask_accessibility", "ask_dietary", "ask_organisation",
    "public_attendee_list",
)  # fmt: skip
AGENDA_FIELDS = ("start", "end", "title", "kind", "description", "practice", "method")
SERIES_FIELDS = ("title", "description", "format", "rotates_spatial_fields")

# Path segments under /werkstaetten/ that an event or series slug must not shadow.
RESERVED_SLUGS = frozenset(
    {
        "neu", "planung", "reihen", "feed-atom", "feed", "kalender", "kalender-ics", "ical",
        "anmeldung", "anmeldungen", "meine", "dokumente", "archiv", "abmelden",
        "meine-anmeldungen",
    }
)  # fmt: skip
# Default length of a planned practice input (series planning).
INPUT_MINUTES = 30


def _display(value: Any) -> Any:
    """Like `audit_value`, but times as ISO 8601 (the audit entries of events keep this form)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _touch(event_id: int) -> None:
    Event.objects.filter(pk=event_id).update(updated=timezone.now())


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
    apply_changes(event, EVENT_FIELDS, data, display=_display, assign_fk_id=True)
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
        changes={"title": event.title, "start": _display(event.start)},
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
    event = _lock(event)
    changes = apply_changes(event, EVENT_FIELDS, data, display=_display, assign_fk_id=True)
    check_event(event, complete=complete or event.state != Event.State.DRAFT)
    event.search_text = event_search_text(event)
    if changes:
        event.save()
    changes.update(_set_approaches(event, approaches))
    changes.update(_set_partners(event, partners))
    if changes:
        _touch(event.pk)
        audit_log(user=user, action="event.update", target=event, changes=changes)
    return event


@transaction.atomic
def event_publish(*, event: Event, user: User | None) -> Event:
    """Draft → published: the event appears in the public list, calendar and feeds."""
    event = _lock(event)
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
    return event


@transaction.atomic
def event_cancel(*, event: Event, user: User | None, reason: str, notify: bool = False) -> Event:
    """Published → cancelled, with a reason. The page stays public and is marked cancelled.

    The reason is stored on the event (shown on its page, in the list and the calendars) and
    in the audit log.

    With `notify`, everyone still registered (confirmed, waiting list, pending) gets the reason
    by e-mail, as a message to the registrants (registration services).
    """
    event = _lock(event)
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


# Programme ----------------------------------------------------------------------------------


def _presenters_visible(presenters: Iterable[int], keep: set[int]) -> list[int]:
    ids = {int(p) for p in presenters}
    new = ids - keep
    visible = set(Actor.objects.visible().filter(pk__in=new).values_list("pk", flat=True))
    if new - visible:
        raise ValidationError({"presenters": _("Unbekannte Mitwirkende bei den Vortragenden.")})
    return sorted(ids)


def check_item(item: AgendaItem, event: Event) -> None:
    errors: dict[str, list[str]] = {}
    tz = event.tz
    first_day = event.start.astimezone(tz).date()
    last_day = event.end.astimezone(tz).date()
    if not first_day <= item.start.astimezone(tz).date() <= last_day:
        errors.setdefault("start", []).append(
            _("Der Programmpunkt muss an einem Tag der Veranstaltung liegen.")
        )
    if item.end is not None and item.end < item.start:
        errors.setdefault("end", []).append(_("Das Ende darf nicht vor dem Beginn liegen."))
    elif item.end is not None and item.end.astimezone(tz).date() > last_day:
        errors.setdefault("end", []).append(
            _("Der Programmpunkt muss am letzten Tag der Veranstaltung enden.")
        )
    if item.practice_id and item.practice and item.practice.state != Practice.State.PUBLISHED:
        errors.setdefault("practice", []).append(
            _("Nur veröffentlichte Praxisbeispiele können verknüpft werden.")
        )
    if not item.title.strip():
        errors.setdefault("title", []).append(_("Bitte geben Sie einen Titel an."))
    try:
        item.full_clean(exclude=["event"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                if message not in errors.get(field, []):
                    errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


def _set_presenters(item: AgendaItem, ids: list[int]) -> dict[str, Any]:
    old = sorted(item.presenters.values_list("name", flat=True)) if item.pk else []
    item.presenters.set(ids)
    new = sorted(Actor.objects.filter(pk__in=ids).values_list("name", flat=True))
    return {"presenters": [old, new]} if old != new else {}


@transaction.atomic
def agenda_item_create(
    *,
    event: Event,
    user: User | None,
    data: dict[str, Any],
    presenters: Iterable[int] = (),
) -> AgendaItem:
    """Add a programme item (times within the event's days, in its time zone)."""
    event = _lock(event)
    item = AgendaItem(event=event)
    apply_changes(item, AGENDA_FIELDS, data, display=_display, assign_fk_id=True)
    ids = _presenters_visible(presenters, set())
    check_item(item, event)
    item.save()
    _set_presenters(item, ids)
    _touch(event.pk)
    audit_log(
        user=user, action="event.agenda_item_create", target=event,
        changes={"item": item.pk, "title": item.title, "start": _display(item.start)},
    )  # fmt: skip
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    user: User | None,
    data: dict[str, Any],
    presenters: Iterable[int] | None = None,
) -> AgendaItem:
    event = _lock(item.event)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    changes = apply_changes(item, AGENDA_FIELDS, data, display=_display, assign_fk_id=True)
    ids = None
    if presenters is not None:
        keep = set(item.presenters.values_list("pk", flat=True))
        ids = _presenters_visible(presenters, keep)
    check_item(item, event)
    item.save()
    if ids is not None:
        changes.update(_set_presenters(item, ids))
    if changes:
        _touch(event.pk)
        audit_log(
            user=user, action="event.agenda_item_update", target=event,
            changes={"item": item.pk, **changes},
        )  # fmt: skip
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, user: User | None) -> None:
    event = _lock(item.event)
    changes = {"item": item.pk, "title": item.title}
    item.delete()
    _touch(event.pk)
    audit_log(user=user, action="event.agenda_item_delete", target=event, changes=changes)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, user: User | None, up: bool) -> AgendaItem:
    """Swap an item with its neighbour in the programme: the pair keeps its time span,
    each item keeps its length (the earlier item starts where the pair started)."""
    event = _lock(item.event)
    items = list(AgendaItem.objects.filter(event=event).order_by("start", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(items):
        return items[index]
    first, second = sorted((items[index], items[other_index]), key=lambda i: (i.start, i.pk))
    span_start = first.start
    span_end = second.end or second.start
    first_length = (first.end - first.start) if first.end else None
    second_length = (second.end - second.start) if second.end else None
    # `second` moves to the front, `first` to the back.
    second.start = span_start
    second.end = span_start + second_length if second_length is not None else None
    if first_length is not None:
        first.end = max(span_end, second.end or span_start)
        first.start = first.end - first_length
    else:
        first.start = max(span_end, second.end or span_start)
        first.end = None
    for moved in (first, second):
        moved.save(update_fields=["start", "end", "updated"])
    _touch(event.pk)
    audit_log(
        user=user, action="event.agenda_item_move", target=event,
        changes={"item": item.pk, "direction": "up" if up else "down"},
    )  # fmt: skip
    return AgendaItem.objects.get(pk=item.pk)


# Series -------------------------------------------------------------------------------------


@transaction.atomic
def series_create(*, user: User | None, data: dict[str, Any]) -> Series:
    series = Series()
    apply_changes(series, SERIES_FIELDS, data, display=_display, assign_fk_id=True)
    series.slug = unique_slug(
        series.title, queryset=Series.objects.all(), fallback="reihe", reserved=RESERVED_SLUGS
    )
    series.full_clean()
    series.save()
    audit_log(user=user, action="series.create", target=series, changes={"title": series.title})
    return series


@transaction.atomic
def series_update(*, series: Series, user: User | None, data: dict[str, Any]) -> Series:
    series = Series.objects.select_for_update().get(pk=series.pk)
    changes = apply_changes(series, SERIES_FIELDS, data, display=_display, assign_fk_id=True)
    series.full_clean()
    if changes:
        series.save()
        audit_log(user=user, action="series.update", target=series, changes=changes)
    return series


@transaction.atomic
def series_plan_event(
    *,
    series: Series,
    user: User | None,
    spatial_field: SpatialField | None,
    data: dict[str, Any],
    practices: Sequence[Practice] = (),
) -> Event:
    """Create the draft of the series' next event, optionally with a practice input (30 min
    from the start, presented by the practice's organisation) for each chosen practice."""
    if any(p.state != Practice.State.PUBLISHED for p in practices):
        raise ValidationError(
            {"practices": _("Nur veröffentlichte Praxisbeispiele können eingeplant werden.")}
        )
    data = {"series": series, "spatial_field": spatial_field, **data}
    if "format" not in data or data["format"] is None:
        data["format"] = series.format
    event = event_create(user=user, data=data, complete=False)
    start = event.start
    for practice in practices:
        end = start + dt.timedelta(minutes=INPUT_MINUTES)
        if end > event.end:
            end = event.end
        if start > event.end:
            start = end = event.end
        agenda_item_create(
            event=event,
            user=user,
            data={
                "start": start, "end": end, "title": practice.title,
                "kind": AgendaItem.Kind.PRACTICE_INPUT, "practice": practice,
            },
            presenters=[practice.organisation_id] if _visible(practice.organisation_id) else [],
        )  # fmt: skip
        start = end
    audit_log(
        user=user, action="series.plan_event", target=series,
        changes={
            "event": event.pk,
            "spatial_field": str(spatial_field) if spatial_field else None,
            "practices": [p.pk for p in practices],
        },
    )  # fmt: skip
    return event


def _visible(actor_id: int | None) -> bool:
    return actor_id is not None and Actor.objects.visible().filter(pk=actor_id).exists()


# Documentation ------------------------------------------------------------------------------


def _require_documentable(event: Event) -> None:
    if event.state != Event.State.PUBLISHED:
        raise ValidationError(
            _("Dokumentiert werden nur veröffentlichte Veranstaltungen, die stattgefunden haben.")
        )
    if event.start > timezone.now():
        raise ValidationError(
            _("Die Veranstaltung hat noch nicht begonnen; dokumentieren Sie sie danach.")
        )


@transaction.atomic
def event_document(
    *,
    event: Event,
    user: User | None,
    documentation: str,
    outcomes: dict[int, str] | None = None,
    practices: Iterable[Practice] | None = None,
    recommendations: Iterable[Recommendation] | None = None,
) -> Event:
    """Write the documentation: summary, an outcome per agenda item, the (published) practices
    presented and the recommendations the event fed. The first time sets documented_at."""
    event = _lock(event)
    _require_documentable(event)
    changes: dict[str, Any] = {}
    documentation = documentation.strip()
    if documentation != event.documentation:
        changes["documentation"] = "geändert" if event.documentation else "angelegt"
        event.documentation = documentation
    if outcomes:
        items = {i.pk: i for i in AgendaItem.objects.filter(event=event, pk__in=list(outcomes))}
        if set(outcomes) - set(items):
            raise ValidationError(_("Ein Programmpunkt gehört nicht zu dieser Veranstaltung."))
        for pk, text in outcomes.items():
            text = text.strip()
            if items[pk].outcome != text:
                items[pk].outcome = text
                items[pk].save(update_fields=["outcome", "updated"])
                changes.setdefault("outcomes", []).append(pk)
    if practices is not None:
        chosen = list(practices)
        if any(p.state != Practice.State.PUBLISHED for p in chosen):
            raise ValidationError(
                {"practices": _("Nur veröffentlichte Praxisbeispiele können verknüpft werden.")}
            )
        old = set(event.presented_practices.values_list("pk", flat=True))
        new = {p.pk for p in chosen}
        if old != new:
            event.presented_practices.set(sorted(new))
            changes["presented_practices"] = {
                "added": sorted(new - old), "removed": sorted(old - new)
            }  # fmt: skip
    if recommendations is not None:
        old = set(event.recommendations.values_list("pk", flat=True))
        new = {r.pk for r in recommendations}
        if old != new:
            event.recommendations.set(sorted(new))
            changes["recommendations"] = {"added": sorted(new - old), "removed": sorted(old - new)}
    first = event.documented_at is None
    if first:
        event.documented_at = timezone.now()
        changes["documented_at"] = _display(event.documented_at)
    if changes:
        event.search_text = event_search_text(event)
        event.save(update_fields=["documentation", "documented_at", "search_text", "updated"])
        audit_log(user=user, action="event.document", target=event, changes=changes)
    return event


@transaction.atomic
def event_document_add(
    *, event: Event, user: User | None, upload: UploadedFile, title: str = ""
) -> EventDocument:
    """Attach a PDF to the documentation after checking its content, size and name."""
    event = _lock(event)
    _require_documentable(event)
    try:
        info = validate_pdf_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    document = EventDocument(
        event=event,
        title=title.strip() or info.file_name,
        size=info.size,
        pages=info.page_count,
    )
    document.file.save(info.file_name, ContentFile(info.data), save=False)
    try:
        document.full_clean(exclude=["file"])
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    _touch(event.pk)
    audit_log(
        user=user, action="event.document_add", target=event,
        changes={"document": document.pk, "title": document.title, "size": document.size},
    )  # fmt: skip
    return document


@transaction.atomic
def event_document_remove(*, document: EventDocument, user: User | None) -> None:
    """Delete the record; the stored file goes once the transaction has committed."""
    event = _lock(document.event)
    changes = {"document": document.pk, "title": document.title}
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(partial(storage.delete, name))
    _touch(event.pk)
    audit_log(user=user, action="event.document_remove", target=event, changes=changes)
