"""The sections projects contribute to pages of lower apps (`core.sections`): "Erkenntnisse aus
Vorhaben" on a practice's page (the published learnings of public projects that refer to it)
"Vorhaben" on an actor's profile (the public projects it consented to take part in) and
"Begleitet das Vorhaben" on an event's page (the public projects whose log names it).

Registered by `ProjectsConfig.ready()`.
"""

from __future__ import annotations

from quartiersnetz.actors.selectors import PROFILE_SECTIONS
from quartiersnetz.core import sections
from quartiersnetz.events.selectors import DETAIL_SECTIONS as EVENT_SECTIONS
from quartiersnetz.practices.selectors import DETAIL_SECTIONS

from .models import Learning, Project, ProjectLogEntry, ProjectPartner
from .selectors import actor_projects, event_projects, projects_learnings_for

# After the recommendations (publications) and the events.
PRACTICE_SECTION_ORDER = 30
# On the profile: after the practices, before the publications and the events.
PROFILE_SECTION_ORDER = -20


def register() -> None:
    sections.register(
        DETAIL_SECTIONS,
        name="learnings",
        template="projects/partials/_practice_section.html",
        items=projects_learnings_for,
        models=(Project, Learning),
        order=PRACTICE_SECTION_ORDER,
    )
    sections.register(
        PROFILE_SECTIONS,
        name="projects",
        template="projects/partials/_actor_section.html",
        items=actor_projects,
        models=(Project, ProjectPartner),
        order=PROFILE_SECTION_ORDER,
    )
    sections.register(
        EVENT_SECTIONS,
        name="projects",
        template="projects/partials/_event_section.html",
        items=event_projects,
        models=(Project, ProjectLogEntry),
    )
