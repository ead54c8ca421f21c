"""The sections the partner suggestions contribute to pages of lower apps (`core.sections`).

`register()` is called from `NetworkConfig.ready()`: "Passende Partner" (top three) on an
actor's profile.
"""

from __future__ import annotations

from typing import Any

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.selectors import PROFILE_SECTIONS
from quartiersnetz.core import sections

from . import partner_selectors
from .models import DismissedSuggestion, Suggestion

PROFILE_TOP = 3


def profile_partners(actor: Actor) -> Any:
    if actor.is_hidden:
        return []
    return partner_selectors.actor_suggestions(actor, limit=PROFILE_TOP)


def register() -> None:
    sections.register(
        PROFILE_SECTIONS,
        name="partners",
        template="network/partials/_partner_section.html",
        items=profile_partners,
        models=(Suggestion, DismissedSuggestion),
        order=40,
    )
