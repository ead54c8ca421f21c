"""Role × permission matrix for every URL of Vorhaben, GET and POST.

Roles: anonymous, a user who is member of no organisation, a member of a partner
organisation, a member of another organisation, a curator; each against a project that
awaits consent and a public one. Refused requests answer 302 to the login (anonymous),
404 (the project is not even visible to the user) or 403 (visible but not allowed) and
leave the database exactly as it was; allowed writes change it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.projects.models import Learning, Project, ProjectLogEntry, ProjectPartner
from quartiersnetz.taxonomy.models import SpatialField

from .factories import LearningFactory, LogEntryFactory, ProjectFactory, ProjectPartnerFactory

ROLES = ["anonymous", "no_org", "partner", "other_org", "curator"]
STATES = ["awaiting", "public"]
NEW_PARTNER = "Neue Partnerin eG"


@dataclass
class World:
    project: Project
    second: ProjectPartner
    entry: ProjectLogEntry
    learning: Learning
    state: str
    users: dict[str, Any] = field(default_factory=dict)


def make_world(state: str, curator: Any) -> World:
    public = state == "public"
    now = timezone.now() if public else None
    project = ProjectFactory(
        state=Project.State.PUBLIC if public else Project.State.AWAITING_CONSENT,
        public_since=now,
    )
    own = MembershipFactory()
    ProjectPartnerFactory(project=project, actor=own.organisation, consented_at=now, is_lead=True)
    second = ProjectPartnerFactory(project=project, consented_at=now)
    OrganisationFactory(name=NEW_PARTNER)
    entry = LogEntryFactory(project=project, step="verstehen")
    learning = LearningFactory(project=project, log_entry=entry, is_published=False)
    users = {
        "anonymous": None,
        "no_org": UserFactory(),
        "partner": own.user,
        "other_org": MembershipFactory().user,
        "curator": curator,
    }
    return World(project, second, entry, learning, state, users)


def snapshot() -> tuple:
    return (
        tuple(Project.objects.order_by("pk").values_list("pk", "state", "title", "updated")),
        tuple(ProjectPartner.objects.order_by("pk").values_list("pk", "consented_at")),
        tuple(ProjectLogEntry.objects.order_by("pk").values_list("pk", "title")),
        tuple(Learning.objects.order_by("pk").values_list("pk", "title", "is_published")),
        AuditEntry.objects.count(),
    )


def project_post(w: World) -> dict[str, Any]:
    return {
        "title": "Geänderter Titel",
        "summary": "Neu zusammengefasst.",
        "municipality": "05916000",
        "phase": "trial",
        "method": "living_lab",
        "current_step": "evaluation",
        "spatial_field": SpatialField.objects.get(slug="quarters").pk,
    }


def log_post(w: World) -> dict[str, Any]:
    return {"date": "2025-05-06", "title": "Zweite Werkstatt", "body": "Text", "step": ""}


def learning_post(w: World) -> dict[str, Any]:
    return {"title": "Geänderte Erkenntnis", "body": "Text", "practices": ""}


def url(suffix: str) -> Callable[[World], str]:
    return lambda w: f"/vorhaben/{w.project.slug}/{suffix}".format(
        entry=w.entry.pk, learning=w.learning.pk, second=w.second.pk
    )


@dataclass
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    allowed: dict[str, set[str]]
    writes: bool = True


EDITORS = {state: {"partner", "curator"} for state in STATES}
PARTNER = {state: {"partner"} for state in STATES}
EVERYONE_IF_PUBLIC = {"awaiting": {"partner", "curator"}, "public": set(ROLES)}


def nothing(w: World) -> dict[str, Any]:
    return {}


CASES = [
    Case("detail GET", "get", url(""), nothing, EVERYONE_IF_PUBLIC, writes=False),
    Case("edit GET", "get", url("bearbeiten/"), nothing, EDITORS, writes=False),
    Case("edit POST", "post", url("bearbeiten/"), project_post, EDITORS),
    Case("partners GET", "get", url("partner/"), nothing, EDITORS, writes=False),
    Case("partners POST", "post", url("partner/"),
         lambda w: {"actor": NEW_PARTNER, "role": "partner"}, EDITORS),
    Case("partner remove POST", "post", url("partner/{second}/entfernen/"), nothing, EDITORS),
    Case("consent POST", "post", url("zustimmung/"),
         lambda w: {"action": "zustimmen" if w.state == "awaiting" else "zurueckziehen"},
         PARTNER),
    Case("log create GET", "get", url("verlauf/neu/"), nothing, EDITORS, writes=False),
    Case("log create POST", "post", url("verlauf/neu/"), log_post, EDITORS),
    Case("log edit GET", "get", url("verlauf/{entry}/bearbeiten/"), nothing, EDITORS,
         writes=False),
    Case("log edit POST", "post", url("verlauf/{entry}/bearbeiten/"), log_post, EDITORS),
    Case("log delete GET", "get", url("verlauf/{entry}/loeschen/"), nothing, EDITORS,
         writes=False),
    Case("log delete POST", "post", url("verlauf/{entry}/loeschen/"), nothing, EDITORS),
    Case("learning create GET", "get", url("erkenntnisse/neu/"), nothing, EDITORS,
         writes=False),
    Case("learning create POST", "post", url("erkenntnisse/neu/"), learning_post, EDITORS),
    Case("learning edit GET", "get", url("erkenntnisse/{learning}/bearbeiten/"), nothing,
         EDITORS, writes=False),
    Case("learning edit POST", "post", url("erkenntnisse/{learning}/bearbeiten/"),
         learning_post, EDITORS),
    Case("learning publish POST", "post", url("erkenntnisse/{learning}/veroeffentlichen/"),
         nothing, EDITORS),
]  # fmt: skip


def check_refused(response: Any, case: Case, role: str, state: str) -> None:
    if role == "anonymous" and case.name != "detail GET":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")
    elif state == "awaiting" and role not in ("partner", "curator"):
        # Projects without every partner's consent stay secret: 404, not 403.
        assert response.status_code == 404, response.status_code
    else:
        assert response.status_code == 403, response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_permission_matrix(client, curator, case, state, role):
    world = make_world(state, curator)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    before = snapshot()
    response = getattr(client, case.method)(case.url(world), case.data(world))
    if role in case.allowed[state]:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/konto/login/" not in response["Location"]
        if case.writes:
            assert response.status_code == 302, response.content.decode()[:3000]
            assert snapshot() != before, "an allowed write changed nothing"
    else:
        check_refused(response, case, role, state)
        assert snapshot() == before


def create_post(user_role: str) -> dict[str, Any]:
    return {
        "organisation": "",
        "role": "sponsor",
        "title": "Ganz neues Vorhaben",
        "summary": "Kurz.",
        "municipality": "05916000",
        "phase": "development",
        "method": "design_thinking",
        "current_step": "verstehen",
        "spatial_field": SpatialField.objects.get(slug="quarters").pk,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_create(client, curator, role, method):
    world = make_world("public", curator)
    user = world.users[role]
    data: dict[str, Any] = {}
    if user is not None:
        client.force_login(user)
    if method == "post":
        data = create_post(role)
        if role == "curator":
            data["organisation"] = NEW_PARTNER
        elif user is not None and user.memberships.exists():
            data["organisation"] = user.memberships.get().organisation_id
    before = snapshot()
    response = getattr(client, method)("/vorhaben/neu/", data)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")
    elif role == "no_org":
        assert response.status_code == 403
    elif method == "get":
        assert response.status_code == 200
    else:
        assert response.status_code == 302, response.content.decode()[:3000]
        project = Project.objects.get(title="Ganz neues Vorhaben")
        assert response["Location"] == project.get_absolute_url()
        return
    assert snapshot() == before


def test_member_cannot_create_for_a_foreign_organisation(client, curator):
    world = make_world("public", curator)
    client.force_login(world.users["other_org"])
    data = create_post("other_org")
    data["organisation"] = world.second.actor_id
    before = snapshot()
    response = client.post("/vorhaben/neu/", data)
    assert response.status_code == 400
    assert "keine gültige Auswahl" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_public_lists_are_open_to_everyone(client, curator, role):
    world = make_world("public", curator)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    for path in ("/vorhaben/", "/vorhaben/erkenntnisse/", "/vorhaben/feed.atom"):
        assert client.get(path).status_code == 200
        assert client.post(path).status_code == 405


def test_objects_of_another_project_are_not_reachable(client, curator):
    world = make_world("public", curator)
    other = make_world("public", curator)
    client.force_login(curator)
    slug = world.project.slug
    for path in (
        f"/vorhaben/{slug}/verlauf/{other.entry.pk}/bearbeiten/",
        f"/vorhaben/{slug}/erkenntnisse/{other.learning.pk}/bearbeiten/",
    ):
        assert client.get(path).status_code == 404
    before = snapshot()
    assert client.post(f"/vorhaben/{slug}/partner/{other.second.pk}/entfernen/").status_code == 404
    assert snapshot() == before


POST_ONLY = [
    "partner/{second}/entfernen/",
    "zustimmung/",
    "erkenntnisse/{learning}/veroeffentlichen/",
]


@pytest.mark.parametrize("suffix", POST_ONLY)
@pytest.mark.parametrize("role", ROLES)
def test_post_only_urls_refuse_get(client, curator, suffix, role):
    world = make_world("public", curator)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    before = snapshot()
    response = client.get(url(suffix)(world))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 405
    assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_detail_refuses_post(client, curator, role):
    world = make_world("public", curator)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    before = snapshot()
    assert client.post(world.project.get_absolute_url()).status_code == 405
    assert snapshot() == before
