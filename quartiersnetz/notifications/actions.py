"""What notifications adds to pages of lower apps (core.sections actions): the "Folgen"
button on detail pages, and "Als Themenradar speichern" on the five lists.

Both depend on the viewer, so they are actions (rendered per request, outside the cached
fragments), not sections. The button costs one query for a logged-in user and none for
others; the list link costs none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from quartiersnetz.actors.selectors import PROFILE_SECTIONS
from quartiersnetz.alliances.selectors import DETAIL_SECTIONS as ALLIANCE_PAGE
from quartiersnetz.alliances.selectors import LIST_PAGE as ALLIANCE_LIST
from quartiersnetz.core import sections
from quartiersnetz.events.selectors import DETAIL_SECTIONS as EVENT_PAGE
from quartiersnetz.events.selectors import LIST_PAGE as EVENT_LIST
from quartiersnetz.events.selectors import SERIES_PAGE
from quartiersnetz.practices.selectors import DETAIL_SECTIONS as PRACTICE_PAGE
from quartiersnetz.practices.selectors import LIST_PAGE as PRACTICE_LIST
from quartiersnetz.projects.selectors import DETAIL_SECTIONS as PROJECT_PAGE
from quartiersnetz.projects.selectors import LIST_PAGE as PROJECT_LIST
from quartiersnetz.publications.selectors import LIST_PAGE as PUBLICATION_LIST

from . import selectors
from .models import Follow, Radar
from .radar import FILTER_NAMES
from .targets import FOLLOWABLE, title_of

TEMPLATE = "notifications/partials/_follow_button.html"
RADAR_TEMPLATE = "notifications/partials/_radar_link.html"


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


def radar_link(record_type: str) -> Any:
    """The address of a new radar prefilled with the list's kind, text query and filters."""

    def context(request: Any, filters: Any) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        state = filters.as_dict() if hasattr(filters, "as_dict") else {}
        params = [("typ", record_type)]
        if state.get("q"):
            params.append(("q", state["q"]))
        params += [(name, state[name]) for name in FILTER_NAMES[record_type] if state.get(name)]
        return f"{reverse('notifications:radar_create')}?{urlencode(params)}"

    return context


LISTS = {
    PRACTICE_LIST: Radar.RecordType.PRACTICE,
    EVENT_LIST: Radar.RecordType.EVENT,
    PUBLICATION_LIST: Radar.RecordType.PUBLICATION,
    PROJECT_LIST: Radar.RecordType.PROJECT,
    ALLIANCE_LIST: Radar.RecordType.ALLIANCE,
}


def register() -> None:
    for page, target in PAGES.items():
        sections.register_action(
            page, name="follow", template=TEMPLATE, context=follow_button(target), order=10
        )
    for page, record_type in LISTS.items():
        sections.register_action(
            page,
            name="radar",
            template=RADAR_TEMPLATE,
            context=radar_link(record_type),
            order=10,
        )
