"""The sections contact contributes to pages of lower apps (`core.sections`): "Kontakt
aufnehmen" on an actor's profile, and with the coordinating actors of an alliance or the lead
partners of a project. The links are the same for everyone (the pages cache them); the contact
form itself asks anonymous visitors to sign in and refuses writing to oneself."""

from __future__ import annotations

from typing import Any

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.selectors import PROFILE_SECTIONS
from quartiersnetz.alliances.models import PUBLIC_MEMBER, Alliance, AllianceMember
from quartiersnetz.alliances.selectors import DETAIL_SECTIONS as ALLIANCE_SECTIONS
from quartiersnetz.core import sections
from quartiersnetz.projects.models import Project, ProjectPartner
from quartiersnetz.projects.selectors import DETAIL_SECTIONS as PROJECT_SECTIONS

ORDER = 90


def profile_contact(actor: Actor) -> list[Actor]:
    return [actor] if Actor.PUBLIC.holds(actor) else []


def alliance_contacts(alliance: Alliance) -> list[Actor]:
    return [
        member.actor
        for member in AllianceMember.objects.filter(PUBLIC_MEMBER, alliance=alliance, is_lead=True)
        .select_related("actor")
        .order_by("actor__name")
    ]


def project_contacts(project: Project) -> list[Actor]:
    return [
        partner.actor
        for partner in ProjectPartner.objects.filter(
            Actor.PUBLIC.q("actor"), project=project, is_lead=True, consented_at__isnull=False
        )
        .select_related("actor")
        .order_by("actor__name")
    ]


def register() -> None:
    entries: list[tuple[str, Any, tuple[Any, ...]]] = [
        (PROFILE_SECTIONS, profile_contact, (Actor,)),
        (ALLIANCE_SECTIONS, alliance_contacts, (AllianceMember, Actor)),
        (PROJECT_SECTIONS, project_contacts, (ProjectPartner, Actor)),
    ]
    for page, items, models in entries:
        sections.register(
            page,
            name="contact.start",
            template="contact/partials/_contact_section.html",
            items=items,
            models=models,
            order=ORDER,
        )
