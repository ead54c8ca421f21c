"""The sections publications contribute to pages of lower apps (`core.sections`): the published
Handlungsempfehlungen that refer to a practice, on its page, and "Impulsbeiträge", the
publications an organisation wrote, on its profile.

Registered by `PublicationsConfig.ready()`.
"""

from __future__ import annotations

from quartiersnetz.actors.selectors import PROFILE_SECTIONS
from quartiersnetz.core import sections
from quartiersnetz.practices.selectors import DETAIL_SECTIONS

from .models import Publication, Recommendation
from .selectors import actor_publications, practice_recommendations

# The first of the contributed sections, before the events and the projects' learnings.
PRACTICE_SECTION_ORDER = 10
# On the profile: after the practices and the projects, before the events.
PROFILE_SECTION_ORDER = -10


def register() -> None:
    sections.register(
        DETAIL_SECTIONS,
        name="recommendations",
        template="publications/partials/_practice_section.html",
        items=practice_recommendations,
        models=(Publication, Recommendation),
        order=PRACTICE_SECTION_ORDER,
    )
    sections.register(
        PROFILE_SECTIONS,
        name="publications",
        template="publications/partials/_actor_section.html",
        items=actor_publications,
        models=(Publication, Publication.author_organisations.through),
        order=PROFILE_SECTION_ORDER,
    )
