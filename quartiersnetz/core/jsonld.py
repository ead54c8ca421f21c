"""schema.org JSON-LD for the detail pages: one way to write the data block and to name an
actor, so that every page's markup is consistent (issue 14).

Pages emit JSON-LD only for public records, never anything the page itself does not show.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

CONTEXT = "https://schema.org"
# The platform's default licence of public content (see the site footer).
CONTENT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"


class _Actor(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def is_organisation(self) -> bool: ...

    def get_absolute_url(self) -> str: ...


def json_ld(data: dict[str, Any]) -> SafeString:
    """`data` as the content of a `<script type="application/ld+json">` block: JSON whose `<`,
    `>` and `&` are escaped, so no text of a record can close the block or start HTML."""
    text = json.dumps({"@context": CONTEXT, **data}, ensure_ascii=False, default=str)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    # nosemgrep: qn-mark-safe -- JSON of our own data with <, >, & escaped (inline JSON-LD)
    return mark_safe(text)  # noqa: S308 - JSON with <, >, & escaped


def actor_ref(request: HttpRequest, actor: _Actor) -> dict[str, Any]:
    """A public profile as the author, organiser or partner of something."""
    return {
        "@type": "Organization" if actor.is_organisation else "Person",
        "name": actor.name,
        "url": request.build_absolute_uri(actor.get_absolute_url()),
    }


def place(name: str, municipality: Any, point: tuple[float, float] | None = None) -> dict[str, Any]:
    """A schema.org Place in a municipality (its centre unless `point` is given)."""
    data: dict[str, Any] = {
        "@type": "Place",
        "name": name,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": municipality.name,
            "addressRegion": municipality.get_state_display(),
            "addressCountry": "DE",
        },
    }
    if point is None and municipality.latitude is not None and municipality.longitude is not None:
        point = (municipality.latitude, municipality.longitude)
    if point is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": point[0], "longitude": point[1]}
    return data
