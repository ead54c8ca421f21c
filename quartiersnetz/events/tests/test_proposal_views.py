"""/werkstaetten/vorschlagen/: members propose events; the curators see them among the drafts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.core.testing import count_queries
from quartiersnetz.events import services
from quartiersnetz.events.models import Event, EventFormat, EventPartner
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.places.models import Municipality

pytestmark = pytest.mark.django_db
URL = "/werkstaetten/vorschlagen/"


@pytest.fixture
def member():
    return MembershipFactory(organisation__name="Stadtteilverein Wanne").user


@pytest.fixture
def organisation(member):
    return member.memberships.get().organisation


def day(days: int = 40) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def post_data(organisation, **overrides: Any) -> dict[str, Any]:
    data = {
        "actor": organisation.pk,
        "format": EventFormat.objects.get(slug="praxiswerkstatt").pk,
        "title": "Leerstand gemeinsam beleben",
        "summary": "Wie aus leeren Läden Orte werden.",
        "description": "Rundgang und Gruppenarbeit.",
        "start_date": day(), "start_time": "10:00", "end_date": day(), "end_time": "16:00",
        "time_zone": "Europe/Berlin", "mode": "on_site", "venue_name": "Ladenlokal Markt 3",
        "proposal_note": "Wir könnten auch im Oktober.",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_url_name():
    assert reverse("events:propose") == URL


def test_anonymous_visitors_are_sent_to_the_login(client, organisation):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    events = Event.objects.count()
    response = client.post(URL, post_data(organisation))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert Event.objects.count() == events


def test_a_member_without_profile_learns_how_to_get_one(client):
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("actors:create") in page
    assert reverse("actors:person_profile") in page
    assert "<form" not in page.split("<main", 1)[1]
    events = Event.objects.count()
    response = client.post(URL, post_data(OrganisationFactory()))
    assert response.status_code == 200
    assert Event.objects.count() == events


def test_a_member_proposes_an_event(client, member, organisation):
    client.force_login(member)
    page = client.get(URL).content.decode()
    assert "Stadtteilverein Wanne" in page  # the profile to choose
    assert 'for="id_proposal_note"' in page
    assert "capacity" not in page  # registration settings are the curators'
    response = client.post(URL, post_data(organisation))
    assert response.status_code == 302
    assert response["Location"] == reverse("events:list")
    event = Event.objects.get(title="Leerstand gemeinsam beleben")
    assert event.state == Event.State.DRAFT
    assert event.created_by == member
    assert event.proposed_by == organisation
    assert event.venue_name == "Ladenlokal Markt 3"
    assert event.municipality is None  # may be completed by the curators
    assert event.proposal_note == "Wir könnten auch im Oktober."
    assert EventPartner.objects.filter(
        event=event, actor=organisation, role=EventPartner.Role.HOST
    ).exists()
    assert AuditEntry.objects.filter(action="event.propose", object_id=str(event.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Danke! Ihr Vorschlag „Leerstand gemeinsam beleben“ ist bei der Kuration" in page
    # The draft stays secret to the public and to the proposer.
    assert event.get_absolute_url() not in page
    assert client.get(event.get_absolute_url()).status_code == 404


def test_form_errors_are_shown_and_the_input_kept(client, member, organisation):
    client.force_login(member)
    events = Event.objects.count()
    response = client.post(
        URL, post_data(organisation, title="", end_time="09:00", online_url="kein link")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert 'href="#id_title"' in page  # the summary links to the field
    assert "Das Ende darf nicht vor dem Beginn liegen." in page
    # Nothing lost: the other input is still in the form.
    assert "Rundgang und Gruppenarbeit." in page
    assert "Wir könnten auch im Oktober." in page
    assert 'value="Ladenlokal Markt 3"' in page
    assert Event.objects.count() == events


def test_a_proposal_in_the_past_is_refused(client, member, organisation):
    client.force_login(member)
    past = day(-1)
    response = client.post(URL, post_data(organisation, start_date=past, end_date=past))
    assert response.status_code == 400
    assert "Der Beginn muss in der Zukunft liegen." in response.content.decode()


def test_the_services_refusal_lands_on_the_form(client, member, organisation, settings):
    settings.EVENT_PROPOSALS_OPEN_MAX = 1
    client.force_login(member)
    assert client.post(URL, post_data(organisation, title="Erster")).status_code == 302
    page = client.get(URL).content.decode()
    assert "Sie haben 1 Vorschlag, über den die Kuration noch nicht entschieden hat" in page
    response = client.post(URL, post_data(organisation, title="Zweiter"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sie haben schon 1 Vorschläge" in page
    assert 'value="Zweiter"' in page
    assert not Event.objects.filter(title="Zweiter").exists()


def test_another_organisations_profile_cannot_be_chosen(client, member):
    client.force_login(member)
    other = OrganisationFactory()
    response = client.post(URL, post_data(other))
    assert response.status_code == 400
    assert not Event.objects.filter(proposed_by=other).exists()


def test_the_list_invites_to_propose(client, member, curator):
    page = client.get(reverse("events:list")).content.decode()
    assert f"/konto/login/?next={URL}" in page
    assert f'href="{URL}"' not in page
    client.force_login(member)
    page = client.get(reverse("events:list")).content.decode()
    assert f'href="{URL}"' in page
    assert "Veranstaltung vorschlagen" in page
    client.force_login(curator)
    page = client.get(reverse("events:list")).content.decode()
    assert "Veranstaltung anlegen" in page
    assert f'href="{URL}"' not in page


# The curators' side -------------------------------------------------------------------------


def propose(member, organisation, title: str, note: str = "") -> Event:
    start = timezone.now() + dt.timedelta(days=20)
    return services.event_propose(
        user=member,
        actor=organisation,
        data={
            "format": EventFormat.objects.get(slug="praxiswerkstatt"),
            "title": title,
            "start": start,
            "end": start + dt.timedelta(hours=3),
            "proposal_note": note,
        },
    )


def test_curators_tell_proposals_from_their_drafts(
    client, curator, member, organisation, django_assert_num_queries
):
    EventFactory(state=Event.State.DRAFT, title="Eigener Entwurf der Kuration")
    event = propose(member, organisation, "Vorschlag Hafen", note="Bitte mit <b>Rundgang</b>.")
    client.force_login(curator)
    response = client.get(reverse("events:planning"))
    page = response.content.decode()
    assert "Eigener Entwurf der Kuration" in page
    assert "Vorschlag Hafen" in page
    assert page.count("Vorschlag von Stadtteilverein Wanne") == 1
    assert "Bitte mit &lt;b&gt;Rundgang&lt;/b&gt;." in page  # escaped
    # The curator's edit page shows who proposed it and the note, and offers publishing.
    page = client.get(reverse("events:edit", args=[event.slug])).content.decode()
    assert "Vorschlag von Stadtteilverein Wanne" in page
    assert member.email in page
    assert "Bitte mit &lt;b&gt;Rundgang&lt;/b&gt;." in page
    assert reverse("events:publish", args=[event.slug]) in page
    # More proposals cost no more queries.
    for n in range(4):
        other = MembershipFactory(user=member).organisation
        propose(member, other, f"Weiterer Vorschlag {n}", note="Notiz")
    with django_assert_num_queries(count_queries(client, reverse("events:planning"), status=None)):
        client.get(reverse("events:planning"))


def test_curators_complete_and_publish_a_proposal(
    client, curator, member, organisation, django_capture_on_commit_callbacks, mailoutbox
):
    event = propose(member, organisation, "Vorschlag Markt")
    client.force_login(curator)
    publish = reverse("events:publish", args=[event.slug])
    response = client.post(publish)  # on site without a venue: not yet
    event.refresh_from_db()
    assert event.state == Event.State.DRAFT
    services.event_update(
        event=event,
        user=curator,
        data={
            "venue_name": "Markthalle",
            "address": "Markt 1",
            "municipality": Municipality.objects.get(ags="05916000"),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.state == Event.State.PUBLISHED
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "Vorschlag Markt" in mailoutbox[0].subject
