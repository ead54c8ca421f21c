"""An organisation's profile lists its records from every app above it — practices, projects,
publications and Werkstätten — as sections those apps contribute (no upward imports), and only
what is public and agreed to."""

from __future__ import annotations

import pytest
from django.utils.timezone import now

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeActorFactory, PracticeFactory
from quartiersnetz.projects.tests.factories import ProjectPartnerFactory, PublicProjectFactory
from quartiersnetz.publications.tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def section(html: str, heading_id: str) -> str:
    assert f'id="{heading_id}"' in html, heading_id
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_the_profile_lists_practices_projects_and_publications(client):
    actor = OrganisationFactory(name="Stadtteilverein Lindenau")
    PracticeActorFactory(actor=actor, practice=PracticeFactory(title="Leerstandsbörse Lindenau"))
    PracticeActorFactory(
        actor=actor,
        practice=PracticeFactory(title="Unveröffentlichter Entwurf", state=Practice.State.DRAFT),
    )
    ProjectPartnerFactory(
        actor=actor, project=PublicProjectFactory(title="Ladenzeile 2030"), consented_at=now()
    )
    ProjectPartnerFactory(
        actor=actor,
        project=PublicProjectFactory(title="Noch ohne Zustimmung"),
        consented_at=None,
    )
    publication = PublicationFactory(title="Impuls: Erdgeschosse beleben")
    publication.author_organisations.add(actor)
    PublicationFactory(title="Fremder Beitrag")

    html = client.get(actor.get_absolute_url()).content.decode()
    assert "Leerstandsbörse Lindenau" in section(html, "h-practices")
    assert "Ladenzeile 2030" in section(html, "h-projects")
    assert "Impuls: Erdgeschosse beleben" in section(html, "h-publications")
    for absent in ("Unveröffentlichter Entwurf", "Noch ohne Zustimmung", "Fremder Beitrag"):
        assert absent not in html
    # In this order: practices, projects, publications.
    assert html.index('id="h-practices"') < html.index('id="h-projects"')
    assert html.index('id="h-projects"') < html.index('id="h-publications"')

    # A new record shows at once (the profile's cache follows the sections' tables).
    PracticeActorFactory(actor=actor, practice=PracticeFactory(title="Zweites Beispiel"))
    assert "Zweites Beispiel" in client.get(actor.get_absolute_url()).content.decode()


def test_an_event_shows_the_projects_it_accompanies(client):
    from quartiersnetz.events.tests.factories import EventFactory
    from quartiersnetz.projects.models import Project, ProjectLogEntry
    from quartiersnetz.projects.tests.factories import ProjectFactory

    event = EventFactory(title="Praxiswerkstatt Dorfladen plus")
    public = PublicProjectFactory(title="Dorfladen plus")
    hidden = ProjectFactory(title="Interner Entwurf", state=Project.State.AWAITING_CONSENT)
    for project in (public, hidden):
        ProjectLogEntry.objects.create(
            project=project, date=event.start.date(), title="Werkstatt vor Ort", event=event
        )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Dorfladen plus</a>" in section(html, "h-projects")
    assert "Interner Entwurf" not in html
    # The project page links the event back (its log).
    assert event.get_absolute_url() in client.get(public.get_absolute_url()).content.decode()


def test_a_recommendation_names_the_werkstatt_it_came_from(client):
    from quartiersnetz.events.models import Event
    from quartiersnetz.events.tests.factories import EventFactory
    from quartiersnetz.publications.models import Publication
    from quartiersnetz.publications.tests.factories import RecommendationFactory

    publication = PublicationFactory(kind=Publication.Kind.RECOMMENDATIONS)
    recommendation = RecommendationFactory(publication=publication, number=3, title="Räume öffnen")
    shown = EventFactory(title="Perspektiven-Werkstatt Zentren")
    draft = EventFactory(title="Noch nicht veröffentlicht", state=Event.State.DRAFT)
    for event in (shown, draft):
        event.recommendations.add(recommendation)
    html = client.get(publication.get_absolute_url()).content.decode()
    origin = section(html, "h-origin-events")
    assert "Empfehlung 3: Räume öffnen" in origin
    assert f'href="{shown.get_absolute_url()}"' in origin
    assert "Noch nicht veröffentlicht" not in html
