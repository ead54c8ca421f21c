"""Municipality search: an HTML page (works without JavaScript) and JSON for the autocomplete."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    results = selectors.municipality_search(query)
    return render(request, "places/search.html", {"query": query, "results": results})


@require_safe
def search_json(request: HttpRequest) -> JsonResponse:
    query = request.GET.get("q", "")[:100]
    results = [
        {
            "ags": m.ags,
            "label": m.label,
            "name": m.name,
            "state": m.get_state_display(),
            "district": m.district,
            "population": m.population,
            "size_class": m.get_size_class_display(),
        }
        for m in selectors.municipality_search(query)
    ]
    return JsonResponse({"query": query, "results": results})
