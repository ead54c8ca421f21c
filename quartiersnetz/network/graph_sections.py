"""The section the network figures contribute to a profile (`core.sections`): "Im Netzwerk"
(connections, sectors connected, bridge, community).

`NetworkConfig.ready()` calls `register()`.
"""

from __future__ import annotations

from quartiersnetz.actors.selectors import PROFILE_SECTIONS
from quartiersnetz.core import sections

from .graph_selectors import actor_network_figures
from .models import ActorFigure, NetworkSnapshot

# After the connections section of the same app.
PROFILE_SECTION_ORDER = 35  # right after the connections (30), before suggestions (40)


def register() -> None:
    sections.register(
        PROFILE_SECTIONS,
        name="network_figures",
        template="network/graph_profile_section.html",
        items=actor_network_figures,
        models=(ActorFigure, NetworkSnapshot),
        order=PROFILE_SECTION_ORDER,
    )
