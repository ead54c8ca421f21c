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
