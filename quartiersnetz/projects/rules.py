"""Object permissions for Vorhaben (django-rules).

Public projects (every partner has consented, see models) are visible to everyone; others
only to members of a partner organisation and to curators. Partner members and curators
edit a project, its accompaniment log and its learnings. The partners themselves are managed
(added, removed, their role and lead changed) only by members of a lead partner
(Federführung, `ProjectPartner.is_lead`) and by curators; every partner's members may end
their own organisation's partnership (withdraw). Only members of a partner organisation give
(or withdraw) their organisation's consent — curators cannot consent on an organisation's
behalf. Members of any organisation and curators create projects; a member's organisation
becomes the first, lead partner. That a project keeps one lead partner is the services' job.
"""

from __future__ import annotations

import rules

from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.models import Actor, Membership

from .models import Project, ProjectPartner


@rules.predicate
def is_partner_member(user, project: Project | None) -> bool:
    """A member of one of the project's partner organisations."""
    if project is None or not user.is_authenticated:
        return False
    return ProjectPartner.objects.filter(project=project, actor__memberships__user=user).exists()


@rules.predicate
def is_lead_member(user, project: Project | None) -> bool:
    """A member of one of the project's lead partner organisations (Federführung)."""
    if project is None or not user.is_authenticated:
        return False
    return ProjectPartner.objects.filter(
        project=project, is_lead=True, actor__memberships__user=user
    ).exists()


@rules.predicate
def is_member_of_partner(user, partner: ProjectPartner | None) -> bool:
    """A member of this partner's organisation (the partnership is their own)."""
    if partner is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organisation_id=partner.actor_id).exists()


@rules.predicate
def is_public(user, project: Project | None) -> bool:
    return Project.PUBLIC.holds(project)


@rules.predicate
def is_organisation_member(user) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organisation__kind=Actor.Kind.ORGANISATION).exists()


rules.add_perm("projects.view_project", is_public | is_curator | is_partner_member)
rules.add_perm("projects.add_project", is_curator | is_organisation_member)
rules.add_perm("projects.change_project", is_curator | is_partner_member)
rules.add_perm("projects.consent_project", is_partner_member)
# Object: the project. Add partners, remove others, change roles and the lead.
rules.add_perm("projects.change_projectpartner", is_curator | is_lead_member)
# Object: the partnership. End one's own organisation's partnership.
rules.add_perm("projects.withdraw_projectpartner", is_member_of_partner)
