"""Partners of a Vorhaben: every partner action × every role (issue 9, finding 3).

The world: a project with the lead partner A (Federführung), a partner B whose member acts
before and after B's consent, and a third partner C (both consented). Roles: anonymous, a
member of an unrelated organisation, a member of the lead partner, a member of the non-lead
partner B, a curator. Refused requests answer 302 to the login, 404 (project not visible) or
403 and leave the database exactly as it was; allowed ones change exactly what they should.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.places.models import Municipality
from quartiersnetz.projects import services
from quartiersnetz.projects.models import Project, ProjectPartner
from quartiersnetz.taxonomy.models import SpatialField

from .factories import ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unrelated", "lead", "partner", "curator"]
CONSENT = ["before", "after"]  # B's consent
NEW_PARTNER = "Neue Partnerin eG"


@dataclass
class World:
    project: Project
    a: ProjectPartner  # lead
    b: ProjectPartner  # non-lead, consents in "after"
    c: ProjectPartner  # non-lead, consented
    consent: str
    users: dict[str, Any] = field(default_factory=dict)


def make_world(consent: str, curator: Any) -> World:
    now = timezone.now()
    after = consent == "after"
    project = ProjectFactory(
        state=Project.State.PUBLIC if after else Project.State.AWAITING_CONSENT,
        public_since=now if after else None,
    )
    lead, partner = MembershipFactory(), MembershipFactory()
    a = ProjectPartnerFactory(
        project=project, actor=lead.organisation, is_lead=True, consented_at=now
    )
    b = ProjectPartnerFactory(
        project=project,
        actor=partner.organisation,
        role=ProjectPartner.Role.PARTNER,
        consented_at=now if after else None,
    )
    c = ProjectPartnerFactory(project=project, role=ProjectPartner.Role.PARTNER, consented_at=now)
    OrganisationFactory(name=NEW_PARTNER)
    users = {
        "anonymous": None,
        "unrelated": MembershipFactory().user,
        "lead": lead.user,
        "partner": partner.user,
        "curator": curator,
    }
    return World(project, a, b, c, consent, users)


def snapshot() -> tuple:
    return (
        tuple(Project.objects.order_by("pk").values_list("pk", "state", "updated")),
        tuple(
            ProjectPartner.objects.order_by("pk").values_list(
                "pk", "project_id", "actor_id", "role", "is_lead", "consented_at"
            )
        ),
        AuditEntry.objects.count(),
    )


def partner_url(w: World, partner: ProjectPartner, action: str) -> str:
    return f"/vorhaben/{w.project.slug}/partner/{partner.pk}/{action}/"


def gone(w: World, partner: str) -> bool:
    return not ProjectPartner.objects.filter(pk=getattr(w, partner).pk).exists()


def consent_data(w: World, role: str) -> dict[str, Any]:
    # The acting member's own organisation: A has consented; B only in "after".
    if role == "partner" and w.consent == "before":
        return {"action": "zustimmen"}
    return {"action": "zurueckziehen"}


def own_consent_changed(w: World, role: str) -> bool:
    partner = w.b if role == "partner" else w.a
    before = getattr(w, "b" if role == "partner" else "a").consented_at
    partner.refresh_from_db()
    return (partner.consented_at is None) != (before is None)


@dataclass
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World, str], dict[str, Any]]
    allowed: set[str]
    # For allowed writes: did the intended change happen? (None: a page, no write.)
    effect: Callable[[World, str], bool] | None = None


MANAGERS = {"lead", "curator"}
PARTNERS = {"lead", "partner", "curator"}


def no_data(w: World, role: str) -> dict[str, Any]:
    return {}


CASES = [
    Case("partners page GET", "get", lambda w: f"/vorhaben/{w.project.slug}/partner/", no_data,
         PARTNERS),
    Case("add partner", "post", lambda w: f"/vorhaben/{w.project.slug}/partner/",
         lambda w, r: {"actor": NEW_PARTNER, "role": "partner"}, MANAGERS,
         lambda w, r: w.project.partner_roles.filter(actor__name=NEW_PARTNER).exists()),
    Case("remove other partner (C)", "post", lambda w: partner_url(w, w.c, "entfernen"), no_data,
         MANAGERS, lambda w, r: gone(w, "c")),
    Case("remove the partner B", "post", lambda w: partner_url(w, w.b, "entfernen"), no_data,
         MANAGERS, lambda w, r: gone(w, "b")),
    Case("change role of C", "post", lambda w: partner_url(w, w.c, "aendern"),
         lambda w, r: {"role": "municipality"}, MANAGERS,
         lambda w, r: ProjectPartner.objects.get(pk=w.c.pk).role == "municipality"),
    Case("make C lead", "post", lambda w: partner_url(w, w.c, "aendern"),
         lambda w, r: {"lead": "ja"}, MANAGERS,
         lambda w, r: ProjectPartner.objects.get(pk=w.c.pk).is_lead),
    Case("make B lead", "post", lambda w: partner_url(w, w.b, "aendern"),
         lambda w, r: {"lead": "ja"}, MANAGERS,
         lambda w, r: ProjectPartner.objects.get(pk=w.b.pk).is_lead),
    Case("withdraw B (confirmation page)", "get", lambda w: partner_url(w, w.b, "zurueckziehen"),
         no_data, {"partner"}),
    Case("withdraw B", "post", lambda w: partner_url(w, w.b, "zurueckziehen"), no_data,
         {"partner"}, lambda w, r: gone(w, "b")),
    Case("withdraw C (nobody's own)", "post", lambda w: partner_url(w, w.c, "zurueckziehen"),
         no_data, set()),
    Case("consent / withdraw consent", "post", lambda w: f"/vorhaben/{w.project.slug}/zustimmung/",
         consent_data, {"lead", "partner"}, own_consent_changed),
]  # fmt: skip


def check_refused(response: Any, role: str, consent: str) -> None:
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")
    elif role == "unrelated" and consent == "before":
        # Projects without every partner's consent stay secret: 404, not 403.
        assert response.status_code == 404, response.status_code
    else:
        assert response.status_code == 403, response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("consent", CONSENT)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_partner_action_matrix(client, curator, case, consent, role):
    world = make_world(consent, curator)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    before = snapshot()
    response = getattr(client, case.method)(case.url(world), case.data(world, role))
    if role in case.allowed:
        if case.effect is None:
            assert response.status_code == 200, response.status_code
            assert snapshot() == before
        else:
            assert response.status_code == 302, response.content.decode()[:3000]
            assert "/konto/login/" not in response["Location"]
            assert case.effect(world, role), "an allowed action did not do what it should"
    else:
        check_refused(response, role, consent)
        assert snapshot() == before


# --- The attack from the issue ----------------------------------------------------------------


def project_data() -> dict[str, Any]:
    return {
        "title": "Kaufhaus für alle",
        "summary": "Ein leeres Kaufhaus wird ein Ort für alle.",
        "municipality": Municipality.objects.get(ags="05916000"),
        "spatial_field": SpatialField.objects.get(slug="centres"),
    }


def test_a_partner_cannot_take_the_project_away(client):
    """A creates a Vorhaben and adds B; B's member, before consenting, removes A: refused."""
    a, b = MembershipFactory(), MembershipFactory()
    project = services.project_create(user=a.user, organisation=a.organisation, data=project_data())
    services.project_partner_add(project=project, user=a.user, actor=b.organisation)
    lead = project.partner_roles.get(actor=a.organisation)
    assert lead.is_lead
    client.force_login(b.user)
    before = snapshot()
    base = f"/vorhaben/{project.slug}/partner/{lead.pk}"
    assert client.post(f"{base}/entfernen/").status_code == 403
    assert client.post(f"{base}/zurueckziehen/").status_code == 403
    assert client.post(f"{base}/aendern/", {"lead": "nein"}).status_code == 403
    own = project.partner_roles.get(actor=b.organisation)
    own_url = f"/vorhaben/{project.slug}/partner/{own.pk}/aendern/"
    assert client.post(own_url, {"lead": "ja"}).status_code == 403
    assert snapshot() == before
    client.force_login(a.user)
    assert client.get(project.get_absolute_url()).status_code == 200
    # The services refuse it too, whoever calls them.
    with pytest.raises(PermissionDenied):
        services.project_partner_remove(partner=lead, user=b.user)
    with pytest.raises(PermissionDenied):
        services.project_partner_withdraw(partner=lead, user=b.user)
    with pytest.raises(PermissionDenied):
        services.project_partner_update(partner=own, user=b.user, is_lead=True)
    with pytest.raises(PermissionDenied):
        services.project_partner_add(
            project=project, user=b.user, actor=OrganisationFactory(name="Dritte")
        )
    assert snapshot() == before


# --- The last lead ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["lead", "curator"])
def test_the_last_lead_cannot_be_removed(client, curator, role):
    world = make_world("after", curator)
    client.force_login(world.users[role])
    before = snapshot()
    response = client.post(partner_url(world, world.a, "entfernen"), follow=True)
    assert response.status_code == 200
    assert "einzige federführende Organisation" in response.content.decode()
    response = client.post(partner_url(world, world.a, "aendern"), {"lead": "nein"}, follow=True)
    assert "einzige federführende Organisation" in response.content.decode()
    assert snapshot() == before


def test_the_last_lead_cannot_withdraw_until_it_hands_over(client, curator):
    world = make_world("after", curator)
    client.force_login(world.users["lead"])
    url = partner_url(world, world.a, "zurueckziehen")
    page = client.get(url).content.decode()
    assert "Übertragen Sie die Federführung zuerst" in page
    assert '<span class="kern-label">Partnerschaft beenden</span>' not in page  # no button
    before = snapshot()
    response = client.post(url, follow=True)
    assert "einzige federführende Organisation" in response.content.decode()
    assert snapshot() == before
    # The lead hands over to C (or a curator does), then A may withdraw.
    assert client.post(partner_url(world, world.c, "aendern"), {"lead": "ja"}).status_code == 302
    response = client.post(url)
    assert response.status_code == 302
    assert not ProjectPartner.objects.filter(pk=world.a.pk).exists()
    assert ProjectPartner.objects.get(pk=world.c.pk).is_lead
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["project.partner_update", "project.partner_withdraw"]
    # The project is public, so A's member is sent back to its page.
    assert response["Location"] == world.project.get_absolute_url()


def test_a_curator_makes_another_partner_lead_then_removes_the_old_one(client, curator):
    world = make_world("before", curator)
    client.force_login(curator)
    assert client.post(partner_url(world, world.b, "aendern"), {"lead": "ja"}).status_code == 302
    assert client.post(partner_url(world, world.a, "entfernen")).status_code == 302
    assert list(world.project.partner_roles.filter(is_lead=True)) == [world.b]
    entry = AuditEntry.objects.filter(action="project.partner_update").get()
    assert entry.changes["lead"] == [False, True]


def test_withdrawing_the_last_pending_partner_makes_the_project_public(client, curator):
    world = make_world("before", curator)
    client.force_login(world.users["partner"])
    page = client.get(partner_url(world, world.b, "zurueckziehen")).content.decode()
    assert "Partnerschaft beenden" in page
    response = client.post(partner_url(world, world.b, "zurueckziehen"))
    assert response.status_code == 302
    world.project.refresh_from_db()
    assert world.project.is_public  # every remaining partner has consented
    assert response["Location"] == world.project.get_absolute_url()
    entry = AuditEntry.objects.filter(action="project.partner_withdraw").get()
    assert entry.changes == {"partner": world.b.actor.name}


def test_withdrawing_from_a_hidden_project_leads_to_the_list(client, curator):
    world = make_world("before", curator)
    ProjectPartner.objects.filter(pk=world.c.pk).update(consented_at=None)
    client.force_login(world.users["partner"])
    response = client.post(partner_url(world, world.b, "zurueckziehen"))
    assert response.status_code == 302
    assert response["Location"] == "/vorhaben/"
    assert client.get(world.project.get_absolute_url()).status_code == 404


def test_service_refuses_the_last_lead_and_unknown_roles(curator):
    world = make_world("after", curator)
    lead = world.users["lead"]
    with pytest.raises(ValidationError, match="einzige federführende"):
        services.project_partner_remove(partner=world.a, user=curator)
    with pytest.raises(ValidationError, match="einzige federführende"):
        services.project_partner_withdraw(partner=world.a, user=lead)
    with pytest.raises(ValidationError, match="einzige federführende"):
        services.project_partner_update(partner=world.a, user=lead, is_lead=False)
    with pytest.raises(ValidationError):
        services.project_partner_update(partner=world.c, user=lead, role="boss")
    with pytest.raises(PermissionDenied):  # curators remove; withdrawing is the members' own
        services.project_partner_withdraw(partner=world.b, user=curator)


# --- What the pages show ----------------------------------------------------------------------


def test_pages_show_the_lead_and_only_the_actions_the_viewer_may_do(client, curator):
    world = make_world("before", curator)
    a, b, c = (p.actor.name for p in (world.a, world.b, world.c))
    url = f"/vorhaben/{world.project.slug}/partner/"

    client.force_login(world.users["partner"])
    page = client.get(url).content.decode()
    assert "federführend" in page
    assert "Partner hinzufügen" not in page
    assert "entfernen" not in page
    assert "federführend machen" not in page
    assert f"Partnerschaft von {b} beenden" in page
    assert f"Partnerschaft von {a} beenden" not in page
    detail = client.get(world.project.get_absolute_url()).content.decode()
    assert "Partner ansehen" in detail
    assert f"Partnerschaft von {b} beenden" in detail

    client.force_login(world.users["lead"])
    page = client.get(url).content.decode()
    assert "Partner hinzufügen" in page
    assert f"{c} entfernen" in page
    assert f"{b} entfernen" in page
    assert f"{a} entfernen" not in page  # the only lead
    assert f"{c} federführend machen" in page
    assert f"Partnerschaft von {a} beenden" not in page  # the only lead
    detail = client.get(world.project.get_absolute_url()).content.decode()
    assert "Partner verwalten" in detail
    assert f"{a}</a> – Träger, federführend" in detail
    assert f"Partnerschaft von {a} beenden" not in detail


# --- The data migration -----------------------------------------------------------------------


def test_migration_marks_the_first_partner_of_each_project_as_lead():
    module = importlib.import_module(
        "quartiersnetz.projects.migrations.0003_projectpartner_is_lead"
    )
    first = ProjectPartnerFactory()
    ProjectPartnerFactory(project=first.project)
    other = ProjectPartnerFactory()
    ProjectPartner.objects.update(is_lead=False)
    module.mark_first_partners_as_lead(django_apps, None)
    assert set(ProjectPartner.objects.filter(is_lead=True)) == {first, other}


@pytest.mark.django_db
def test_the_admin_neither_deletes_partners_nor_changes_the_lead(admin_client):
    """The admin's inline bypasses the services, so leading and leaving stay on the partner
    page (permissions, last-lead protection, audit entries)."""
    project = ProjectFactory()
    lead = ProjectPartnerFactory(project=project, is_lead=True)
    response = admin_client.get(f"/verwaltung/projects/project/{project.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    prefix = "partner_roles-0"
    assert f'name="{prefix}-id"' in page
    assert f'name="{prefix}-DELETE"' not in page
    assert f'name="{prefix}-is_lead"' not in page
    assert ProjectPartner.objects.get(pk=lead.pk).is_lead
