"""`acting_user_ids_by_actor`: who acts for many actors, in two queries."""

from __future__ import annotations

import pytest

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.selectors import acting_user_ids_by_actor
from quartiersnetz.actors.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_members_and_the_person_behind_an_expert_profile(django_assert_num_queries):
    member = MembershipFactory()
    MembershipFactory(organisation=member.organisation, user=UserFactory(is_active=False))
    expert = PersonFactory()
    lonely = OrganisationFactory()
    with django_assert_num_queries(2):
        found = acting_user_ids_by_actor([member.organisation_id, expert.pk, lonely.pk])
    assert found == {
        member.organisation_id: {member.user_id},
        expert.pk: {expert.user_id},
        lonely.pk: set(),
    }
