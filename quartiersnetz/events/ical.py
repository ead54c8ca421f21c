"""iCalendar (RFC 5545) for events: one per event, feeds over many.

Times are written in the event's own time zone with the VTIMEZONE components that
`icalendar`'s `add_missing_timezones()` generates, so calendar clients show the right local time
also across daylight-saving changes. Each VEVENT carries the URL of the event's page.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from .models import Event

PRODID = "-//Quartiersnetz//Gemeinsam für das Quartier//DE"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def event_uid(event: Event) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return f"event-{event.pk}@{host}"


def _location(event: Event) -> str:
    parts = [event.venue_name, event.address]
    if event.municipality_id and event.municipality:
        parts.append(event.municipality.name)
    if event.mode == Event.Mode.ONLINE:
        return _("online")
    return ", ".join(p for p in parts if p)


def vevent(event: Event, *, online_url: str = "") -> VEvent:
    """The VEVENT of one event; `online_url` only for confirmed participants."""
    component = VEvent()
    component.add("uid", event_uid(event))
    component.add("dtstamp", timezone.now())
    component.add("last-modified", event.updated)
    component.add("dtstart", event.start.astimezone(event.tz))
    component.add("dtend", event.end.astimezone(event.tz))
    component.add("summary", event.title)
    url = absolute_url(event.get_absolute_url())
    component.add("url", url)
    cancelled = ""
    if event.state == Event.State.CANCELLED:
        cancelled = _("Diese Veranstaltung ist abgesagt.")
        if event.cancellation_reason:
            cancelled += f" {_('Grund:')} {event.cancellation_reason}"
    description = "\n\n".join(p for p in [cancelled, event.summary, url, online_url] if p)
    component.add("description", description)
    location = _location(event)
    if location:
        component.add("location", location)
    component.add("status", "CANCELLED" if event.state == Event.State.CANCELLED else "CONFIRMED")
    component.add("categories", [event.format.name])
    return component


def calendar_bytes(
    events: Iterable[Event], *, name: str, online_urls: dict[int, str] | None = None
) -> bytes:
    """A complete VCALENDAR; `events` should carry `select_related("format", "municipality")`."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    for event in events:
        calendar.add_component(vevent(event, online_url=(online_urls or {}).get(event.pk, "")))
    calendar.add_missing_timezones()
    return calendar.to_ical()
