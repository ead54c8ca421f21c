from dataclasses import dataclass, field
from typing import Any

import pytest

from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.alliances.models import Alliance, AllianceMember

from .factories import AllianceFactory, MemberFactory


@dataclass
class World:
    """An alliance with a lead member (L) and a member (M); an outsider organisation (O)."""

    alliance: Alliance
    lead: AllianceMember
    member: AllianceMember
    users: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world(db, curator):
    alliance = AllianceFactory()
    lead_user, member_user, other_user = (
        MembershipFactory(),
        MembershipFactory(),
        MembershipFactory(),
    )
    lead = MemberFactory(alliance=alliance, actor=lead_user.organisation, is_lead=True)
    member = MemberFactory(alliance=alliance, actor=member_user.organisation)
    return World(
        alliance,
        lead,
        member,
        {
            "anonymous": None,
            "other": other_user.user,
            "member": member_user.user,
            "lead": lead_user.user,
            "curator": curator,
        },
    )
