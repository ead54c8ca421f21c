"""Shared pieces of the API's endpoints: strict parameters and small JSON documents."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

from .problems import InvalidParam, InvalidParametersError, open_data_headers


def reject_unknown(request: HttpRequest, allowed: set[str]) -> None:
    """An unknown query parameter is an error (400), not silently ignored: a misspelt filter
    would otherwise return everything."""
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise InvalidParametersError(
            [InvalidParam(name=name, reason="Unbekannter Parameter.") for name in unknown]
        )


def json_response(request: HttpRequest, data: Any, *, max_age: int = 300) -> HttpResponse:
    """`data` as JSON with an ETag of its content: `If-None-Match` gets 304. For small
    documents (the whole body is built before hashing)."""
    # DjangoJSONEncoder: lazy translations (the OpenAPI descriptions) and times.
    body = json.dumps(
        data, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    ).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(body, content_type="application/json")
        response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age)
    return open_data_headers(response)
