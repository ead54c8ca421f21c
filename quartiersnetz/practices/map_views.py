"""The map of published Praxisbeispiele (/praxis/karte/).

SKELETON: replaced by the implementation."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def practice_map(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def practices_geojson(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
