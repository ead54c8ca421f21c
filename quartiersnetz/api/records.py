"""The pieces every record of the API shares: coded values with both labels, places, links.

A coded value is `{"code": …, "name_de": …, "name_en": …}` wherever a record names a term of a
vocabulary (`/api/v1/taxonomy` lists them all) or a fixed choice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db.models import Choices, Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Schema

from quartiersnetz.places.models import STATE_NAMES_EN, Municipality, State


class CodedOut(Schema):
    code: str
    name_de: str
    name_en: str


class StateOut(CodedOut):
    pass


class MunicipalityOut(Schema):
    ags: str
    name: str
    state: StateOut


class LocationOut(Schema):
    latitude: float
    longitude: float
    precision: str  # "exact" or "municipality" (the municipality's centre)


class LinkOut(Schema):
    id: int
    slug: str
    name: str
    url: str


class PageOut(Schema):
    next: str | None
    limit: int
    until: datetime | None = None  # with `updated_since`: where the next pass starts


class TombstoneOut(Schema):
    """With `updated_since`: a record that was deleted or left the list."""

    id: int
    deleted: bool
    changed_at: datetime


def term(value: Any) -> dict[str, str] | None:
    """A curated term (`name`, `name_en`, `slug`) as a coded value."""
    if value is None:
        return None
    return {"code": value.slug, "name_de": value.name, "name_en": value.name_en or value.name}


class RelatedTerms:
    """The coded terms of many-to-many fields for a page of records: one query per field on its
    through table, no model instances (Django's prefetching was most of a list page's time)."""

    def __init__(self, model: type[Model], fields: Sequence[str], rows: Sequence[Model]) -> None:
        ids = [row.pk for row in rows]
        self.by_field: dict[str, dict[int, list[dict[str, str]]]] = {}
        for name in fields:
            m2m = model._meta.get_field(name)
            through = m2m.remote_field.through  # type: ignore[union-attr]
            source = m2m.m2m_field_name()  # type: ignore[union-attr]
            target = m2m.m2m_reverse_field_name()  # type: ignore[union-attr]
            found: dict[int, list[dict[str, str]]] = defaultdict(list)
            rows_of_field = (
                through.objects.filter(**{f"{source}_id__in": ids})
                .order_by(f"{target}__slug")
                .values_list(
                    f"{source}_id", f"{target}__slug", f"{target}__name", f"{target}__name_en"
                )
            )
            for pk, slug, name_de, name_en in rows_of_field:
                found[pk].append({"code": slug, "name_de": name_de, "name_en": name_en or name_de})
            self.by_field[name] = found

    def __call__(self, field: str, pk: int) -> list[dict[str, str]]:
        return self.by_field[field].get(pk, [])


def terms(values: Any) -> list[dict[str, str]]:
    return [t for t in (term(v) for v in sorted(values, key=lambda v: v.slug)) if t is not None]


class ChoiceLabels:
    """German and English labels of a fixed choice, translated once per request."""

    def __init__(self, choices: type[Choices], english: Mapping[str, str] | None = None) -> None:
        self.labels: dict[str, tuple[str, str]] = {}
        for value, label in choices.choices:
            with translation.override("de"):
                german = str(label)
            with translation.override("en"):
                self.labels[str(value)] = (german, (english or {}).get(str(value), str(label)))

    def __call__(self, value: str | None) -> dict[str, str] | None:
        if not value:
            return None
        german, english = self.labels.get(value, (value, value))
        return {"code": value, "name_de": german, "name_en": english}


def municipality(value: Municipality | None, states: ChoiceLabels) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"ags": value.ags, "name": value.name, "state": states(value.state)}


def location(
    latitude: float | None, longitude: float | None, place: Municipality | None
) -> dict[str, Any] | None:
    """The record's own point, else its municipality's centre (marked as such), else None."""
    if latitude is not None and longitude is not None:
        return {"latitude": latitude, "longitude": longitude, "precision": "exact"}
    if place is not None and place.latitude is not None and place.longitude is not None:
        return {
            "latitude": place.latitude,
            "longitude": place.longitude,
            "precision": "municipality",
        }
    return None


class Urls:
    """Absolute URLs of the German pages, one `reverse` per kind of page and request."""

    MARKER = "slug-placeholder"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.prefixes: dict[str, str] = {}

    def __call__(self, view: str, slug: str) -> str:
        if view not in self.prefixes:
            with translation.override("de"):
                path = reverse(view, kwargs={"slug": self.MARKER})
            self.prefixes[view] = self.request.build_absolute_uri(path).replace(self.MARKER, "{}")
        return self.prefixes[view].replace("{}", slug)


def state_labels() -> ChoiceLabels:
    """The Länder with their German and English names."""
    return ChoiceLabels(State, STATE_NAMES_EN)
