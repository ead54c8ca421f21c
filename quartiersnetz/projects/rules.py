"""Object permissions for Vorhaben (django-rules).

Public projects (every partner has consented, see models) are visible to everyone; others
only to members of a partner organisation and to curators. Partner members and curators
edit a project, its partners, its accompaniment log and its learnings. Only members of a
partner organisation give (or withdraw) their organisation's consent — curators cannot
consent on an organisation's behalf. Members of any organisation and curators create
projects; a member's organisation becomes the first partner.
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
def is_public(user, project: Project | None) -> bool:
    return project is not None and project.state == Project.State.PUBLIC


@rules.predicate
def is_organisation_member(user) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organisation__kind=Actor.Kind.ORGANISATION).exists()


rules.add_perm("projects.view_project", is_public | is_curator | is_partner_member)
rules.add_perm("projects.add_project", is_curator | is_organisation_member)
rules.add_perm("projects.change_project", is_curator | is_partner_member)
rules.add_perm("projects.consent_project", is_partner_member)
