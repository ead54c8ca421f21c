"""Object permissions for Praxisbeispiele (django-rules).

Drafts, submitted and returned records are visible only to the members of the
organisation they were written for (or the person behind an expert profile)
and to curators; published records are public.

Authors edit drafts, returned and published records (every change of a
published record is a new revision that curators can undo); while a record is
submitted it waits for the curators, who may still edit it. Curators review
submitted records and rate submitted and published ones.
"""

from __future__ import annotations

import rules

from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.rules import is_profile_editor

from .models import Practice


@rules.predicate
def is_practice_author(user, practice: Practice | None) -> bool:
    """A member of the practice's organisation (or the expert it belongs to)."""
    if practice is None or not user.is_authenticated:
        return False
    return bool(is_profile_editor(user, practice.organisation))


@rules.predicate
def is_published(user, practice: Practice | None) -> bool:
    return Practice.PUBLIC.holds(practice)


@rules.predicate
def is_editable_by_author(user, practice: Practice | None) -> bool:
    """Authors edit drafts, returned and published records; submitted ones wait for review."""
    return practice is not None and practice.state in (
        Practice.State.DRAFT,
        Practice.State.RETURNED,
        Practice.State.PUBLISHED,
    )


@rules.predicate
def is_submittable(user, practice: Practice | None) -> bool:
    return practice is not None and practice.state in (
        Practice.State.DRAFT,
        Practice.State.RETURNED,
    )


@rules.predicate
def is_in_review(user, practice: Practice | None) -> bool:
    return practice is not None and practice.state == Practice.State.SUBMITTED


rules.add_perm("practices.view_practice", is_published | is_curator | is_practice_author)
rules.add_perm("practices.add_practice", rules.is_authenticated)
rules.add_perm(
    "practices.change_practice", is_curator | (is_practice_author & is_editable_by_author)
)
rules.add_perm("practices.submit_practice", is_practice_author & is_submittable)
rules.add_perm("practices.review_practice", is_curator & is_in_review)
rules.add_perm("practices.rate_practice", is_curator & (is_published | is_in_review))
rules.add_perm("practices.view_history", is_curator | is_practice_author)
rules.add_perm("practices.restore_practice", is_curator)
rules.add_perm("practices.view_review_queue", is_curator)
