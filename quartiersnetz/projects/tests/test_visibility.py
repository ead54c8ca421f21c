"""Projects without every partner's consent stay hidden on every channel.

List, facets, full-text filter, detail, Atom feed, the learnings page and the selector for
practice pages: anonymous visitors and members of other organisations never see them;
partner members and curators do.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.practices.tests.factories import DraftPracticeFactory, PracticeFactory
from quartiersnetz.projects.models import Project
from quartiersnetz.projects.selectors import projects_learnings_for, visible_projects

from .factories import (
    LearningFactory,
    LogEntryFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    PublicProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden():
    """A project awaiting the consent of its partner, and a member of that partner."""
    project = ProjectFactory(title="Geheimes Wohnzimmerlabor", slug="geheim")
    member = MembershipFactory()
    ProjectPartnerFactory(project=project, actor=member.organisation)
    LearningFactory(project=project, title="Geheime Erkenntnis", practices=[PracticeFactory()])
    return project, member.user


@pytest.fixture
def public():
    return PublicProjectFactory(title="Offenes Kaufhauslabor", slug="offen")


def viewers(curator, partner):
    return {
        "anonymous": None,
        "no_org": UserFactory(),
        "other_org": MembershipFactory().user,
        "partner": partner,
        "curator": curator,
    }


SEES_HIDDEN = {"partner", "curator"}


def test_visible_projects_selector(hidden, public, curator):
    project, partner = hidden
    for role, user in viewers(curator, partner).items():
        ids = set(visible_projects(user).values_list("pk", flat=True))
        expected = {public.pk, project.pk} if role in SEES_HIDDEN else {public.pk}
        assert ids == expected, role


@pytest.mark.parametrize(
    "path",
    [
        "/vorhaben/",
        "/vorhaben/?q=labor",
        "/vorhaben/?q=wohnzimmerlabor",
        "/vorhaben/?phase=development",
        "/vorhaben/?state=05",
        "/vorhaben/?method=design_thinking",
        "/vorhaben/?spatial_field=quarters",
    ],
)
def test_list_search_and_facets(client, hidden, public, curator, path):
    project, partner = hidden
    for role, user in viewers(curator, partner).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        page = client.get(path).content.decode()
        assert (project.title in page) == (role in SEES_HIDDEN), role
        if "wohnzimmer" not in path:
            assert public.title in page
        if role not in SEES_HIDDEN:
            # The facet counts do not give the hidden project away either.
            assert "(2)" not in page
            assert "Zustimmung ausstehend" not in page


def test_partner_sees_the_badge_in_the_list(client, hidden):
    _project, partner = hidden
    client.force_login(partner)
    assert "Zustimmung ausstehend – nicht öffentlich" in client.get("/vorhaben/").content.decode()


def test_detail(client, hidden, curator):
    _project, partner = hidden
    for role, user in viewers(curator, partner).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get("/vorhaben/geheim/")
        assert response.status_code == (200 if role in SEES_HIDDEN else 404), role


def test_feed_and_learnings_page(client, hidden, public, curator):
    project, partner = hidden
    LearningFactory(project=public, title="Offene Erkenntnis")
    LearningFactory(project=public, title="Unveröffentlichte Erkenntnis", is_published=False)
    feed = client.get("/vorhaben/feed.atom").content.decode()
    assert public.title in feed
    assert project.title not in feed
    for role, user in viewers(curator, partner).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        page = client.get("/vorhaben/erkenntnisse/").content.decode()
        assert "Offene Erkenntnis" in page
        assert "Unveröffentlichte Erkenntnis" not in page
        assert ("Geheime Erkenntnis" in page) == (role in SEES_HIDDEN), role


def test_learnings_for_a_practice_only_from_public_projects(hidden, public):
    project, _partner = hidden
    practice = project.learnings.get().practices.get()
    assert projects_learnings_for(practice) == []
    shown = LearningFactory(project=public, practices=[practice])
    LearningFactory(project=public, practices=[practice], is_published=False)
    assert projects_learnings_for(practice) == [shown]
    project.state = Project.State.PUBLIC
    project.public_since = timezone.now()
    project.save()
    assert len(projects_learnings_for(practice)) == 2


def test_detail_shows_only_public_parts_to_the_public(client, public, curator):
    member = MembershipFactory()
    public.partner_roles.update(actor=member.organisation)
    draft_event = EventFactory(title="Interne Planungswerkstatt", state=Event.State.DRAFT)
    open_event = EventFactory(title="Praxiswerkstatt Marktplatz")
    LogEntryFactory(project=public, title="Planung", event=draft_event, date=dt.date(2025, 1, 2))
    entry = LogEntryFactory(
        project=public, title="Werkstatt", event=open_event, date=dt.date(2025, 2, 3)
    )
    LogEntryFactory(project=public, title="Nachbereitung", date=dt.date(2025, 2, 3))
    LearningFactory(
        project=public,
        log_entry=entry,
        title="Öffentliche Erkenntnis",
        practices=[
            PracticeFactory(title="Veröffentlichtes Beispiel"),
            DraftPracticeFactory(title="Entwurfsbeispiel", published_at=None),
        ],
    )
    LearningFactory(project=public, title="Interne Erkenntnis", is_published=False)
    page = client.get("/vorhaben/offen/").content.decode()
    assert "Interne Planungswerkstatt" not in page
    assert open_event.get_absolute_url() in page
    assert "Öffentliche Erkenntnis" in page
    assert "Veröffentlichtes Beispiel" in page
    assert "Entwurfsbeispiel" not in page
    assert "Interne Erkenntnis" not in page
    # Two entries on one day share one date heading.
    assert page.count('datetime="2025-02-03"') == 1
    assert page.count('datetime="2025-01-02"') == 1
    client.force_login(member.user)
    page = client.get("/vorhaben/offen/").content.decode()
    assert "Interne Erkenntnis" in page
    assert "nicht veröffentlicht" in page
    assert "Interne Planungswerkstatt" not in page
    client.force_login(curator)
    assert "Interne Planungswerkstatt" in client.get("/vorhaben/offen/").content.decode()
