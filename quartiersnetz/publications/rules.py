"""Permissions for publications: the public sees published ones, curators all; members of an
organisation may submit contributions and see their own submissions until they are published."""

from __future__ import annotations

import rules

from quartiersnetz.accounts.rules import is_curator

from .models import Publication


@rules.predicate
def is_published(user: object, publication: object) -> bool:
    return Publication.PUBLIC.holds(publication)


@rules.predicate
def is_submitter(user: object, publication: object) -> bool:
    user_id = getattr(user, "pk", None)
    return user_id is not None and getattr(publication, "submitted_by_id", None) == user_id


@rules.predicate
def is_organisation_member(user: object) -> bool:
    memberships = getattr(user, "memberships", None)
    return (
        bool(getattr(user, "is_authenticated", False))
        and memberships is not None
        and (memberships.exists())
    )


rules.add_perm("publications.view_publication", is_published | is_curator | is_submitter)
rules.add_perm("publications.submit_publication", rules.is_authenticated & is_organisation_member)


@rules.predicate
def is_unpublished(user: object, publication: object) -> bool:
    return not getattr(publication, "is_published", True)


rules.add_perm("publications.publish_publication", is_curator)
# The submitter changes a submission and hands it in again until it is published.
rules.add_perm("publications.revise_publication", is_submitter & is_unpublished)
rules.add_perm("publications.manage_attachments", is_curator)
