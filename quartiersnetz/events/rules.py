"""Object permissions for events (django-rules).

Curators ("Kuration") plan events and series, edit programmes, manage registrations and
document results. Published and cancelled events are public; drafts only for curators.
Anyone may register for a published event whose registration is open (checked by the
registration services, which also enforce capacity and the window).
"""

from __future__ import annotations

import rules

from quartiersnetz.accounts.rules import is_curator

from .models import Event


@rules.predicate
def is_public_event(user, event: Event | None) -> bool:
    return Event.PUBLIC.holds(event)


rules.add_perm("events.view_event", is_public_event | is_curator)
rules.add_perm("events.add_event", is_curator)
rules.add_perm("events.change_event", is_curator)
rules.add_perm("events.document_event", is_curator)
rules.add_perm("events.manage_registrations", is_curator)
rules.add_perm("events.add_series", is_curator)
rules.add_perm("events.change_series", is_curator)
