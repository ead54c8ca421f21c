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


def test_user_markdown_headings_start_below_the_sections_heading():
    from quartiersnetz.core.text import render_markdown

    html = render_markdown("# Wer wir sind\n\n## Räume\n\n### Details\n\n###### Tief")
    assert "<h3>Wer wir sind</h3>" in html
    assert "<h4>Räume</h4>" in html
    assert "<h5>Details</h5>" in html
    assert "<h6>Tief</h6>" in html
    assert "<h1" not in html
    assert "<h2" not in html
    # Whoever starts with "##" gets the same levels.
    assert render_markdown("## Räume\n\n### Details") == "<h3>Räume</h3>\n<h4>Details</h4>\n"


def test_empty_choices_are_words_and_checkboxes_are_not_optional():
    from django import forms

    from quartiersnetz.core.forms import KernFormMixin

    class Example(KernFormMixin, forms.Form):
        level = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
        agree = forms.BooleanField(required=False, label="Ich stimme zu")

    html = str(Example())
    assert "---------" not in html
    assert '<option value="" selected>– keine Angabe –</option>' in html
    assert '<option value="" selected>– bitte wählen –</option>' in html
    agree = html.split('for="id_agree">', 1)[1].split("</label>", 1)[0]
    assert agree == "Ich stimme zu"


def _current_nav_links(html: str) -> list[str]:
    import re

    nav = html[
        html.index('class="site-nav"') : html.index("</nav>", html.index('class="site-nav"'))
    ]
    return re.findall(r'<a class="kern-link" href="([^"]+)" aria-current="page">', nav)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/", ["/"]),
        ("/mitwirkende/", ["/mitwirkende/"]),
        ("/netzwerk/bereiche/", ["/netzwerk/"]),
        ("/grundsaetze/", ["/grundsaetze/"]),
        ("/impressum/", []),
        ("/en/mitwirkende/", ["/en/mitwirkende/"]),
    ],
)
def test_main_navigation_marks_the_current_section_in_each_language(client, url, current):
    # The navigation and the footer are rendered once per language and section (`site_fragment`):
    # the same process must still mark the right item and speak the page's language.
    html = client.get(url).content.decode()
    assert _current_nav_links(html) == current
    footer = html[html.index("<footer") :]
    assert ("Impressum" in footer) == (not url.startswith("/en/"))
    assert ("Legal notice" in footer) == url.startswith("/en/")
