"""The alliances' news selectors: public alliances, memberships the public sees."""

from __future__ import annotations

import pytest

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.alliances.selectors import news_alliances, news_memberships
from quartiersnetz.alliances.tests.factories import AllianceFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_news_memberships_need_both_consents_a_public_actor_and_a_public_alliance():
    alliance, hidden_alliance = AllianceFactory(), AllianceFactory(is_hidden=True)
    shown = MemberFactory(alliance=alliance)
    pending = MemberFactory(alliance=alliance, alliance_consented_at=None)
    hidden_actor = MemberFactory(alliance=alliance, actor=OrganisationFactory(is_hidden=True))
    in_hidden = MemberFactory(alliance=hidden_alliance)
    ids = [m.pk for m in (shown, pending, hidden_actor, in_hidden)]
    assert [m.pk for m in news_memberships(ids)] == [shown.pk]
    assert [a.pk for a in news_alliances([alliance.pk, hidden_alliance.pk])] == [alliance.pk]
