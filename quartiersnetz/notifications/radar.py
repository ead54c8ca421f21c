"""Themenradar: saved searches over the public lists, and their matches as notifications.

A `Radar` keeps a text query, the filters of the lists (per kind of record, with the names the
list pages use in their query strings) and optionally a place with a radius. Matching reuses
the lists' own filter code (`*Filters.from_query` and the list querysets, which apply
`core.textquery.text_search_q` for `q`), so a radar finds what the list page with the same
query string shows. Only public records ever match.

`notify_matches(record_type, ids)` is a published listener of `news` (registered in
`NotificationsConfig.ready`): when records become public, every radar covering their kind
whose query, filters and place match gets a RADAR_MATCH notification for its owner.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from quartiersnetz.alliances import selectors as alliance_selectors
from quartiersnetz.alliances.models import Alliance
from quartiersnetz.core.textquery import text_search_q
from quartiersnetz.events import list_selectors as event_selectors
from quartiersnetz.events.models import Event, EventFormat
from quartiersnetz.places.models import SizeClass, State
from quartiersnetz.practices import list_selectors as practice_selectors
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects import selectors as project_selectors
from quartiersnetz.projects.models import Method, Project
from quartiersnetz.publications import selectors as publication_selectors
from quartiersnetz.publications.models import Publication
from quartiersnetz.taxonomy.models import (
    ActionField,
    Approach,
    PracticeKind,
    PracticeType,
    Sector,
    SpatialField,
    Term,
)

from .models import Notification, Radar
from .targets import title_of

EARTH_RADIUS_KM = 6371.0
# One degree of latitude is about 111 km; the bounding box is widened a little.
KM_PER_DEGREE = 111.0
# Records are matched in chunks of this many ids (the news worker's batches are smaller).
MAX_BATCH = 500


@dataclass(frozen=True)
class RecordKind:
    """How the radar reads one kind of record: the list's filters and its public queryset."""

    model: type[Model]
    # The filter names of the list page (its query string), without `q` and the sort order.
    filter_names: tuple[str, ...]
    # (q, filters) -> the public records the list page shows for that query string.
    matching: Callable[[str, Mapping[str, str]], QuerySet[Any]]
    # Whether records of this kind have a place (a municipality).
    has_place: bool = True


def _practices(q: str, filters: Mapping[str, str]) -> QuerySet[Any]:
    state = practice_selectors.PracticeFilters.from_query({**filters, "q": q})  # type: ignore[arg-type]
    return practice_selectors.practice_list_queryset(state)


def _events(q: str, filters: Mapping[str, str]) -> QuerySet[Any]:
    state = event_selectors.EventFilters.from_query({**filters, "q": q})  # type: ignore[arg-type]
    return event_selectors.event_list_queryset(state)


def _publications(q: str, filters: Mapping[str, str]) -> QuerySet[Any]:
    state = publication_selectors.PublicationFilters.from_query(filters)  # type: ignore[arg-type]
    qs = publication_selectors.list_queryset(state)
    # The publication list has no text field; the radar searches the same folded text.
    return qs.filter(text_search_q("search_text", q, kind="publication")) if q else qs


def _projects(q: str, filters: Mapping[str, str]) -> QuerySet[Any]:
    state = project_selectors.ProjectFilters.from_query({**filters, "q": q})  # type: ignore[arg-type]
    return project_selectors.project_list_queryset(AnonymousUser(), state)


def _alliances(q: str, filters: Mapping[str, str]) -> QuerySet[Any]:
    state = alliance_selectors.AllianceFilters.from_query({**filters, "q": q})  # type: ignore[arg-type]
    return alliance_selectors.alliance_list_queryset(AnonymousUser(), state)


KINDS: dict[str, RecordKind] = {
    Radar.RecordType.PRACTICE: RecordKind(
        Practice, practice_selectors.PracticeFilters.NAMES, _practices
    ),
    Radar.RecordType.EVENT: RecordKind(Event, event_selectors.EventFilters.NAMES, _events),
    Radar.RecordType.PUBLICATION: RecordKind(
        Publication,
        tuple(publication_selectors.PublicationFilters.NAMES),
        _publications,
        has_place=False,
    ),
    Radar.RecordType.PROJECT: RecordKind(
        Project, project_selectors.ProjectFilters.NAMES, _projects
    ),
    Radar.RecordType.ALLIANCE: RecordKind(
        Alliance, alliance_selectors.AllianceFilters.NAMES, _alliances
    ),
}

# The allow-list of filter names per kind of record.
FILTER_NAMES: dict[str, tuple[str, ...]] = {key: kind.filter_names for key, kind in KINDS.items()}


def clean_filters(raw: Mapping[str, Any], record_types: Iterable[str]) -> dict[str, dict[str, str]]:
    """Only the allowed filter names of the chosen kinds, with non-empty short text values."""
    cleaned: dict[str, dict[str, str]] = {}
    for record_type in record_types:
        values = raw.get(record_type) or {}
        if not isinstance(values, Mapping):
            continue
        kept = {
            name: str(values[name])[:100]
            for name in FILTER_NAMES.get(record_type, ())
            if isinstance(values.get(name), str | int) and str(values[name]).strip()
        }
        if kept:
            cleaned[record_type] = kept
    return cleaned


def filters_from_query(query: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Filters from a list page's query string: each name goes to every kind that knows it."""
    return clean_filters(
        {key: {name: query.get(name, "") for name in names} for key, names in FILTER_NAMES.items()},
        FILTER_NAMES,
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def _centre(radar: Radar) -> tuple[float, float] | None:
    m = radar.municipality
    if m is None or not radar.radius_km or m.latitude is None or m.longitude is None:
        return None
    return (m.latitude, m.longitude)


def _bounding_box(lat: float, lon: float, radius_km: float) -> dict[str, tuple[float, float]]:
    d_lat = radius_km / KM_PER_DEGREE * 1.01
    d_lon = radius_km / (KM_PER_DEGREE * max(0.01, math.cos(math.radians(lat)))) * 1.01
    return {
        "municipality__latitude__range": (lat - d_lat, lat + d_lat),
        "municipality__longitude__range": (lon - d_lon, lon + d_lon),
    }


def _within(radar: Radar, record: Any) -> bool:
    """Whether `record` lies in the radar's radius (True for a radar without a place)."""
    if radar.municipality_id is None:
        return True
    centre = _centre(radar)
    place = getattr(record, "municipality", None)
    if centre is None or place is None or place.latitude is None or place.longitude is None:
        return False
    return distance_km(*centre, place.latitude, place.longitude) <= (radar.radius_km or 0)


def _place_condition(radar: Radar, kind: RecordKind) -> dict[str, Any] | None:
    """A SQL condition for the radar's place; None when nothing can match."""
    if radar.municipality_id is None:
        return {}
    centre = _centre(radar)
    if not kind.has_place or centre is None:
        return None
    return _bounding_box(*centre, radar.radius_km or 0)


def _search_key(radar: Radar, record_type: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    return (radar.q, tuple(sorted((radar.filters.get(record_type) or {}).items())))


def notify_matches(record_type: str, ids: Iterable[int]) -> int:
    """Notify the owners of the radars that match the newly public `ids` of `record_type`.

    Per chunk of `MAX_BATCH` ids, queries: the radars, the candidate records (public only),
    one per distinct search (query and filters) among the radars that have one, two counts and
    the insert. Returns the notifications made (0 for those that existed already: a rerun is
    harmless). A person gets one notification per record, however many radars match it.
    """
    kind = KINDS.get(record_type)
    unique = sorted(set(ids))
    if kind is None or not unique:
        return 0
    return sum(
        _notify_chunk(record_type, kind, unique[start : start + MAX_BATCH])
        for start in range(0, len(unique), MAX_BATCH)
    )


def _notify_chunk(record_type: str, kind: RecordKind, ids: list[int]) -> int:
    radars = [
        radar
        for radar in Radar.objects.filter(record_types__icontains=f'"{record_type}"')
        .select_related("municipality")
        .order_by("id")
        if radar.covers(record_type)
    ]
    if not radars:
        return 0
    base = kind.matching("", {}).filter(pk__in=ids).prefetch_related(None).order_by()
    if kind.has_place:
        base = base.select_related("municipality")
    records = {record.pk: record for record in base}
    if not records:
        return 0
    found: dict[tuple[str, tuple[tuple[str, str], ...]], set[int]] = {}
    notifications = []
    told: set[tuple[int, int]] = set()  # (person, record): the first matching radar names it
    for radar in radars:
        key = _search_key(radar, record_type)
        if key not in found:
            if key == ("", ()):
                found[key] = set(records)
            else:
                found[key] = set(
                    kind.matching(radar.q, dict(key[1]))
                    .filter(pk__in=list(records))
                    .prefetch_related(None)
                    .order_by()
                    .values_list("pk", flat=True)
                )
        for pk in sorted(found[key]):
            record = records[pk]
            if kind.has_place and not _within(radar, record):
                continue
            if not kind.has_place and radar.municipality_id is not None:
                continue
            if (radar.user_id, pk) in told:
                continue
            told.add((radar.user_id, pk))
            notifications.append(
                Notification(
                    recipient_id=radar.user_id,
                    kind=Notification.Kind.RADAR_MATCH,
                    subject_type=record_type,
                    subject_id=str(pk),
                    title=title_of(record)[:300],
                    url=record.get_absolute_url(),
                    radar=radar,
                )
            )
    if not notifications:
        return 0
    before = Notification.objects.filter(
        kind=Notification.Kind.RADAR_MATCH,
        subject_type=record_type,
        subject_id__in=[str(pk) for pk in records],
    ).count()
    Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=500)
    after = Notification.objects.filter(
        kind=Notification.Kind.RADAR_MATCH,
        subject_type=record_type,
        subject_id__in=[str(pk) for pk in records],
    ).count()
    return after - before


def on_published(record_type: str, ids: list[int]) -> None:
    """The listener registered with `news.register_published_listener`."""
    notify_matches(record_type, ids)


@dataclass(frozen=True)
class Match:
    record_type: str
    label: str
    title: str
    url: str


def radar_preview(radar: Radar, limit: int = 5) -> list[Match]:
    """The radar's current matches: up to `limit` per kind of record, at most `limit` in all.

    One query per covered kind (at most five)."""
    matches: list[Match] = []
    labels = dict(Radar.RecordType.choices)
    for record_type in radar.record_types:
        kind = KINDS.get(record_type)
        if kind is None or len(matches) >= limit:
            continue
        place = _place_condition(radar, kind)
        if place is None:
            continue
        qs = (
            kind.matching(radar.q, (radar.filters or {}).get(record_type) or {})
            .filter(**place)
            .prefetch_related(None)
        )
        # Within the bounding box, the exact distance decides; read a few more than needed.
        for record in qs[: limit * 4 if place else limit]:
            if kind.has_place and not _within(radar, record):
                continue
            matches.append(
                Match(
                    record_type,
                    str(labels[record_type]),
                    title_of(record),
                    record.get_absolute_url(),
                )
            )
            if len(matches) >= limit:
                break
    return matches


# Labels of the lists' filter names, for the summaries.
FILTER_LABELS = {
    "kind": _("Art"),
    "type": _("Typ"),
    "format": _("Format"),
    "spatial_field": _("Räumliches Handlungsfeld"),
    "action_field": _("Handlungsfeld"),
    "approach": _("Handlungsansatz"),
    "sector": _("Bereich"),
    "state": _("Bundesland"),
    "size_class": _("Gemeindegröße"),
    "status": _("Status"),
    "rating": _("Bewertung"),
    "zeitraum": _("Zeitraum"),
    "mode": _("Durchführung"),
    "phase": _("Phase"),
    "method": _("Methode"),
    "municipality": _("Gemeinde (AGS)"),
}


# How a filter value reads: taxonomy terms by slug (looked up per summary), fixed choices by
# value — per kind of record where the same name means different things ("kind", "status").
_TERMS: dict[str, type[Term]] = {
    "spatial_field": SpatialField,
    "action_field": ActionField,
    "approach": Approach,
    "sector": Sector,
    "type": PracticeType,
    "format": EventFormat,
}
_CHOICES: dict[str, Mapping[str, Any]] = {
    "state": dict(State.choices),
    "size_class": dict(SizeClass.choices),
    "mode": dict(Event.Mode.choices),
    "phase": dict(Project.Phase.choices),
    "method": dict(Method.choices),
    "rating": practice_selectors.RATINGS,
    "zeitraum": {event_selectors.UPCOMING: _("kommende"), event_selectors.PAST: _("vergangene")},
}
_CHOICES_BY_TYPE: dict[tuple[str, str], Mapping[str, Any]] = {
    (Radar.RecordType.PRACTICE, "status"): dict(Practice.Status.choices),
    (Radar.RecordType.ALLIANCE, "status"): dict(Alliance.Status.choices),
    (Radar.RecordType.PUBLICATION, "kind"): dict(Publication.Kind.choices),
}


def _term_labels(filters: Mapping[str, Mapping[str, str]]) -> dict[tuple[str, str], str]:
    """(filter name, slug) -> label of the taxonomy terms the filters name (a query per
    taxonomy in use; practice kinds are terms too)."""
    wanted: dict[type[Term], set[str]] = {}
    names: dict[type[Term], list[str]] = {}
    for record_type, values in filters.items():
        for name, value in values.items():
            model = _TERMS.get(name)
            if name == "kind" and record_type == Radar.RecordType.PRACTICE:
                model = PracticeKind
            if model is not None:
                wanted.setdefault(model, set()).add(value)
                names.setdefault(model, []).append(name)
    labels = {}
    for model, slugs in wanted.items():
        for term in model._default_manager.filter(slug__in=slugs):
            for name in names[model]:
                labels[(name, term.slug)] = term.label
    return labels


def filters_summary(filters: Mapping[str, Mapping[str, str]]) -> list[str]:
    """One line per kind of record with filters, in words:
    "Praxisbeispiele: Bundesland: Nordrhein-Westfalen, Handlungsansatz: Zwischennutzung"."""
    labels = dict(Radar.RecordType.choices)
    terms = _term_labels(filters)
    lines = []
    for record_type, values in filters.items():
        if record_type not in labels or not values:
            continue
        parts = []
        for name, value in sorted(values.items()):
            choices = _CHOICES_BY_TYPE.get((record_type, name)) or _CHOICES.get(name) or {}
            shown = terms.get((name, value)) or choices.get(value) or value
            parts.append(f"{FILTER_LABELS.get(name, name)}: {shown}")
        lines.append(f"{labels[record_type]}: {', '.join(parts)}")
    return lines


def radar_summary(radar: Radar) -> list[str]:
    """What the radar watches, as short lines for its list."""
    labels = dict(Radar.RecordType.choices)
    lines = [
        str(_("Beobachtet: %(types)s"))
        % {"types": ", ".join(str(labels[t]) for t in radar.record_types if t in labels)}
    ]
    if radar.q:
        lines.append(str(_("Suchbegriffe: %(q)s")) % {"q": radar.q})
    if radar.municipality_id and radar.municipality is not None:
        lines.append(
            str(_("Umkreis: %(km)s km um %(place)s"))
            % {"km": radar.radius_km, "place": radar.municipality.label}
        )
    lines.extend(filters_summary(radar.filters or {}))
    lines.append(str(_("E-Mail: %(delivery)s")) % {"delivery": radar.get_delivery_display()})
    return lines
