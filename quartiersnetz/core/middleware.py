"""Response headers every page gets: who may cache it, and which browser features it may use."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control

PERSONAL = "private, no-store"
ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def mark_personal(response: HttpResponseBase) -> HttpResponseBase:
    """No cache – neither a shared one nor the browser's – may keep this response."""
    patch_cache_control(response, private=True, no_store=True)
    response.personal_data = True  # type: ignore[attr-defined]
    return response


def personal_data(view: ViewFunc) -> ViewFunc:
    """For views that show personal data without a login or session (e.g. a signed link)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return mark_personal(view(request, *args, **kwargs))

    return wrapper  # type: ignore[return-value]


def _depends_on_session(request: HttpRequest) -> bool:
    """Did the response read a session that holds something (a login, a guest's registrations,
    flash messages)? Responses that never looked at the session, or saw an empty one, are the
    same for everyone; checking only ``accessed`` sessions adds no ``Vary: Cookie`` and no query
    to public responses."""
    session = getattr(request, "session", None)
    if session is None or not session.accessed:
        return False
    return bool(list(session.keys()))


class PersonalCacheControlMiddleware:
    """``Cache-Control: private, no-store`` on every response that depends on the session –
    everything a logged-in user sees, and anonymous pages showing what the session holds – and
    on responses a view marked with `personal_data`/`mark_personal`.

    A response the view declared ``public`` (published attachments, public calendars and feeds:
    the same bytes for everyone, with their ETags) keeps its header. Placed directly after
    AuthenticationMiddleware, so its answer path runs after the messages middleware stored its
    messages in the session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if getattr(response, "personal_data", False):
            return mark_personal(response)
        if _depends_on_session(request) and "public" not in _directives(response):
            mark_personal(response)
        return response


def _directives(response: HttpResponseBase) -> set[str]:
    return {
        part.split("=", 1)[0].strip().lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` → ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` (settings.PERMISSIONS_POLICY) on every response, static files
    included (placed before WhiteNoise)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
