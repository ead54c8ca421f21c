"""The section publications contribute to a practice's page (`core.sections`): the published
Handlungsempfehlungen that refer to it.

Registered by `PublicationsConfig.ready()`.
"""

from __future__ import annotations

from quartiersnetz.core import sections
from quartiersnetz.practices.selectors import DETAIL_SECTIONS

from .models import Publication, Recommendation
from .selectors import practice_recommendations

# The first of the contributed sections, before the events and the projects' learnings.
PRACTICE_SECTION_ORDER = 10


def register() -> None:
    sections.register(
        DETAIL_SECTIONS,
        name="recommendations",
        template="publications/partials/_practice_section.html",
        items=practice_recommendations,
        models=(Publication, Recommendation),
        order=PRACTICE_SECTION_ORDER,
    )
