import pytest
from django.core.cache import cache
from django.urls import reverse

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.alliances import selectors
from quartiersnetz.alliances.models import AllianceMember
from quartiersnetz.core import sections
from quartiersnetz.core.testing import count_queries
from quartiersnetz.projects.tests.factories import ProjectFactory, PublicProjectFactory
from quartiersnetz.taxonomy.models import Sector

from .factories import AllianceFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_list_filters_and_facets(client, world):
    AllianceFactory(name="Ruhende Allianz", status="dormant")
    response = client.get(reverse("alliances:list") + "?status=dormant")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ruhende Allianz" in body
    assert world.alliance.name not in body
    response = client.get(reverse("alliances:list") + "?sector=stiftungen")
    assert world.alliance.name in response.content.decode()
    assert "Ruhende Allianz" not in response.content.decode()
    assert 'href="/allianzen/"' in client.get("/").content.decode()


def test_detail_shows_members_sectors_and_linked(client, world):
    world.member.actor.sector = Sector.objects.get(slug="gebietskoerperschaften")
    world.member.actor.save()
    world.member.role_text = "stellt Räume"
    world.member.save()
    project = PublicProjectFactory(title="Kaufhaus für alle")
    hidden_project = ProjectFactory(title="Geheimes Vorhaben")
    world.alliance.projects.add(project, hidden_project)
    body = client.get(world.alliance.get_absolute_url()).content.decode()
    assert world.lead.actor.name in body
    assert "stellt Räume" in body
    assert "Verbindet 2 von 7 Bereichen" in body
    assert "Kaufhaus für alle" in body
    assert "Geheimes Vorhaben" not in body
    assert "Mittler und Intermediäre" in body  # missing sector


def test_unconsented_and_hidden_members_are_not_shown(client, world):
    pending = MemberFactory(alliance=world.alliance, actor_consented_at=None)
    hidden = MemberFactory(alliance=world.alliance, actor=OrganisationFactory(is_hidden=True))
    body = client.get(world.alliance.get_absolute_url()).content.decode()
    assert pending.actor.name not in body
    assert hidden.actor.name not in body


def test_hidden_alliance_is_404_and_absent(client, world):
    world.alliance.is_hidden = True
    world.alliance.save()
    assert client.get(world.alliance.get_absolute_url()).status_code == 404
    assert world.alliance.name not in client.get(reverse("alliances:list")).content.decode()
    assert world.alliance.name not in client.get(reverse("alliances:feed")).content.decode()
    client.force_login(world.users["member"])
    assert client.get(world.alliance.get_absolute_url()).status_code == 200


def test_feed(client, world):
    response = client.get(reverse("alliances:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert world.alliance.name in response.content.decode()


def test_invite_accept_through_pages(client, world):
    invited = MembershipFactory()
    client.force_login(world.users["lead"])
    url = reverse("alliances:invite", args=[world.alliance.slug])
    response = client.post(url, {"actor": invited.organisation.name, "role": "enabler"})
    assert response.status_code == 302
    member = AllianceMember.objects.get(actor=invited.organisation)
    client.force_login(invited.user)
    body = client.get(world.alliance.get_absolute_url()).content.decode()
    assert "Einladung annehmen" in body
    client.post(reverse("alliances:accept", args=[world.alliance.slug, member.pk]))
    member.refresh_from_db()
    assert member.is_confirmed


def test_found_through_page(client):
    m = MembershipFactory()
    client.force_login(m.user)
    response = client.post(
        reverse("alliances:found"),
        {
            "organisation": m.organisation.pk,
            "role": "curator",
            "name": "Allianz Bahnhofsviertel",
            "summary": "Gemeinsam fürs Viertel.",
            "municipality": "Herne",
            "status": "forming",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/allianzen/allianz-bahnhofsviertel/"


def test_section_hook(client, world):
    sections.register(
        selectors.DETAIL_SECTIONS,
        name="test",
        template="alliances/tests/section.html",
        items=lambda alliance: ["Vorschlag X"],
        models=[AllianceMember],
    )
    try:
        bound = sections.bound_sections(selectors.DETAIL_SECTIONS, world.alliance)
        assert "test" in [b.name for b in bound]  # beside what higher apps contribute
        assert "Vorschlag X" in client.get(world.alliance.get_absolute_url()).content.decode()
        # The fragment is cached under the section models' data version: a change renders anew.
        sections.register(
            selectors.DETAIL_SECTIONS,
            name="test",
            template="alliances/tests/section.html",
            items=lambda alliance: ["Vorschlag Y"],
            models=[AllianceMember],
        )
        assert "Vorschlag X" in client.get(world.alliance.get_absolute_url()).content.decode()
        AllianceMember.objects.filter(pk=world.member.pk).update(role_text="neu")
        assert "Vorschlag Y" in client.get(world.alliance.get_absolute_url()).content.decode()
    finally:
        sections.unregister(selectors.DETAIL_SECTIONS, "test")


def _grow(n):
    for _ in range(n):
        alliance = AllianceFactory()
        for _ in range(3):
            MemberFactory(alliance=alliance)
        alliance.projects.add(PublicProjectFactory())


def test_queries_constant(client, world):
    _grow(1)
    urls = [reverse("alliances:list"), world.alliance.get_absolute_url(), reverse("alliances:feed")]
    client.force_login(world.users["lead"])

    def cold(url):  # every fragment rendered, whatever the sections of higher apps cache
        cache.clear()
        return count_queries(client, url)

    before = [cold(u) for u in urls]
    _grow(5)
    for _ in range(4):
        MemberFactory(alliance=world.alliance)
    world.alliance.projects.add(PublicProjectFactory(), PublicProjectFactory())
    assert [cold(u) for u in urls] == before


def test_detail_relations_cached_for_visitors_until_a_change(
    client, world, django_assert_num_queries
):
    url = world.alliance.get_absolute_url()
    assert world.member.actor.name in client.get(url).content.decode()
    # The alliance, the relations' version and the sections' version: members, sectors and
    # linked records come from the cache.
    with django_assert_num_queries(3):
        client.get(url)
    world.member.actor.name = "Umbenannte Organisation"
    world.member.actor.save()
    new = MemberFactory(alliance=world.alliance)
    body = client.get(url).content.decode()
    assert "Umbenannte Organisation" in body
    assert new.actor.name in body


def test_detail_signed_in_member_sees_own_buttons_not_the_visitors_fragment(client, world):
    url = world.alliance.get_absolute_url()
    client.get(url)  # fills the visitors' fragment
    client.force_login(world.users["member"])
    body = client.get(url).content.decode()
    assert reverse("alliances:leave", args=[world.alliance.slug, world.member.pk]) in body
