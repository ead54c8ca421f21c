"""Invented, realistic sample Werkstätten for `demo_data` ("Beispieldaten").

Every record is fiction for demonstrations and marked `is_sample=True`; the places are real
municipalities of the official directory. `load()` adds 25 events over all formats, modes,
spatial and action fields and all 16 Bundesländer, past and upcoming (dates relative to today),
some over two days: a sample series of Perspektiven-Werkstätten rotating over the three spatial
fields, programmes whose practice inputs come from the sample practices and whose presenters
and hosts are sample organisations, documented past events with outcomes, presented practices
and (where published recommendations exist) the recommendations they fed, and a few sample
registrations including a waiting list and the demo login's own. Deterministic (fixed seed) and
idempotent: an event whose slug exists is skipped.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.events.models import (
    AgendaItem,
    Event,
    EventFormat,
    EventPartner,
    Registration,
    Series,
)
from quartiersnetz.events.services import event_search_text
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.models import Practice
from quartiersnetz.publications.models import Recommendation
from quartiersnetz.taxonomy.models import ActionField, Approach, Method, SpatialField

SEED = 2026
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# Slugs of scale_data records end in "-s<seed>-<n>"; the demo's own never do.
SCALE_SLUG_REGEX = r"-s[0-9]+-[0-9]+$"
ACTION_FIELD_OF = {
    "centres": "innenstadtstrategien",
    "quarters": "lebendige-quartiere",
    "small_towns": "kleinstadtperspektiven",
}
SERIES_SLUG = "beispiel-perspektiven-werkstaetten"
ONLINE_ROOM = "https://konferenz.example.org/beispiel-raum-{n}"


@dataclass(frozen=True)
class Spec:
    slug: str
    title: str
    summary: str
    format: str
    mode: str
    field: str
    ags: str  # "" for online events
    offset_days: int  # from today; negative = past
    days: int = 1
    admission: str = Event.Admission.OPEN
    capacity: int | None = 30
    in_series: bool = False
    venue: str = ""
    street: str = ""


_ROTATION = ("centres", "quarters", "small_towns")
_SERIES_TOPICS = [
    ("Leerstand als Ressource", "Wie leere Ladenlokale zu Orten der Nachbarschaft werden."),
    ("Nachbarschaft macht Quartier", "Aktivierende Quartiersarbeit mit Kultur und Engagement."),
    ("Kleinstadt als Campus", "Bildung, Arbeit und Kultur verteilt über den Ortskern."),
    ("Erdgeschosse beleben", "Mischnutzung in Erdgeschosszonen von Innenstädten."),
    ("Mikroquartiere aktivieren", "Kleine Einheiten als Kerne der Quartiersentwicklung."),
    ("Kreativimport aufs Land", "Was Kreative in Kleinstädte bringen – und was sie brauchen."),
]

SPECS: list[Spec] = [
    *(
        Spec(
            slug=f"beispiel-perspektiven-{i + 1}",
            title=f"Perspektiven-Werkstatt: {topic}",
            summary=summary,
            format="perspektiven-werkstatt",
            mode=Event.Mode.ONLINE,
            field=_ROTATION[i % 3],
            ags="",
            offset_days=-150 + 45 * i,
            capacity=80,
            in_series=True,
        )
        for i, (topic, summary) in enumerate(_SERIES_TOPICS)
    ),
    Spec(
        "beispiel-praxiswerkstatt-kiel",
        "Praxiswerkstatt Hafenkante",
        "Ein Speicher am Hafen wird Werkstatt, Markthalle und Treffpunkt.",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "centres",
        "01002000",
        -200,
        venue="Alter Speicher",
        street="Hafenstraße 12",
    ),
    Spec(
        "beispiel-sondierung-hamburg",
        "Sondierungsgespräch Kaufhaus im Wandel",
        "Eigentümer, Bezirk und Initiativen sprechen über ein leeres Kaufhaus.",
        "sondierungsgespraech",
        Event.Mode.ON_SITE,
        "centres",
        "02000000",
        -120,
        admission=Event.Admission.INVITATION,
        capacity=15,
        venue="Bezirksamt, Sitzungssaal",
        street="Rathausplatz 1",
    ),
    Spec(
        "beispiel-praxiswerkstatt-hannover",
        "Praxiswerkstatt Ladenzeile",
        "Zwischennutzungen als Prototyp für eine gemischte Einkaufsstraße.",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "centres",
        "03241001",
        -80,
        venue="Ladenlokal Nr. 7",
        street="Lange Laube 7",
    ),
    Spec(
        "beispiel-hybrid-bremen",
        "Perspektiven- & Praxiswerkstatt Überseestadt",
        "Zwei Tage zu Quartiersmanagement und Kultur am Wasser.",
        "perspektiven-praxiswerkstatt",
        Event.Mode.HYBRID,
        "quarters",
        "04011000",
        -40,
        days=2,
        venue="Kulturhafen",
        street="Am Speicher 3",
    ),
    Spec(
        "beispiel-praxiswerkstatt-koeln",
        "Praxiswerkstatt Veedel im Wandel",
        "Ko-kreative Planung eines Nachbarschaftszentrums mit Design Thinking.",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "quarters",
        "05315000",
        -20,
        venue="Bürgerzentrum",
        street="Severinstraße 20",
    ),
    Spec(
        "beispiel-hybrid-kassel",
        "Austausch: Kultur als Motor",
        "Wie kulturelle Strategien Eigendynamik im Quartier auslösen – vor Ort und online.",
        "perspektiven-werkstatt",
        Event.Mode.HYBRID,
        "quarters",
        "06611000",
        -10,
        admission=Event.Admission.NONE,
        capacity=None,
        venue="Kulturbahnhof",
        street="Rainer-Dierichs-Platz 1",
    ),
    Spec(
        "beispiel-praxiswerkstatt-mainz",
        "Praxiswerkstatt Marktplatz",
        "Ein Living Lab für den Wochenmarkt und die Plätze der Altstadt.",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "centres",
        "07315000",
        5,
        capacity=3,
        venue="Stadtbibliothek, Saal 2",
        street="Rheinallee 3",
    ),
    Spec(
        "beispiel-hybrid-stuttgart",
        "Perspektiven- & Praxiswerkstatt Stadtlabor",
        "Zwei Tage Stadtlabor: Prototypen für die Innenstadt von morgen.",
        "perspektiven-praxiswerkstatt",
        Event.Mode.HYBRID,
        "centres",
        "08111000",
        14,
        days=2,
        venue="Stadtlabor im Kaufhaus",
        street="Königstraße 40",
    ),
    Spec(
        "beispiel-praxiswerkstatt-regensburg",
        "Praxiswerkstatt Altstadtquartier",
        "Wohnen, Arbeiten und Kultur im Welterbe zusammenbringen.",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "quarters",
        "09362000",
        21,
        venue="Degginger",
        street="Wahlenstraße 17",
    ),
    Spec(
        "beispiel-sondierung-saarbruecken",
        "Sondierungsgespräch Bahnhofsviertel",
        "Erste Runde mit lokalen Partnern zu einem Vorhaben am Bahnhof.",
        "sondierungsgespraech",
        Event.Mode.ON_SITE,
        "quarters",
        "10041100",
        28,
        admission=Event.Admission.INVITATION,
        capacity=12,
        venue="Quartiersbüro",
        street="Bahnhofstraße 50",
    ),
    Spec(
        "beispiel-hybrid-berlin",
        "Perspektiven-Werkstatt: Community-Management",
        "Was gutes Zentren- und Communitymanagement ausmacht – vor Ort und online.",
        "perspektiven-werkstatt",
        Event.Mode.HYBRID,
        "centres",
        "11000000",
        35,
        capacity=100,
        venue="Werkstatt im Haus der Statistik",
        street="Otto-Braun-Straße 70",
    ),
    Spec(
        "beispiel-praxiswerkstatt-wittenberge",
        "Praxiswerkstatt Kleinstadt als Campus",
        "Ein Ortskern als verteilter Campus für Bildung und Arbeit.",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "small_towns",
        "12070424",
        42,
        venue="Alte Ölmühle",
        street="Bad Wilsnacker Straße 52",
    ),
    Spec(
        "beispiel-hybrid-rostock",
        "Perspektiven- & Praxiswerkstatt Stadthafen",
        "Zwei Tage zur Zukunft der Hafenkante zwischen Handel und Kultur.",
        "perspektiven-praxiswerkstatt",
        Event.Mode.HYBRID,
        "centres",
        "13003000",
        56,
        days=2,
        venue="Kulturspeicher",
        street="Am Strande 2",
    ),
    Spec(
        "beispiel-praxiswerkstatt-leipzig",
        "Praxiswerkstatt Mikroquartier",
        "Ein Block, viele Akteure: gemeinsame Höfe und Erdgeschosse.",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "quarters",
        "14713000",
        70,
        venue="Nachbarschaftsladen",
        street="Eisenbahnstraße 101",
    ),
    Spec(
        "beispiel-sondierung-halle",
        "Sondierungsgespräch Kreativquartier",
        "Kreativwirtschaft und Wohnungswirtschaft an einem Tisch.",
        "sondierungsgespraech",
        Event.Mode.ON_SITE,
        "quarters",
        "15002000",
        84,
        admission=Event.Admission.INVITATION,
        capacity=10,
        venue="Freiraumgalerie",
        street="Landsberger Straße 4",
    ),
    Spec(
        "beispiel-praxiswerkstatt-gerstungen",
        "Praxiswerkstatt Dorfladen plus",
        "Vom Dorfladen zum Dritten Ort auf dem Land.",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "small_towns",
        "16063097",
        98,
        venue="Gemeindesaal",
        street="Marktplatz 1",
    ),
    Spec(
        "beispiel-praxiswerkstatt-sonthofen",
        "Praxiswerkstatt Ortsmitte",
        "Eine Mittelstadt plant ihre Ortsmitte mit den Menschen vor Ort.",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "small_towns",
        "09780139",
        112,
        venue="Haus Oberallgäu",
        street="Hochstraße 9",
    ),
    Spec(
        "beispiel-online-erfurt",
        "Online-Austausch: Kleinstadtperspektiven",
        "Wie kleine Städte Kreative und Rückkehrende gewinnen.",
        "perspektiven-werkstatt",
        Event.Mode.ONLINE,
        "small_towns",
        "",
        126,
        capacity=60,
    ),
    Spec(
        "beispiel-praxiswerkstatt-cottbus",
        "Praxiswerkstatt Strukturwandel",
        "Leerstand als Chance im Strukturwandel der Lausitz.",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "small_towns",
        "12052000",
        -60,
        venue="Stadthalle, Foyer",
        street="Berliner Platz 6",
    ),
]

_APPROACHES = {
    "centres": ["nutzungsmischung-handelsimmobilien", "transformationsmanagement"],
    "quarters": ["creative-places", "mikroquartiere"],
    "small_towns": ["kreativimport", "kleinstadt-als-campus"],
}
_METHODS = ["design-thinking", "living-lab"]
_PEOPLE = [
    "Aylin Demir", "Jonas Weber", "Mara Schulz", "Piotr Nowak", "Lea Hoffmann", "Samir Haddad",
    "Clara Becker", "Emil Fischer", "Nora Wagner", "Tobias Klein", "Ida Schröder", "Yusuf Kaya",
]  # fmt: skip


def _start(spec: Spec, today: dt.date, rng: random.Random) -> dt.datetime:
    day = today + dt.timedelta(days=spec.offset_days)
    hour = 16 if spec.mode == Event.Mode.ONLINE else rng.choice([9, 10])
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=BERLIN)


def _end(spec: Spec, start: dt.datetime) -> dt.datetime:
    if spec.days > 1:
        last = start.date() + dt.timedelta(days=spec.days - 1)
        return dt.datetime.combine(last, dt.time(15, 0), tzinfo=BERLIN)
    hours = 3 if spec.mode == Event.Mode.ONLINE else 6
    return start + dt.timedelta(hours=hours)


def _description(spec: Spec, place: str) -> str:
    where = f" in {place}" if place else " online"
    return (
        f"*Beispieldaten: Diese Veranstaltung ist erfunden.*\n\n"
        f"{spec.summary}\n\n"
        f"## Ablauf\n\nNach einer kurzen Begrüßung stellen Akteurinnen und Akteure gute Praxis "
        f"vor. Danach arbeiten die Teilnehmenden{where} in kleinen Gruppen an Fragen aus der "
        f"eigenen Praxis weiter.\n\n## Für wen?\n\nFür Verwaltung, Initiativen, "
        f"Eigentümerinnen und Eigentümer, Kultur- und Kreativschaffende."
    )


def _samples(model: Any) -> QuerySet[Any]:
    return model.objects.filter(is_sample=True)


def _practices_by_field() -> dict[int, list[Practice]]:
    result: dict[int, list[Practice]] = {}
    practices = (
        _samples(Practice)
        .filter(state=Practice.State.PUBLISHED)
        .exclude(slug__regex=SCALE_SLUG_REGEX)
        .order_by("slug")
    )
    for practice in practices:
        result.setdefault(practice.spatial_field_id, []).append(practice)
    return result


def _agenda(
    event: Event,
    spec: Spec,
    rng: random.Random,
    practices: list[Practice],
    presenters: list[Actor],
    methods: list[Method],
    documented: bool,
) -> list[AgendaItem]:
    """Begrüßung, two practice inputs, an exchange with a method; a second day if multi-day."""
    items: list[AgendaItem] = []
    chosen = rng.sample(practices, k=min(2, len(practices))) if practices else []
    days = [event.start]
    if spec.days > 1:
        days.append(
            dt.datetime.combine(event.end.astimezone(BERLIN).date(), dt.time(9, 0), tzinfo=BERLIN)
        )
    for day_index, day_start in enumerate(days):
        t = day_start.astimezone(BERLIN)
        plan: list[tuple[str, str, int]] = []
        if day_index == 0:
            plan.append(("Begrüßung und Einführung", AgendaItem.Kind.IMPULSE, 20))
            for practice in chosen:
                plan.append((f"Praxis-Input: {practice.title}", AgendaItem.Kind.PRACTICE_INPUT, 30))
            plan.append(("Austausch in Gruppen", AgendaItem.Kind.EXCHANGE, 45))
        else:
            plan.append(("Arbeit am lokalen Vorhaben", AgendaItem.Kind.METHOD, 120))
            plan.append(("Mittagspause", AgendaItem.Kind.BREAK, 60))
            plan.append(("Ergebnisse und nächste Schritte", AgendaItem.Kind.EXCHANGE, 60))
        for title, kind, minutes in plan:
            item = AgendaItem(
                event=event,
                start=t,
                end=t + dt.timedelta(minutes=minutes),
                title=title,
                kind=kind,
            )
            if kind == AgendaItem.Kind.PRACTICE_INPUT and chosen:
                item.practice = chosen.pop(0)
                item.description = item.practice.summary
            if kind in (AgendaItem.Kind.EXCHANGE, AgendaItem.Kind.METHOD) and methods:
                item.method = rng.choice(methods)
            if documented and kind != AgendaItem.Kind.BREAK:
                item.outcome = rng.choice(
                    [
                        "Die Gruppen hielten fest: **Verlässliche Ansprechpersonen** in der "
                        "Verwaltung beschleunigen Zwischennutzungen.",
                        "Mehrere Teilnehmende wollen das Modell in ihrer Stadt erproben.",
                        "Offene Frage: Wie lassen sich Mieten für gemeinwohlorientierte Nutzungen "
                        "dauerhaft sichern?",
                    ]
                )
            item.save()
            if kind in (AgendaItem.Kind.PRACTICE_INPUT, AgendaItem.Kind.IMPULSE) and presenters:
                item.presenters.add(rng.choice(presenters))
            items.append(item)
            t = t + dt.timedelta(minutes=minutes + 10)
    return items


def _registrations(event: Event, rng: random.Random, *, index: int, full: bool) -> None:
    """A few sample registrations; a full event gets a waiting list."""
    now = timezone.now()
    confirmed = event.capacity if full and event.capacity else rng.randint(2, 5)
    people = rng.sample(_PEOPLE, k=min(len(_PEOPLE), confirmed + (2 if full else 0)))
    rows = []
    for n, name in enumerate(people):
        status = Registration.Status.CONFIRMED if n < confirmed else Registration.Status.WAITLISTED
        first, last = name.lower().split(" ", 1)
        rows.append(
            Registration(
                event=event,
                status=status,
                name=name,
                email=f"{first}.{last}.{index}@example.org".replace("ö", "oe").replace("ü", "ue"),
                organisation_name=rng.choice(["", "Stadtverwaltung", "Quartiersverein"]),
                show_publicly=n % 2 == 0,
                token_nonce=secrets.token_hex(16),
                confirmed_at=now if status == Registration.Status.CONFIRMED else None,
            )
        )
    Registration.objects.bulk_create(rows)


def load(*, curator: User, demo_user: User | None = None, seed: int = SEED) -> dict[str, int]:
    """Add the sample events (idempotent); returns counts for the command's summary."""
    today = timezone.localdate()
    existing = set(
        Event.objects.filter(slug__in=[s.slug for s in SPECS]).values_list("slug", flat=True)
    )
    formats = {f.slug: f for f in EventFormat.objects.all()}
    fields = {f.slug: f for f in SpatialField.objects.all()}
    action_fields = {f.slug: f for f in ActionField.objects.all()}
    approaches = {a.slug: a for a in Approach.objects.all()}
    methods = list(Method.objects.filter(slug__in=_METHODS).order_by("slug"))
    places = {
        m.ags: m for m in Municipality.objects.filter(ags__in={s.ags for s in SPECS if s.ags})
    }
    organisations = list(
        _samples(Actor)
        .filter(is_hidden=False, kind=Actor.Kind.ORGANISATION)
        .select_related("municipality")
        .order_by("slug")
    )
    persons = list(_samples(Actor).filter(is_hidden=False, kind=Actor.Kind.PERSON).order_by("slug"))
    presenters = persons + organisations[:20]
    practices = _practices_by_field()
    recommendations = list(
        Recommendation.objects.filter(publication__is_published=True).order_by("pk")[:12]
    )
    series, _ = Series.objects.get_or_create(
        slug=SERIES_SLUG,
        defaults={
            "title": "Perspektiven-Werkstätten (Beispiel)",
            "description": (
                "*Beispieldaten.* Eine erfundene Reihe online: Jede Werkstatt widmet sich dem "
                "nächsten räumlichen Handlungsfeld – Zentren, Quartiere, Klein- und Mittelstädte."
            ),
            "format": formats.get("perspektiven-werkstatt"),
            "rotates_spatial_fields": True,
        },
    )
    created = skipped = 0
    for index, spec in enumerate(SPECS):
        # Draw for every spec, so that each event's choices do not depend on what exists.
        event_rng = random.Random(f"{seed}:{spec.slug}")  # noqa: S311 - sample data
        if spec.slug in existing:
            skipped += 1
            continue
        municipality = places.get(spec.ags) if spec.ags else None
        start = _start(spec, today, event_rng)
        end = _end(spec, start)
        past = end < timezone.now()
        documented = past and index % 2 == 0
        field = fields[spec.field]
        event = Event(
            title=spec.title,
            slug=spec.slug,
            format=formats[spec.format],
            series=series if spec.in_series else None,
            state=Event.State.PUBLISHED,
            summary=spec.summary,
            description=_description(spec, municipality.name if municipality else ""),
            start=start,
            end=end,
            mode=spec.mode,
            municipality=municipality,
            venue_name=spec.venue,
            address=(
                f"{spec.street}, {municipality.postal_code} {municipality.name}".strip()
                if municipality and spec.street
                else ""
            ),
            accessibility_info=(
                "Stufenloser Zugang über den Hof, barrierefreie Toilette im Erdgeschoss. "
                "Gebärdensprachdolmetschung auf Anfrage bis zwei Wochen vorher."
                if spec.mode != Event.Mode.ONLINE
                else ""
            ),
            online_url=ONLINE_ROOM.format(n=index + 1) if spec.mode != Event.Mode.ON_SITE else "",
            spatial_field=field,
            action_field=action_fields.get(ACTION_FIELD_OF[spec.field]),
            admission=spec.admission,
            capacity=spec.capacity if spec.admission != Event.Admission.NONE else None,
            registration_closes=start - dt.timedelta(days=2) if not past else None,
            public_attendee_list=index % 3 == 0,
            ask_dietary=spec.mode != Event.Mode.ONLINE,
            created_by=curator,
            is_sample=True,
        )
        if documented:
            participants = event_rng.randint(18, 60)
            event.documentation = (
                f"*Beispieldaten.* Rund {participants} Teilnehmende aus Verwaltung, Initiativen "
                "und Immobilienwirtschaft haben die Praxisbeispiele diskutiert."
                " Drei Erkenntnisse:\n\n"
                "1. Zwischennutzungen brauchen verlässliche Verträge.\n"
                "2. Kultur öffnet Türen – auch zu Eigentümerinnen und Eigentümern.\n"
                "3. Ko-Kreation braucht Zeit und eine feste Ansprechperson."
            )
            event.documented_at = end + dt.timedelta(days=7)
        event.search_text = event_search_text(event)
        event.save()
        event.approaches.set([approaches[s] for s in _APPROACHES[spec.field] if s in approaches])
        if spec.mode != Event.Mode.ONLINE and organisations:
            # Hosts from the event's Land where sample organisations are there.
            state = municipality.state if municipality else ""
            local = [o for o in organisations if o.municipality and o.municipality.state == state]
            pool = local if len(local) >= 2 else organisations
            host, partner = event_rng.sample(pool, k=2) if len(pool) > 1 else (pool[0], None)
            EventPartner.objects.create(event=event, actor=host, role=EventPartner.Role.HOST)
            if partner is not None:
                EventPartner.objects.create(
                    event=event, actor=partner, role=EventPartner.Role.LOCAL_PARTNER
                )
        items = _agenda(
            event,
            spec,
            event_rng,
            practices.get(field.pk, []),
            presenters,
            methods,
            documented,
        )
        if documented:
            shown = [i.practice for i in items if i.practice is not None]
            extra = [p for p in practices.get(field.pk, []) if p not in shown][:1]
            event.presented_practices.set([*shown, *extra])
            if recommendations:
                event.recommendations.set(
                    event_rng.sample(recommendations, k=min(2, len(recommendations)))
                )
        if spec.admission != Event.Admission.NONE:
            _registrations(
                event,
                event_rng,
                index=index,
                full=spec.capacity is not None and spec.capacity <= 3,
            )
        created += 1
    if demo_user is not None:
        _demo_user_registrations(demo_user)
    return {"created": created, "skipped": skipped}


def _demo_user_registrations(demo_user: User) -> None:
    """The demo login is confirmed for an upcoming online event (it then sees the link) and
    on the waiting list of the full one."""
    now = timezone.now()
    wanted = [
        ("beispiel-hybrid-berlin", Registration.Status.CONFIRMED),
        ("beispiel-praxiswerkstatt-mainz", Registration.Status.WAITLISTED),
    ]
    for slug, status in wanted:
        event = Event.objects.filter(slug=slug, is_sample=True).first()
        if (
            event is None
            or Registration.objects.filter(
                event=event, email__iexact=demo_user.email, status__in=Registration.ACTIVE
            ).exists()
        ):
            continue
        Registration.objects.create(
            event=event,
            user=demo_user,
            status=status,
            name=demo_user.public_name,
            email=demo_user.email,
            token_nonce=secrets.token_hex(16),
            confirmed_at=now if status == Registration.Status.CONFIRMED else None,
        )
