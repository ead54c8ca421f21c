"""Derived and explicit connections → edges: sources, weights and privacy."""

from __future__ import annotations

import pytest
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    EventPartnerFactory,
    RegistrationFactory,
)
from quartiersnetz.network.edges import WEIGHTS, recompute_edges
from quartiersnetz.network.models import Connection, Edge
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeActorFactory, PracticeFactory
from quartiersnetz.projects.tests.factories import ProjectPartnerFactory, PublicProjectFactory
from quartiersnetz.taxonomy.models import Sector

pytestmark = pytest.mark.django_db


def edge(a, b) -> Edge | None:
    low, high = sorted([a.pk, b.pk])
    return Edge.objects.filter(actor_a_id=low, actor_b_id=high).first()


def test_a_shared_published_practice_connects_its_actors_with_the_practice_as_source():
    a, b = OrganisationFactory(), OrganisationFactory()
    practice = PracticeFactory(title="Dritter Ort im alten Kaufhaus")
    PracticeActorFactory(practice=practice, actor=a)
    PracticeActorFactory(practice=practice, actor=b)

    assert recompute_edges() == 1
    found = edge(a, b)
    assert found.weight == WEIGHTS["practice"]
    assert found.sources == [
        {"type": "practice", "id": practice.pk, "title": practice.title, "slug": practice.slug}
    ]
    assert found.explicit_kinds == ""


def test_an_unpublished_practice_or_a_hidden_actor_produces_no_edge():
    a, b = OrganisationFactory(), OrganisationFactory()
    draft = PracticeFactory(state=Practice.State.DRAFT)
    PracticeActorFactory(practice=draft, actor=a)
    PracticeActorFactory(practice=draft, actor=b)
    hidden = OrganisationFactory(is_hidden=True)
    published = PracticeFactory()
    PracticeActorFactory(practice=published, actor=a)
    PracticeActorFactory(practice=published, actor=hidden)

    assert recompute_edges() == 0
    assert not Edge.objects.exists()


def test_weights_add_up_over_shared_activity_and_sources_are_listed():
    a, b = OrganisationFactory(), OrganisationFactory()
    for _ in range(2):
        practice = PracticeFactory()
        PracticeActorFactory(practice=practice, actor=a)
        PracticeActorFactory(practice=practice, actor=b)
    project = PublicProjectFactory(partner=a)
    ProjectPartnerFactory(project=project, actor=b, consented_at=timezone.now())
    event = EventFactory()
    EventPartnerFactory(event=event, actor=a)
    item = AgendaItemFactory(event=event)
    item.presenters.add(b)

    recompute_edges()
    found = edge(a, b)
    assert found.weight == 2 * WEIGHTS["practice"] + WEIGHTS["project"] + WEIGHTS["event"]
    assert [s["type"] for s in found.sources] == ["practice", "practice", "project", "event"]


def test_partners_of_a_project_count_only_with_consent_and_only_when_it_is_public():
    a, b, c = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    project = PublicProjectFactory(partner=a)
    ProjectPartnerFactory(project=project, actor=b, consented_at=None)  # not yet consented
    ProjectPartnerFactory(project=project, actor=c, consented_at=timezone.now())

    recompute_edges()
    assert edge(a, b) is None
    assert edge(a, c) is not None


def test_attendance_connects_only_those_who_agreed_to_the_public_attendee_list():
    event = EventFactory(public_attendee_list=True)
    shown = [PersonFactory(), PersonFactory()]
    for person in shown:
        RegistrationFactory(event=event, user=person.user, show_publicly=True)
    unconsented = PersonFactory()
    RegistrationFactory(event=event, user=unconsented.user, show_publicly=False)
    # Organisations count through a public membership only.
    org_user = UserFactory()
    public_org, private_org = OrganisationFactory(), OrganisationFactory()
    MembershipFactory(user=org_user, organisation=public_org, is_public=True)
    MembershipFactory(user=org_user, organisation=private_org, is_public=False)
    RegistrationFactory(event=event, user=org_user, show_publicly=True)

    recompute_edges()
    attendance = edge(*shown)
    assert attendance.weight == WEIGHTS["attendance"]
    assert attendance.sources[0]["type"] == "attendance"
    assert edge(shown[0], public_org) is not None
    involved = set(Edge.objects.values_list("actor_a_id", flat=True)) | set(
        Edge.objects.values_list("actor_b_id", flat=True)
    )
    assert unconsented.pk not in involved
    assert private_org.pk not in involved


def test_attendance_of_an_event_without_public_list_or_unpublished_produces_nothing():
    for event in (
        EventFactory(public_attendee_list=False),
        EventFactory(public_attendee_list=True, state=Event.State.DRAFT),
    ):
        for person in (PersonFactory(), PersonFactory()):
            RegistrationFactory(event=event, user=person.user, show_publicly=True)
    assert recompute_edges() == 0


def test_confirmed_explicit_connections_count_proposed_ones_do_not():
    a, b, c = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    Connection.objects.create(
        from_actor=a, to_actor=b, kind=Connection.Kind.KNOWS, status=Connection.Status.CONFIRMED
    )
    Connection.objects.create(
        from_actor=b,
        to_actor=a,
        kind=Connection.Kind.WORKS_WITH,
        status=Connection.Status.CONFIRMED,
    )
    Connection.objects.create(from_actor=a, to_actor=c, kind=Connection.Kind.KNOWS)

    recompute_edges()
    found = edge(a, b)
    assert found.explicit_kinds == "knows,works_with"
    assert found.weight == 2 * WEIGHTS["explicit"]
    assert edge(a, c) is None


def test_cross_sector_flag_and_recomputation_replaces_the_table():
    foundations = Sector.objects.get(slug="stiftungen")
    other_sector = Sector.objects.exclude(pk=foundations.pk).first()
    a = OrganisationFactory(sector=foundations)
    b = OrganisationFactory(sector=other_sector)
    practice = PracticeFactory()
    PracticeActorFactory(practice=practice, actor=a)
    PracticeActorFactory(practice=practice, actor=b)
    recompute_edges()
    assert edge(a, b).is_cross_sector

    practice.state = Practice.State.DRAFT
    practice.save()
    assert recompute_edges() == 0
    assert not Edge.objects.exists()


def test_members_of_a_public_alliance_are_connected_only_with_both_consents():
    from quartiersnetz.alliances.tests.factories import AllianceFactory, MemberFactory

    alliance = AllianceFactory(name="Allianz Altstadt")
    a = MemberFactory(alliance=alliance).actor
    b = MemberFactory(alliance=alliance).actor
    pending = MemberFactory(alliance=alliance, actor_consented_at=None).actor
    hidden = AllianceFactory(is_hidden=True)
    MemberFactory(alliance=hidden, actor=a)
    MemberFactory(alliance=hidden, actor=pending)

    recompute_edges()
    found = edge(a, b)
    assert found.weight == WEIGHTS["alliance"]
    assert found.sources == [
        {"type": "alliance", "id": alliance.pk, "title": "Allianz Altstadt", "slug": alliance.slug}
    ]
    assert edge(a, pending) is None
    assert edge(b, pending) is None


def test_a_very_large_group_connects_no_one(monkeypatch):
    from quartiersnetz.network import edges

    monkeypatch.setattr(edges, "MAX_GROUP_SIZE", 3)
    practice = PracticeFactory()
    for _ in range(4):
        PracticeActorFactory(practice=practice, actor=OrganisationFactory())
    assert recompute_edges() == 0
