"""Services of Vorhaben: create, partners, consent and visibility state, log, learnings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartiersnetz.actors.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.tests.factories import DraftPracticeFactory, PracticeFactory
from quartiersnetz.projects import services
from quartiersnetz.projects.models import Project, ProjectPartner
from quartiersnetz.taxonomy.models import Approach, SpatialField

from .factories import LearningFactory, LogEntryFactory, ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db


def data(**overrides):
    return {
        "title": "Kaufhaus für alle",
        "summary": "Das leere Kaufhaus wird ein Haus der Nachbarschaft.",
        "municipality": Municipality.objects.get(ags="05916000"),
        "spatial_field": SpatialField.objects.get(slug="centres"),
        "phase": Project.Phase.PROTOTYPE,
        "method": "living_lab",
        "current_step": "exploration",
        **overrides,
    }


def actions():
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_member_creates_a_project_awaiting_consent():
    membership = MembershipFactory()
    approach = Approach.objects.first()
    project = services.project_create(
        user=membership.user,
        organisation=membership.organisation,
        data=data(),
        approaches=[approach],
    )
    assert project.slug == "kaufhaus-fuer-alle"
    assert project.state == Project.State.AWAITING_CONSENT
    assert project.created_by == membership.user
    assert list(project.approaches.all()) == [approach]
    partner = ProjectPartner.objects.get(project=project)
    assert partner.actor == membership.organisation
    assert partner.role == ProjectPartner.Role.SPONSOR
    assert partner.consented_at is None
    assert actions() == ["project.create"]


def test_slug_avoids_reserved_words_and_duplicates():
    membership = MembershipFactory()
    args = {"user": membership.user, "organisation": membership.organisation}
    first = services.project_create(**args, data=data(title="Neu"))
    second = services.project_create(**args, data=data(title="Neu"))
    assert (first.slug, second.slug) == ("neu-2", "neu-3")


def test_member_cannot_create_for_a_foreign_organisation():
    membership = MembershipFactory()
    with pytest.raises(ValidationError) as exc:
        services.project_create(
            user=membership.user, organisation=OrganisationFactory(), data=data()
        )
    assert "organisation" in exc.value.message_dict
    assert not Project.objects.exists()


def test_curator_creates_for_any_organisation(curator):
    project = services.project_create(user=curator, organisation=OrganisationFactory(), data=data())
    assert project.partner_roles.get().consented_at is None


def test_experts_are_no_partners(curator):
    with pytest.raises(ValidationError):
        services.project_create(user=curator, organisation=PersonFactory(), data=data())


def test_invalid_step_is_refused():
    membership = MembershipFactory()
    with pytest.raises(ValidationError):
        services.project_create(
            user=membership.user,
            organisation=membership.organisation,
            data=data(current_step="prototyp"),
        )


def test_update_is_audited_and_clears_the_step_without_method():
    project = ProjectFactory()
    user = MembershipFactory().user
    services.project_update(
        project=project, user=user, data={"title": "Neuer Titel", "method": "none"}
    )
    project.refresh_from_db()
    assert (project.title, project.current_step) == ("Neuer Titel", "")
    entry = AuditEntry.objects.get(action="project.update")
    assert entry.changes["title"][1] == "Neuer Titel"
    assert entry.changes["method"] == ["design_thinking", "none"]
    assert project.slug.startswith("vorhaben-")


def test_consent_of_every_partner_makes_a_project_public():
    a, b = MembershipFactory(), MembershipFactory()
    project = services.project_create(user=a.user, organisation=a.organisation, data=data())
    services.project_consent(project=project, user=a.user)
    project.refresh_from_db()
    assert project.state == Project.State.PUBLIC
    first_public = project.public_since
    services.project_partner_add(project=project, user=a.user, actor=b.organisation)
    project.refresh_from_db()
    assert project.state == Project.State.AWAITING_CONSENT
    services.project_consent(project=project, user=b.user)
    project.refresh_from_db()
    assert project.state == Project.State.PUBLIC
    assert project.public_since == first_public
    partner = project.partner_roles.get(actor=b.organisation)
    assert partner.consented_by == b.user
    assert actions() == [
        "project.create", "project.consent", "project.public", "project.partner_add",
        "project.awaiting_consent", "project.consent", "project.public",
    ]  # fmt: skip


def test_consent_needs_a_partner_membership_and_a_pending_consent(curator):
    a = MembershipFactory()
    project = services.project_create(user=a.user, organisation=a.organisation, data=data())
    with pytest.raises(PermissionDenied):
        services.project_consent(project=project, user=curator)
    with pytest.raises(PermissionDenied):
        services.project_consent(project=project, user=MembershipFactory().user)
    services.project_consent(project=project, user=a.user)
    with pytest.raises(ValidationError):
        services.project_consent(project=project, user=a.user)


def test_withdrawing_consent_hides_the_project():
    a = MembershipFactory()
    project = services.project_create(user=a.user, organisation=a.organisation, data=data())
    with pytest.raises(ValidationError):
        services.project_consent_withdraw(project=project, user=a.user)
    services.project_consent(project=project, user=a.user)
    services.project_consent_withdraw(project=project, user=a.user)
    project.refresh_from_db()
    assert project.state == Project.State.AWAITING_CONSENT
    assert project.partner_roles.get().consented_at is None


def test_removing_the_last_pending_partner_makes_it_public_but_not_the_last_partner():
    a, b = MembershipFactory(), MembershipFactory()
    project = services.project_create(user=a.user, organisation=a.organisation, data=data())
    services.project_consent(project=project, user=a.user)
    pending = services.project_partner_add(project=project, user=a.user, actor=b.organisation)
    services.project_partner_remove(partner=pending, user=a.user)
    project.refresh_from_db()
    assert project.state == Project.State.PUBLIC
    with pytest.raises(ValidationError):
        services.project_partner_remove(partner=project.partner_roles.get(), user=a.user)


def test_partner_add_refuses_duplicates_hidden_and_persons(curator):
    project = ProjectPartnerFactory(is_lead=True).project
    user = curator
    existing = project.partner_roles.get().actor
    for actor in (existing, OrganisationFactory(is_hidden=True), PersonFactory()):
        with pytest.raises(ValidationError):
            services.project_partner_add(project=project, user=user, actor=actor)
    with pytest.raises(ValidationError):
        services.project_partner_add(
            project=project, user=user, actor=OrganisationFactory(), role="boss"
        )


def test_log_entries_are_written_and_audited():
    project = ProjectFactory()
    user = MembershipFactory().user
    entry = services.log_entry_create(
        project=project,
        user=user,
        data={"date": dt.date(2025, 3, 4), "title": "Auftakt", "body": "", "step": "verstehen"},
    )
    services.log_entry_update(entry=entry, user=user, data={"title": "Auftaktwerkstatt"})
    entry.refresh_from_db()
    assert entry.title == "Auftaktwerkstatt"
    with pytest.raises(ValidationError):
        services.log_entry_update(entry=entry, user=user, data={"step": "evaluation"})
    services.log_entry_delete(entry=entry, user=user)
    assert not project.log_entries.exists()
    assert actions() == ["project.log_create", "project.log_update", "project.log_delete"]


def test_learnings_link_only_published_practices_and_publish():
    entry = LogEntryFactory()
    user = MembershipFactory().user
    practice = PracticeFactory()
    learning = services.learning_create(
        project=entry.project,
        user=user,
        data={"title": "Ein Ort braucht Schlüssel", "body": "Text", "log_entry": entry},
        practices=[practice],
    )
    assert not learning.is_published
    assert list(learning.practices.all()) == [practice]
    with pytest.raises(ValidationError):
        services.learning_update(
            learning=learning, user=user, data={}, practices=[DraftPracticeFactory()]
        )
    services.learning_publish(learning=learning, user=user)
    assert learning.is_published
    assert learning.published_at
    with pytest.raises(ValidationError):
        services.learning_publish(learning=learning, user=user)
    services.learning_unpublish(learning=learning, user=user)
    assert not learning.is_published
    assert learning.published_at is None
    assert actions() == [
        "project.learning_create", "project.learning_publish", "project.learning_unpublish"
    ]  # fmt: skip


def test_learning_can_be_published_on_creation():
    project = ProjectFactory()
    learning = services.learning_create(
        project=project,
        user=MembershipFactory().user,
        data={"title": "T", "body": "B"},
        publish=True,
    )
    assert learning.is_published


def test_learning_update_keeps_practices_when_not_given():
    learning = LearningFactory(practices=[PracticeFactory()])
    services.learning_update(learning=learning, user=MembershipFactory().user, data={"title": "X"})
    assert learning.practices.count() == 1


def test_new_partners_are_asked_for_consent_by_mail(mailoutbox, django_capture_on_commit_callbacks):
    a = MembershipFactory(user__email="a@example.org")
    b = MembershipFactory(user__email="b@example.org")
    MembershipFactory(organisation=b.organisation, user__email="b2@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_create(user=a.user, organisation=a.organisation, data=data())
    assert mailoutbox == []  # the creator is the only member of the first partner
    with django_capture_on_commit_callbacks(execute=True):
        services.project_partner_add(project=project, user=a.user, actor=b.organisation)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == ["b2@example.org", "b@example.org"]
    assert "Kaufhaus für alle" in message.subject
    assert "/vorhaben/kaufhaus-fuer-alle/" in message.body
