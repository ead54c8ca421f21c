"""Explicit connections: services, e-mails, audit, announcements, permissions and pages."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.core import changes
from quartiersnetz.network import services
from quartiersnetz.network.edges import recompute_edges
from quartiersnetz.network.models import Connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def sides():
    """Two organisations, each with one member."""
    a_member, b_member = UserFactory(email="a@example.org"), UserFactory(email="b@example.org")
    a = MembershipFactory(
        user=a_member, organisation=OrganisationFactory(name="Stadtteilverein")
    ).organisation
    b = MembershipFactory(
        user=b_member, organisation=OrganisationFactory(name="Bürgerstiftung")
    ).organisation
    return a, a_member, b, b_member


@pytest.fixture
def announcements():
    seen: list[str] = []
    for topic in ("network",):
        changes.subscribe(topic, "test.recorder", lambda t=topic: seen.append(t))
    yield seen
    changes.unsubscribe("network", "test.recorder")


def test_propose_then_confirm_audits_mails_and_announces(
    sides, announcements, django_capture_on_commit_callbacks
):
    a, a_member, b, b_member = sides
    with django_capture_on_commit_callbacks(execute=True):
        connection = services.connection_propose(
            user=a_member, from_actor=a, to_actor=b, kind="works_with", message="Gern!"
        )
    assert connection.status == Connection.Status.PROPOSED
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert "Stadtteilverein" in mail.outbox[0].subject
    assert "Gern!" in mail.outbox[0].body
    assert announcements == []  # a proposal changes no edge

    with django_capture_on_commit_callbacks(execute=True):
        services.connection_confirm(user=b_member, connection=connection)
    connection.refresh_from_db()
    assert connection.status == Connection.Status.CONFIRMED
    assert connection.confirmed_by == b_member
    assert mail.outbox[-1].to == ["a@example.org"]
    assert "network" in announcements
    assert list(
        AuditEntry.objects.filter(object_id=str(connection.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["connection.propose", "connection.confirm"]


def test_a_confirmed_connection_becomes_an_edge_and_removing_it_removes_the_edge(sides):
    a, a_member, b, b_member = sides
    connection = services.connection_propose(user=a_member, from_actor=a, to_actor=b, kind="knows")
    services.connection_confirm(user=b_member, connection=connection)
    assert recompute_edges() == 1
    services.connection_remove(user=b_member, connection=connection)
    assert recompute_edges() == 0
    assert AuditEntry.objects.filter(action="connection.remove").exists()


@pytest.mark.parametrize(
    "problem",
    ["self", "hidden", "duplicate", "reverse_duplicate", "not_member"],
)
def test_proposals_that_cannot_be_made(sides, problem):
    a, a_member, b, b_member = sides
    user, from_actor, to_actor, kind = a_member, a, b, "knows"
    if problem == "self":
        to_actor = a
    elif problem == "hidden":
        to_actor = OrganisationFactory(is_hidden=True)
    elif problem in {"duplicate", "reverse_duplicate"}:
        services.connection_propose(user=a_member, from_actor=a, to_actor=b, kind="knows")
        if problem == "reverse_duplicate":
            user, from_actor, to_actor = b_member, b, a
    elif problem == "not_member":
        user = UserFactory()
    expected = PermissionDenied if problem == "not_member" else ValidationError
    with pytest.raises(expected):
        services.connection_propose(user=user, from_actor=from_actor, to_actor=to_actor, kind=kind)


def test_membership_connections_have_a_direction_both_ways_may_exist(sides):
    a, a_member, b, b_member = sides
    services.connection_propose(user=a_member, from_actor=a, to_actor=b, kind="member_of")
    services.connection_propose(user=b_member, from_actor=b, to_actor=a, kind="member_of")
    assert Connection.objects.filter(kind="member_of").count() == 2


def test_an_expert_acts_for_their_own_profile(sides):
    _, _, b, b_member = sides
    expert = PersonFactory()
    connection = services.connection_propose(
        user=expert.user, from_actor=expert, to_actor=b, kind="knows"
    )
    services.connection_confirm(user=b_member, connection=connection)
    assert connection.from_actor == expert


def test_the_proposing_side_cannot_confirm_its_own_proposal(sides):
    a, a_member, b, _ = sides
    connection = services.connection_propose(user=a_member, from_actor=a, to_actor=b, kind="knows")
    with pytest.raises(PermissionDenied):
        services.connection_confirm(user=a_member, connection=connection)
    with pytest.raises(PermissionDenied):
        services.connection_decline(user=a_member, connection=connection)


# Permission matrix over every URL: who may do what (anonymous → login; others → 403/404).
ROLES = ["anonymous", "other_member", "from_member", "to_member", "curator"]
EXPECTED = {
    # action: roles that succeed
    "confirm": {"to_member"},
    "decline": {"to_member"},
    "remove": {"from_member", "to_member", "curator"},
}


def _client_for(role, client, sides, curator):
    _, a_member, _, b_member = sides
    users = {
        "other_member": MembershipFactory().user,
        "from_member": a_member,
        "to_member": b_member,
        "curator": curator,
    }
    if role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_permission_matrix_for_answers(client, sides, curator, role, action):
    a, a_member, b, _ = sides
    connection = services.connection_propose(user=a_member, from_actor=a, to_actor=b, kind="knows")
    _client_for(role, client, sides, curator)
    names = {
        "confirm": "connection_confirm",
        "decline": "connection_decline",
        "remove": "connection_remove",
    }
    response = client.post(reverse(f"network:{names[action]}", args=[b.slug, connection.pk]))
    exists = Connection.objects.filter(pk=connection.pk)
    if role in EXPECTED[action]:
        assert response.status_code == 302
        if action == "confirm":
            assert exists.get().status == Connection.Status.CONFIRMED
        else:
            assert not exists.exists()
    else:
        assert (
            response.status_code in {302, 403}
            if role == "anonymous"
            else response.status_code == 403
        )
        if role == "anonymous":
            assert "/konto/login/" in response["Location"]
        assert exists.get().status == Connection.Status.PROPOSED


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_proposing(client, sides, curator, role):
    a, _, _, _ = sides
    _client_for(role, client, sides, curator)
    target = OrganisationFactory()
    response = client.post(
        reverse("network:connection_propose", args=[target.slug]),
        {"from_actor": a.pk, "kind": "knows"},
    )
    made = Connection.objects.filter(to_actor=target)
    if role == "from_member":
        assert response.status_code == 302
        assert made.get().from_actor == a
    elif role == "anonymous":
        assert response.status_code == 302
        assert "/konto/login/" in response["Location"]
        assert not made.exists()
    elif role == "curator":  # a curator without an organisation acts for none
        assert response.status_code == 403
        assert not made.exists()
    else:  # members of other organisations cannot propose for `a`
        assert response.status_code == 400
        assert not made.exists()


def test_the_connections_page_lists_edges_and_offers_the_form_to_members(client, sides):
    a, a_member, b, b_member = sides
    connection = services.connection_propose(user=a_member, from_actor=a, to_actor=b, kind="knows")
    services.connection_confirm(user=b_member, connection=connection)
    recompute_edges()

    anonymous = client.get(reverse("network:connections", args=[b.slug]))
    assert anonymous.status_code == 200
    assert "Stadtteilverein" in anonymous.content.decode()
    assert "Melden Sie sich an" in anonymous.content.decode()

    client.force_login(a_member)
    page = client.get(reverse("network:connections", args=[b.slug])).content.decode()
    assert 'name="from_actor"' in page
    assert "entfernen" in page


def test_an_invalid_proposal_answers_400_and_keeps_the_message(client, sides):
    a, a_member, b, _ = sides
    client.force_login(a_member)
    response = client.post(
        reverse("network:connection_propose", args=[b.slug]),
        {"from_actor": a.pk, "kind": "befreundet", "message": "Bitte melden"},
    )
    assert response.status_code == 400
    assert "Bitte melden" in response.content.decode()
    assert not Connection.objects.exists()


def test_incoming_proposals_are_answered_on_the_page(client, sides):
    a, a_member, b, b_member = sides
    connection = services.connection_propose(
        user=a_member, from_actor=a, to_actor=b, kind="works_with", message="Lassen Sie uns reden"
    )
    client.force_login(b_member)
    page = client.get(reverse("network:connections", args=[b.slug])).content.decode()
    assert "Vorschläge an Sie" in page
    assert reverse("network:connection_confirm", args=[b.slug, connection.pk]) in page
    assert "Lassen Sie uns reden" in page


def test_hidden_actors_connections_page_is_404_for_the_public(client):
    hidden = OrganisationFactory(is_hidden=True)
    assert client.get(reverse("network:connections", args=[hidden.slug])).status_code == 404


def test_the_connections_page_needs_the_same_queries_for_many_connections(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = MembershipFactory()
    actor = member.organisation
    client.force_login(member.user)

    def add(count):
        for index in range(count):
            other = OrganisationFactory()
            Connection.objects.create(
                from_actor=actor if index % 2 else other,
                to_actor=other if index % 2 else actor,
                kind=Connection.Kind.KNOWS,
                status=Connection.Status.PROPOSED if index % 3 else Connection.Status.CONFIRMED,
            )

    url = reverse("network:connections", args=[actor.slug])
    add(2)
    client.get(url)  # warm caches (sections, versions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(12)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert body.count('name="csrfmiddlewaretoken"') >= 14
