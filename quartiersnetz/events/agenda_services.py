"""Curator writes to the programme of a Werkstatt: agenda items and their presenters.

Times lie within the event's days in its own time zone; every change marks the event changed
(`touch_event`) and writes an audit entry on the event.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.audit.services import apply_changes, audit_log
from quartiersnetz.core import news
from quartiersnetz.core.changes import announce
from quartiersnetz.practices.models import Practice

from .models import AgendaItem, Event
from .services import audit_display, lock_event, touch_event

AGENDA_FIELDS = ("start", "end", "title", "kind", "description", "practice", "method")


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
    if item.practice_id and item.practice and not Practice.PUBLIC.holds(item.practice):
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
    announce("events")  # the network recomputes from this (core.changes)
    event = lock_event(event)
    item = AgendaItem(event=event)
    apply_changes(item, AGENDA_FIELDS, data, display=audit_display, assign_fk_id=True)
    ids = _presenters_visible(presenters, set())
    check_item(item, event)
    item.save()
    _set_presenters(item, ids)
    touch_event(event.pk)
    audit_log(
        user=user, action="event.agenda_item_create", target=event,
        changes={"item": item.pk, "title": item.title, "start": audit_display(item.start)},
    )  # fmt: skip
    if event.state == Event.State.PUBLISHED:
        # The public programme grew: the event's followers hear of it once (decision 0011;
        # a programme written before publishing arrives with "event_published").
        news.record("event_programme", event.pk)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    user: User | None,
    data: dict[str, Any],
    presenters: Iterable[int] | None = None,
) -> AgendaItem:
    announce("events")  # the network recomputes from this (core.changes)
    event = lock_event(item.event)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    changes = apply_changes(item, AGENDA_FIELDS, data, display=audit_display, assign_fk_id=True)
    ids = None
    if presenters is not None:
        keep = set(item.presenters.values_list("pk", flat=True))
        ids = _presenters_visible(presenters, keep)
    check_item(item, event)
    item.save()
    if ids is not None:
        changes.update(_set_presenters(item, ids))
    if changes:
        touch_event(event.pk)
        audit_log(
            user=user, action="event.agenda_item_update", target=event,
            changes={"item": item.pk, **changes},
        )  # fmt: skip
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, user: User | None) -> None:
    announce("events")  # the network recomputes from this (core.changes)
    event = lock_event(item.event)
    changes = {"item": item.pk, "title": item.title}
    item.delete()
    touch_event(event.pk)
    audit_log(user=user, action="event.agenda_item_delete", target=event, changes=changes)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, user: User | None, up: bool) -> AgendaItem:
    """Swap an item with its neighbour in the programme: the pair keeps its time span,
    each item keeps its length (the earlier item starts where the pair started)."""
    event = lock_event(item.event)
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
    touch_event(event.pk)
    audit_log(
        user=user, action="event.agenda_item_move", target=event,
        changes={"item": item.pk, "direction": "up" if up else "down"},
    )  # fmt: skip
    return AgendaItem.objects.get(pk=item.pk)
