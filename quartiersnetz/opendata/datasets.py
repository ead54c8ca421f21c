"""The open datasets of `/offene-daten/`, declared once: what each is (German and English title
and description), under which licence, its fields, its formats and where its records come from
(`sources.py`: the open-data API's querysets and record builders, so nothing the API hides can
appear in a download).

Every view, the dump, the JSON Schemas and the DCAT catalogue are built from this list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Schema
from pydantic import BaseModel

from quartiersnetz.api.endpoints import actors as api_actors
from quartiersnetz.api.endpoints import alliances as api_alliances
from quartiersnetz.api.endpoints import connections as api_connections
from quartiersnetz.api.endpoints import events as api_events
from quartiersnetz.api.endpoints import places as api_places
from quartiersnetz.api.endpoints import practices as api_practices
from quartiersnetz.api.endpoints import projects as api_projects
from quartiersnetz.api.endpoints import publications as api_publications
from quartiersnetz.api.endpoints import recommendations as api_recommendations
from quartiersnetz.core.versions import data_version_and_latest
from quartiersnetz.places import models as places

from . import sources
from .formats import columns


@dataclass(frozen=True)
class Licence:
    code: str
    name: str
    url: str
    # The licence's URI in the DCAT-AP.de vocabulary (dct:license of the catalogue).
    dcat_uri: str
    attribution: str


CC_BY = Licence(
    code="CC-BY-4.0",
    name="Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
    url="https://creativecommons.org/licenses/by/4.0/",
    dcat_uri="http://dcat-ap.de/def/licenses/cc-by/4.0",
    attribution="Quartiersnetz und die jeweiligen Autorinnen und Autoren",
)
DL_DE_BY = Licence(
    code="dl-de/by-2-0",
    name=places.LICENCE_NAME,
    url=places.LICENCE_URL,
    dcat_uri="http://dcat-ap.de/def/licenses/dl-by-de/2.0",
    attribution=places.ATTRIBUTION,
)


class TaxonomyTermOut(Schema):
    vocabulary: str
    code: str
    name_de: str
    name_en: str
    description: str
    parent_vocabulary: str | None
    parent: str | None


@dataclass(frozen=True)
class Feed:
    """A distribution that already exists elsewhere on the site (linked, not duplicated)."""

    url_name: str
    format: str  # a key of FORMATS
    title_de: str
    title_en: str


@dataclass(frozen=True)
class Dataset:
    slug: str  # the file names: <slug>.csv, <slug>.json …
    title_de: str
    title_en: str
    description_de: str
    description_en: str
    licence: Licence
    schema: type[BaseModel]  # the record's shape: the API's own schema
    source: Callable[[sources.AnyRequest], sources.Source]
    key: str = "id"
    geo: bool = False  # records have a `location` (or coordinates): a GeoJSON file
    clock: bool = False  # records change with the clock alone (a registration closes)
    feeds: tuple[Feed, ...] = ()
    api_path: str = ""  # the API list with the same records
    theme: str = "SOCI"  # EU data theme (DCAT)
    # Descriptions of fields whose meaning differs in this dataset (else FIELDS).
    field_notes: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.title_en if _english() else self.title_de

    @property
    def description(self) -> str:
        return self.description_en if _english() else self.description_de

    @property
    def formats(self) -> list[str]:
        return ["csv", "csv-excel", "json", *(["geojson"] if self.geo else [])]

    @property
    def models(self) -> list[type[Model]]:
        return sources.MODELS[self.slug]

    def fields(self) -> list[FieldInfo]:
        """The record's top-level fields with their descriptions (German and English)."""
        english = _english()
        found = []
        for name, info in self.schema.model_fields.items():
            german, english_text = self.field_notes.get(name) or FIELDS.get(name, ("", ""))
            found.append(
                FieldInfo(
                    name=name,
                    type=_type_name(info.annotation),
                    description=english_text if english else german,
                )
            )
        return found

    def csv_columns(self) -> list[str]:
        """The columns of the CSV files (formats.py: nested fields flattened)."""
        return [column.name for column in columns(self.schema)]

    def version(self) -> tuple[str, Any]:
        """The data version of the tables the dataset reads and their latest change (one
        query whatever the size of the tables)."""
        return data_version_and_latest(*self.models)

    def count(self) -> int:
        source = self.source(sources.SiteRequest())
        if source.everything is not None:
            return len(source.everything())
        if source.ids is not None:
            return len(source.ids())
        assert source.queryset is not None  # noqa: S101 - every other source has one
        return source.queryset.order_by().count()


@dataclass(frozen=True)
class FieldInfo:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Format:
    code: str
    extension: str  # the file name's ending after the slug
    label: str
    media_type: str
    eu_file_type: str  # http://publications.europa.eu/resource/authority/file-type/<this>


FORMATS: dict[str, Format] = {
    "csv": Format("csv", ".csv", "CSV", "text/csv", "CSV"),
    "csv-excel": Format("csv-excel", "-excel.csv", "CSV (Excel)", "text/csv", "CSV"),
    "json": Format("json", ".json", "JSON", "application/json", "JSON"),
    "geojson": Format("geojson", ".geojson", "GeoJSON", "application/geo+json", "GEOJSON"),
    "atom": Format("atom", ".atom", "Atom", "application/atom+xml", "ATOM"),
    "ics": Format("ics", ".ics", "iCalendar", "text/calendar", "ICS"),
    "zip": Format("zip", ".zip", "ZIP", "application/zip", "ZIP"),
}


def _english() -> bool:
    return (get_language() or "de").startswith("en")


# Names of the record's types as the API page shows them.
_TYPE_NAMES = {
    "str": "text",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "datetime": "date-time",
    "date": "date",
    "CodedOut": "code",
    "StateOut": "code",
    "LinkOut": "link",
    "MunicipalityOut": "municipality",
    "LocationOut": "location",
}


def _type_name(annotation: Any) -> str:
    """`list[CodedOut] | None` → `list[code] | null`."""
    text = str(annotation)
    text = re.sub(r"<class '([\w.]+)'>", r"\1", text)
    text = re.sub(r"[\w]+\.", "", text)  # module paths
    text = re.sub(r"\w+", lambda m: _TYPE_NAMES.get(m.group(0), _object(m.group(0))), text)
    return text.replace("None", "null")


def _object(name: str) -> str:
    """`PublicationLinkOut` → `publication_link` (an object described in the API page)."""
    if not name.endswith("Out"):
        return name
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name.removesuffix("Out")).lower()


# Descriptions of the fields (German, English); a dataset's `field_notes` take precedence.
FIELDS: dict[str, tuple[str, str]] = {
    "id": ("Stabile Nummer des Eintrags", "Stable number of the record"),
    "slug": ("Stabiler Kurzname (Teil der Adresse)", "Stable short name (part of the address)"),
    "url": ("Adresse der Seite auf Quartiersnetz", "Address of the page on Quartiersnetz"),
    "name": ("Name", "Name"),
    "title": ("Titel", "Title"),
    "summary": ("Kurzbeschreibung", "Short description"),
    "kind": ("Art (Code und Bezeichnung)", "Kind (code and label)"),
    "type": ("Praxistyp der Typologie", "Practice type of the typology"),
    "sector": ("Bereich (Sektor)", "Sector"),
    "municipality": (
        "Gemeinde: AGS, Name, Bundesland (Gemeindeverzeichnis, dl-de/by-2-0)",
        "Municipality: AGS, name, Land (official directory, dl-de/by-2-0)",
    ),
    "location": (
        "Koordinaten (WGS 84); precision „municipality“: Mittelpunkt der Gemeinde",
        "Coordinates (WGS 84); precision 'municipality': the municipality's centre",
    ),
    "spatial_field": ("Räumliches Handlungsfeld", "Spatial field of action"),
    "spatial_fields": ("Räumliche Handlungsfelder", "Spatial fields of action"),
    "action_field": ("Handlungsfeld", "Field of action"),
    "action_fields": ("Handlungsfelder", "Fields of action"),
    "approach": ("Handlungsansatz", "Approach"),
    "approaches": ("Handlungsansätze", "Approaches"),
    "website": ("Website", "Website"),
    "logo": ("Adresse des Logos", "Address of the logo"),
    "is_unclaimed": (
        "Profil von der Kuration angelegt, noch nicht übernommen",
        "Profile created by the curators, not yet claimed",
    ),
    "updated": ("Zeitpunkt der letzten Änderung (UTC)", "Time of the last change (UTC)"),
    "status": ("Stand", "Status"),
    "start_year": ("Beginn (Jahr)", "Start (year)"),
    "end_year": ("Ende (Jahr)", "End (year)"),
    "innovation_score": (
        "Innovationspotenzial (Einschätzung der Kuration)",
        "Innovation potential (curators' rating)",
    ),
    "transfer_score": (
        "Übertragbarkeit (Einschätzung der Kuration)",
        "Transferability (curators' rating)",
    ),
    "licence": ("Lizenz des Eintrags", "Licence of the record"),
    "organisation": ("Organisation (nur öffentliche Profile)", "Organisation (public profiles)"),
    "published_at": ("Veröffentlicht am (UTC)", "Published (UTC)"),
    "published_on": ("Erscheinungsdatum", "Date of publication"),
    "author_names": ("Autorinnen und Autoren, wie gedruckt", "Authors as printed"),
    "author_organisations": (
        "Herausgebende Organisationen (öffentliche Profile)",
        "Publishing organisations (public profiles)",
    ),
    "is_summary_only": ("Nur Zusammenfassung verfügbar", "Only a summary is available"),
    "number": ("Nummer in der Veröffentlichung", "Number within the publication"),
    "text": ("Empfehlung (Markdown)", "Recommendation (Markdown)"),
    "reasoning": ("Begründung (Markdown)", "Reasoning (Markdown)"),
    "publication": ("Veröffentlichung", "Publication"),
    "practices": (
        "Verknüpfte veröffentlichte Praxisbeispiele",
        "Linked published practices",
    ),
    "format": ("Veranstaltungsformat", "Event format"),
    "series": ("Veranstaltungsreihe", "Event series"),
    "cancellation_reason": ("Grund der Absage", "Reason of the cancellation"),
    "start": ("Beginn (UTC)", "Start (UTC)"),
    "end": ("Ende (UTC)", "End (UTC)"),
    "time_zone": ("Zeitzone der Veranstaltung", "Time zone of the event"),
    "mode": ("online, vor Ort oder hybrid", "online, on site or hybrid"),
    "venue": ("Veranstaltungsort (nur vor Ort)", "Venue (on site only)"),
    "registration": (
        "Anmeldung: Zulassung, Stand, Fristen, Plätze",
        "Registration: admission, state, dates, places",
    ),
    "partners": (
        "Beteiligte (öffentliche Profile, mit Rolle)",
        "Partners (public profiles, with role)",
    ),
    "documented_at": ("Dokumentiert am (UTC)", "Documented (UTC)"),
    "is_sample": ("Beispieldaten (Demo)", "Sample data (demo)"),
    "phase": ("Phase des Vorhabens", "Phase of the project"),
    "method": ("Begleitmethode", "Method of accompaniment"),
    "current_step": ("Aktueller Schritt der Methode", "Current step of the method"),
    "public_since": ("Öffentlich seit (UTC)", "Public since (UTC)"),
    "body": ("Text (Markdown)", "Text (Markdown)"),
    "project": ("Vorhaben", "Project"),
    "log_entry": (
        "Eintrag der Begleitung, aus dem die Erkenntnis stammt",
        "Entry of the accompaniment log the learning comes from",
    ),
    "founded": ("Gegründet am", "Founded"),
    "members": ("Mitglieder (öffentliche Profile)", "Members (public profiles)"),
    "projects": ("Verknüpfte Vorhaben", "Linked projects"),
    "events": ("Verknüpfte Werkstätten", "Linked events"),
    "actors": (
        "Die beiden Seiten der Verbindung (öffentliche Profile)",
        "Both sides of the connection (public profiles)",
    ),
    "sources": ("Woraus die Verbindung hervorgeht", "What the connection comes from"),
    "ags": ("Amtlicher Gemeindeschlüssel", "Official municipality key (AGS)"),
    "ars": ("Amtlicher Regionalschlüssel", "Official regional key (ARS)"),
    "label": ("Name mit Unterscheidung", "Name with distinction"),
    "official_name": ("Amtlicher Name", "Official name"),
    "state": ("Bundesland", "Land (federal state)"),
    "district": ("Kreis", "District"),
    "population": ("Einwohnerzahl", "Population"),
    "area_km2": ("Fläche in km²", "Area in km²"),
    "postal_code": ("Postleitzahl (Verwaltungssitz)", "Postal code (seat)"),
    "latitude": ("Breite (WGS 84)", "Latitude (WGS 84)"),
    "longitude": ("Länge (WGS 84)", "Longitude (WGS 84)"),
    "size_class": ("Gemeindegrößenklasse", "Size class of the municipality"),
    "urbanisation": ("Verstädterungsgrad", "Degree of urbanisation"),
    "vocabulary": ("Code des Vokabulars", "Code of the vocabulary"),
    "code": ("Stabiler Code des Begriffs", "Stable code of the term"),
    "name_de": ("Deutsche Bezeichnung", "German label"),
    "name_en": ("Englische Bezeichnung", "English label"),
    "description": ("Erläuterung", "Explanation"),
    "parent_vocabulary": ("Vokabular des übergeordneten Begriffs", "Vocabulary of the parent"),
    "parent": ("Code des übergeordneten Begriffs", "Code of the parent term"),
}

PRACTICE_FEED = Feed(
    "practices:feed", "atom", "Neue Praxisbeispiele (Atom)", "New practices (Atom)"
)

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        slug="actors",
        title_de="Mitwirkende",
        title_en="Actors",
        description_de=(
            "Die öffentlichen Profile von Organisationen und Personen. Personen erscheinen nur "
            "mit dem, was sie selbst öffentlich gemacht haben; keine E-Mail-Adressen."
        ),
        description_en=(
            "The public profiles of organisations and persons. Persons appear only with what "
            "they made public themselves; no e-mail addresses."
        ),
        licence=CC_BY,
        schema=api_actors.ActorOut,
        source=sources.actors,
        api_path="/api/v1/actors",
        field_notes={"kind": ("Organisation oder Person", "Organisation or person")},
    ),
    Dataset(
        slug="practices",
        title_de="Praxisbeispiele",
        title_en="Practices",
        description_de=(
            "Veröffentlichte Praxisbeispiele der Typologie (Orte, Formate, Strategien) mit "
            "Handlungsfeldern, Gemeinde, Stand und Einschätzung der Kuration. Jeder Eintrag "
            "nennt seine eigene Lizenz (Spalte licence)."
        ),
        description_en=(
            "Published practices of the typology (places, formats, strategies) with fields of "
            "action, municipality, status and the curators' rating. Each record names its own "
            "licence (column licence)."
        ),
        licence=CC_BY,
        schema=api_practices.PracticeOut,
        source=sources.practices,
        geo=True,
        feeds=(PRACTICE_FEED,),
        api_path="/api/v1/practices",
        field_notes={
            "kind": ("Kategorie der Typologie (Ort, Format, Strategie)", "Typology category")
        },
    ),
    Dataset(
        slug="publications",
        title_de="Impulse und Veröffentlichungen",
        title_en="Publications",
        description_de=(
            "Veröffentlichte Impulsbeiträge, Interviews, Positionspapiere, Dokumentationen und "
            "Handlungsempfehlungen."
        ),
        description_en=(
            "Published impulse papers, interviews, position papers, documentations and "
            "recommendations."
        ),
        licence=CC_BY,
        schema=api_publications.PublicationOut,
        source=sources.publications,
        feeds=(
            Feed(
                "publications:feed",
                "atom",
                "Neue Impulse (Atom)",
                "New publications (Atom)",
            ),
        ),
        api_path="/api/v1/publications",
        field_notes={"kind": ("Art der Veröffentlichung", "Kind of publication")},
    ),
    Dataset(
        slug="recommendations",
        title_de="Handlungsempfehlungen",
        title_en="Recommendations",
        description_de=(
            "Die nummerierten Handlungsempfehlungen veröffentlichter Publikationen, mit "
            "Begründung und verknüpften Praxisbeispielen."
        ),
        description_en=(
            "The numbered recommendations of published publications, with reasoning and "
            "linked practices."
        ),
        licence=CC_BY,
        schema=api_recommendations.RecommendationOut,
        source=sources.recommendations,
        api_path="/api/v1/recommendations",
    ),
    Dataset(
        slug="events",
        title_de="Werkstätten",
        title_en="Events",
        description_de=(
            "Öffentliche Werkstätten (veröffentlichte und abgesagte) mit Termin, Format, Ort "
            "und Anmeldestand — nichts über die Angemeldeten, kein Zugangslink."
        ),
        description_en=(
            "Public events (published and cancelled) with dates, format, place and state of "
            "registration — nothing about the people registered, no access link."
        ),
        licence=CC_BY,
        schema=api_events.EventOut,
        source=sources.events,
        geo=True,
        clock=True,
        feeds=(
            Feed(
                "events:calendar",
                "ics",
                "Kalender aller Werkstätten (iCalendar)",
                "Calendar of all events (iCalendar)",
            ),
        ),
        api_path="/api/v1/events",
        field_notes={"status": ("veröffentlicht oder abgesagt", "published or cancelled")},
    ),
    Dataset(
        slug="series",
        title_de="Veranstaltungsreihen",
        title_en="Event series",
        description_de="Die Reihen der Werkstätten mit ihren öffentlichen Terminen.",
        description_en="The series of events with their public events.",
        licence=CC_BY,
        schema=api_events.SeriesOut,
        source=sources.series,
        clock=True,
        api_path="/api/v1/series",
        field_notes={
            "events": ("Öffentliche Werkstätten der Reihe", "Public events of the series"),
            "rotates_spatial_fields": (
                "Wechselt reihum die räumlichen Handlungsfelder",
                "Rotates through the spatial fields",
            ),
        },
    ),
    Dataset(
        slug="projects",
        title_de="Vorhaben",
        title_en="Projects",
        description_de=(
            "Öffentliche Vorhaben vor Ort mit Phase, Begleitmethode, Gemeinde und den "
            "Partnern, die zugestimmt haben."
        ),
        description_en=(
            "Public local projects with phase, method, municipality and the partners who consented."
        ),
        licence=CC_BY,
        schema=api_projects.ProjectOut,
        source=sources.projects,
        geo=True,
        feeds=(Feed("projects:feed", "atom", "Neue Vorhaben (Atom)", "New projects (Atom)"),),
        api_path="/api/v1/projects",
    ),
    Dataset(
        slug="learnings",
        title_de="Erkenntnisse",
        title_en="Learnings",
        description_de=(
            "Veröffentlichte Erkenntnisse öffentlicher Vorhaben, mit den Praxisbeispielen, auf "
            "die sie sich beziehen."
        ),
        description_en=(
            "Published learnings of public projects, with the practices they refer to."
        ),
        licence=CC_BY,
        schema=api_projects.LearningOut,
        source=sources.learnings,
        api_path="/api/v1/learnings",
    ),
    Dataset(
        slug="alliances",
        title_de="Allianzen",
        title_en="Alliances",
        description_de=(
            "Öffentliche Allianzen vor Ort: Mitglieder, verknüpfte Vorhaben, Praxisbeispiele "
            "und Werkstätten."
        ),
        description_en=("Public local alliances: members, linked projects, practices and events."),
        licence=CC_BY,
        schema=api_alliances.AllianceOut,
        source=sources.alliances,
        geo=True,
        api_path="/api/v1/alliances",
    ),
    Dataset(
        slug="connections",
        title_de="Verbindungen",
        title_en="Connections",
        description_de=(
            "Bestätigte Verbindungen zwischen zwei öffentlichen Profilen (ohne Richtung, ohne "
            "Nachricht, ohne wer sie vorgeschlagen hat)."
        ),
        description_en=(
            "Confirmed connections between two public profiles (without direction, message, "
            "or who proposed them)."
        ),
        licence=CC_BY,
        schema=api_connections.ConnectionOut,
        source=sources.connections,
        api_path="/api/v1/connections",
        field_notes={"kind": ("Art der Verbindung", "Kind of connection")},
    ),
    Dataset(
        slug="places",
        title_de="Gemeinden",
        title_en="Municipalities",
        description_de=(
            "Die Gemeinden, die öffentliche Einträge nennen, mit Schlüsseln, Einwohnerzahl, "
            "Fläche und Mittelpunkt aus dem Gemeindeverzeichnis des Statistischen Bundesamts."
        ),
        description_en=(
            "The municipalities named by public records, with keys, population, area and "
            "centre from the municipality directory of the Federal Statistical Office."
        ),
        licence=DL_DE_BY,
        schema=api_places.PlaceOut,
        source=sources.places,
        key="ags",
        geo=True,
        api_path="/api/v1/places",
        theme="REGI",
        field_notes={"licence": ("Lizenz und Quelle", "Licence and source")},
    ),
    Dataset(
        slug="taxonomy",
        title_de="Vokabulare",
        title_en="Vocabularies",
        description_de=(
            "Alle Begriffe der Vokabulare (Handlungsfelder, Handlungsansätze, Bereiche, "
            "Praxistypen, Methoden …) mit stabilen Codes und Bezeichnungen auf Deutsch und "
            "Englisch; die Codes der anderen Datensätze stammen von hier."
        ),
        description_en=(
            "Every term of the vocabularies (fields of action, approaches, sectors, practice "
            "types, methods …) with stable codes and German and English labels; the codes of "
            "the other datasets come from here."
        ),
        licence=CC_BY,
        schema=TaxonomyTermOut,
        source=sources.taxonomy,
        key="code",
        api_path="/api/v1/taxonomy",
    ),
)

BY_SLUG: dict[str, Dataset] = {dataset.slug: dataset for dataset in DATASETS}


def dataset_state(dataset: Dataset) -> list[Any]:
    """What a download depends on besides its tables: the clock for records that change with
    it (ETags valid for a minute at most)."""
    return [timezone.now().strftime("%Y-%m-%dT%H:%M")] if dataset.clock else []
