"""Role × permission matrix for every edit and transition URL of Praxisbeispiele.

Each URL is tried for a practice in each workflow state by each role. Refused requests
answer 302 to the login (anonymous), 404 (the record is not even visible to the user:
unpublished records of others) or 403 (visible but not allowed), and leave the database
exactly as it was; allowed writes change it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from quartiersnetz.actors.models import Actor, Membership
from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.practices.models import (
    Practice,
    PracticeActor,
    PracticeImage,
    PracticeRating,
    ReviewComment,
)
from quartiersnetz.practices.tests.factories import PracticeFactory

ROLES = ["anonymous", "other_member", "author", "curator"]
STATES = ["draft", "submitted", "returned", "published"]


@dataclass
class World:
    practice: Practice
    org: Actor
    users: dict[str, Any]


@pytest.fixture
def world(db, curator) -> World:
    author = MembershipFactory(role=Membership.Role.EDITOR)
    other = MembershipFactory()
    users = {"anonymous": None, "other_member": other.user, "author": author.user}
    users["curator"] = curator
    return World(practice=None, org=author.organisation, users=users)  # type: ignore[arg-type]


def make_practice(w: World, state: str) -> Practice:
    submitted_at = None if state == "draft" else timezone.now() - timedelta(days=3)
    practice = PracticeFactory(organisation=w.org, state=state, submitted_at=submitted_at)
    w.practice = practice
    return practice


def snapshot() -> tuple:
    return (
        tuple(
            Practice.objects.order_by("pk").values_list(
                "pk", "state", "title", "summary", "updated", "innovation_score"
            )
        ),
        PracticeActor.objects.count(),
        PracticeImage.objects.count(),
        tuple(PracticeRating.objects.values_list("criterion", "score")),
        ReviewComment.objects.count(),
        Practice.history.count(),
        AuditEntry.objects.count(),
    )


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (0, 90, 200)).save(out, format="PNG")
    return SimpleUploadedFile("bild.png", out.getvalue(), content_type="image/png")


def edit_post(w: World) -> dict[str, Any]:
    p = w.practice
    return {
        "organisation": p.organisation_id,
        "kind": p.kind_id,
        "type": p.type_id,
        "title": "Geänderter Titel",
        "summary": p.summary,
        "description": p.description,
        "spatial_field": p.spatial_field_id,
        "status": p.status,
        "licence": p.licence,
        "start_year": p.start_year,
        "beteiligte-TOTAL_FORMS": "0",
        "beteiligte-INITIAL_FORMS": "0",
        "beteiligte-MIN_NUM_FORMS": "0",
        "beteiligte-MAX_NUM_FORMS": "50",
        "action": "speichern",
    }


def first_revision(w: World) -> int:
    return w.practice.history.order_by("history_id").first().history_id


@dataclass
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    # state → roles that may do it
    allowed: dict[str, set[str]]
    writes: bool = True


AUTHOR_EDITABLE = {
    "draft": {"author", "curator"},
    "submitted": {"curator"},
    "returned": {"author", "curator"},
    "published": {"author", "curator"},
}
AUTHOR_OR_CURATOR = {state: {"author", "curator"} for state in STATES}
CURATOR = {state: {"curator"} for state in STATES}
NOBODY: dict[str, set[str]] = {state: set() for state in STATES}

CASES = [
    Case("edit GET", "get", lambda w: f"/praxis/{w.practice.slug}/bearbeiten/", lambda w: {},
         AUTHOR_EDITABLE, writes=False),
    Case("edit POST", "post", lambda w: f"/praxis/{w.practice.slug}/bearbeiten/", edit_post,
         AUTHOR_EDITABLE),
    Case("images GET", "get", lambda w: f"/praxis/{w.practice.slug}/bilder/", lambda w: {},
         AUTHOR_EDITABLE, writes=False),
    Case("images POST", "post", lambda w: f"/praxis/{w.practice.slug}/bilder/",
         lambda w: {"image": png(), "alt_text": "Ein Hof", "credit": "privat"}, AUTHOR_EDITABLE),
    Case("submit POST", "post", lambda w: f"/praxis/{w.practice.slug}/einreichen/", lambda w: {},
         {**NOBODY, "draft": {"author"}, "returned": {"author"}}),
    Case("review GET", "get", lambda w: f"/praxis/{w.practice.slug}/pruefen/", lambda w: {},
         CURATOR, writes=False),
    Case("review POST publish", "post", lambda w: f"/praxis/{w.practice.slug}/pruefen/",
         lambda w: {"decision": "publish"}, {**NOBODY, "submitted": {"curator"}}),
    Case("review POST return", "post", lambda w: f"/praxis/{w.practice.slug}/pruefen/",
         lambda w: {"decision": "return", "comment": "Bitte ergänzen."},
         {**NOBODY, "submitted": {"curator"}}),
    Case("rate GET", "get", lambda w: f"/praxis/{w.practice.slug}/bewerten/", lambda w: {},
         {**NOBODY, "submitted": {"curator"}, "published": {"curator"}}, writes=False),
    Case("rate POST", "post", lambda w: f"/praxis/{w.practice.slug}/bewerten/",
         lambda w: {"score_novelty": "4", "reason_novelty": "Neu."},
         {**NOBODY, "submitted": {"curator"}, "published": {"curator"}}),
    Case("history GET", "get", lambda w: f"/praxis/{w.practice.slug}/versionen/", lambda w: {},
         AUTHOR_OR_CURATOR, writes=False),
    Case("revision GET", "get",
         lambda w: f"/praxis/{w.practice.slug}/versionen/{first_revision(w)}/", lambda w: {},
         AUTHOR_OR_CURATOR, writes=False),
    Case("restore POST", "post",
         lambda w: f"/praxis/{w.practice.slug}/versionen/{first_revision(w)}/wiederherstellen/",
         lambda w: {}, CURATOR),
]  # fmt: skip


def check_refused(response, role: str, state: str) -> None:
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")
    elif state == "published" or role == "curator":
        assert response.status_code == 403, response.status_code
    else:
        # Unpublished records of others stay secret: 404, not 403.
        assert response.status_code == (403 if role == "author" else 404), response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_permission_matrix(client, world, case, state, role, django_capture_on_commit_callbacks):
    make_practice(world, state)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, case.method)(case.url(world), case.data(world))
    if role in case.allowed[state]:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/konto/login/" not in response["Location"]
        if case.writes:
            assert response.status_code == 302, response.content.decode()[:3000]
            assert snapshot() != before, "an allowed write changed nothing"
    else:
        check_refused(response, role, state)
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/praxis/neu/", {"other_member", "author", "curator"}),
        ("/praxis/meine/", {"other_member", "author", "curator"}),
        ("/praxis/pruefung/", {"curator"}),
    ],
)
def test_list_pages(client, world, url, allowed, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    if role in allowed:
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")
    else:
        assert response.status_code == 403


def test_create_post_refused_for_anonymous(client, world):
    before = snapshot()
    response = client.post("/praxis/neu/", {"title": "X"})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert snapshot() == before


def test_create_for_a_foreign_organisation_is_refused(client, world):
    """The organisation choice only offers the user's own profiles."""
    make_practice(world, "draft")
    client.force_login(world.users["other_member"])
    data = edit_post(world)
    before = snapshot()
    response = client.post("/praxis/neu/", data)
    assert response.status_code == 400
    assert "Dies ist keine gültige Auswahl" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_unpublished_records_are_hidden_from_others(client, world, state):
    make_practice(world, state)
    slug = world.practice.slug
    for role, expected in (("other_member", 404), ("author", 200), ("curator", 200)):
        client.force_login(world.users[role])
        assert client.get(f"/praxis/{slug}/versionen/").status_code == expected
        edit = client.get(f"/praxis/{slug}/bearbeiten/").status_code
        if role == "other_member":
            assert edit == 404
        elif role == "author" and state == "submitted":
            assert edit == 403
        else:
            assert edit == 200
    client.force_login(world.users["other_member"])
    assert world.practice.title not in client.get("/praxis/meine/").content.decode()


def test_submitted_practice_is_not_editable_by_author_but_by_curator(client, world):
    make_practice(world, "submitted")
    client.force_login(world.users["author"])
    page = client.get("/praxis/meine/").content.decode()
    assert f"/praxis/{world.practice.slug}/bearbeiten/" not in page
    client.force_login(world.users["curator"])
    assert client.get(f"/praxis/{world.practice.slug}/bearbeiten/").status_code == 200


def test_expert_profile_owner_is_an_author(client, curator):
    from quartiersnetz.actors.tests.factories import PersonFactory

    person = PersonFactory()
    practice = PracticeFactory(organisation=person, state="draft", published_at=None)
    client.force_login(person.user)
    assert client.get(f"/praxis/{practice.slug}/bearbeiten/").status_code == 200
    stranger = MembershipFactory().user
    client.force_login(stranger)
    assert client.get(f"/praxis/{practice.slug}/bearbeiten/").status_code == 404
