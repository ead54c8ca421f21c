"""The Werkstätten a Handlungsempfehlung was developed in, linked by curators from the
recommendation editor (/kuration/impulse/<slug>/empfehlungen/<n>/).

The relation is `Event.recommendations` (this app is above publications, so it owns it). This
module contributes the editor's picker as a section (`register`), answers its form with
`recommendation_events_link` (the view) and writes through `recommendation_events_set`
(the service, audited). The shape they share with the editor's other pickers lives in
publications: `recommendation_picker`, `recommendation_links_set`, `recommendation_link_view`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartiersnetz.accounts.models import User
from quartiersnetz.core import sections
from quartiersnetz.core.picker import Picker, PickerItem
from quartiersnetz.publications import selectors as publication_selectors
from quartiersnetz.publications.models import Recommendation
from quartiersnetz.publications.selectors import RecommendationEditor, recommendation_picker
from quartiersnetz.publications.services import recommendation_links_set
from quartiersnetz.publications.views_curation import recommendation_link_view

from .models import Event
from .services import touch_event

PICKER_NAME = "werkstatt"
EDITOR_SECTION_ORDER = 10


# --- service ------------------------------------------------------------------------------


@transaction.atomic
def recommendation_events_set(
    *, user: User | None, recommendation: Recommendation, events: Iterable[Event]
) -> Recommendation:
    """Set the Werkstätten the recommendation was developed in. Drafts may be linked in
    advance; public pages show only public events."""
    changed = recommendation_links_set(
        user=user,
        recommendation=recommendation,
        through=Event.recommendations.through,
        column="event_id",
        ids=[e.pk for e in events],
        action="recommendation.link_events",
    )
    for pk in sorted(changed):
        touch_event(pk)
    return recommendation


# --- selectors ----------------------------------------------------------------------------


def _item(event: Event) -> PickerItem:
    hint = event.start.date().isoformat() if event.start else ""
    if not Event.PUBLIC.holds(event):
        hint = f"{hint}, {event.get_state_display()}"
    return PickerItem(pk=event.pk, label=event.title, hint=hint, url=event.get_absolute_url())


def event_picker(editor: RecommendationEditor) -> Picker:
    """The editor's picker: the events linked now and those found (two queries at most)."""
    return recommendation_picker(
        editor,
        name=PICKER_NAME,
        heading=_("Werkstätten, in denen sie entstanden ist"),
        hint=_("Öffentlich erscheinen nur veröffentlichte Werkstätten."),
        action="events:recommendation_events",
        records=Event.objects.only("id", "title", "slug", "start", "state"),
        item=_item,
        order=("-start",),
    )


def register() -> None:
    sections.register(
        publication_selectors.RECOMMENDATION_EDITOR_SECTIONS,
        name="events",
        template="events/partials/_recommendation_picker.html",
        items=event_picker,
        models=(Event,),
        order=EDITOR_SECTION_ORDER,
    )


# --- view ---------------------------------------------------------------------------------


recommendation_events_link = recommendation_link_view(
    records=lambda ids: Event.objects.filter(pk__in=ids),
    save=lambda *, records, **kwargs: recommendation_events_set(events=records, **kwargs),
    saved=gettext_lazy("Die Werkstätten der Empfehlung sind gespeichert."),
    picker_name=PICKER_NAME,
)
