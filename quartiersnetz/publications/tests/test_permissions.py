"""Role × permission matrix for every new URL of publications.

Refused requests answer 302 (to the login, anonymous) / 403 / 404 and leave the database
exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications.models import Attachment, Publication

from .factories import AttachmentFactory, PublicationFactory, RecommendationFactory

ROLES = ["anonymous", "user", "member", "submitter", "curator"]


@dataclass
class World:
    published: Publication
    draft: Publication
    submission: Publication
    public_pdf: Attachment
    draft_pdf: Attachment
    submission_pdf: Attachment
    practice: Any
    users: dict[str, Any]


@pytest.fixture
def world(db) -> World:
    member = MembershipFactory().user
    submitter_membership = MembershipFactory()
    submitter = submitter_membership.user
    curator = UserFactory()
    curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
    published = PublicationFactory(slug="oeffentlich")
    draft = PublicationFactory(slug="entwurf", is_published=False)
    submission = PublicationFactory(
        slug="einreichung",
        is_published=False,
        submitted_by=submitter,
        submitted_for=submitter_membership.organisation,
    )
    return World(
        published=published,
        draft=draft,
        submission=submission,
        public_pdf=AttachmentFactory(publication=published),
        draft_pdf=AttachmentFactory(publication=draft),
        submission_pdf=AttachmentFactory(publication=submission),
        practice=_practice(published),
        users={
            "anonymous": None,
            "user": UserFactory(),
            "member": member,
            "submitter": submitter,
            "curator": curator,
        },
    )


def _practice(publication: Publication) -> Any:
    RecommendationFactory(publication=publication, number=1)
    return PracticeFactory(slug="zu-verknuepfen")


def snapshot() -> tuple:
    return (
        tuple(Publication.objects.order_by("pk").values_list("pk", "title", "is_published")),
        tuple(Attachment.objects.order_by("pk").values_list("pk", "title")),
        AuditEntry.objects.count(),
    )


def submit_post(w: World) -> dict[str, Any]:
    org = w.users["member"].memberships.first() if w.users["member"] else None
    return {
        "organisation": org.organisation_id if org else "",
        "kind": "impulse",
        "title": "Neuer Beitrag",
        "summary": "Worum es geht.",
        "licence": "on",
    }


@dataclass
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    allowed: set[str]
    writes: bool = False
    login: bool = False  # login-required view: anonymous users are sent to the login


ALL = set(ROLES)
CASES = [
    Case("recommendations", "get", lambda w: "/impulse/handlungsempfehlungen/", lambda w: {}, ALL),
    Case("published detail", "get", lambda w: "/impulse/oeffentlich/", lambda w: {}, ALL),
    Case("draft detail", "get", lambda w: "/impulse/entwurf/", lambda w: {}, {"curator"}),
    Case("submission detail", "get", lambda w: "/impulse/einreichung/", lambda w: {},
         {"submitter", "curator"}),
    Case("public pdf", "get", lambda w: w.public_pdf.get_absolute_url(), lambda w: {}, ALL),
    Case("draft pdf", "get", lambda w: w.draft_pdf.get_absolute_url(), lambda w: {}, {"curator"}),
    Case("submission pdf", "get", lambda w: w.submission_pdf.get_absolute_url(), lambda w: {},
         {"submitter", "curator"}),
    Case("submit GET", "get", lambda w: "/impulse/einreichen/", lambda w: {},
         {"member", "submitter"}, login=True),
    Case("link practices POST", "post",
         lambda w: "/kuration/impulse/oeffentlich/empfehlungen/1/praxis/",
         lambda w: {"pick": [w.practice.pk]}, {"curator"}, writes=True),
    Case("status POST publish", "post", lambda w: "/impulse/entwurf/status/",
         lambda w: {"action": "publish"}, {"curator"}, writes=True),
    Case("status POST unpublish", "post", lambda w: "/impulse/oeffentlich/status/",
         lambda w: {"action": "unpublish"}, {"curator"}, writes=True),
    Case("status POST submission", "post", lambda w: "/impulse/einreichung/status/",
         lambda w: {"action": "publish"}, {"curator"}, writes=True),
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
        if case.writes:
            assert snapshot() != before
        return
    assert snapshot() == before
    if role == "anonymous" and (case.method == "post" or case.login):
        assert response.status_code == 302
        assert "/konto/login/" in response["Location"]
    else:
        assert response.status_code in (403, 404), response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_submit_post_matrix(client, world, role):
    """Only organisation members may submit, and only for their own organisation."""
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    data = submit_post(world)
    before = Publication.objects.count()
    response = client.post("/impulse/einreichen/", data)
    if role == "member":
        assert response.status_code == 302
        assert Publication.objects.count() == before + 1
    elif role == "submitter":
        # A member, but of another organisation: the form refuses the foreign choice.
        assert response.status_code == 400
        assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
        assert Publication.objects.count() == before
    else:
        assert response.status_code in (302, 403)
        if role == "anonymous":
            assert "/konto/login/" in response["Location"]
        assert Publication.objects.count() == before


def test_unpublished_never_appears_in_list_feeds_or_recommendations(client, world):
    for pub in (world.draft, world.submission):
        RecommendationFactory(publication=pub, number=1, title=f"Empfehlung {pub.slug}")
    for url in ("/impulse/", "/impulse/feed.atom", "/impulse/handlungsempfehlungen/"):
        html = client.get(url).content.decode()
        assert world.published.title in html or url.endswith("handlungsempfehlungen/")
        assert world.draft.title not in html
        assert world.submission.title not in html
        assert "Empfehlung entwurf" not in html
        assert "Empfehlung einreichung" not in html
