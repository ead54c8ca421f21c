"""The unread count for the site header (settings: TEMPLATES context_processors)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import selectors


def _unread(request: HttpRequest) -> int:
    # Once per request, however many templates render (one query, only for logged-in users).
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = selectors.unread_count(request.user)  # type: ignore[attr-defined]
    return request._unread_notifications  # type: ignore[attr-defined]


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """`unread_notifications`: the count, read lazily (pages that don't show it ask nothing)."""
    return {"unread_notifications": SimpleLazyObject(lambda: _unread(request))}
