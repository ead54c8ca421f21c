"""Object permissions for connections (django-rules).

A connection is proposed for an actor the user acts for (`actors.change_actor`: its members, or
the person behind an expert profile), confirmed or declined by those who act for the other
actor, and removed (or a proposal withdrawn) by either side or by curators.
"""

from __future__ import annotations

import rules

from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.rules import is_profile_editor

from .models import Connection


@rules.predicate
def acts_for_from_actor(user, connection: Connection | None) -> bool:
    return connection is not None and is_profile_editor(user, connection.from_actor)


@rules.predicate
def acts_for_to_actor(user, connection: Connection | None) -> bool:
    return connection is not None and is_profile_editor(user, connection.to_actor)


@rules.predicate
def is_proposed(user, connection: Connection | None) -> bool:
    return connection is not None and connection.status == Connection.Status.PROPOSED


rules.add_perm("network.respond_connection", is_proposed & acts_for_to_actor)
rules.add_perm("network.delete_connection", acts_for_from_actor | acts_for_to_actor | is_curator)
