"""Object permissions for Mitwirkende (django-rules).

Permission names follow `<app>.<verb>_<model>`; views check them through
`PermissionRequiredMixin`. Curators are members of the group "Kuration".
"""

from __future__ import annotations

import rules

from quartiersnetz.accounts.rules import is_curator

from .models import Actor, Membership


@rules.predicate
def is_profile_editor(user, actor: Actor | None) -> bool:
    """An owner/editor of the organisation, or the person behind an expert profile."""
    if actor is None or not user.is_authenticated:
        return False
    if actor.kind == Actor.Kind.PERSON:
        return actor.user_id == user.pk
    return Membership.objects.filter(organisation=actor, user=user).exists()


@rules.predicate
def is_organisation_owner(user, actor: Actor | None) -> bool:
    if actor is None or not user.is_authenticated or actor.kind != Actor.Kind.ORGANISATION:
        return False
    return Membership.objects.filter(
        organisation=actor, user=user, role=Membership.Role.OWNER
    ).exists()


@rules.predicate
def is_claimable(user, actor: Actor | None) -> bool:
    return actor is not None and actor.is_unclaimed and Actor.PUBLIC.holds(actor)


@rules.predicate
def is_visible(user, actor: Actor | None) -> bool:
    return Actor.PUBLIC.holds(actor)


rules.add_perm("actors.view_actor", is_visible | is_curator | is_profile_editor)
rules.add_perm("actors.add_actor", rules.is_authenticated)
rules.add_perm("actors.change_actor", is_curator | is_profile_editor)
rules.add_perm("actors.manage_members", is_curator | is_organisation_owner)
rules.add_perm("actors.hide_actor", is_curator)
rules.add_perm("actors.claim_actor", rules.is_authenticated & is_claimable)
rules.add_perm("actors.review_claim", is_curator)
