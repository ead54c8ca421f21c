"""Object permissions for Allianzen (django-rules).

Public alliances (not hidden) are visible to everyone; hidden ones only to their members'
members and curators. Members of a lead member (founders, coordinators) and curators edit the
alliance, invite actors, answer requests to join, remove members, change members' roles and
lead, and link records. Members of any organisation found alliances and ask to join. A
membership is ended (left) by the members of its actor, who also describe its role in their
own words; the actor side of an invitation is answered by the members of the invited actor.
That an alliance keeps one lead member is the services' job.
"""

from __future__ import annotations

import rules

from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.models import Actor, Membership

from .models import Alliance, AllianceMember


@rules.predicate
def is_alliance_member(user, alliance: Alliance | None) -> bool:
    """A member of one of the alliance's member actors (any consent state)."""
    if alliance is None or not user.is_authenticated:
        return False
    return AllianceMember.objects.filter(alliance=alliance, actor__memberships__user=user).exists()


@rules.predicate
def is_lead_member(user, alliance: Alliance | None) -> bool:
    """A member of a confirmed lead member of the alliance."""
    if alliance is None or not user.is_authenticated:
        return False
    return AllianceMember.objects.filter(
        alliance=alliance,
        is_lead=True,
        alliance_consented_at__isnull=False,
        actor_consented_at__isnull=False,
        actor__memberships__user=user,
    ).exists()


@rules.predicate
def is_member_of_actor(user, member: AllianceMember | None) -> bool:
    """A member of this membership's actor (the membership is their organisation's)."""
    if member is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organisation_id=member.actor_id).exists()


@rules.predicate
def is_public(user, alliance: Alliance | None) -> bool:
    return Alliance.PUBLIC.holds(alliance)


@rules.predicate
def is_organisation_member(user) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organisation__kind=Actor.Kind.ORGANISATION).exists()


rules.add_perm("alliances.view_alliance", is_public | is_curator | is_alliance_member)
rules.add_perm("alliances.add_alliance", is_curator | is_organisation_member)
rules.add_perm("alliances.change_alliance", is_curator | is_lead_member)
# Object: the alliance. Invite, answer requests, remove members, link records.
rules.add_perm("alliances.change_alliancemember", is_curator | is_lead_member)
# Object: the alliance. Ask to join on behalf of one's organisation.
rules.add_perm("alliances.join_alliance", is_public & is_organisation_member)
# Object: the membership. Answer an invitation, leave, describe the role in own words.
rules.add_perm("alliances.respond_alliancemember", is_member_of_actor)
# Object: the alliance. Open the members page: those who manage the alliance change roles and
# the lead there, the members of a member actor describe their own role.
rules.add_perm("alliances.view_alliancemember", is_curator | is_alliance_member)
