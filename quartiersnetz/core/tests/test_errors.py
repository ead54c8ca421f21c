"""German error pages that give nothing away.

This module is also the URLconf of its tests: the project's URLs plus views that fail,
with the error handlers the project configures.
"""

from __future__ import annotations

import copy
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from config import urls as project_urls

SECRET = "geheimes-internes-Detail"
INTERNALS = [SECRET, "Traceback", "Request Method", "DJANGO_SETTINGS_MODULE", "Django", "settings."]


def raise_not_found(request: HttpRequest) -> HttpResponse:
    raise Http404(SECRET)


def raise_permission_denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(SECRET)


def raise_error(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET)


def broken_context_processor(request: HttpRequest) -> dict[str, object]:
    raise RuntimeError(SECRET)


urlpatterns = [
    path("test/fehlt/", raise_not_found),
    path("test/verboten/", raise_permission_denied),
    path("test/kaputt/", raise_error),
    *project_urls.urlpatterns,
]
handler404 = project_urls.handler404
handler500 = project_urls.handler500

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def assert_no_internals(html: str) -> None:
    for text in INTERNALS:
        assert text not in html


@pytest.fixture
def server_client(monkeypatch):
    """A client that gets the 500 page instead of the exception (as a browser would)."""
    monkeypatch.setattr(logging.getLogger("django.request"), "disabled", True)
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", ["/gibt-es-nicht/", "/test/fehlt/"])
def test_not_found_page_is_german_and_plain(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Seite nicht gefunden" in html
    assert 'href="/"' in html
    assert_no_internals(html)


def test_not_found_page_does_not_echo_the_address_as_markup(client):
    response = client.get("/%3Cscript%3Ealert(1)%3C/script%3E/")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.content.decode()


def test_permission_denied_page_is_german_and_plain(client):
    response = client.get("/test/verboten/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Keine Berechtigung" in html
    assert_no_internals(html)


def test_server_error_page_is_german_and_plain(server_client):
    response = server_client.get("/test/kaputt/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Etwas ist schiefgelaufen" in html
    assert_no_internals(html)
    # Security headers still apply to the error page.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response


def test_server_error_page_renders_when_a_context_processor_fails(server_client, settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].append(f"{__name__}.broken_context_processor")
    settings.TEMPLATES = templates

    response = server_client.get("/test/kaputt/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Etwas ist schiefgelaufen" in html
    assert_no_internals(html)


def test_server_error_page_needs_no_template_context(settings):
    # It is a plain file: no tags that would need a request, a context or the database.
    source = (settings.BASE_DIR / "quartiersnetz" / "templates" / "500.html").read_text()
    assert "{%" not in source
    assert "{{" not in source
    assert (settings.BASE_DIR / "quartiersnetz" / "static" / "css" / "error.css").exists()


@pytest.mark.django_db
def test_csrf_failure_page_is_german():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formular abgelaufen" in html
    assert "CSRF" not in html


@pytest.mark.django_db
def test_bad_request_page_is_german(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()
