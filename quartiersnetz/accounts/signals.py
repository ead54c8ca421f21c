"""Receivers for allauth's signals (connected in AccountsConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import User


def lift_login_lock_after_password_reset(
    sender: Any, request: HttpRequest | None = None, user: User | None = None, **kwargs: Any
) -> None:
    """Whoever could reset the password by e-mail may also log in again (from this browser even
    while someone keeps guessing)."""
    from . import services
    from .throttle import account_key, waive_account_counter

    if user is None:
        return
    services.user_login_unlock(user=user)
    if request is not None:
        waive_account_counter(request, account_key(user))
