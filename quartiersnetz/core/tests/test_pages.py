import pytest
from django.urls import reverse

PAGES = ["core:home", "core:principles", "core:imprint", "core:privacy", "core:accessibility",
         "core:terms", "core:data_sources"]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_public_pages_render_in_german(client, name):
    response = client.get(reverse(name))
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
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Lively neighbourhoods" in html


@pytest.mark.django_db
def test_principles_state_the_seed_principles(client):
    html = client.get(reverse("core:principles")).content.decode()
    assert "Open Source" in html
    assert "Keine formale Mitgliedschaft" in html
    assert "wirtschaftliche Akquise" in html


@pytest.mark.django_db
def test_imprint_uses_configured_operator(client, settings):
    settings.OPERATOR = {
        **settings.OPERATOR,
        "name": "Musterbetreiber e.V.",
        "address": "Musterweg 1",
    }
    html = client.get(reverse("core:imprint")).content.decode()
    assert "Musterbetreiber e.V." in html
    assert "Musterweg 1" in html
