"""Public pages of Werkstätten: list with facets and map, event and series pages, calendars.

Every page reads through the selectors (`list_selectors`, `detail_selectors`, `series_selectors`,
`selectors` for the calendars); drafts are seen only by curators (`events.view_event`).
The online link of an event appears only for the viewer's confirmed registration
(`detail_selectors.viewer_access`) and never in a calendar served here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quartiersnetz.core import sections
from quartiersnetz.core.guards import request_user
from quartiersnetz.core.jsonld import actor_ref, json_ld
from quartiersnetz.core.maps import tile_origin
from quartiersnetz.core.middleware import mark_personal
from quartiersnetz.core.textquery import public_suggestion
from quartiersnetz.core.versions import table_versions
from quartiersnetz.places.maps import plain_background
from quartiersnetz.taxonomy.models import ActionField

from . import detail_selectors, ical, list_selectors, selectors, series_selectors
from .models import Event
from .registration_services import registration_problem

T = TypeVar("T")

CALENDAR_MAX_AGE = 300  # seconds; clients revalidate with the ETag afterwards
CALENDAR_CACHE_SECONDS = 600
CALENDAR_CACHE_MAX_BYTES = 8_000_000


_ATTENDANCE: dict[str, str] = {
    Event.Mode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Event.Mode.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    Event.Mode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def event_json_ld(
    request: HttpRequest, event: Event, relations: detail_selectors.EventRelations
) -> SafeString:
    """schema.org Event of a public event (never the online link)."""
    tz = event.tz
    url = request.build_absolute_uri(event.get_absolute_url())
    data: dict[str, Any] = {
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": event.start.astimezone(tz).isoformat(),
        "endDate": event.end.astimezone(tz).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.state == Event.State.CANCELLED
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": _ATTENDANCE.get(event.mode, _ATTENDANCE[Event.Mode.ON_SITE]),
        "inLanguage": "de",
    }
    locations: list[dict[str, Any]] = []
    if event.is_on_site:
        place: dict[str, Any] = {"@type": "Place", "name": event.venue_name or ""}
        address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "DE"}
        if event.address:
            address["streetAddress"] = event.address
        if event.municipality:
            address["addressLocality"] = event.municipality.name
            address["addressRegion"] = event.municipality.get_state_display()
            if event.municipality.latitude is not None:
                place["geo"] = {
                    "@type": "GeoCoordinates",
                    "latitude": event.municipality.latitude,
                    "longitude": event.municipality.longitude,
                }
        place["address"] = address
        if not place["name"]:
            place["name"] = event.municipality.name if event.municipality else event.title
        locations.append(place)
    if event.is_online:
        # The access link is for confirmed participants only: point to the page.
        locations.append({"@type": "VirtualLocation", "url": url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    organisers = [actor_ref(request, p.actor) for p in relations.hosts]
    if organisers:
        data["organizer"] = organisers
    performers = {
        actor.pk: actor_ref(request, actor)
        for day in relations.programme
        for entry in day.entries
        for actor in entry.presenters
    }
    if performers:
        data["performer"] = list(performers.values())
    if event.series:
        data["superEvent"] = {
            "@type": "EventSeries",
            "name": event.series.title,
            "url": request.build_absolute_uri(event.series.get_absolute_url()),
        }
    return json_ld(data)


def _once(compute: Callable[[], T]) -> Callable[[], T]:
    """`compute` as a template callable that runs at most once (and only if rendered)."""
    results: list[T] = []

    def value() -> T:
        if not results:
            results.append(compute())
        return results[0]

    return value


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    # The sidebar, the calendar links and the results are template fragments cached under
    # `listing.cache_key` (data version, period bucket, filter state) plus page and language:
    # facets, rows and map points are computed only when a fragment has to be rendered.
    filters = list_selectors.EventFilters.from_query(request.GET)
    listing = list_selectors.event_list_page(filters, request.GET.get("seite"))

    def calendar_action_field() -> str:
        # The calendar of the chosen action field, if the value names a real one.
        chosen = next((f.selected for f in listing.facets() if f.name == "action_field"), None)
        return chosen.value if chosen else ""

    # The same tile background as the practice map (`MAP_TILE_URL`; empty = plain background
    # with the names of the Bundesländer).
    tile_url = settings.MAP_TILE_URL.strip()
    context = {
        "calendar_action_field": _once(calendar_action_field),
        "can_add": request.user.has_perm("events.add_event"),
        "filters": filters,
        # Per-request links of higher apps ("Als Themenradar speichern"), never cached.
        "list_actions": sections.bound_actions(selectors.LIST_PAGE, request, filters),
        # A facet without any choosable value would render as an empty list.
        "facets": SimpleLazyObject(
            lambda: [f for f in listing.facets() if any(v.count or v.selected for v in f.values)]
        ),
        "page": listing.page,
        "entries": _once(lambda: listing.entries),
        "cache_key": listing.cache_key,
        # "Meinten Sie …?" (read only when rendered)
        "suggestion": lambda: public_suggestion(
            filters.q, Event, ("title", "summary"), version=listing.version
        ),
        "list_cache_seconds": list_selectors.LIST_CACHE_SECONDS,
        "query": urlencode(filters.as_dict()),
        "map_config": _once(
            lambda: {
                "points": listing.map_points,
                "tileUrl": tile_url,
                "attribution": settings.MAP_TILE_ATTRIBUTION if tile_url else "",
                **plain_background(tile_url),
                "texts": {
                    "one": _("1 Veranstaltung vor Ort auf der Karte."),
                    "many": _("%s Veranstaltungen vor Ort auf der Karte."),
                    "none": _("Auf dieser Seite gibt es keine Veranstaltung vor Ort."),
                },
            }
        ),
    }
    htmx = getattr(request, "htmx", False)
    template = "events/partials/_public_results.html" if htmx else "events/event_list.html"
    response = render(request, template, context)
    origin = tile_origin(tile_url)
    if origin:
        # Tiles are images from the tile server: allow its origin on this page only.
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]
    return response


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # A light, visibility-checked lookup answers 404s and fills the parts that depend on the
    # viewer or the clock: the registration box (the viewer's registration, open or closed,
    # places left), the online link (confirmed registrants only) and the curators' links. The
    # rest of the page is made of fragments cached under `event_detail_version()`; the full
    # record and its relations are read only when a fragment has to be rendered.
    user = request_user(request)
    head = detail_selectors.event_head(user, slug=slug)
    if head is None or not request.user.has_perm("events.view_event", head):
        raise Http404
    version = selectors.event_detail_version()
    event = cast(Event, SimpleLazyObject(lambda: detail_selectors.event_full(pk=head.pk)))
    relations = cast(
        detail_selectors.EventRelations,
        SimpleLazyObject(lambda: detail_selectors.event_relations(event)),
    )
    access = detail_selectors.viewer_access(user, head)
    is_public = head.state != Event.State.DRAFT
    context = {
        "head": head,
        "event": event,
        "detail_version": version,
        "detail_cache_seconds": detail_selectors.DETAIL_CACHE_SECONDS,
        "when": SimpleLazyObject(lambda: selectors.event_when(event)),
        "relations": relations,
        "sections": sections.bound_sections(selectors.DETAIL_SECTIONS, event),
        "actions": sections.bound_actions(selectors.DETAIL_SECTIONS, request, head),
        "registration": access.registration,
        "registration_problem": registration_problem(head),
        "places_left": _once(lambda: detail_selectors.places_left(head, version=version)),
        "online_url": access.online_url,
        "is_public": is_public,
        "is_past": head.end < timezone.now(),
        # Called by the template only when the JSON-LD fragment is not cached.
        "json_ld": (lambda: event_json_ld(request, event, relations)) if is_public else "",
        "can_change": request.user.has_perm("events.change_event", head),
        "can_document": request.user.has_perm("events.document_event", head),
        "can_manage_registrations": request.user.has_perm("events.manage_registrations", head),
    }
    response = render(request, "events/event_detail.html", context)
    if access.online_url:
        mark_personal(response)
    return response


@require_safe
def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    series = series_selectors.series_for_detail(slug)
    if series is None:
        raise Http404
    entries = series_selectors.series_events(series, request_user(request))
    context = {
        "series": series,
        "entries": entries,
        "rotation": series_selectors.series_rotation(series, entries),
        "can_plan": request.user.has_perm("events.change_series", series),
        "actions": sections.bound_actions(selectors.SERIES_PAGE, request, series),
    }
    return render(request, "events/series_detail.html", context)


# --- Calendars (RFC 5545) ----------------------------------------------------------------


def _as_datetime(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
        if value is None:
            return None
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value if isinstance(value, dt.datetime) else None


def _calendar_response(
    body: bytes, *, etag: str, last_modified: dt.datetime | None, filename: str, public: bool
) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if public:
        patch_cache_control(response, public=True, max_age=CALENDAR_MAX_AGE)
    else:
        patch_cache_control(response, private=True, max_age=0)
    patch_vary_headers(response, ["Accept-Language"])
    return response


def _feed(
    request: HttpRequest, *, key: str, name: str, filename: str, action_field: ActionField | None
) -> HttpResponseBase:
    """A feed under the data version: one query answers a revalidation with 304."""
    ((latest, total),) = table_versions(Event)
    last_modified = _as_datetime(latest)
    # The window (upcoming + last twelve months) moves daily, hence the date in the tag.
    raw = f"{latest}|{total}|{key}|{timezone.localdate()}|{translation.get_language()}"
    etag = f'"{hashlib.sha256(raw.encode()).hexdigest()[:32]}"'
    conditional = get_conditional_response(
        request,
        etag=etag,
        last_modified=int(last_modified.timestamp()) if last_modified else None,
    )
    if conditional is not None:
        patch_cache_control(conditional, public=True, max_age=CALENDAR_MAX_AGE)
        return conditional
    cache_key = f"events:ical:{etag}"
    body = cache.get(cache_key)
    if body is None:
        events = selectors.calendar_events(action_field=action_field)
        body = ical.calendar_bytes(events.iterator(chunk_size=1000), name=name)
        if len(body) <= CALENDAR_CACHE_MAX_BYTES:
            # The tag carries the data version and the day: a cached body is never stale.
            cache.set(cache_key, body, CALENDAR_CACHE_SECONDS)
    return _calendar_response(
        body, etag=etag, last_modified=last_modified, filename=filename, public=True
    )


@require_safe
def calendar(request: HttpRequest) -> HttpResponseBase:
    return _feed(
        request,
        key="all",
        name=_("Werkstätten – Gemeinsam für das Quartier"),
        filename="werkstaetten.ics",
        action_field=None,
    )


@require_safe
def calendar_action_field(request: HttpRequest, action_field_slug: str) -> HttpResponseBase:
    action_field = ActionField.objects.filter(slug=action_field_slug).first()
    if action_field is None:
        raise Http404
    return _feed(
        request,
        key=f"action_field:{action_field.pk}:{action_field.slug}",
        name=_("Werkstätten: %(field)s – Gemeinsam für das Quartier")
        % {"field": action_field.label},
        filename=f"werkstaetten-{action_field.slug}.ics",
        action_field=action_field,
    )


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponseBase:
    """One event as a calendar file (the public data only, never the online link)."""
    event = detail_selectors.event_for_detail(request_user(request), slug=slug)
    if event is None or not request.user.has_perm("events.view_event", event):
        raise Http404
    public = event.state != Event.State.DRAFT
    raw = f"{event.pk}|{event.updated.isoformat()}|{translation.get_language()}"
    etag = f'"{hashlib.sha256(raw.encode()).hexdigest()[:32]}"'
    conditional = get_conditional_response(
        request, etag=etag, last_modified=int(event.updated.timestamp())
    )
    if conditional is not None:
        return conditional
    body = ical.calendar_bytes([event], name=event.title)
    return _calendar_response(
        body,
        etag=etag,
        last_modified=event.updated,
        filename=f"{event.slug}.ics",
        public=public,
    )
