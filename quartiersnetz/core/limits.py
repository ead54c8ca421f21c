"""Request body limits: a body larger than the page can use is refused before it is read.

Django itself bounds only the form data it keeps in memory (``DATA_UPLOAD_MAX_MEMORY_SIZE``);
file parts of a multipart body are streamed to temporary files whatever their size, and the
CSRF check reads the whole body of every POST before any view runs. So
``RequestBodyLimitMiddleware`` compares the announced ``Content-Length`` with the limit of
the view the request goes to and answers 413 ("Anfrage zu groß") without reading the body:

- views that take a file (marked with ``accepts_upload("<SETTING>")``) allow the largest file
  that setting permits plus ``REQUEST_BODY_MARGIN`` for the form's text fields, and only for
  signed-in users; the admin's change forms allow the largest of those files for staff;
- every other request allows ``DATA_UPLOAD_MAX_MEMORY_SIZE``, Django's own limit for
  urlencoded bodies.

A body Django refuses while reading it (``RequestDataTooBig``) gets the same 413 page from
``core.views.bad_request``. The reverse proxy's ``client_max_body_size`` must allow the largest
legitimate upload (see docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader

F = TypeVar("F", bound=Callable[..., Any])

UPLOAD_SETTINGS = ("LOGO_MAX_BYTES", "PUBLICATION_ATTACHMENT_MAX_BYTES")


def accepts_upload(setting: str) -> Callable[[F], F]:
    """Mark a view that takes a file of at most ``settings.<setting>`` bytes."""
    if setting not in UPLOAD_SETTINGS:
        raise ValueError(f"{setting} is not listed in UPLOAD_SETTINGS")

    def decorator(view: F) -> F:
        view.upload_max_bytes_setting = setting  # type: ignore[attr-defined]
        return view

    return decorator


def largest_upload_bytes() -> int:
    return max(int(getattr(settings, name)) for name in UPLOAD_SETTINGS)


def request_body_max_bytes() -> int:
    """The largest body any request may send (the reverse proxy must allow at least this)."""
    return largest_upload_bytes() + settings.REQUEST_BODY_MARGIN


def body_limit(request: HttpRequest, view_func: Callable[..., Any]) -> int | None:
    """The largest body this request may send to this view (None: no limit)."""
    data_limit: int | None = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if data_limit is None:  # Django's setting for "no limit"
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        setting = getattr(view_func, "upload_max_bytes_setting", None)
        if setting is not None:
            upload_limit = int(getattr(settings, setting)) + settings.REQUEST_BODY_MARGIN
            return max(upload_limit, data_limit)
        if getattr(view_func, "model_admin", None) is not None and user.is_staff:
            return max(request_body_max_bytes(), data_limit)
    return data_limit


def content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def too_large_response(request: HttpRequest, limit: int | None = None) -> HttpResponse:
    limit = limit or settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    context = {"limit_mb": max(limit // (1024 * 1024), 1)}
    return HttpResponse(loader.render_to_string("413.html", context, request=request), status=413)


class RequestBodyLimitMiddleware:
    """Refuse a body above the view's limit before anything reads it (see the module doc).

    Must come before ``CsrfViewMiddleware``: its ``process_view`` reads the body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        length = content_length(request)
        data_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if data_limit is None or length <= data_limit:
            return None  # within every page's limit: no need to look at the user
        limit = body_limit(request, view_func)
        if limit is None or length <= limit:
            return None
        return too_large_response(request, limit)
