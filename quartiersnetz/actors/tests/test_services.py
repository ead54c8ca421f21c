import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors import services
from quartiersnetz.actors.models import Actor, Claim, Invitation, Membership
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import Approach, Sector


@pytest.fixture
def sector(db):
    return Sector.objects.get(slug="kultur-soziokultur-kreativwirtschaft")


def test_organisation_create_makes_creator_owner_and_audits(user, sector):
    herne = Municipality.objects.get(ags="05916000")
    approach = Approach.objects.get(slug="creative-places")
    actor = services.organisation_create(
        user=user,
        data={"name": "Flottmann-Hallen", "sector": sector, "municipality": herne,
              "summary": "Kulturzentrum", "approaches": [approach], "show_me_publicly": True},
    )  # fmt: skip
    assert actor.slug == "flottmann-hallen"
    assert actor.kind == Actor.Kind.ORGANISATION
    membership = Membership.objects.get(organisation=actor)
    assert (membership.user, membership.role, membership.is_public) == (user, "owner", True)
    assert list(actor.approaches.all()) == [approach]
    assert "herne" in actor.search_text
    assert AuditEntry.objects.filter(action="actor.create", object_id=str(actor.pk)).exists()


def test_slugs_are_unique_and_avoid_reserved_paths(user, sector):
    first = services.organisation_create(user=user, data={"name": "Neu", "sector": sector})
    second = services.organisation_create(user=user, data={"name": "Neu", "sector": sector})
    assert first.slug == "neu-2"
    assert second.slug == "neu-3"


def test_actor_update_records_changes(user, sector):
    actor = OrganisationFactory()
    services.actor_update(actor=actor, user=user, data={"name": "Neuer Name", "sector": sector})
    entry = AuditEntry.objects.get(action="actor.update")
    assert entry.changes["name"][1] == "Neuer Name"
    actor.refresh_from_db()
    assert "neuer name" in actor.search_text


def test_actor_update_logs_changed_fields_as_text_and_only_those(user, sector):
    herne = Municipality.objects.get(ags="05916000")
    actor = OrganisationFactory(sector=sector, municipality=None, website="")
    services.actor_update(
        actor=actor,
        user=user,
        data={"sector": sector, "municipality": herne, "website": "https://example.org/"},
    )
    entry = AuditEntry.objects.get(action="actor.update")
    assert entry.changes == {
        "municipality": [None, str(herne)],
        "website": ["", "https://example.org/"],
    }
    actor.refresh_from_db()
    assert actor.municipality == herne


def test_search_text_folds_umlauts(user, sector):
    actor = services.organisation_create(
        user=user, data={"name": "Bürgerstiftung Köln", "sector": sector}
    )
    assert "burgerstiftung koln" in actor.search_text


def test_person_profile_save_creates_then_updates(user, sector):
    first = services.person_profile_save(
        user=user, data={"name": "Dr. Anna Beispiel", "sector": sector}
    )
    second = services.person_profile_save(
        user=user, data={"name": "Dr. Anna Beispiel-Muster", "sector": sector}
    )
    assert first.pk == second.pk
    assert second.kind == Actor.Kind.PERSON
    assert second.user == user
    assert Actor.objects.filter(user=user).count() == 1


def test_invitation_flow(user, django_capture_on_commit_callbacks):
    membership = MembershipFactory(user=user)
    org = membership.organisation
    invitee = UserFactory(email="neu@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            organisation=org, invited_by=user, email="Neu@Example.org", role="editor"
        )
    assert invitation.email == "neu@example.org"
    assert len(mail.outbox) == 1
    token = re.search(r"/mitwirkende/einladung/([\w-]+)/", mail.outbox[0].body).group(1)
    invitation.refresh_from_db()
    assert invitation.token_hash != token
    assert mail.outbox[0].to == ["neu@example.org"]
    new_membership = services.invitation_accept(token=token, user=invitee)
    assert new_membership.role == "editor"
    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, user=invitee)  # single use


def test_invitation_rejects_wrong_user_and_expiry(user):
    org = MembershipFactory(user=user).organisation
    invitation = services.invitation_create(
        organisation=org, invited_by=user, email="a@example.org", role="editor"
    )
    token = services.invitation_issue_token(invitation=invitation)
    stranger = UserFactory(email="b@example.org")
    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, user=stranger)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="abgelaufen"):
        services.invitation_accept(token=token, user=UserFactory(email="a2@example.org"))
    assert not Membership.objects.filter(user=stranger).exists()


def test_inviting_an_existing_member_is_refused(user):
    org = MembershipFactory(user=user).organisation
    with pytest.raises(ValidationError):
        services.invitation_create(
            organisation=org, invited_by=user, email=user.email, role="editor"
        )


def test_last_owner_cannot_be_demoted_or_removed(user):
    membership = MembershipFactory(user=user)
    with pytest.raises(ValidationError):
        services.membership_update(membership=membership, user=user, role="editor")
    with pytest.raises(ValidationError):
        services.membership_remove(membership=membership, user=user)
    second = MembershipFactory(organisation=membership.organisation, role="owner")
    services.membership_update(membership=membership, user=user, role="editor")
    with pytest.raises(ValidationError):
        services.membership_remove(membership=second, user=user)  # now the last owner
    services.membership_remove(membership=membership, user=user)
    assert list(Membership.objects.values_list("pk", "role")) == [(second.pk, "owner")]


def test_only_the_person_decides_on_public_naming(user):
    membership = MembershipFactory(role="editor")
    with pytest.raises(Exception, match="Person selbst"):
        services.membership_update(membership=membership, user=user, is_public=True)
    services.membership_update(membership=membership, user=membership.user, is_public=True)
    membership.refresh_from_db()
    assert membership.is_public


def test_claim_approval_makes_owner_and_settles_other_claims(
    user, curator, django_capture_on_commit_callbacks
):
    seeded = Actor.objects.get(slug="zia")
    rival = UserFactory()
    claim = services.claim_create(
        organisation=seeded, user=user, message="Referentin Stadtentwicklung"
    )
    rival_claim = services.claim_create(organisation=seeded, user=rival, message="Ich auch")
    with pytest.raises(ValidationError):
        services.claim_create(organisation=seeded, user=user, message="nochmal")
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_decide(claim=claim, curator=curator, approve=True, note="geprüft")
    seeded.refresh_from_db()
    assert not seeded.is_unclaimed
    assert Membership.objects.get(organisation=seeded, user=user).role == "owner"
    rival_claim.refresh_from_db()
    assert rival_claim.status == Claim.Status.REJECTED
    assert mail.outbox[-1].to == [user.email]
    assert AuditEntry.objects.filter(action="claim.approve", user=curator).exists()
    with pytest.raises(ValidationError):
        services.claim_create(organisation=seeded, user=UserFactory(), message="zu spät")


def test_claim_rejection_keeps_profile_unclaimed(user, curator):
    seeded = Actor.objects.get(slug="bbsr")
    claim = services.claim_create(organisation=seeded, user=user, message="?")
    services.claim_decide(claim=claim, curator=curator, approve=False, note="nicht belegt")
    seeded.refresh_from_db()
    assert seeded.is_unclaimed
    assert not Membership.objects.filter(organisation=seeded).exists()


def test_hide_and_unhide_are_audited(curator):
    actor = OrganisationFactory()
    services.actor_set_hidden(actor=actor, user=curator, hidden=True, reason="Werbung")
    services.actor_set_hidden(actor=actor, user=curator, hidden=False)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["actor.hide", "actor.unhide"]


@pytest.mark.django_db
def test_offer_and_need_categories_on_form_service_and_profile(client):
    from quartiersnetz.actors import services as actor_services
    from quartiersnetz.actors.tests.factories import MembershipFactory
    from quartiersnetz.taxonomy.models import ExchangeCategory

    membership = MembershipFactory()
    actor = membership.organisation
    client.force_login(membership.user)
    offer = ExchangeCategory.objects.get(slug="zwischennutzung")
    need = ExchangeCategory.objects.get(slug="foerdermittel")
    edit = client.get(actor.get_absolute_url() + "bearbeiten/").content.decode()
    assert "Angebotskategorien" in edit
    assert "Bedarfskategorien" in edit
    actor_services.actor_update(
        actor=actor,
        user=membership.user,
        data={"offer_categories": [offer], "need_categories": [need]},
    )
    assert list(actor.offer_categories.all()) == [offer]
    assert list(actor.need_categories.all()) == [need]
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "Zwischennutzung von Ladenlokalen" in html
    assert "Fördermittel und Finanzierung" in html
