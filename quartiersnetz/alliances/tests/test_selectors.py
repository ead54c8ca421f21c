import pytest

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.alliances import selectors
from quartiersnetz.taxonomy.models import Sector

from .factories import AllianceFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_member_pairs_only_public_and_consented(world):
    MemberFactory(alliance=world.alliance, actor_consented_at=None)
    MemberFactory(alliance=world.alliance, actor=OrganisationFactory(is_hidden=True))
    hidden = AllianceFactory(is_hidden=True)
    MemberFactory(alliance=hidden)
    pairs = selectors.member_pairs()
    assert sorted(p[3] for p in pairs) == sorted([world.lead.actor_id, world.member.actor_id])
    assert {p[:3] for p in pairs} == {(world.alliance.pk, world.alliance.name, world.alliance.slug)}


def test_matching_targets(world):
    world.member.actor.sector = Sector.objects.get(slug="gebietskoerperschaften")
    world.member.actor.save()
    MemberFactory(alliance=world.alliance, alliance_consented_at=None)
    AllianceFactory(is_hidden=True)
    [target] = selectors.matching_targets()
    assert target.id == world.alliance.pk
    assert target.municipality_id == world.alliance.municipality_id
    assert target.member_actor_ids == {world.lead.actor_id, world.member.actor_id}
    assert target.sector_ids == {
        Sector.objects.get(slug="stiftungen").pk,
        Sector.objects.get(slug="gebietskoerperschaften").pk,
    }
    assert world.alliance.name in target.text
    assert "Leerstand" in target.text
