"""The tables the network is computed from, and their combined data version."""

from __future__ import annotations

from django.db.models import Model

from quartiersnetz.actors.models import Actor, Membership
from quartiersnetz.alliances.models import Alliance, AllianceMember
from quartiersnetz.core.versions import data_version
from quartiersnetz.events.models import AgendaItem, Event, EventPartner, Registration
from quartiersnetz.practices.models import Practice, PracticeActor
from quartiersnetz.projects.models import Project, ProjectPartner

from .models import Connection, DismissedSuggestion


def input_models() -> tuple[type[Model], ...]:
    return (
        Actor,
        Actor.spatial_fields.through,
        Actor.action_fields.through,
        Actor.approaches.through,
        Membership,
        Connection,
        DismissedSuggestion,
        Practice,
        PracticeActor,
        Project,
        ProjectPartner,
        Event,
        EventPartner,
        AgendaItem,
        AgendaItem.presenters.through,
        Registration,
        Alliance,
        AllianceMember,
    )


def input_version() -> str:
    """Changes whenever anything the network is computed from may have changed (one query)."""
    return data_version(*input_models())
