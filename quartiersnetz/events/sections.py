"""The sections Werkstätten contribute to pages of lower apps (`core.sections`).

Registered by `EventsConfig.ready()`: "Vorgestellt in" on a practice's page, "In Werkstätten"
on an actor's profile and "Entstanden in Werkstätten" on a publication's page (the events its
recommendations came from).
"""

from __future__ import annotations

from quartiersnetz.actors.selectors import PROFILE_SECTIONS
from quartiersnetz.core import sections
from quartiersnetz.practices.selectors import DETAIL_SECTIONS
from quartiersnetz.publications.selectors import DETAIL_SECTIONS as PUBLICATION_SECTIONS

from .models import AgendaItem, Event, EventPartner
from .practice_links import practice_events, recommendation_events
from .selectors import actor_events

# After the recommendations (publications), before the projects' learnings.
PRACTICE_SECTION_ORDER = 20


def register() -> None:
    sections.register(
        DETAIL_SECTIONS,
        name="events",
        template="events/partials/_practice_section.html",
        items=practice_events,
        models=(Event, AgendaItem),
        order=PRACTICE_SECTION_ORDER,
    )
    sections.register(
        PROFILE_SECTIONS,
        name="events",
        template="events/partials/_actor_section.html",
        items=actor_events,
        # The tables of `selectors.actor_events_version()`.
        models=(Event, AgendaItem, EventPartner),
    )
    sections.register(
        PUBLICATION_SECTIONS,
        name="events",
        template="events/partials/_publication_section.html",
        items=recommendation_events,
        models=(Event,),
    )
