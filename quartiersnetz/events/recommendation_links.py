"""The Werkstätten a Handlungsempfehlung was developed in, linked by curators from the
recommendation editor (/kuration/impulse/<slug>/empfehlungen/<n>/).

The relation is `Event.recommendations` (this app is above publications, so it owns it). This
module contributes the editor's picker as a section (`register`), answers its form with
`recommendation_events_link` (the view) and writes through `recommendation_events_set`
(the service, audited).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartiersnetz.accounts.models import User
from quartiersnetz.audit.services import audit_log
from quartiersnetz.core import sections
from quartiersnetz.core.picker import (
    MAX_RESULTS,
    Picker,
    PickerItem,
    picker_query,
    without_linked,
)
from quartiersnetz.publications import selectors as publication_selectors
from quartiersnetz.publications.models import Recommendation
from quartiersnetz.publications.selectors import RecommendationEditor
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
    new_ids = {e.pk for e in events}
    through = Event.recommendations.through
    old_ids = set(
        through.objects.filter(recommendation=recommendation).values_list("event_id", flat=True)
    )
    if new_ids == old_ids:
        return recommendation
    through.objects.filter(recommendation=recommendation, event_id__in=old_ids - new_ids).delete()
    through.objects.bulk_create(
        [through(recommendation=recommendation, event_id=pk) for pk in sorted(new_ids - old_ids)]
    )
    for pk in sorted(new_ids ^ old_ids):
        touch_event(pk)
    audit_log(
        user=user,
        action="recommendation.link_events",
        target=recommendation,
        changes={"added": sorted(new_ids - old_ids), "removed": sorted(old_ids - new_ids)},
    )
    return recommendation


# --- selectors ----------------------------------------------------------------------------


def _item(event: Event) -> PickerItem:
    hint = event.start.date().isoformat() if event.start else ""
    if not Event.PUBLIC.holds(event):
        hint = f"{hint}, {event.get_state_display()}"
    return PickerItem(pk=event.pk, label=event.title, hint=hint, url=event.get_absolute_url())


def event_picker(editor: RecommendationEditor) -> Picker:
    """The editor's picker: the events linked now and those found (two queries at most)."""
    recommendation = editor.recommendation
    base = Event.objects.only("id", "title", "slug", "start", "state")
    linked = [_item(e) for e in base.filter(recommendations=recommendation).order_by("-start")]
    query = picker_query(editor.query, PICKER_NAME)
    found: list[PickerItem] = []
    if query:
        qs = base.filter(title__icontains=query).exclude(recommendations=recommendation)
        found = without_linked([_item(e) for e in qs.order_by("-start")[:MAX_RESULTS]], linked)
    return Picker(
        name=PICKER_NAME,
        heading=_("Werkstätten, in denen sie entstanden ist"),
        hint=_("Öffentlich erscheinen nur veröffentlichte Werkstätten."),
        action=reverse(
            "events:recommendation_events",
            kwargs={"slug": recommendation.publication.slug, "number": recommendation.number},
        ),
        page_url=editor.page_url,
        linked=linked,
        results=found,
        query=query,
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
