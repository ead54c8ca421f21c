"""The section practices contribute to an actor's profile (`core.sections`): "Praxisbeispiele",
the published practices it takes part in, with its role.

Registered by `PracticesConfig.ready()`.
"""

from __future__ import annotations

from quartiersnetz.actors.selectors import PROFILE_SECTIONS
from quartiersnetz.core import sections

from .models import Practice, PracticeActor
from .selectors import actor_practices

# The first of the profile's record sections: practices, projects, publications, events.
PROFILE_SECTION_ORDER = -30


def register() -> None:
    sections.register(
        PROFILE_SECTIONS,
        name="practices",
        template="practices/partials/_actor_section.html",
        items=actor_practices,
        models=(Practice, PracticeActor),
        order=PROFILE_SECTION_ORDER,
    )
