"""Object permissions for events (django-rules).

Curators ("Kuration") plan events and series, edit programmes, manage registrations and
document results. Published and cancelled events are public; drafts only for curators.
Anyone may register for a published event whose registration is open (checked by the
registration services, which also enforce capacity and the window). Members who act for an
organisation or an expert profile may propose events: a proposal is a draft for the curators
(`services.event_propose`, which checks the profile and the number of open proposals).
"""

from __future__ import annotations

import rules

from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.practices.curation_selectors import author_actors

from .models import Event


@rules.predicate
def is_public_event(user, event: Event | None) -> bool:
    return Event.PUBLIC.holds(event)


@rules.predicate
def has_author_actor(user) -> bool:
    """The user acts for at least one organisation or has an expert profile."""
    return bool(user.is_authenticated and author_actors(user).exists())


rules.add_perm("events.view_event", is_public_event | is_curator)
rules.add_perm("events.add_event", is_curator)
rules.add_perm("events.propose_event", rules.is_authenticated & has_author_actor)
rules.add_perm("events.change_event", is_curator)
rules.add_perm("events.document_event", is_curator)
rules.add_perm("events.manage_registrations", is_curator)
rules.add_perm("events.add_series", is_curator)
rules.add_perm("events.change_series", is_curator)
