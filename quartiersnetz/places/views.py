"""Municipality search: an HTML page (works without JavaScript) and JSON for the autocomplete."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import selectors
from .forms import MunicipalitySearchForm
from .models import Municipality


def _query(request: HttpRequest) -> tuple[MunicipalitySearchForm, str | None]:
    """The bound search form and the cleaned query, or None when the input is invalid."""
    form = MunicipalitySearchForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, " ".join(form.cleaned_data["q"].split())


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form, query = _query(request)
    results = (
        selectors.municipality_search(query, limit=selectors.SEARCH_LIMIT + 1) if query else []
    )
    context = {
        "form": form,
        "query": query or "",
        "results": results[: selectors.SEARCH_LIMIT],
        "has_more": len(results) > selectors.SEARCH_LIMIT,
        "limit": selectors.SEARCH_LIMIT,
    }
    return render(request, "places/search.html", context, status=200 if query is not None else 400)


def _as_json(m: Municipality) -> dict[str, Any]:
    return {
        "ags": m.ags,
        "label": m.label,
        "name": m.name,
        "state": m.get_state_display(),
        "district": m.district,
        "population": m.population,
        "size_class": m.get_size_class_display(),
    }


@require_safe
@cache_control(private=True, max_age=300)
def search_json(request: HttpRequest) -> JsonResponse:
    form, query = _query(request)
    if query is None:
        errors = [str(error) for error in form.errors.get("q", [])]
        return JsonResponse({"query": "", "results": [], "errors": errors}, status=400)
    results = [_as_json(m) for m in selectors.municipality_search(query)]
    return JsonResponse({"query": query, "results": results})
