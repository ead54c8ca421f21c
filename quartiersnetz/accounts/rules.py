"""Shared predicates about accounts."""

from __future__ import annotations

import rules

CURATOR_GROUP = "Kuration"

is_curator = rules.is_superuser | rules.is_group_member(CURATOR_GROUP)

rules.add_perm("accounts.curate", is_curator)
# The same predicate as a rule, for the site header on every member page: `{% test_rule %}`
# asks it alone (one query for the user's groups), where `perms.accounts.curate` falls through
# to Django's ModelBackend for everybody who is not a curator (two more queries).
rules.add_rule("accounts.is_curator", is_curator)
