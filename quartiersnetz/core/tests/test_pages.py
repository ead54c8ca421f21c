import pytest
from django.urls import reverse

PAGES = ["core:principles", "core:imprint", "core:privacy", "core:accessibility",
         "core:terms", "core:data_sources"]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_public_pages_render_in_german(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert '<html lang="de">' in response.content.decode()


@pytest.mark.django_db
def test_language_switch_keeps_page_and_filters(client):
    html = client.get("/mitwirkende/?sector=stiftungen").content.decode()
    assert 'href="/en/mitwirkende/?sector=stiftungen" hreflang="en"' in html
    assert client.get("/en/mitwirkende/?sector=stiftungen").status_code == 200


@pytest.mark.django_db
def test_plain_urls_stay_german_whatever_the_browser_prefers(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="de">' in html


@pytest.mark.django_db
def test_public_pages_set_no_cookies(client):
    for url in ["/", "/mitwirkende/", "/grundsaetze/", "/en/"]:
        response = client.get(url)
        assert response.cookies == {}, url


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
