"""Permissions for publications: the public sees published ones, curators all."""

from __future__ import annotations

import rules

from quartiersnetz.accounts.rules import is_curator


@rules.predicate
def is_published(user: object, publication: object) -> bool:
    return bool(getattr(publication, "is_published", False))


rules.add_perm("publications.view_publication", is_published | is_curator)
