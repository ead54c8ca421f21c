import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.alliances import services
from quartiersnetz.alliances.models import Alliance, AllianceMember
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.core import changes
from quartiersnetz.places.models import Municipality
from quartiersnetz.projects.tests.factories import ProjectFactory, PublicProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    calls: list[str] = []
    changes.subscribe("alliances", "test", lambda: calls.append("x"))
    yield calls
    changes.unsubscribe("alliances", "test")


def _data(**kw):
    return {
        "name": "Allianz Altstadt",
        "summary": "Gemeinsam für die Altstadt.",
        "goals": "Leerstand beleben.",
        "municipality": Municipality.objects.get(ags="05916000"),
        "status": Alliance.Status.FORMING,
        "founded": None,
        **kw,
    }


def test_found_makes_the_organisation_a_consented_lead(
    django_capture_on_commit_callbacks, announced
):
    m = MembershipFactory()
    with django_capture_on_commit_callbacks(execute=True):
        alliance = services.alliance_found(user=m.user, organisation=m.organisation, data=_data())
    member = alliance.memberships.get()
    assert member.is_lead
    assert member.is_confirmed
    assert member.initiated_by == AllianceMember.Origin.FOUNDED
    assert alliance.slug == "allianz-altstadt"
    assert "altstadt" in alliance.search_text
    assert AuditEntry.objects.filter(action="alliance.found").count() == 1
    assert announced


def test_found_only_for_own_organisation():
    m = MembershipFactory()
    with pytest.raises(ValidationError):
        services.alliance_found(user=m.user, organisation=OrganisationFactory(), data=_data())


def test_invite_accept(world, mailoutbox, django_capture_on_commit_callbacks, announced):
    invited = MembershipFactory()
    with django_capture_on_commit_callbacks(execute=True):
        member = services.alliance_invite(
            alliance=world.alliance, user=world.users["lead"], actor=invited.organisation
        )
    assert member.awaits_actor
    assert not member.is_confirmed
    assert [m.to for m in mailoutbox] == [[invited.user.email]]
    with pytest.raises(PermissionDenied):
        services.alliance_accept(member=member, user=world.users["lead"])
    services.alliance_accept(member=member, user=invited.user)
    member.refresh_from_db()
    assert member.is_confirmed
    assert member.actor_consented_by == invited.user
    assert AuditEntry.objects.filter(action="alliance.accept_invitation").exists()
    assert announced


def test_invite_needs_a_lead(world):
    with pytest.raises(PermissionDenied):
        services.alliance_invite(
            alliance=world.alliance, user=world.users["member"], actor=OrganisationFactory()
        )


def test_ask_to_join_and_decline(world, mailoutbox, django_capture_on_commit_callbacks):
    asker = MembershipFactory()
    with django_capture_on_commit_callbacks(execute=True):
        member = services.alliance_ask_to_join(
            alliance=world.alliance, user=asker.user, actor=asker.organisation
        )
    assert member.awaits_alliance
    assert mailoutbox[0].to == [world.users["lead"].email]
    with pytest.raises(PermissionDenied):
        services.alliance_accept(member=member, user=asker.user)
    with pytest.raises(PermissionDenied):
        services.alliance_decline(member=member, user=world.users["member"])
    services.alliance_decline(member=member, user=world.users["lead"])
    assert not AllianceMember.objects.filter(pk=member.pk).exists()
    assert AuditEntry.objects.filter(action="alliance.decline_request").exists()


def test_ask_to_join_accepted_by_curator(world, curator):
    asker = MembershipFactory()
    member = services.alliance_ask_to_join(
        alliance=world.alliance, user=asker.user, actor=asker.organisation
    )
    services.alliance_accept(member=member, user=curator)
    member.refresh_from_db()
    assert member.is_confirmed
    assert member.alliance_consented_by == curator


def test_ask_to_join_for_foreign_actor_is_refused(world):
    asker = MembershipFactory()
    with pytest.raises(PermissionDenied):
        services.alliance_ask_to_join(
            alliance=world.alliance, user=asker.user, actor=OrganisationFactory()
        )


def test_last_lead_can_neither_leave_nor_be_removed(world, curator):
    with pytest.raises(ValidationError):
        services.alliance_leave(member=world.lead, user=world.users["lead"])
    with pytest.raises(ValidationError):
        services.alliance_remove(member=world.lead, user=curator)
    with pytest.raises(ValidationError):
        services.alliance_member_update(member=world.lead, user=curator, is_lead=False)
    services.alliance_member_update(member=world.member, user=world.users["lead"], is_lead=True)
    services.alliance_leave(member=world.lead, user=world.users["lead"])
    assert list(world.alliance.memberships.all()) == [world.member]


def test_remove_by_lead_not_by_member(world):
    with pytest.raises(PermissionDenied):
        services.alliance_remove(member=world.lead, user=world.users["member"])
    services.alliance_remove(member=world.member, user=world.users["lead"])
    assert AuditEntry.objects.filter(action="alliance.remove").exists()


def test_member_leaves(world):
    with pytest.raises(PermissionDenied):
        services.alliance_leave(member=world.member, user=world.users["other"])
    services.alliance_leave(member=world.member, user=world.users["member"])
    assert not AllianceMember.objects.filter(pk=world.member.pk).exists()


def test_link_public_projects_only(world, announced, django_capture_on_commit_callbacks):
    public = PublicProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.alliance_link(
            alliance=world.alliance, user=world.users["lead"], kind="projects", records=[public]
        )
    assert list(world.alliance.projects.all()) == [public]
    assert announced
    with pytest.raises(ValidationError):
        services.alliance_link(
            alliance=world.alliance,
            user=world.users["lead"],
            kind="projects",
            records=[ProjectFactory()],
        )
    with pytest.raises(PermissionDenied):
        services.alliance_link(
            alliance=world.alliance, user=world.users["member"], kind="projects", records=[public]
        )
    services.alliance_unlink(
        alliance=world.alliance, user=world.users["lead"], kind="projects", records=[public]
    )
    assert not world.alliance.projects.exists()


def test_update_audited(world):
    services.alliance_update(
        alliance=world.alliance, user=world.users["lead"], data={"status": Alliance.Status.DORMANT}
    )
    world.alliance.refresh_from_db()
    assert world.alliance.status == Alliance.Status.DORMANT
    assert AuditEntry.objects.filter(action="alliance.update").exists()
    with pytest.raises(PermissionDenied):
        services.alliance_update(
            alliance=world.alliance, user=world.users["member"], data={"status": "active"}
        )


def test_link_refuses_duplicates_and_unlink_refuses_unlinked(world):
    project = PublicProjectFactory()
    lead = world.users["lead"]
    services.alliance_link(alliance=world.alliance, user=lead, kind="projects", records=[project])
    with pytest.raises(ValidationError, match="bereits mit der Allianz verknüpft"):
        services.alliance_link(
            alliance=world.alliance, user=lead, kind="projects", records=[project]
        )
    assert AuditEntry.objects.filter(action="alliance.link_projects").count() == 1
    services.alliance_unlink(alliance=world.alliance, user=lead, kind="projects", records=[project])
    with pytest.raises(ValidationError, match="nicht mit der Allianz verknüpft"):
        services.alliance_unlink(
            alliance=world.alliance, user=lead, kind="projects", records=[project]
        )
    assert AuditEntry.objects.filter(action="alliance.unlink_projects").count() == 1


def test_member_update_own_words_by_the_actors_members(world):
    member_user = world.users["member"]
    services.alliance_member_update(member=world.member, user=member_user, role_text="Räume")
    world.member.refresh_from_db()
    assert world.member.role_text == "Räume"
    entry = AuditEntry.objects.get(action="alliance.member_update")
    assert entry.changes == {"member": world.member.actor.name, "role_text": ["", "Räume"]}
    # Role and lead stay with those who manage the alliance; others' memberships are not theirs.
    with pytest.raises(PermissionDenied):
        services.alliance_member_update(member=world.member, user=member_user, role="curator")
    with pytest.raises(PermissionDenied):
        services.alliance_member_update(member=world.member, user=member_user, is_lead=True)
    with pytest.raises(PermissionDenied):
        services.alliance_member_update(member=world.lead, user=member_user, role_text="x")
    with pytest.raises(PermissionDenied):
        services.alliance_member_update(
            member=world.member, user=world.users["other"], role_text="x"
        )


def test_last_lead_error_names_the_lead_field(world, curator):
    with pytest.raises(ValidationError) as exc:
        services.alliance_member_update(member=world.lead, user=curator, is_lead=False)
    assert list(exc.value.message_dict) == ["is_lead"]
