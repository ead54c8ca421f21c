"""Query strings as views see them: without NUL, unpaired surrogates or undecodable bytes."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

# NUL (PostgreSQL refuses it in text), unpaired surrogates (not encodable as UTF-8) and U+FFFD,
# which Django's decoding puts where the query string held bytes that are not UTF-8.
_UNWANTED = re.compile("[\x00\ud800-\udfff\ufffd]")


def clean_query_dict(query: QueryDict) -> QueryDict | None:
    """`query` without unwanted characters in keys and values, or None if it has none."""
    if not any(
        _UNWANTED.search(key) or any(_UNWANTED.search(value) for value in values)
        for key, values in query.lists()
    ):
        return None
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        clean_key = _UNWANTED.sub("", key)
        if key and not clean_key:
            continue  # a key of nothing but unwanted characters names no parameter
        cleaned.setlist(clean_key, [_UNWANTED.sub("", value) for value in values])
    cleaned._mutable = False
    return cleaned


class CleanQueryStringMiddleware:
    """Remove NUL, unpaired surrogates and undecodable bytes from every query string.

    Quietly, rather than refusing the request with 400: no parameter of the site can mean
    anything by these characters, the lists already ignore values they do not know, and a
    visitor with a mangled link still gets the page. Runs before every other reader of
    `request.GET`; the raw QUERY_STRING is replaced too, so `get_full_path()` (redirects,
    `next`, the API's `instance`) repeats only the cleaned parameters.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("QUERY_STRING"):
            cleaned = clean_query_dict(request.GET)
            if cleaned is not None:
                request.GET = cleaned  # type: ignore[assignment]  # immutable, as Django makes it
                request.META["QUERY_STRING"] = cleaned.urlencode()
        return self.get_response(request)
