import pytest
from django.core.cache import cache
from django.urls import reverse

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.alliances import selectors
from quartiersnetz.alliances.models import AllianceMember
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.core import sections
from quartiersnetz.core.testing import count_queries
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.events.tests.factories_public import SearchableEventFactory
from quartiersnetz.practices.tests.factories import DraftPracticeFactory, PracticeFactory
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


# --- Linked records --------------------------------------------------------------------------

LINKABLE = {
    "projects": (PublicProjectFactory, ProjectFactory),
    "practices": (PracticeFactory, DraftPracticeFactory),
    "events": (
        SearchableEventFactory,
        lambda **kw: SearchableEventFactory(state=Event.State.DRAFT, **kw),
    ),
}


def _links_url(world, q=""):
    url = reverse("alliances:links", args=[world.alliance.slug])
    return f"{url}?q={q}" if q else url


@pytest.mark.parametrize("kind", list(LINKABLE))
def test_link_and_unlink_through_pages(client, world, kind):
    public_factory, hidden_factory = LINKABLE[kind]
    record = public_factory(title="Zukunftsort Kaufhaus")
    hidden_factory(title="Zukunftsort Entwurf")
    client.force_login(world.users["lead"])
    body = client.get(_links_url(world, "zukunftsort")).content.decode()
    assert "Zukunftsort Kaufhaus" in body
    assert "Zukunftsort Entwurf" not in body  # only public records are offered

    response = client.post(_links_url(world, "zukunftsort"), {"kind": kind, "record": record.pk})
    assert response.status_code == 302
    assert response["Location"] == _links_url(world, "zukunftsort")
    assert list(getattr(world.alliance, kind).all()) == [record]
    entry = AuditEntry.objects.get(action=f"alliance.link_{kind}")
    assert entry.changes == {kind: ["Zukunftsort Kaufhaus"]}
    page = client.get(_links_url(world, "zukunftsort")).content.decode()
    linked, _sep, search = page.partition('id="h-add"')
    assert "Zukunftsort Kaufhaus" in linked
    assert "Verknüpfung lösen" in linked
    assert "Zukunftsort Kaufhaus" not in search  # linked already: no longer offered
    client.logout()
    assert "Zukunftsort Kaufhaus" in client.get(world.alliance.get_absolute_url()).content.decode()

    client.force_login(world.users["lead"])
    response = client.post(
        reverse("alliances:unlink", args=[world.alliance.slug]), {"kind": kind, "record": record.pk}
    )
    assert response.status_code == 302
    assert not getattr(world.alliance, kind).exists()
    assert AuditEntry.objects.filter(action=f"alliance.unlink_{kind}").exists()
    client.get(reverse("alliances:links", args=[world.alliance.slug]))  # shows the message
    body = client.get(world.alliance.get_absolute_url()).content.decode()
    assert "Zukunftsort Kaufhaus" not in body


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "projects", "record": "999999"},  # no such record
        {"kind": "projects", "record": "abc"},
        {"kind": "actors", "record": "1"},  # not a kind of link
        {},
    ],
    ids=["unknown id", "not a number", "unknown kind", "empty"],
)
def test_link_form_errors(client, world, data):
    client.force_login(world.users["lead"])
    response = client.post(_links_url(world, "quartier"), data)
    assert response.status_code == 400  # invalid form (core.responses)
    body = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben." in body
    assert (
        "Diesen Eintrag gibt es nicht oder er ist nicht öffentlich." in body
        or "Bitte wählen Sie einen Eintrag aus der Trefferliste." in body
    )
    assert 'value="quartier"' in body  # the search stays
    assert not world.alliance.projects.exists()
    assert not AuditEntry.objects.filter(action__startswith="alliance.link").exists()


def test_link_form_refuses_non_public_and_duplicate(client, world):
    client.force_login(world.users["lead"])
    draft = ProjectFactory(title="Entwurf")
    response = client.post(_links_url(world), {"kind": "projects", "record": draft.pk})
    assert response.status_code == 400  # invalid form (core.responses)
    assert "Nur öffentliche Einträge können verknüpft werden." in response.content.decode()
    assert not world.alliance.projects.exists()

    project = PublicProjectFactory(title="Kaufhaus für alle")
    world.alliance.projects.add(project)
    response = client.post(_links_url(world), {"kind": "projects", "record": project.pk})
    assert response.status_code == 400  # invalid form (core.responses)
    assert "„Kaufhaus für alle“ ist bereits mit der Allianz verknüpft." in (
        response.content.decode()
    )
    assert not AuditEntry.objects.filter(action__startswith="alliance.link").exists()


def test_unlink_unknown_is_404(client, world):
    client.force_login(world.users["lead"])
    url = reverse("alliances:unlink", args=[world.alliance.slug])
    other = PublicProjectFactory()
    assert client.post(url, {"kind": "projects", "record": other.pk}).status_code == 404
    assert client.post(url, {"kind": "actors", "record": other.pk}).status_code == 404
    assert client.post(url, {"kind": "projects", "record": "x"}).status_code == 404
    assert client.get(url).status_code == 405


def test_linked_record_no_longer_public_is_shown_to_managers_only(client, world):
    project = PublicProjectFactory(title="Zurückgezogenes Vorhaben")
    world.alliance.projects.add(project)
    ProjectFactory._meta.model.objects.filter(pk=project.pk).update(state="awaiting_consent")
    client.force_login(world.users["lead"])
    body = client.get(_links_url(world)).content.decode()
    assert "Zurückgezogenes Vorhaben" in body
    assert "nicht öffentlich, wird nicht angezeigt" in body
    assert (
        "Zurückgezogenes Vorhaben"
        not in client.get(world.alliance.get_absolute_url()).content.decode()
    )


def test_link_search_while_typing_gets_the_results_fragment(client, world):
    PublicProjectFactory(title="Kaufhaus für alle")
    client.force_login(world.users["lead"])
    response = client.get(_links_url(world, "kaufhaus"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Kaufhaus für alle" in body
    assert "<html" not in body
    assert "Verknüpft" not in body
    assert "HX-Request" in response["Vary"]
    body = client.get(_links_url(world, "nichtsdergleichen")).content.decode()
    assert "Keine öffentlichen, noch nicht verknüpften Einträge zu „nichtsdergleichen“" in body


def test_detail_links_to_the_new_pages(client, world):
    links = reverse("alliances:links", args=[world.alliance.slug])
    members = reverse("alliances:members", args=[world.alliance.slug])
    client.force_login(world.users["lead"])
    body = client.get(world.alliance.get_absolute_url()).content.decode()
    assert links in body
    assert members in body
    assert "Mitglieder und Rollen" in body
    client.force_login(world.users["member"])
    body = client.get(world.alliance.get_absolute_url()).content.decode()
    assert links not in body
    assert members in body
    assert "Eigene Rolle beschreiben" in body
    client.force_login(world.users["other"])
    body = client.get(world.alliance.get_absolute_url()).content.decode()
    assert links not in body
    assert members not in body


# --- Members' roles and lead -----------------------------------------------------------------


def _members_url(world):
    return reverse("alliances:members", args=[world.alliance.slug])


def test_manager_changes_role_and_lead(client, world):
    client.force_login(world.users["lead"])
    body = client.get(_members_url(world)).content.decode()
    assert world.lead.actor.name in body
    assert world.member.actor.name in body
    assert f'id="id_m{world.member.pk}_role"' in body  # one form per member, unique ids
    response = client.post(
        _members_url(world),
        {
            "member": world.member.pk,
            "role": "enabler",
            "role_text": "stellt Räume",
            "is_lead": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _members_url(world)
    world.member.refresh_from_db()
    assert (world.member.role, world.member.role_text, world.member.is_lead) == (
        "enabler",
        "stellt Räume",
        True,
    )
    entry = AuditEntry.objects.get(action="alliance.member_update")
    assert entry.changes == {
        "member": world.member.actor.name,
        "role": ["partner", "enabler"],
        "role_text": ["", "stellt Räume"],
        "lead": [False, True],
    }
    body = client.get(world.alliance.get_absolute_url()).content.decode()
    assert "Ermöglicher:in, koordinierend" in body


def test_last_lead_cannot_give_up_the_lead(client, world):
    client.force_login(world.users["lead"])
    response = client.post(
        _members_url(world),
        {"member": world.lead.pk, "role": "pathfinder", "role_text": "hält alles zusammen"},
    )
    assert response.status_code == 400  # invalid form (core.responses)
    body = response.content.decode()
    assert "Eine Allianz braucht mindestens ein koordinierendes Mitglied." in body
    # The input stays: the chosen role and the own words.
    assert 'value="hält alles zusammen"' in body
    assert '<option value="pathfinder" selected>' in body
    world.lead.refresh_from_db()
    assert (world.lead.role, world.lead.is_lead, world.lead.role_text) == ("partner", True, "")
    assert not AuditEntry.objects.filter(action="alliance.member_update").exists()


def test_member_form_errors(client, world):
    client.force_login(world.users["lead"])
    response = client.post(_members_url(world), {"member": world.member.pk, "role": "chef"})
    assert response.status_code == 400  # invalid form (core.responses)
    assert "chef ist keine gültige Auswahl." in response.content.decode()
    assert client.post(_members_url(world), {"member": "999999"}).status_code == 404
    assert client.post(_members_url(world), {"member": "x"}).status_code == 404
    elsewhere = MemberFactory()  # a membership of another alliance
    assert client.post(_members_url(world), {"member": elsewhere.pk}).status_code == 404


def test_member_sees_and_describes_only_its_own_membership(client, world):
    client.force_login(world.users["member"])
    body = client.get(_members_url(world)).content.decode()
    assert world.member.actor.name in body
    assert world.lead.actor.name not in body
    assert 'name="role"' not in body
    assert 'name="is_lead"' not in body
    response = client.post(
        _members_url(world), {"member": world.member.pk, "role_text": "bringt Künstler:innen mit"}
    )
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.role_text == "bringt Künstler:innen mit"
    assert AuditEntry.objects.filter(action="alliance.member_update").exists()


def test_new_pages_queries_constant(client, world):
    PublicProjectFactory(title="Zukunftsort eins")
    world.alliance.practices.add(PracticeFactory(title="Zukunftsort zwei"))
    world.alliance.events.add(EventFactory(title="Zukunftsort drei"))
    client.force_login(world.users["lead"])
    urls = [_links_url(world, "zukunftsort"), _members_url(world)]
    before = [count_queries(client, u) for u in urls]
    for n in range(4):
        MemberFactory(alliance=world.alliance)
        PublicProjectFactory(title=f"Zukunftsort Vorhaben {n}")
        world.alliance.projects.add(PublicProjectFactory(title=f"Zukunftsort verknüpft {n}"))
        world.alliance.practices.add(PracticeFactory(title=f"Zukunftsort Praxis {n}"))
        SearchableEventFactory(title=f"Zukunftsort Werkstatt {n}")
        world.alliance.events.add(EventFactory(title=f"Zukunftsort Termin {n}"))
    assert [count_queries(client, u) for u in urls] == before


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
