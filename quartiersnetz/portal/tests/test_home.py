"""The start page."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_renders_in_german(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert '<html lang="de">' in response.content.decode()


@pytest.mark.django_db
def test_home_shows_fields_and_approaches(client):
    html = client.get("/").content.decode()
    for text in ["Innenstadtstrategien", "Lebendige Quartiere", "Kleinstadtperspektiven",
                 "Creative Places als Bausteine kreativer Netzwerke",
                 "Kleinstadt als Campus – eigendynamische Strategien",
                 "Klein- und Mittelstädte und ländlicher Raum"]:  # fmt: skip
        assert text in html


@pytest.mark.django_db
def test_home_in_english_via_language_switch(client):
    german = client.get("/").content.decode()
    assert 'href="/en/" hreflang="en"' in german
    english = client.get("/en/").content.decode()
    assert '<html lang="en">' in english
    assert "Lively neighbourhoods" in english
    assert 'href="/" hreflang="de"' in english


@pytest.mark.django_db
def test_home_count_follows_new_profiles(client, user):
    from quartiersnetz.actors import services
    from quartiersnetz.taxonomy.models import Sector

    def count():
        return client.get("/").context["actor_count"]

    before = count()
    services.organisation_create(
        user=user, data={"name": "Neu hier", "sector": Sector.objects.first()}
    )
    assert count() == before + 1


@pytest.mark.django_db
def test_the_start_page_is_the_hub(client, django_assert_max_num_queries):
    import datetime as dt

    from django.utils import timezone

    from quartiersnetz.events.models import Event
    from quartiersnetz.events.tests.factories import EventFactory
    from quartiersnetz.practices.models import Practice
    from quartiersnetz.practices.tests.factories import PracticeFactory
    from quartiersnetz.publications.tests.factories import PublicationFactory

    soon = timezone.now() + dt.timedelta(days=9)
    EventFactory(title="Praxiswerkstatt Marktplatz Wurzen", start=soon, end=soon)
    EventFactory(title="Abgesagte Werkstatt", state=Event.State.CANCELLED)
    EventFactory(
        title="Vergangene Werkstatt",
        start=timezone.now() - dt.timedelta(days=40),
        end=timezone.now() - dt.timedelta(days=40),
    )
    PracticeFactory(title="Dorfladen im alten Bahnhof")
    PracticeFactory(title="Geheimer Entwurf", state=Practice.State.DRAFT)
    PublicationFactory(title="Impuls zur Innenstadt von morgen")

    html = client.get("/").content.decode()
    assert "Praxiswerkstatt Marktplatz Wurzen" in html
    assert "Dorfladen im alten Bahnhof" in html
    assert "Impuls zur Innenstadt von morgen" in html
    for hidden in ("Abgesagte Werkstatt", "Vergangene Werkstatt", "Geheimer Entwurf"):
        assert hidden not in html
    # Figures: every sector with its count, the practices by kind, a map of their places.
    assert 'id="h-figures"' in html
    assert "Mitwirkende nach Bereich" in html
    assert "<circle" in html
    circle = html.split("<circle", 1)[1].split(">", 1)[0]
    assert "," not in circle.split('cx="', 1)[1].split('"', 1)[0]  # SVG numbers, not "1,5"
    # Cached under the data version: a second visit reads the version and the session only.
    with django_assert_max_num_queries(3):
        client.get("/")


@pytest.mark.django_db
def test_signed_in_members_see_their_next_steps(client):
    from quartiersnetz.actors.tests.factories import MembershipFactory
    from quartiersnetz.practices.models import Practice
    from quartiersnetz.practices.tests.factories import PracticeFactory

    member = MembershipFactory()
    PracticeFactory(
        title="Unser Entwurf zur Ladenzeile",
        state=Practice.State.DRAFT,
        organisation=member.organisation,
    )
    assert "Ihre nächsten Schritte" not in client.get("/").content.decode()
    client.force_login(member.user)
    html = client.get("/").content.decode()
    steps = html.split('id="h-next-steps"', 1)[1].split("</section>", 1)[0]
    assert "Unser Entwurf zur Ladenzeile" in steps
