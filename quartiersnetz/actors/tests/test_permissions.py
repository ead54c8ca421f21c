"""Role × permission matrix for every edit URL of Mitwirkende.

Refused requests must answer 302 (to the login, anonymous) / 403 / 404 and leave the
database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.models import Actor, Claim, Invitation, Membership
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.audit.models import AuditEntry

ROLES = ["anonymous", "other_member", "editor", "owner", "curator"]


@dataclass
class World:
    org: Actor
    other_org: Actor
    owner_membership: Membership
    editor_membership: Membership
    users: dict[str, Any]
    claim: Claim


@pytest.fixture
def world(db) -> World:
    org = OrganisationFactory(name="Stadtlabor Herne")
    other_org = OrganisationFactory(name="Kulturbahnhof Anderswo")
    owner = MembershipFactory(organisation=org, role=Membership.Role.OWNER)
    editor = MembershipFactory(organisation=org, role=Membership.Role.EDITOR)
    other = MembershipFactory(organisation=other_org, role=Membership.Role.OWNER)
    curator = UserFactory()
    curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
    seeded = Actor.objects.get(slug="deutscher-verband")
    claim = Claim.objects.create(organisation=seeded, user=other.user, message="Ich arbeite dort.")
    users = {
        "anonymous": None,
        "other_member": other.user,
        "editor": editor.user,
        "owner": owner.user,
        "curator": curator,
    }
    return World(org, other_org, owner, editor, users, claim)


def snapshot() -> tuple:
    return (
        tuple(
            Actor.objects.order_by("pk").values_list(
                "pk", "name", "summary", "is_hidden", "is_unclaimed"
            )
        ),
        tuple(
            Membership.objects.order_by("pk").values_list(
                "pk", "user_id", "organisation_id", "role"
            )
        ),
        tuple(Invitation.objects.order_by("pk").values_list("pk", "email")),
        tuple(Claim.objects.order_by("pk").values_list("pk", "status")),
        AuditEntry.objects.count(),
    )


def profile_post(w: World) -> dict[str, Any]:
    return {"name": "Umbenannt", "sector": w.org.sector_id, "summary": "geändert"}


@dataclass
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    allowed: set[str]


CASES = [
    Case("edit GET", "get", lambda w: f"/mitwirkende/{w.org.slug}/bearbeiten/", lambda w: {},
         {"editor", "owner", "curator"}),
    Case("edit POST", "post", lambda w: f"/mitwirkende/{w.org.slug}/bearbeiten/", profile_post,
         {"editor", "owner", "curator"}),
    Case("members GET", "get", lambda w: f"/mitwirkende/{w.org.slug}/mitglieder/", lambda w: {},
         {"owner", "curator"}),
    Case("invite POST", "post", lambda w: f"/mitwirkende/{w.org.slug}/mitglieder/",
         lambda w: {"email": "neu@example.org", "role": "editor"}, {"owner", "curator"}),
    Case("role POST", "post",
         lambda w: f"/mitwirkende/{w.org.slug}/mitglieder/{w.editor_membership.pk}/rolle/",
         lambda w: {"role": "owner"}, {"owner", "curator"}),
    Case("remove POST", "post",
         lambda w: f"/mitwirkende/{w.org.slug}/mitglieder/{w.owner_membership.pk}/entfernen/",
         lambda w: {}, {"owner", "curator"}),
    Case("hide POST", "post", lambda w: f"/mitwirkende/{w.org.slug}/sichtbarkeit/",
         lambda w: {"hidden": "1"}, {"curator"}),
    Case("claim review GET", "get", lambda w: f"/mitwirkende/anfragen/{w.claim.pk}/", lambda w: {},
         {"curator"}),
    Case("claim review POST", "post", lambda w: f"/mitwirkende/anfragen/{w.claim.pk}/",
         lambda w: {"decision": "approve"}, {"curator"}),
    Case("curation dashboard", "get", lambda w: "/kuration/", lambda w: {}, {"curator"}),
    Case("audit log", "get", lambda w: "/kuration/protokoll/", lambda w: {}, {"curator"}),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_permission_matrix(client, world, case, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    before = snapshot()
    response = getattr(client, case.method)(case.url(world), case.data(world))
    if role in case.allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/konto/login/" not in response["Location"]
        if case.method == "post" and case.name != "remove POST":
            assert snapshot() != before, "an allowed write changed nothing"
    else:
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith("/konto/login/")
        else:
            assert response.status_code in (403, 404)
        assert snapshot() == before


def test_owner_cannot_remove_the_last_owner(client, world):
    client.force_login(world.users["owner"])
    before = snapshot()
    client.post(f"/mitwirkende/{world.org.slug}/mitglieder/{world.owner_membership.pk}/entfernen/")
    assert snapshot() == before
    assert Membership.objects.filter(pk=world.owner_membership.pk).exists()


def test_hidden_profile_is_404_for_public_and_other_members(client, world):
    Actor.objects.filter(pk=world.org.pk).update(is_hidden=True)
    assert client.get(f"/mitwirkende/{world.org.slug}/").status_code == 404
    client.force_login(world.users["other_member"])
    assert client.get(f"/mitwirkende/{world.org.slug}/").status_code == 404
    client.force_login(world.users["editor"])
    assert client.get(f"/mitwirkende/{world.org.slug}/").status_code == 200
    client.force_login(world.users["curator"])
    assert client.get(f"/mitwirkende/{world.org.slug}/").status_code == 200


def test_hidden_profile_is_not_listed(client, world):
    Actor.objects.filter(pk=world.org.pk).update(is_hidden=True)
    html = client.get("/mitwirkende/").content.decode()
    assert "Stadtlabor Herne" not in html
    assert "Kulturbahnhof Anderswo" in html


def test_expert_profile_edits_only_own(client, world):
    from quartiersnetz.actors.tests.factories import PersonFactory

    person = PersonFactory()
    client.force_login(world.users["editor"])
    before = snapshot()
    response = client.post(
        f"/mitwirkende/{person.slug}/bearbeiten/", {"name": "X", "sector": person.sector_id}
    )
    assert response.status_code == 403
    assert snapshot() == before
    client.force_login(person.user)
    response = client.post(
        f"/mitwirkende/{person.slug}/bearbeiten/", {"name": "Dr. X", "sector": person.sector_id}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Dr. X"
