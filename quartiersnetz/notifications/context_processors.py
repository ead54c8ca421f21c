"""The unread count for the site header (settings: TEMPLATES context_processors)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import selectors


def _unread(request: HttpRequest) -> int:
    # Once per request, however many templates render (no query: it came with the user).
    if not hasattr(request, "_unread_notifications"):
        # Loaded with the signed-in user (accounts/backends.py, registered in apps.py).
        loaded = getattr(request.user, selectors.UNREAD_WITH_USER, None)
        count = loaded if loaded is not None else selectors.unread_count(request.user)
        request._unread_notifications = count  # type: ignore[attr-defined]
    return request._unread_notifications  # type: ignore[attr-defined]


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """`unread_notifications`: the count, read lazily (pages that don't show it ask nothing)."""
    return {"unread_notifications": SimpleLazyObject(lambda: _unread(request))}
