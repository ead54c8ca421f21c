"""The human-readable API page (`/offene-daten/api/`, English under `/en/`), rendered on the
server from the OpenAPI document itself — so it cannot drift from the endpoints — with no
third-party assets (ninja's Swagger page is off: it loads them from a CDN).

`/api/v1/docs` redirects here (`?lang=en` to the English page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from quartiersnetz.core.responses import render

from ..v1 import api

# The sections of the page, in this order, by the routers' tags.
TAGS: dict[str, Any] = {
    "taxonomy": _("Vokabulare"),
    "actors": _("Mitwirkende"),
    "practices": _("Praxisbeispiele"),
    "publications": _("Impulse"),
    "recommendations": _("Handlungsempfehlungen"),
    "events": _("Werkstätten"),
    "series": _("Reihen"),
    "projects": _("Vorhaben"),
    "learnings": _("Erkenntnisse"),
    "alliances": _("Allianzen"),
    "connections": _("Verbindungen"),
    "places": _("Orte"),
    "me": _("Mein Konto (mit API-Schlüssel)"),
}
_SCHEMA_NAMES = {
    "CodedOut": "code",
    "StateOut": "code",
    "LinkOut": "link",
    "MunicipalityOut": "municipality",
    "LocationOut": "location",
    "TombstoneOut": "tombstone",
}


@dataclass
class Param:
    name: str
    type: str
    description: SafeString


@dataclass
class Field:
    name: str
    type: str
    required: bool


@dataclass
class Operation:
    path: str
    summary: str
    description: SafeString
    params: list[Param]
    fields: list[Field]
    is_list: bool
    example: str = ""
    method: str = "GET"
    body_fields: list[Field] = field(default_factory=list)
    needs_token: bool = False


@dataclass
class Section:
    tag: str
    title: str
    operations: list[Operation] = field(default_factory=list)


def inline_code(text: str) -> SafeString:
    """Text with its `backticked` spans as <code> (everything escaped)."""
    pieces = re.split(r"`([^`]+)`", text)
    parts = [format_html("<code>{}</code>", p) if i % 2 else p for i, p in enumerate(pieces)]
    return format_html_join("", "{}", ((part,) for part in parts))


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_label(schema: dict[str, Any]) -> str:
    """A short, readable type of an OpenAPI schema ("code", "list of code", "string or null")."""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return _SCHEMA_NAMES.get(name, name.removesuffix("Out").lower())
    if "anyOf" in schema:
        labels = [type_label(part) for part in schema["anyOf"]]
        return " | ".join(dict.fromkeys(labels))
    kind = schema.get("type", "")
    if kind == "array":
        return f"[{type_label(schema.get('items', {}))}]"
    if kind == "null":
        return "null"
    if schema.get("format") in ("date-time", "date", "uri"):
        return str(schema["format"])
    return str(kind or "object")


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components.get(_ref_name(schema["$ref"]), {})
    return schema


def _record_schema(response: dict[str, Any], components: dict[str, Any]) -> tuple[Any, bool]:
    """The schema of one record of an answer, and whether the answer is a list of them."""
    schema = _resolve(response, components)
    results = schema.get("properties", {}).get("results")
    if results is None:
        return schema, False
    items = results.get("items", {})
    candidates = items.get("anyOf", [items])
    records = [c for c in candidates if _ref_name(c.get("$ref", "")) != "TombstoneOut"]
    return _resolve(records[0] if records else items, components), True


def _fields(schema: dict[str, Any]) -> list[Field]:
    required = set(schema.get("required", []))
    return [
        Field(name=name, type=type_label(prop), required=name in required)
        for name, prop in schema.get("properties", {}).items()
    ]


def _operation(
    request: HttpRequest,
    path: str,
    method: str,
    operation: dict[str, Any],
    components: dict[str, Any],
) -> Operation:
    responses = operation.get("responses", {})
    ok: dict[str, Any] = next(
        (responses[c] for c in (200, "200", 201, "201") if c in responses), {}
    )
    content = ok.get("content", {}).get("application/json", {}).get("schema", {})
    record, is_list = _record_schema(content, components)
    if record.get("type") == "array":  # a plain list (the member's own records)
        record, is_list = _resolve(record.get("items", {}), components), True
    params = [
        Param(
            name=p["name"],
            type=type_label(p.get("schema", {})),
            description=inline_code(str(p.get("description", ""))),
        )
        for p in operation.get("parameters", [])
        if p.get("in") == "query"
    ]
    needs_token = bool(operation.get("security"))
    example = ""
    if method == "get" and not needs_token and "{" not in path:
        example = request.build_absolute_uri(f"{path}?limit=2" if is_list else path)
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    return Operation(
        path=path,
        summary=str(operation.get("summary", "")),
        description=inline_code(str(operation.get("description", ""))),
        params=params,
        fields=_fields(record),
        is_list=is_list,
        example=example,
        method=method.upper(),
        body_fields=_fields(_resolve(body.get("schema", {}), components)),
        needs_token=needs_token,
    )


def sections(request: HttpRequest) -> list[Section]:
    """The page's sections from the OpenAPI document, in the active language."""
    document = api.get_openapi_schema()
    components = document.get("components", {}).get("schemas", {})
    by_tag: dict[str, Section] = {tag: Section(tag, str(title)) for tag, title in TAGS.items()}
    for path, item in document.get("paths", {}).items():
        for method in ("get", "post"):
            operation = item.get(method)
            if operation is not None:
                tag = (operation.get("tags") or ["api"])[0]
                section = by_tag.setdefault(tag, Section(tag, tag))
                section.operations.append(_operation(request, path, method, operation, components))
    return [s for s in by_tag.values() if s.operations]


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    context = {
        "sections": sections(request),
        "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
        "geojson_url": request.build_absolute_uri(reverse("api:practices_geojson")),
        "base_url": request.build_absolute_uri("/api/v1/"),
    }
    return render(request, "api/docs.html", context)


@require_safe
def docs_redirect(request: HttpRequest) -> HttpResponse:
    """`/api/v1/docs`: the API page (German; `?lang=en` for the English one)."""
    language = "en" if request.GET.get("lang") == "en" else "de"
    with translation.override(language):
        return HttpResponseRedirect(reverse("api_pages:docs"))
