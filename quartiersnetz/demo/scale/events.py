"""Large volumes of synthetic, published Werkstätten for benchmarks (`scale_data --events`).

    python manage.py scale_data --organisations 200 --events 2000 --event-registrations 500

Events spread over three years around today (two past, one ahead), over all formats, modes,
spatial and action fields and municipalities of every Bundesland; about one in twenty is
cancelled, one in five runs over two days. Each gets three agenda items (with a sample presenter
where sample profiles exist). Every record is marked `is_sample=True` and carries the seed and
its position in its slug (`werkstatt-s<seed>-<n>`), so a second run only adds what is missing.
`event_registrations` gives the first event that many confirmed registrations (the event page
with many registrations and a public attendee list). Rows are bulk-inserted; `search_text` is
computed by the services' `event_search_text` (given the place's name, without a query).
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import zoneinfo
from typing import Any

from django.utils import timezone

from quartiersnetz.actors.models import Actor
from quartiersnetz.events.models import AgendaItem, Event, EventFormat, Registration
from quartiersnetz.events.services import event_search_text
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import ActionField, SpatialField

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
SLUG = "werkstatt-s{seed}-{n}"

_TOPICS = (
    "Leerstand", "Erdgeschosszonen", "Marktplatz", "Kaufhaus", "Bahnhofsumfeld", "Stadtteilzentrum",
    "Ortskern", "Dorfladen", "Kulturhaus", "Hofgemeinschaft", "Quartiersplatz", "Innenhof",
)  # fmt: skip
_ANGLES = (
    "gemeinsam entwickeln", "als Chance", "im Wandel", "neu denken", "ko-kreativ beleben",
    "zwischennutzen", "für alle öffnen",
)  # fmt: skip
_FIELD_ACTION = {
    "centres": "innenstadtstrategien",
    "quarters": "lebendige-quartiere",
    "small_towns": "kleinstadtperspektiven",
}


def generate_events(
    *, events: int, seed: int = 1, batch_size: int = 1000, event_registrations: int = 0
) -> dict[str, int]:
    """Add up to `events` synthetic events (idempotent per seed); returns counts."""
    if events < 0 or event_registrations < 0:
        raise ValueError("Anzahlen dürfen nicht negativ sein.")
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data
    formats = list(EventFormat.objects.order_by("position", "id"))
    fields = list(SpatialField.objects.order_by("position", "id"))
    action_fields = {f.slug: f for f in ActionField.objects.all()}
    if not formats or not fields:
        raise ValueError("Formate und räumliche Handlungsfelder fehlen (Migrationen?).")
    places = list(Municipality.objects.order_by("id").values_list("id", "name"))
    presenters = list(
        Actor.objects.filter(is_sample=True, is_hidden=False)
        .order_by("id")
        .values_list("id", flat=True)[:2000]
    )
    slugs = [SLUG.format(seed=seed, n=n) for n in range(1, events + 1)]
    existing = set(Event.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    today = timezone.localdate()
    modes = list(Event.Mode.values)
    rows: list[Event] = []
    for n, slug in enumerate(slugs, start=1):
        # Draw for every position, so that a record does not depend on what exists.
        topic, angle = rng.choice(_TOPICS), rng.choice(_ANGLES)
        fmt, field, mode = rng.choice(formats), rng.choice(fields), rng.choice(modes)
        place_id, place_name = rng.choice(places) if places else (None, "")
        day = today + dt.timedelta(days=rng.randint(-730, 365))
        start = dt.datetime.combine(day, dt.time(rng.choice([9, 10, 14, 16])), tzinfo=BERLIN)
        two_days = rng.random() < 0.2
        end = (
            dt.datetime.combine(day + dt.timedelta(days=1), dt.time(15), tzinfo=BERLIN)
            if two_days
            else start + dt.timedelta(hours=rng.choice([2, 3, 6]))
        )
        cancelled = rng.random() < 0.05
        if slug in existing:
            continue
        on_site = mode != Event.Mode.ONLINE
        event = Event(
            title=f"{fmt.name}: {topic} {angle} ({place_name or 'online'}) #{n}",
            slug=slug,
            format=fmt,
            state=Event.State.CANCELLED if cancelled else Event.State.PUBLISHED,
            cancellation_reason="Die Gastgeberin ist erkrankt; ein neuer Termin folgt."
            if cancelled
            else "",
            summary=f"{topic} {angle}: Praxis-Inputs, Austausch und Arbeit in Gruppen.",
            description=(
                f"*Synthetische Beispieldaten.*\n\n## Worum es geht\n\n{topic} {angle} – "
                f"mit Beispielen aus der Praxis und Zeit für Fragen aus der eigenen Stadt."
            ),
            start=start,
            end=end,
            mode=mode,
            municipality_id=place_id if on_site else None,
            venue_name="Stadtteilzentrum" if on_site else "",
            address=f"Marktplatz {n % 40 + 1}" if on_site else "",
            online_url=f"https://konferenz.example.org/s{seed}-{n}"
            if not on_site or mode == Event.Mode.HYBRID
            else "",
            spatial_field=field,
            action_field=action_fields.get(_FIELD_ACTION.get(field.slug, "")),
            admission=Event.Admission.OPEN,
            capacity=rng.choice([20, 30, 50, None]),
            public_attendee_list=n == 1,
            is_sample=True,
        )
        event.search_text = event_search_text(
            event, municipality_name=place_name if on_site else ""
        )
        rows.append(event)
    created = Event.objects.bulk_create(rows, batch_size=batch_size)
    _agenda(created, rng, presenters, batch_size)
    registrations = 0
    if event_registrations:
        registrations = _registrations(slugs[0] if slugs else "", event_registrations, batch_size)
    return {"events": len(created), "skipped": len(existing), "registrations": registrations}


def _agenda(events: list[Event], rng: random.Random, presenters: list[int], batch: int) -> None:
    items: list[AgendaItem] = []
    for event in events:
        t = event.start
        for title, kind, minutes in (
            ("Begrüßung", AgendaItem.Kind.IMPULSE, 15),
            ("Praxis-Input", AgendaItem.Kind.PRACTICE_INPUT, 30),
            ("Austausch in Gruppen", AgendaItem.Kind.EXCHANGE, 45),
        ):
            end = min(t + dt.timedelta(minutes=minutes), event.end)
            items.append(AgendaItem(event=event, start=t, end=end, title=title, kind=kind))
            t = end
    created = AgendaItem.objects.bulk_create(items, batch_size=batch)
    if presenters:
        through = AgendaItem.presenters.through
        through.objects.bulk_create(
            [
                through(agendaitem_id=item.pk, actor_id=rng.choice(presenters))
                for item in created
                if item.kind == AgendaItem.Kind.PRACTICE_INPUT
            ],
            batch_size=batch,
        )


def _registrations(slug: str, count: int, batch: int) -> int:
    """`count` confirmed registrations (half shown publicly) on the event `slug`."""
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        return 0
    have = event.registrations.count()
    now = timezone.now()
    rows = [
        Registration(
            event=event,
            status=Registration.Status.CONFIRMED,
            name=f"Teilnehmerin {i}",
            email=f"teilnehmerin-{event.pk}-{i}@example.org",
            organisation_name="Beispielorganisation" if i % 3 else "",
            show_publicly=i % 2 == 0,
            token_nonce=secrets.token_hex(16),
            confirmed_at=now,
        )
        for i in range(have + 1, count + 1)
    ]
    Registration.objects.bulk_create(rows, batch_size=batch)
    if rows and event.capacity is not None and event.capacity < count:
        Event.objects.filter(pk=event.pk).update(capacity=None)
    return len(rows)


def describe(counts: dict[str, Any]) -> str:
    return (
        f"{counts['events']} Werkstätten angelegt, {counts['skipped']} waren schon vorhanden; "
        f"{counts['registrations']} Anmeldungen."
    )
