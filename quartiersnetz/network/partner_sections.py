"""The sections the partner suggestions contribute to pages of lower apps (`core.sections`).

`register()` is called from `NetworkConfig.ready()`: "Passende Partner" (top three) on an
actor's profile; "Passende Partner für dieses Vorhaben" on a public project's page; on a public
alliance's page the suggested actors, mostly from the sectors it still lacks.
"""

from __future__ import annotations

from typing import Any

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.selectors import PROFILE_SECTIONS
from quartiersnetz.alliances.models import Alliance
from quartiersnetz.alliances.selectors import DETAIL_SECTIONS as ALLIANCE_SECTIONS
from quartiersnetz.core import sections
from quartiersnetz.projects.models import Project
from quartiersnetz.projects.selectors import DETAIL_SECTIONS as PROJECT_SECTIONS

from . import partner_selectors
from .models import DismissedSuggestion, Suggestion

PROFILE_TOP = 3
PROJECT_TOP = 5


def profile_partners(actor: Actor) -> Any:
    if actor.is_hidden:
        return []
    return partner_selectors.actor_suggestions(actor, limit=PROFILE_TOP)


def project_partners(project: Project) -> Any:
    """Suggestions for a public project (non-public projects have none, and show none)."""
    if not Project.objects.public().filter(pk=project.pk).exists():
        return []
    return partner_selectors.suggestions_for(
        Suggestion.Target.PROJECT, project.pk, limit=PROJECT_TOP
    )


def alliance_partners(alliance: Alliance) -> Any:
    """Suggestions for a public alliance (hidden ones have none, and show none)."""
    if not Alliance.PUBLIC.holds(alliance):
        return []
    return partner_selectors.suggestions_for(
        Suggestion.Target.ALLIANCE, alliance.pk, limit=PROJECT_TOP
    )


def register() -> None:
    sections.register(
        PROFILE_SECTIONS,
        name="partners",
        template="network/partials/_partner_section.html",
        items=profile_partners,
        models=(Suggestion, DismissedSuggestion),
        order=40,
    )
    sections.register(
        PROJECT_SECTIONS,
        name="partners",
        template="network/partials/_project_partner_section.html",
        items=project_partners,
        models=(Suggestion,),
        order=40,
    )
    sections.register(
        ALLIANCE_SECTIONS,
        name="partners",
        template="network/partials/_alliance_partner_section.html",
        items=alliance_partners,
        models=(Suggestion,),
        order=40,
    )
