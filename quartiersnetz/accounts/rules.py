"""Shared predicates about accounts."""

from __future__ import annotations

import rules

CURATOR_GROUP = "Kuration"

is_curator = rules.is_superuser | rules.is_group_member(CURATOR_GROUP)

rules.add_perm("accounts.curate", is_curator)
