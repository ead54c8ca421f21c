"""Reads of the `accounts` app."""

from __future__ import annotations

from .models import User
from .rules import CURATOR_GROUP


def curator_emails() -> list[str]:
    """Active members of the group "Kuration" (superusers only if they are members)."""
    return sorted(
        set(
            User.objects.filter(groups__name=CURATOR_GROUP, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
