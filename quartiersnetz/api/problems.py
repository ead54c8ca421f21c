"""Problem details for HTTP APIs (RFC 9457) and the open-data response headers of the API."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, HttpResponseBase

PROBLEM_CONTENT_TYPE = "application/problem+json"

R = TypeVar("R", bound=HttpResponseBase)


@dataclass(frozen=True)
class InvalidParam:
    """One rejected query parameter, as in RFC 9457's `invalid-params` example."""

    name: str
    reason: str


@dataclass
class InvalidParametersError(Exception):
    """Raised by parameter parsers; the view answers 400 with a problem details document."""

    params: list[InvalidParam] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{p.name}: {p.reason}" for p in self.params)


def problem_response(
    request: HttpRequest,
    *,
    status: int,
    title: str,
    detail: str = "",
    problem_type: str = "about:blank",
    extensions: dict[str, Any] | None = None,
) -> HttpResponse:
    """An `application/problem+json` response; `extensions` become extension members."""
    body: dict[str, Any] = {"type": problem_type, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.get_full_path()
    body.update(extensions or {})
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    return open_data_headers(response)


def invalid_parameters_response(
    request: HttpRequest, error: InvalidParametersError
) -> HttpResponse:
    return problem_response(
        request,
        status=400,
        title="Bad Request",
        detail="Ungültige Abfrageparameter: " + str(error),
        extensions={"invalid-params": [{"name": p.name, "reason": p.reason} for p in error.params]},
    )


def open_data_headers(response: R) -> R:
    """Anyone may read open data from any origin (no credentials are involved)."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response
