"""Curator writes to series of Werkstätten and the planning of a series' next event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.audit.services import apply_changes, audit_log
from quartiersnetz.core.slugs import unique_slug
from quartiersnetz.practices.models import Practice
from quartiersnetz.taxonomy.models import SpatialField

from .agenda_services import agenda_item_create
from .models import AgendaItem, Event, Series
from .services import RESERVED_SLUGS, audit_display, event_create

SERIES_FIELDS = ("title", "description", "format", "rotates_spatial_fields")
# Default length of a planned practice input (series planning).
INPUT_MINUTES = 30


@transaction.atomic
def series_create(*, user: User | None, data: dict[str, Any]) -> Series:
    series = Series()
    apply_changes(series, SERIES_FIELDS, data, display=audit_display, assign_fk_id=True)
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
    changes = apply_changes(series, SERIES_FIELDS, data, display=audit_display, assign_fk_id=True)
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
    if any(not Practice.PUBLIC.holds(p) for p in practices):
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
