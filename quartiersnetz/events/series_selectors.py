"""Series of Werkstätten: the series page, the rotation over the spatial fields and the
suggested practice inputs of the next event.

One rule for the public series page and the curators' series planning
(`series_next_spatial_field`, `suggested_inputs`), so that both agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F

from quartiersnetz.accounts.models import User
from quartiersnetz.practices.models import Practice, PracticeActor
from quartiersnetz.taxonomy.models import SpatialField

from .models import AgendaItem, Event, Series
from .selectors import EventEntry, event_when, visible_events

SUGGESTION_LIMIT = 12


def series_for_detail(slug: str) -> Series | None:
    return Series.objects.select_related("format").filter(slug=slug).first()


def series_events(series: Series, user: User | None = None) -> list[EventEntry]:
    """The series' events the user may see, in date order."""
    qs = (
        visible_events(user)
        .filter(series=series)
        .select_related("format", "municipality", "spatial_field", "action_field")
        .defer("search_text", "documentation", "accessibility_info", "description")
        .order_by("start", "id")
    )
    return [EventEntry(event, event_when(event)) for event in qs]


def _rotation_fields() -> list[SpatialField]:
    return list(SpatialField.objects.order_by("position", "name", "id"))


def _latest_field_id(series: Series, *, public_only: bool) -> int | None:
    """The spatial field of the series' latest event that has one (cancelled events never
    count, curators' plans (drafts) count unless `public_only`)."""
    events = Event.objects.filter(series=series, spatial_field__isnull=False).exclude(
        state=Event.State.CANCELLED
    )
    if public_only:
        events = events.filter(state=Event.State.PUBLISHED)
    return events.order_by("-start", "-id").values_list("spatial_field_id", flat=True).first()


def series_next_spatial_field(
    series: Series, *, public_only: bool = False, fields: list[SpatialField] | None = None
) -> SpatialField | None:
    """The spatial field the series' next event should cover (one rule for the public series
    page, which passes `public_only`, and the curators' series planning).

    Both kinds of series start from the field of the latest event with a field, by start;
    cancelled events never count, curators' plans (drafts) count unless `public_only`.

    - A rotating series (`rotates_spatial_fields`) takes the field after that one in the order
      of the spatial fields (Zentren → Quartiere → Klein- und Mittelstädte → Zentren …); the
      first field if no event has one (or a field outside the rotation); None only if there
      are no spatial fields. `fields` is that order, if the caller has already read it.
    - A series that does not rotate keeps the field of its latest event; None if no event has
      one.
    """
    if not series.rotates_spatial_fields:
        latest = _latest_field_id(series, public_only=public_only)
        return SpatialField.objects.filter(pk=latest).first() if latest else None
    fields = fields if fields is not None else _rotation_fields()
    if not fields:
        return None
    last = _latest_field_id(series, public_only=public_only)
    if last is None:
        return fields[0]
    ids = [f.pk for f in fields]
    if last not in ids:
        return fields[0]
    return fields[(ids.index(last) + 1) % len(fields)]


@dataclass
class RotationStep:
    entry: EventEntry
    field: SpatialField | None


@dataclass
class SeriesRotation:
    fields: list[SpatialField]
    steps: list[RotationStep]
    next_field: SpatialField | None
    counts: dict[int, int]

    @property
    def field_counts(self) -> list[tuple[SpatialField, int]]:
        return [(f, self.counts.get(f.pk, 0)) for f in self.fields]


def series_rotation(series: Series, entries: list[EventEntry]) -> SeriesRotation | None:
    """Which spatial field each (public) event covered and which comes next."""
    if not series.rotates_spatial_fields:
        return None
    fields = _rotation_fields()
    counts: dict[int, int] = {}
    steps = []
    for entry in entries:
        if entry.event.state == Event.State.CANCELLED:
            continue
        sf = entry.event.spatial_field
        steps.append(RotationStep(entry, sf))
        if sf is not None:
            counts[sf.pk] = counts.get(sf.pk, 0) + 1
    return SeriesRotation(
        fields=fields,
        steps=steps,
        next_field=series_next_spatial_field(series, public_only=True, fields=fields),
        counts=counts,
    )


def series_presenter_ids(series: Series) -> set[int]:
    """Actors who have presented in an event of the series (programme presenters)."""
    return set(
        AgendaItem.presenters.through.objects.filter(agendaitem__event__series=series).values_list(
            "actor_id", flat=True
        )
    )


def suggested_inputs(
    series: Series, spatial_field: SpatialField | None, limit: int = SUGGESTION_LIMIT
) -> list[Practice]:
    """Candidates for the practice inputs of the series' next event (series planning).

    Published practices in the field (any field if None) none of whose actors — the
    organisation that submitted it and the involved actors (`PracticeActor`) — has presented
    in an event of the series, and which no event of the series has shown yet, neither in its
    programme nor in its documentation. Highest transfer, then innovation potential, then
    newest first.
    """
    practices = Practice.objects.published().select_related(
        "kind", "type", "organisation", "municipality"
    )
    if spatial_field is not None:
        practices = practices.filter(spatial_field=spatial_field)
    presenters = series_presenter_ids(series)
    if presenters:
        involved = PracticeActor.objects.filter(actor_id__in=presenters).values("practice_id")
        practices = practices.exclude(organisation_id__in=presenters).exclude(pk__in=involved)
    in_series = Event.objects.filter(series=series).values("pk")
    programme = AgendaItem.objects.filter(event__in=in_series, practice__isnull=False).values(
        "practice_id"
    )
    documented = Event.presented_practices.through.objects.filter(event__in=in_series).values(
        "practice_id"
    )
    return list(
        practices.exclude(pk__in=programme)
        .exclude(pk__in=documented)
        .order_by(
            F("transfer_score").desc(nulls_last=True),
            F("innovation_score").desc(nulls_last=True),
            F("published_at").desc(nulls_last=True),
            "id",
        )[:limit]
    )
