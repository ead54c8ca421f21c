"""The sections the network contributes to pages of lower apps (`core.sections`).

Registered by `NetworkConfig.ready()`: "Verbindungen" on an actor's profile.
"""

from __future__ import annotations

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.selectors import PROFILE_SECTIONS
from quartiersnetz.core import sections

from .models import Edge
from .selectors import actor_connections

# After the Werkstätten (events, order 0).
PROFILE_SECTION_ORDER = 30


def register() -> None:
    sections.register(
        PROFILE_SECTIONS,
        name="network.connections",
        template="network/partials/_profile_connections.html",
        items=actor_connections,
        # Edges are replaced by the worker; actors because a hidden one vanishes at once.
        models=(Edge, Actor),
        order=PROFILE_SECTION_ORDER,
    )
