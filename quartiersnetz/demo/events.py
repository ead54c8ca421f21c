"""Invented, realistic sample Werkstätten for `demo_data` ("Beispieldaten").

Every record is fiction for demonstrations and marked `is_sample=True`; the places are real
municipalities of the official directory. `load()` adds 27 events over all formats, modes,
spatial and action fields and all 16 Bundesländer, past and upcoming, some over two days: a
sample series of Perspektiven-Werkstätten rotating over the three spatial fields, programmes
whose practice inputs come from the sample practices and whose presenters and hosts are sample
organisations, past events documented in their own words (the last two not yet), presented
practices and (where published recommendations exist) the recommendations they fed, and a few
sample registrations including a waiting list and the demo login's own.

Dates count from the day the demo is loaded and fall on working days: never on a weekend or a
nationwide public holiday (`demo.dates`), past events stay past. Registrations of an event that
ended longer ago than EVENTS_PERSONAL_DATA_RETENTION_DAYS are stored already anonymised, as
`remove_event_personal_data` would leave them. Two Praxiswerkstätten belong to sample projects
(`demo/projects.py` links them both ways). Deterministic (fixed seed) and idempotent: an event
whose slug exists is skipped.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor, Membership
from quartiersnetz.demo import dates
from quartiersnetz.events.models import (
    DEFAULT_TIME_ZONE,
    AgendaItem,
    Event,
    EventFormat,
    EventPartner,
    Registration,
    Series,
)
from quartiersnetz.events.registration_services import ANONYMISED_NAME, anonymised_email
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
    # Written up after the event; only past events get it (recent ones: "not yet").
    documentation: str = ""
    # Practices whose title contains this are presented first (the event's own subject).
    topic: str = ""


_ROTATION = ("centres", "quarters", "small_towns")
_SERIES_TOPICS = [
    (
        "Leerstand als Ressource",
        "Wie leere Ladenlokale zu Orten der Nachbarschaft werden.",
        "*Beispieldaten.* 64 Anmeldungen, 51 Menschen am Bildschirm – die meisten aus "
        "Mittelstädten zwischen 30 000 und 80 000 Einwohnern. Im Chat kam immer wieder dieselbe "
        "Frage: Wer haftet, wenn in einem zwischengenutzten Laden etwas passiert? Die Referentin "
        "einer Stabsstelle Innenstadt zeigte ihren Mustervertrag; er liegt seitdem bei den "
        "Dokumenten.\n\nIn den Breakout-Räumen ging es weniger um Ideen für Nutzungen – die gibt "
        "es genug – als um Eigentümer, die nicht erreichbar sind. Zwei Städte berichteten von "
        "Erbengemeinschaften mit zwölf und mehr Beteiligten.",
    ),
    (
        "Nachbarschaft macht Quartier",
        "Aktivierende Quartiersarbeit mit Kultur und Engagement.",
        "*Beispieldaten.* Kleine Runde mit 23 Teilnehmenden, dafür lange Gespräche. Festgehalten "
        "haben wir:\n\n"
        "- Ein Nachbarschaftsfest ist kein Ziel, sondern ein Anlass, Telefonnummern "
        "auszutauschen.\n"
        "- Quartiersmanagements mit eigenem Verfügungsfonds kommen schneller ins Tun.\n"
        "- Mehrsprachige Einladungen wirken nur, wenn vor Ort auch jemand die Sprache spricht.",
    ),
    (
        "Kleinstadt als Campus",
        "Bildung, Arbeit und Kultur verteilt über den Ortskern.",
        "*Beispieldaten.* Zum ersten Mal saß eine Hochschule mit am Tisch: Ein Fachgebiet für "
        "Raumplanung berichtete von einem Semester, das die Studierenden ganz in einer Kleinstadt "
        "verbracht haben – mit Seminarraum im früheren Drogeriemarkt und Zimmern in leeren "
        "Wohnungen der örtlichen Wohnungsgesellschaft.\n\nStrittig blieb, ob solche "
        "Aufenthalte mehr sind als ein freundlicher Besuch. Eine Bürgermeisterin hielt dagegen: "
        "Zwei Studierende sind nach dem Abschluss geblieben und betreiben heute das Coworking am "
        "Bahnhof.",
    ),
    ("Erdgeschosse beleben", "Mischnutzung in Erdgeschosszonen von Innenstädten.", ""),
    ("Mikroquartiere aktivieren", "Kleine Einheiten als Kerne der Quartiersentwicklung.", ""),
    (
        "Kreativimport aufs Land",
        "Was Kreative in Kleinstädte bringen – und was sie brauchen.",
        "",
    ),
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
            documentation=documentation,
        )
        for i, (topic, summary, documentation) in enumerate(_SERIES_TOPICS)
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
        documentation=(
            "*Beispieldaten.* Der Speicher war an diesem Tag noch Baustelle, geheizt mit zwei "
            "Heizstrahlern – passend für eine Werkstatt. 38 Teilnehmende, darunter "
            "Hafenwirtschaft, zwei Ortsbeiräte und die Initiative für eine Markthalle.\n\n"
            "Am Vormittag entstand eine Karte der Erdgeschossflächen am Kai mit allen "
            "Zuständigkeiten, am Nachmittag drei Nutzungsszenarien. „Markthalle mit Werkbänken“ "
            "soll im Frühjahr vier Wochen lang getestet werden. Offen ist, wer die Ausstattung "
            "bezahlt: Die Hafengesellschaft wollte sich noch nicht festlegen."
        ),
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
        documentation=(
            "*Beispieldaten.* Vertraulich vereinbart, deshalb nur das Ergebnis: Eigentümer und "
            "Bezirk lassen bis zum Sommer eine Machbarkeitsstudie für eine gemischte Nutzung "
            "erstellen. Die Initiativen bekommen einen Sitz in der Lenkungsgruppe."
        ),
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
        documentation=(
            "*Beispieldaten.* Die Werkstatt fand im Ladenlokal Nr. 7 selbst statt, das seit dem "
            "Frühjahr als Probeladen läuft. 27 Teilnehmende, davon neun Händlerinnen und Händler "
            "aus der Straße. Was wir mitgenommen haben:\n\n"
            "1. Ein Jahr Laufzeit ist zu kurz, um eine Stammkundschaft aufzubauen; gewünscht "
            "sind 18 Monate.\n"
            "2. Die Schaufenster leerer Läden soll bis zur Vermietung die Nachbarschaft "
            "gestalten dürfen.\n"
            "3. Die Eigentümerin des Eckhauses prüft, ihr Erdgeschoss zu teilen – zwei kleine "
            "Läden statt eines großen."
        ),
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
        documentation=(
            "*Beispieldaten.* Zwei Tage, 46 Menschen vor Ort und 30 online. Am ersten Tag "
            "erzählten Quartiersmanagement und Kulturhafen, wie sie seit drei Jahren "
            "zusammenarbeiten; am zweiten planten Arbeitsgruppen ein Sommerprogramm für den Platz "
            "vor dem Speicher.\n\nDie Teilnehmenden online arbeiteten auf einem eigenen "
            "Whiteboard mit – das ging besser als befürchtet, der Ton aus dem Saal dagegen "
            "schlechter. Für die nächste hybride Werkstatt: ein zweites Raummikrofon."
        ),
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
        documentation=(
            "*Beispieldaten.* Mit Design Thinking in einem Tag vom Problem zum Raumprogramm: Die "
            "31 Teilnehmenden aus dem Veedel einigten sich auf drei Muss-Anforderungen an das "
            "Nachbarschaftszentrum – eine Küche, die auch Vereine nutzen dürfen, ein Raum ohne "
            "Konsumzwang bis 22 Uhr und eine Werkstatt im Hof. Das Bürgerzentrum legt das "
            "Raumprogramm im Frühjahr der Bezirksvertretung vor."
        ),
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
        "Praxiswerkstatt Mikroquartier Oststadt",
        "Ein Block, drei Höfe, ein leerer Laden: Was die Nachbarschaft im zweiten Jahr vorhat.",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "quarters",
        "09362000",
        21,
        venue="Ladenlokal im Block",
        street="Ostengasse 21",
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
        "Praxiswerkstatt Hofgemeinschaften",
        "Sieben Eigentümer, ein gemeinsamer Innenhof: wie aus Zäunen ein Garten wird.",
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
        "Sondierungsgespräch Innenstadtdialog",
        "Händler, Eigentümer und Stadtmarketing klären, wer beim Innenstadtdialog was einbringt.",
        "sondierungsgespraech",
        Event.Mode.ON_SITE,
        "centres",
        "15002000",
        84,
        admission=Event.Admission.INVITATION,
        capacity=10,
        venue="Ratshof, Raum 115",
        street="Marktplatz 1",
    ),
    Spec(
        "beispiel-praxiswerkstatt-gerstungen",
        "Praxiswerkstatt Alte Post",
        "Das leere Postamt am Markt als Treffpunkt mit Sprechstunden, Café und Werkstatt.",
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
        documentation=(
            "*Beispieldaten.* Was macht der Kohleausstieg mit den Innenstädten der Lausitz? "
            "42 Teilnehmende aus Verwaltung, Kammern und Initiativen suchten nach Leerständen, die "
            "zu Ankerorten werden könnten. Auf der Liste stehen jetzt ein früheres Kaufhaus, zwei "
            "Gaststätten und ein Kino aus den 1950er-Jahren.\n\nAus dem Austausch: Viele "
            "Programme des Strukturwandels zielen auf Gewerbegebiete und Straßen, kaum auf die "
            "Ortsmitten. Eine Arbeitsgruppe sammelt Beispiele, wo es anders gelungen ist."
        ),
    ),
    # Praxiswerkstätten of sample projects (`demo/projects.py` links them both ways).
    Spec(
        "beispiel-praxiswerkstatt-bremen",
        "Praxiswerkstatt Kaufhaus der Nachbarschaft",
        "Wer braucht welche Fläche im leeren Warenhaus – und wer kann welche Miete tragen?",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "centres",
        "04011000",
        -95,
        capacity=40,
        venue="Ehemalige Lebensmittelabteilung im Untergeschoss",
        topic="Kaufhaus",
        street="Am Brill 14",
        documentation=(
            "*Beispieldaten.* Wer braucht welche Fläche – und wer kann welche Miete zahlen? "
            "40 Teilnehmende aus Handel, Kultur und Nachbarschaft füllten eine Bedarfsliste, die "
            "am Ende 6 200 Quadratmeter umfasste, mehr als das Haus hat. Der Abgleich mit den "
            "Mietvorstellungen fiel ernüchternd aus: Nur ein Drittel der Interessierten kann mehr "
            "als die Nebenkosten tragen.\n\nDaraus entstand die Idee eines Generalmietvertrags "
            "für das Erdgeschoss, die das Vorhaben seither verfolgt."
        ),
    ),
    Spec(
        "beispiel-praxiswerkstatt-hallenberg",
        "Praxiswerkstatt Dorfladen plus",
        "Vom Dorfladen zum Dritten Ort: ein Jahresprogramm für Laden, Scheune und Paketstation.",
        "praxiswerkstatt",
        Event.Mode.ON_SITE,
        "small_towns",
        "05958020",
        -52,
        capacity=35,
        venue="Saal über dem Dorfladen",
        topic="Dorfladen",
        street="Nuhnestraße 2",
        documentation=(
            "*Beispieldaten.* Im Saal über dem Laden saßen Genossenschaft, Schützenverein, "
            "Landfrauen, die Jugendfeuerwehr und zwei Familien, die im vergangenen Jahr aus Köln "
            "hergezogen sind – 29 Menschen insgesamt.\n\nAm Ende stand ein Jahresplan für die "
            "Kulturscheune: Kino an jedem ersten Freitag, ein Reparaturcafé im Winter, Lesungen "
            "mit der Stadtbücherei. Die Paketstation geht im Frühjahr in Betrieb; ihre Einnahmen "
            "fließen in die Ladenmiete."
        ),
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


# Outcomes of the group work of documented events, handed out in order so no two agree.
_OUTCOMES = (
    "Die Gruppen hielten fest: **Verlässliche Ansprechpersonen** in der Verwaltung "
    "beschleunigen Zwischennutzungen.",
    "Drei Kommunen verabredeten, ihre Nutzungsverträge für Leerstände untereinander auszutauschen.",
    "Offene Frage: Wie lassen sich Mieten für gemeinwohlorientierte Nutzungen dauerhaft sichern?",
    "Eine Gruppe skizzierte einen Verfügungsfonds von 20 000 Euro, über den ein Beirat aus der "
    "Nachbarschaft entscheidet.",
    "Mehrfach genannt: Bei Umnutzungen ist der Brandschutz die größte Hürde, nicht das Geld.",
    "Gewünscht ist eine Sammlung von Musterverträgen; die Redaktion nimmt den Wunsch auf.",
    "Strittig blieb, ob Kultur im Leerstand die Mieten eher stabilisiert oder in die Höhe treibt.",
    "Ergebnis: eine Liste von sieben Eigentümerinnen und Eigentümern, die jemand aus der Runde "
    "persönlich kennt.",
    "Zwei Gruppen kamen unabhängig voneinander auf denselben Vorschlag: eine gemeinsame "
    "Schlüsselverwaltung für alle Zwischennutzungen der Straße.",
    "Die Gruppe aus den Kleinstädten betonte, dass Ehrenamt keine Öffnungszeiten von 10 bis "
    "18 Uhr trägt.",
    "Verabredet: ein Rundgang durch drei Leerstände im nächsten Monat, mit Bauamt und Feuerwehr.",
    "Aus der Runde kam der Rat, Jugendliche nicht nur zu befragen, sondern ihnen einen Raum zu "
    "übergeben.",
    "Die Prototypen vom Vortag wurden bewertet; zwei kommen in die engere Wahl.",
    "Nächste Schritte: Die Stadt prüft bis Ende des Quartals, welche Flächen sie selbst "
    "anmieten kann.",
    "Die Teilnehmenden aus der Wohnungswirtschaft boten an, ihre Erdgeschossflächen in einer "
    "gemeinsamen Liste zu veröffentlichen.",
    "Festgehalten: Wer eine Zwischennutzung beginnt, sollte von Anfang an ein Ende oder eine "
    "Verlängerung vereinbaren.",
)
# What questions after a practice input were about.
_ASPECTS = (
    "die Finanzierung nach dem Ende der Förderung",
    "die Verträge mit den Eigentümern",
    "den Aufwand für die Ehrenamtlichen",
    "die Rolle der Verwaltung",
    "Öffnungszeiten und die Frage, wer den Schlüssel hat",
    "den Brandschutz im Bestand",
    "die Auswahl der ersten Nutzerinnen und Nutzer",
    "die Kosten des Umbaus",
    "Lärm und die Beschwerden aus der Nachbarschaft",
    "die Zahl der Besucherinnen und Besucher im ersten Jahr",
)


def event_day(spec: Spec, today: dt.date) -> dt.date:
    """The first day of the event: `offset_days` from today, moved to the nearest stretch of
    working days (no weekend, no public holiday) away from today, so past events stay past."""
    day = today + dt.timedelta(days=spec.offset_days)
    return dates.working_days_from(day, spec.days, backwards=spec.offset_days < 0)


def _start(spec: Spec, today: dt.date, rng: random.Random) -> dt.datetime:
    day = event_day(spec, today)
    hour = 16 if spec.mode == Event.Mode.ONLINE else rng.choice([9, 10])
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=BERLIN)


def _end(spec: Spec, start: dt.datetime) -> dt.datetime:
    if spec.days > 1:
        last = start.date() + dt.timedelta(days=spec.days - 1)
        return dt.datetime.combine(last, dt.time(15, 0), tzinfo=BERLIN)
    hours = 3 if spec.mode == Event.Mode.ONLINE else 6
    return start + dt.timedelta(hours=hours)


def _description(spec: Spec, place: str) -> str:
    if spec.format == "sondierungsgespraech":
        body = (
            "## Rahmen\n\nEin Gespräch auf Einladung mit den Partnern vor Ort. Wir klären, wer "
            "welche Fragen mitbringt, welche Flächen im Spiel sind und ob eine Praxiswerkstatt "
            "der richtige nächste Schritt ist. Die Runde ist bewusst klein; eine kurze "
            "Zusammenfassung erscheint danach hier."
        )
    elif spec.format == "praxiswerkstatt":
        body = (
            f"## Ablauf\n\nVormittags stellen Akteurinnen und Akteure ihre Praxis vor, danach "
            f"arbeiten wir in Gruppen an der Aufgabe vor Ort in {place}. Zum Mittag gibt es "
            "Suppe und belegte Brote.\n\n## Für wen?\n\nFür Verwaltung, Initiativen, "
            f"Eigentümerinnen und Eigentümer und alle, die in {place} mitgestalten wollen."
        )
    elif spec.format == "perspektiven-praxiswerkstatt":
        body = (
            "## Zwei Tage\n\nAm ersten Tag Perspektiven: Inputs aus anderen Städten und ein "
            "Gespräch über das, was übertragbar ist. Am zweiten Tag Praxis: Arbeit am Vorhaben "
            f"in {place}, mit Mittagspause und einer Runde zu den nächsten Schritten. Wer nicht "
            "anreisen kann, ist online dabei."
        )
    elif spec.mode == Event.Mode.ONLINE:
        body = (
            "## Ablauf\n\nZwei kurze Inputs, dann Gespräch in Kleingruppen zu je sechs "
            "Personen; die Ergebnisse sammeln wir auf einem gemeinsamen Whiteboard. Sie brauchen "
            "nur einen Browser, den Link erhalten Sie mit der Anmeldebestätigung."
        )
    else:
        body = (
            f"## Ablauf\n\nEin Nachmittag zum Zuhören und Mitreden – im Saal in {place} oder "
            "am Bildschirm. Fragen aus dem Chat werden im Saal vorgelesen."
        )
    return f"*Beispieldaten: Diese Veranstaltung ist erfunden.*\n\n{spec.summary}\n\n{body}"


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
    outcomes: list[str],
    asked: dict[int, set[str]],
) -> list[AgendaItem]:
    """Begrüßung, two practice inputs, an exchange with a method; a second day if multi-day."""
    items: list[AgendaItem] = []
    chosen = rng.sample(practices, k=min(2, len(practices))) if practices else []
    own = [p for p in practices if spec.topic and spec.topic in p.title]
    if own:
        chosen = [*own, *(p for p in chosen if p not in own)][:2]
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
            if outcomes and item.practice is not None:
                # A practice presented twice was asked about different things.
                seen = asked.setdefault(item.practice.pk, set())
                aspect = rng.choice([a for a in _ASPECTS if a not in seen] or list(_ASPECTS))
                seen.add(aspect)
                item.outcome = (
                    f"Die Nachfragen zu „{item.practice.title}“ drehten sich vor allem um {aspect}."
                )
            elif outcomes and kind in (AgendaItem.Kind.EXCHANGE, AgendaItem.Kind.METHOD):
                item.outcome = outcomes.pop(0)
            item.save()
            if kind in (AgendaItem.Kind.PRACTICE_INPUT, AgendaItem.Kind.IMPULSE) and presenters:
                item.presenters.add(rng.choice(presenters))
            items.append(item)
            t = t + dt.timedelta(minutes=minutes + 10)
    return items


def _registrations(event: Event, rng: random.Random, *, index: int, full: bool) -> None:
    """A few sample registrations; a full event gets a waiting list. Those of an event that
    ended longer ago than the retention period are stored the way `remove_event_personal_data`
    leaves them, so the first run of that command has nothing to do."""
    now = timezone.now()
    # People sign up in the weeks before the event (or since the event was announced).
    signed_up = min(now, event.start - dt.timedelta(days=rng.randint(4, 30)))
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
                confirmed_at=signed_up if status == Registration.Status.CONFIRMED else None,
            )
        )
    Registration.objects.bulk_create(rows)
    retention = dt.timedelta(days=settings.EVENTS_PERSONAL_DATA_RETENTION_DAYS)
    if event.end < now - retention:
        _anonymise(event, rows, when=min(now, event.end + retention + dt.timedelta(days=1)))


def _anonymise(event: Event, registrations: list[Registration], *, when: dt.datetime) -> None:
    """What `events.registration_services.event_personal_data_remove` does to an event whose
    retention period is over (without its audit entry: nothing personal was ever stored)."""
    for registration in registrations:
        if registration.pk is None:  # bulk_create sets it on SQLite and PostgreSQL
            registration = Registration.objects.get(event=event, email=registration.email)
        Registration.objects.filter(pk=registration.pk).update(
            name=ANONYMISED_NAME,
            email=anonymised_email(registration.pk),
            user=None,
            organisation_name="",
            accessibility_needs="",
            dietary_needs="",
            show_publicly=False,
            token_nonce=secrets.token_hex(16),
            anonymised_at=when,
            updated=when,
        )
    Event.objects.filter(pk=event.pk).update(personal_data_removed_at=when)
    event.personal_data_removed_at = when


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
    # Outcomes of the documented events' group work, in order (independent of what exists).
    outcomes_of: dict[str, list[str]] = {}
    remaining = list(_OUTCOMES)
    for spec in SPECS:
        if spec.documentation:
            take = 3 if spec.days > 1 else 1
            outcomes_of[spec.slug], remaining = remaining[:take], remaining[take:]
    asked: dict[int, set[str]] = {}
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
        # Documented a week after the event; the most recent ones are not written up yet.
        documented_at = end + dt.timedelta(days=7)
        documented = bool(spec.documentation) and documented_at <= timezone.now()
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
            event.documentation = spec.documentation
            event.documented_at = documented_at
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
            list(outcomes_of.get(spec.slug, [])) if documented else [],
            asked,
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
    created += _proposals(today, formats, fields, action_fields)
    return {"created": created, "skipped": skipped}


# Members' proposals that wait for the curators (drafts with `proposed_by`): they show in the
# curators' planning list with the proposer and the note.
@dataclass(frozen=True)
class _Proposal:
    slug: str
    title: str
    summary: str
    description: str
    format: str
    field: str
    days: int
    hours: tuple[int, int]
    mode: str
    note: str


_PROPOSALS = (
    _Proposal(
        slug="beispiel-vorschlag-leerstandsrundgang",
        title="Leerstandsrundgang mit Eigentümerinnen und Eigentümern",
        summary="Wir gehen mit Eigentümer*innen, Stadtmarketing und Gründungsinteressierten "
        "durch die Fußgängerzone und sprechen vor Ort über Zwischennutzungen.",
        description="Treffpunkt am Marktbrunnen, danach fünf Stationen mit leeren Läden. "
        "Zum Abschluss Gespräch im Ratskeller: Was bräuchte es, damit die Flächen wieder "
        "genutzt werden?",
        format="praxiswerkstatt",
        field="centres",
        days=52,
        hours=(15, 18),
        mode=Event.Mode.ON_SITE,
        note="Der Termin ist mit dem Stadtmarketing abgesprochen; ein Raum für das "
        "Abschlussgespräch ist reserviert. Wir würden uns über eine Moderation freuen.",
    ),
    _Proposal(
        slug="beispiel-vorschlag-gemeinschaftsgaerten",
        title="Gemeinschaftsgärten auf Wohnungsbauflächen – was trägt sich?",
        summary="Ein Sondierungsgespräch zwischen Wohnungsunternehmen und Gartenprojekten "
        "über Pacht, Haftung und Pflege.",
        description="Drei Projekte stellen ihre Verträge vor; danach sammeln wir, was eine "
        "Mustervereinbarung regeln sollte.",
        format="sondierungsgespraech",
        field="quarters",
        days=75,
        hours=(10, 12),
        mode=Event.Mode.ONLINE,
        note="Gern online, damit auch Projekte aus kleineren Städten dabei sein können.",
    ),
)


def _proposals(
    today: dt.date,
    formats: dict[str, EventFormat],
    fields: dict[str, SpatialField],
    action_fields: dict[str, ActionField],
) -> int:
    """Two proposals by members of sample organisations (idempotent); how many were added."""
    memberships = list(
        Membership.objects.filter(organisation__is_sample=True, organisation__is_hidden=False)
        .select_related("organisation", "user")
        .order_by("organisation__slug", "pk")[:2]
    )
    existing = set(
        Event.objects.filter(slug__in=[p.slug for p in _PROPOSALS]).values_list("slug", flat=True)
    )
    zone = zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)
    created = 0
    for spec, membership in zip(_PROPOSALS, memberships, strict=False):
        if spec.slug in existing or spec.format not in formats:
            continue
        day = today + dt.timedelta(days=spec.days)
        first, last = spec.hours
        event = Event(
            title=spec.title,
            slug=spec.slug,
            format=formats[spec.format],
            state=Event.State.DRAFT,
            summary=spec.summary,
            description=spec.description,
            start=dt.datetime.combine(day, dt.time(first), tzinfo=zone),
            end=dt.datetime.combine(day, dt.time(last), tzinfo=zone),
            mode=spec.mode,
            municipality=membership.organisation.municipality,
            spatial_field=fields.get(spec.field),
            action_field=action_fields.get(ACTION_FIELD_OF[spec.field]),
            created_by=membership.user,
            proposed_by=membership.organisation,
            proposal_note=spec.note,
            is_sample=True,
        )
        event.search_text = event_search_text(event)
        event.save()
        EventPartner.objects.create(
            event=event, actor=membership.organisation, role=EventPartner.Role.HOST
        )
        created += 1
    return created


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
