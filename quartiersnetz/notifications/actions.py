"""The "Folgen" button notifications adds to detail pages of lower apps (core.sections actions).

The button depends on the viewer, so it is an action (rendered per request, outside the cached
fragments), not a section. It costs one query for a logged-in user and none for others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quartiersnetz.actors.selectors import PROFILE_SECTIONS
from quartiersnetz.alliances.selectors import DETAIL_SECTIONS as ALLIANCE_PAGE
from quartiersnetz.core import sections
from quartiersnetz.events.selectors import DETAIL_SECTIONS as EVENT_PAGE
from quartiersnetz.events.selectors import SERIES_PAGE
from quartiersnetz.practices.selectors import DETAIL_SECTIONS as PRACTICE_PAGE
from quartiersnetz.projects.selectors import DETAIL_SECTIONS as PROJECT_PAGE

from . import selectors
from .models import Follow
from .targets import FOLLOWABLE, title_of

TEMPLATE = "notifications/partials/_follow_button.html"


@dataclass(frozen=True)
class FollowButton:
    target: str
    key: str
    title: str
    following: bool


def follow_button(target: str) -> Any:
    def context(request: Any, obj: Any) -> FollowButton | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        # Only public records can be followed (a draft's page shows no button).
        rule = getattr(FOLLOWABLE[target].model, "PUBLIC", None)
        if rule is not None and not rule.holds(obj):
            return None
        key = str(obj.pk)
        return FollowButton(
            target=target,
            key=key,
            title=title_of(obj),
            following=selectors.is_following(user, target, key),
        )

    return context


PAGES = {
    PROFILE_SECTIONS: Follow.Target.ACTOR,
    ALLIANCE_PAGE: Follow.Target.ALLIANCE,
    PROJECT_PAGE: Follow.Target.PROJECT,
    PRACTICE_PAGE: Follow.Target.PRACTICE,
    EVENT_PAGE: Follow.Target.EVENT,
    SERIES_PAGE: Follow.Target.SERIES,
}


def register() -> None:
    for page, target in PAGES.items():
        sections.register_action(
            page, name="follow", template=TEMPLATE, context=follow_button(target), order=10
        )
