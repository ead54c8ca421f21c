"""Shared predicates about accounts."""

from __future__ import annotations

import rules

CURATOR_GROUP = "Kuration"

_in_group = rules.is_group_member(CURATOR_GROUP)


@rules.predicate
def _in_curator_group(user: object) -> bool:
    # The signed-in user of a request comes with the answer (accounts/backends.py); any other
    # user object asks the database.
    loaded = getattr(user, "in_curator_group", None)
    if loaded is not None:
        return bool(loaded)
    return bool(_in_group(user))


is_curator = rules.is_superuser | _in_curator_group

rules.add_perm("accounts.curate", is_curator)
# The same predicate as a rule, for the site header on every member page: `{% test_rule %}`
# asks it alone (no query for the signed-in user, one for a user loaded otherwise), where
# `perms.accounts.curate` falls through to Django's ModelBackend for everybody who is not a
# curator (two more queries).
rules.add_rule("accounts.is_curator", is_curator)
