"""The network view: `/netzwerk/` (interactive graph plus the same figures as tables),
`/netzwerk/graph.json`, the Bereichsmatrix `/netzwerk/bereiche/` and its CSV.

Everything is public and shows public actors only; the pages read stored figures
(`figures.recompute_figures()`), never compute them.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quartiersnetz.core import params
from quartiersnetz.places.models import state_label

from . import graph_selectors as selectors


@require_GET
def graph(request: HttpRequest) -> HttpResponse:
    filters = selectors.GraphFilters.from_query(request.GET)
    choices = selectors.filter_choices()
    query = urlencode(filters.as_dict())
    page_number = params.digits_value(request.GET, "seite", max_length=6) or "1"
    # The tables are a fragment cached under the data version: read only when it is missing.
    context = {
        "filters": filters,
        "choices": choices,
        "legend": selectors.sector_legend(choices["sectors"]),
        "version": selectors.graph_version(),
        "page_number": page_number,
        "figures": SimpleLazyObject(selectors.current_figures),
        "bridges": SimpleLazyObject(lambda: selectors.bridging_actors(filters)),
        "communities": SimpleLazyObject(
            lambda: selectors.communities(selectors.current_snapshot(), choices["sectors"])
        ),
        "page": SimpleLazyObject(lambda: selectors.isolated_actors(filters, page_number)),
        "json_query": query,
        "cache_seconds": selectors.GRAPH_CACHE_SECONDS,
    }
    return render(request, "network/graph.html", context)


@require_GET
def graph_json(request: HttpRequest) -> HttpResponse:
    filters = selectors.GraphFilters.from_query(request.GET)
    response = HttpResponse(selectors.graph_json(filters), content_type="application/json")
    response["Cache-Control"] = "public, max-age=60"
    return response


def _matrix_context(request: HttpRequest) -> dict[str, object]:
    filters = selectors.GraphFilters.from_query(request.GET)
    # The matrix has one dimension at a time: overall, a Bundesland or a spatial field.
    state = filters.state
    spatial_field = "" if state else filters.spatial_field
    sector_list = selectors.sectors()
    snapshot = selectors.current_snapshot()
    months = selectors.monthly_snapshots()
    previous = selectors.previous_month(snapshot, months)
    matrix = selectors.sector_matrix(
        snapshot, sector_list, state=state, spatial_field=spatial_field, previous=previous
    )
    return {
        "filters": selectors.GraphFilters(state=state, spatial_field=spatial_field),
        "state": state,
        "state_label": state_label(state) if state else "",
        "spatial_field": spatial_field,
        "sector_list": sector_list,
        "snapshot": snapshot,
        "matrix": matrix,
        "months": months,
        "previous": previous,
    }


@require_GET
def sectors(request: HttpRequest) -> HttpResponse:
    # Filter form, matrix and months are one fragment cached under the version of what they
    # read (the snapshots, the sectors and spatial fields): read only when it is missing.
    filters = selectors.GraphFilters.from_query(request.GET)
    state = filters.state
    spatial_field = "" if state else filters.spatial_field  # one dimension at a time
    data = SimpleLazyObject(lambda: _matrix_context(request))
    context = {
        "filters": selectors.GraphFilters(state=state, spatial_field=spatial_field),
        "state": state,
        "state_label": state_label(state) if state else "",
        "spatial_field": spatial_field,
        "data": data,
        "choices": SimpleLazyObject(selectors.filter_choices),
        "version": selectors.matrix_version(),
        "cache_seconds": selectors.GRAPH_CACHE_SECONDS,
    }
    return render(request, "network/sectors.html", context)


@require_GET
def sectors_csv(request: HttpRequest) -> HttpResponse:
    """The matrix in long form, one row per pair of sectors: semicolon-separated, decimal
    comma, UTF-8 with byte-order mark (what spreadsheet software in Germany opens directly)."""
    context = _matrix_context(request)
    matrix = context["matrix"]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Bereich A"),
            _("Bereich B"),
            _("Mitwirkende in A"),
            _("Mitwirkende in B"),
            _("verbundene Paare"),
            _("mögliche Paare"),
            _("Dichte"),
        ]
    )
    if isinstance(matrix, selectors.SectorMatrix):
        for row in matrix.rows:
            for cell in row:
                writer.writerow(
                    [
                        str(cell.row),
                        str(cell.column),
                        matrix.actors.get(cell.row.slug, 0),
                        matrix.actors.get(cell.column.slug, 0),
                        cell.pairs,
                        cell.possible,
                        ""
                        if cell.density is None
                        else number_format(cell.density, 6, use_l10n=True),
                    ]
                )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    scope = context["state"] or context["spatial_field"] or "gesamt"
    response["Content-Disposition"] = f'attachment; filename="bereichsmatrix-{scope}.csv"'
    return response
