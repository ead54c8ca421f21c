"""The sample Werkstätten of `demo_data` (quartiersnetz/demo/events.py)."""

from __future__ import annotations

import pytest

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import OrganisationFactory, PersonFactory
from quartiersnetz.demo import events as demo
from quartiersnetz.events.models import AgendaItem, Event, EventFormat, Registration
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.taxonomy.models import SpatialField

pytestmark = pytest.mark.django_db


@pytest.fixture
def samples(curator):
    for i in range(6):
        OrganisationFactory(name=f"Beispielverein {i}", is_sample=True)
        PersonFactory(name=f"Beispielperson {i}", is_sample=True)
    for field in SpatialField.objects.all():
        for i in range(3):
            PracticeFactory(
                title=f"Beispielpraxis {field.slug} {i}", spatial_field=field, is_sample=True
            )
    return curator, UserFactory(email="demo@example.org")


def _snapshot():
    return list(
        Event.objects.filter(is_sample=True)
        .order_by("slug")
        .values_list("slug", "title", "start", "end", "municipality__ags", "documentation")
    )


def test_demo_events(client, samples):
    curator, demo_user = samples
    result = demo.load(curator=curator, demo_user=demo_user)
    assert result == {"created": len(demo.SPECS), "skipped": 0}
    events = Event.objects.filter(is_sample=True)
    assert 20 <= events.count() <= 30
    assert set(events.values_list("format__slug", flat=True)) == set(
        EventFormat.objects.values_list("slug", flat=True)
    )
    assert set(events.values_list("mode", flat=True)) == set(Event.Mode.values)
    assert events.values("spatial_field").distinct().count() == 3
    assert events.values("action_field").distinct().count() == 3
    states = set(events.exclude(municipality=None).values_list("municipality__state", flat=True))
    assert len(states) == 16
    now = events.first().created
    assert events.filter(end__lt=now).exists()
    assert events.filter(start__gt=now).exists()
    assert any(e.start.date() != e.end.date() for e in events)
    # The series rotates over the three fields, in order.
    series = events.filter(series__slug=demo.SERIES_SLUG).order_by("start")
    fields = [e.spatial_field.slug for e in series]
    assert fields[:3] == ["centres", "quarters", "small_towns"]
    # Programmes with practice inputs by sample presenters.
    inputs = AgendaItem.objects.filter(event__is_sample=True, practice__isnull=False)
    assert inputs.exists()
    assert all(i.practice.is_sample for i in inputs)
    assert AgendaItem.objects.filter(event__is_sample=True, presenters__is_sample=True).exists()
    documented = events.exclude(documented_at=None)
    assert documented.exists()
    assert all(e.end < e.documented_at for e in documented)
    assert documented.filter(presented_practices__isnull=False).exists()
    # Registrations with a waiting list; the demo login is confirmed for one event.
    registrations = Registration.objects.filter(event__is_sample=True)
    assert registrations.filter(status=Registration.Status.WAITLISTED).exists()
    confirmed = registrations.get(user=demo_user, status=Registration.Status.CONFIRMED)
    assert all(len(r.token_nonce) == 32 for r in registrations)
    # Pages render.
    assert client.get("/werkstaetten/").status_code == 200
    for event in events:
        assert client.get(event.get_absolute_url()).status_code == 200
    client.force_login(demo_user)
    assert (
        confirmed.event.online_url
        in client.get(confirmed.event.get_absolute_url()).content.decode()
    )
    # Idempotent and deterministic.
    before = _snapshot()
    assert demo.load(curator=curator, demo_user=demo_user) == {
        "created": 0,
        "skipped": len(demo.SPECS),
    }
    assert _snapshot() == before
    assert Registration.objects.filter(user=demo_user).count() == 2


def test_demo_proposals_wait_for_the_curators(client, samples):
    from quartiersnetz.actors.tests.factories import MembershipFactory

    curator, demo_user = samples
    for organisation in Actor.objects.filter(is_sample=True, kind=Actor.Kind.ORGANISATION)[:2]:
        MembershipFactory(organisation=organisation)
    result = demo.load(curator=curator, demo_user=demo_user)
    assert result["created"] == len(demo.SPECS) + 2
    proposals = Event.objects.filter(is_sample=True).exclude(proposed_by=None)
    assert proposals.count() == 2
    for event in proposals:
        assert event.state == Event.State.DRAFT
        assert event.proposal_note
        assert event.start > event.created
        assert event.proposed_by.memberships.filter(user=event.created_by).exists()
        assert event.event_partners.get().actor == event.proposed_by
    # Curators see them, marked as proposals, among the drafts to plan.
    client.force_login(curator)
    html = client.get("/werkstaetten/planung/").content.decode()
    for event in proposals:
        assert event.title in html
    assert html.count("Vorschlag von") >= 2
    assert demo.load(curator=curator, demo_user=demo_user)["created"] == 0
