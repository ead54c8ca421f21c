"""The open-data API `/api/v1/` (decision 0012): one django-ninja API, its errors and headers.

Every answer is open data: `Access-Control-Allow-Origin: *` (`problems.open_data_headers`),
errors as RFC 9457 problem details (`application/problem+json`), the same format as the
GeoJSON endpoint's. The OpenAPI 3.1 document is at `/api/v1/openapi.json` (`openapi_json`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .auth import TokenError, token_error_response
from .endpoints.actors import router as actors_router
from .endpoints.alliances import router as alliances_router
from .endpoints.connections import router as connections_router
from .endpoints.events import events_router, series_router
from .endpoints.me import router as me_router
from .endpoints.places import router as places_router
from .endpoints.practices import router as practices_router
from .endpoints.projects import learnings_router, projects_router
from .endpoints.publications import router as publications_router
from .endpoints.recommendations import router as recommendations_router
from .endpoints.taxonomy import router as taxonomy_router
from .problems import (
    InvalidParam,
    InvalidParametersError,
    invalid_parameters_response,
    problem_response,
)
from .responses import json_response, reject_unknown
from .writes import Unprocessable, unprocessable_response

api = NinjaAPI(
    title="Quartiersnetz – Offene Daten",
    version="1",
    description=(
        "Alle öffentlichen Einträge der Plattform „Gemeinsam für das Quartier“ als offene "
        "Daten (CC BY 4.0; Gemeindedaten dl-de/by-2-0). Fehler als RFC 9457 Problem Details."
    ),
    urls_namespace="api_v1",
    # Served by `openapi_json` below (with the open-data headers and an ETag); ninja's docs
    # page is off: it loads third-party assets.
    openapi_url=None,
    docs_url=None,
)


@api.exception_handler(InvalidParametersError)
def _invalid_parameters(request: HttpRequest, exc: InvalidParametersError) -> HttpResponse:
    return invalid_parameters_response(request, exc)


@api.exception_handler(TokenError)
def _token_error(request: HttpRequest, exc: TokenError) -> HttpResponse:
    return token_error_response(request, exc)


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """An Authorization header of another scheme than Bearer."""
    detail = "Bitte senden Sie den API-Schlüssel als „Authorization: Bearer <Schlüssel>“."
    return token_error_response(request, TokenError(401, "invalid_request", detail))


@api.exception_handler(Unprocessable)
def _unprocessable(request: HttpRequest, exc: Unprocessable) -> HttpResponse:
    return unprocessable_response(request, exc)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """ninja's validation, in the same shape as our own (`invalid-params`): of the query, 400;
    of a request body, 422 (each problem named by its field's path)."""
    body = [error for error in exc.errors if error.get("loc", [""])[0] == "body"]
    if body:
        return unprocessable_response(
            request,
            Unprocessable(
                [
                    InvalidParam(
                        name=".".join(str(part) for part in error["loc"][2:]) or "body",
                        reason=str(error.get("msg", "ungültig")),
                    )
                    for error in body
                ]
            ),
        )
    params = [
        InvalidParam(
            name=str(error.get("loc", ["", "?"])[-1]), reason=str(error.get("msg", "ungültig"))
        )
        for error in exc.errors
    ]
    return invalid_parameters_response(request, InvalidParametersError(params))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, status=404, title="Not Found", detail=str(exc))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(request, status=exc.status_code, title=str(exc.message))


api.add_router("/actors", actors_router)
api.add_router("/alliances", alliances_router)
api.add_router("/connections", connections_router)
api.add_router("/events", events_router)
api.add_router("/learnings", learnings_router)
api.add_router("/me", me_router)
api.add_router("/places", places_router)
api.add_router("/practices", practices_router)
api.add_router("/projects", projects_router)
api.add_router("/publications", publications_router)
api.add_router("/recommendations", recommendations_router)
api.add_router("/series", series_router)
api.add_router("/taxonomy", taxonomy_router)


def openapi_json(request: HttpRequest) -> HttpResponse:
    """`/api/v1/openapi.json`: the OpenAPI 3.1 description of the API (outside ninja's
    routing, so its errors are answered here)."""
    try:
        reject_unknown(request, set())
    except InvalidParametersError as error:
        return invalid_parameters_response(request, error)
    return json_response(request, api.get_openapi_schema())
