"""The Werkstätten a recommendation was developed in: the editor's picker (a section of the
publications app's page), its POST URL (permission matrix), the audited service and the links
both ways on the public pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.events.models import Event
from quartiersnetz.events.recommendation_links import recommendation_events_set
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.publications.tests.factories import PublicationFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

URL = "/werkstaetten/empfehlungen/papier/1/"
EDITOR = "/kuration/impulse/papier/empfehlungen/1/"


@pytest.fixture
def recommendation():
    return RecommendationFactory(
        publication=PublicationFactory(slug="papier"), number=1, title="Leerstand öffnen"
    )


@pytest.fixture
def curator_user():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=CURATOR_GROUP))
    return user


def _users(curator_user):
    return {
        "anonymous": None,
        "member": MembershipFactory().user,
        "other_member": MembershipFactory().user,
        "curator": curator_user,
    }


@pytest.mark.parametrize("role", ["anonymous", "member", "other_member", "curator"])
def test_link_url_matrix(client, recommendation, curator_user, role):
    event = EventFactory(title="Praxiswerkstatt Herne")
    user = _users(curator_user)[role]
    if user is not None:
        client.force_login(user)
    response = client.post(URL, {"pick": [event.pk]})
    linked = list(recommendation.events.all())
    if role == "curator":
        assert response.status_code == 302
        assert response["Location"] == f"{EDITOR}#picker-werkstatt"
        assert linked == [event]
        return
    assert linked == []
    assert not AuditEntry.objects.filter(action="recommendation.link_events").exists()
    if role == "anonymous":
        assert "/konto/login/" in response["Location"]
    else:
        assert response.status_code == 403
    assert client.get(URL).status_code in (302, 405)


def test_unknown_recommendation_is_404(client, curator_user):
    client.force_login(curator_user)
    assert client.post("/werkstaetten/empfehlungen/gibt-es-nicht/1/", {}).status_code == 404


def test_service_sets_exactly_and_audits(recommendation, curator_user):
    a, b = EventFactory(), EventFactory()
    recommendation_events_set(user=curator_user, recommendation=recommendation, events=[a, b])
    recommendation_events_set(user=curator_user, recommendation=recommendation, events=[b])
    recommendation_events_set(user=curator_user, recommendation=recommendation, events=[b])
    assert list(recommendation.events.all()) == [b]
    changes = list(
        AuditEntry.objects.filter(action="recommendation.link_events")
        .order_by("pk")
        .values_list("changes", flat=True)
    )
    assert changes == [
        {"added": sorted([a.pk, b.pk]), "removed": []},
        {"added": [], "removed": [a.pk]},
    ]


def test_editor_shows_the_picker_and_finds_drafts_without_js(client, recommendation, curator_user):
    draft = EventFactory(title="Werkstatt Entwurf Herne", state=Event.State.DRAFT)
    EventFactory(title="Ganz andere Werkstatt")
    client.force_login(curator_user)
    html = client.get(EDITOR, {"werkstatt": "Herne"}).content.decode()
    assert 'id="picker-werkstatt"' in html
    assert f'action="{URL}"' in html
    assert f'name="pick" value="{draft.pk}"' in html
    assert "Ganz andere Werkstatt" not in html
    assert "Entwurf" in html  # the state is named


def test_pages_link_both_ways(client, recommendation, curator_user):
    public = EventFactory(title="Praxiswerkstatt Offenbach")
    draft = EventFactory(title="Geheime Werkstatt", state=Event.State.DRAFT)
    recommendation_events_set(
        user=curator_user, recommendation=recommendation, events=[public, draft]
    )
    publication_html = client.get("/impulse/papier/").content.decode()
    assert f'href="{public.get_absolute_url()}"' in publication_html
    assert "Geheime Werkstatt" not in publication_html
    event_html = client.get(public.get_absolute_url()).content.decode()
    assert f'href="{recommendation.get_absolute_url()}"' in event_html
