""" "Passt zu meinem Ort": the transfer finder.

A GET form (every search is a URL to share) with a place (a municipality, or a size class),
a spatial field, an approach and a free description of the challenge; the published practices
that fit best, each with the reasons why (see `similarity.rank_for_context`). The number of
queries does not depend on the number of practices: the ranking runs on the cached model.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .finder_forms import FIELD_NAMES, FinderForm
from .similarity import rank_for_context

RESULT_LIMIT = 10


@require_safe
def transfer_finder(request: HttpRequest) -> HttpResponse:
    submitted = any(name in request.GET for name in FIELD_NAMES)
    form = FinderForm(request.GET if submitted else None)
    matches = None
    if submitted and form.is_valid():
        matches = rank_for_context(**form.criteria, limit=RESULT_LIMIT)
    context = {"form": form, "matches": matches}
    htmx = getattr(request, "htmx", False)
    template = "practices/partials/_finder_results.html" if htmx else "practices/finder.html"
    return render(request, template, context)
