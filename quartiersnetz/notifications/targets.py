"""What can be followed: the model, public rule and label of each `Follow.Target`.

Only public records can be followed, and the list of follows shows the title of a record only
while it is public (a record hidden later is listed as "nicht mehr öffentlich").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from quartiersnetz.actors.models import Actor
from quartiersnetz.alliances.models import Alliance
from quartiersnetz.events.models import Event, Series
from quartiersnetz.places.models import State
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects.models import Project
from quartiersnetz.taxonomy.models import ActionField, Approach, SpatialField

from .models import Follow

Target = Follow.Target


@dataclass(frozen=True)
class Followable:
    model: type[Model]
    # The records that may be followed and whose titles may be shown.
    public: Callable[[], QuerySet[Any]]


def _all(model: type[Model]) -> Callable[[], QuerySet[Any]]:
    return lambda: model._default_manager.all()


def _public(model: Any) -> Callable[[], QuerySet[Any]]:
    return lambda: model._default_manager.filter(model.PUBLIC.q())


FOLLOWABLE: dict[str, Followable] = {
    Target.ACTOR: Followable(Actor, _public(Actor)),
    Target.ALLIANCE: Followable(Alliance, _public(Alliance)),
    Target.PROJECT: Followable(Project, _public(Project)),
    Target.PRACTICE: Followable(Practice, _public(Practice)),
    Target.EVENT: Followable(Event, _public(Event)),
    Target.SERIES: Followable(Series, _all(Series)),
    Target.ACTION_FIELD: Followable(ActionField, _all(ActionField)),
    Target.APPROACH: Followable(Approach, _all(Approach)),
    Target.SPATIAL_FIELD: Followable(SpatialField, _all(SpatialField)),
}


def title_of(obj: Any) -> str:
    """The name a record is shown by: its title, label (terms, in the current language) or name."""
    for attribute in ("title", "label", "name"):
        value = getattr(obj, attribute, None)
        if value:
            return str(value)
    return str(obj)


def is_followable(target: str, key: str) -> bool:
    """Whether `target`/`key` names a public record (or a Bundesland)."""
    if target == Target.STATE:
        return key in State.values
    followable = FOLLOWABLE.get(target)
    if followable is None or not key.isdigit():
        return False
    return followable.public().filter(pk=int(key)).exists()
