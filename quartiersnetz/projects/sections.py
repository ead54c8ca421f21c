"""The section projects contribute to a practice's page (`core.sections`): "Erkenntnisse aus
Vorhaben", the published learnings of public projects that refer to it.

Registered by `ProjectsConfig.ready()`.
"""

from __future__ import annotations

from quartiersnetz.core import sections
from quartiersnetz.practices.selectors import DETAIL_SECTIONS

from .models import Learning, Project
from .selectors import projects_learnings_for

# After the recommendations (publications) and the events.
PRACTICE_SECTION_ORDER = 30


def register() -> None:
    sections.register(
        DETAIL_SECTIONS,
        name="learnings",
        template="projects/partials/_practice_section.html",
        items=projects_learnings_for,
        models=(Project, Learning),
        order=PRACTICE_SECTION_ORDER,
    )
