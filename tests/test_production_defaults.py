"""Deployment defaults (issue 9, finding 8): SITE_URL required, HSTS preload and subdomains
only by choice, `Cache-Control: private, no-store` on everything personal, Permissions-Policy
on every response."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.staticfiles import finders
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.core.checks import check_site_url
from quartiersnetz.core.middleware import permissions_policy_header
from quartiersnetz.events.models import Event, Registration
from quartiersnetz.events.tests.factories import EventFactory, RegistrationFactory
from quartiersnetz.events.tokens import make_cancel_token
from quartiersnetz.practices.tests.factories import PracticeFactory
from tests.test_security import HTTPS, load_production_settings, run_python

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k7Vq-2rN9pX4zL8wT1mB6cH3jF5dS0gY-aE7uR2iO9nK4vQ1xZ8tW3yP6bM5",
    "ALLOWED_HOSTS": "quartiersnetz.example.org",
    # Production counts rate limits in Redis (nothing has to be reachable for the check).
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
DEPLOY_CHECK = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]


# SITE_URL ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "",
        "http://127.0.0.1:8000",
        "http://quartiersnetz.example.org",
        "https://127.0.0.1",
        "https://localhost:8443",
        "https://app.localhost",
        "https://[::1]",
        "https://0.0.0.0",
        "https://quartiersnetz.example.org/?x=1",
        "https://",
        "quartiersnetz.example.org",
    ],
)
def test_deploy_check_refuses_a_missing_or_local_site_url(settings, value):
    settings.SITE_URL = value
    errors = check_site_url()
    assert [error.id for error in errors] == ["core.E101"]
    assert "SITE_URL" in errors[0].msg
    # Registered with the deploy checks only: `manage.py check` in development stays quiet.
    assert "core.E101" in {e.id for e in run_checks(include_deployment_checks=True)}
    assert "core.E101" not in {e.id for e in run_checks()}


@pytest.mark.parametrize(
    "value", ["https://quartiersnetz.example.org", "https://example.org:8443/quartiersnetz/"]
)
def test_deploy_check_accepts_a_public_https_site_url(settings, value):
    settings.SITE_URL = value
    assert check_site_url() == []


def test_production_refuses_to_start_without_site_url(tmp_path):
    result = run_python(DEPLOY_CHECK, PRODUCTION_ENV, tmp_path)
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr


def test_production_deploy_check_fails_with_the_development_site_url(tmp_path):
    result = run_python(DEPLOY_CHECK, {**PRODUCTION_ENV, "SITE_URL": "http://127.0.0.1:8000"},
                        tmp_path)  # fmt: skip
    assert result.returncode != 0
    assert "core.E101" in result.stderr + result.stdout


def test_production_deploy_check_passes_with_hsts_opt_ins(tmp_path):
    """With SITE_URL and both HSTS opt-ins the check passes without silencing anything."""
    env = {
        **PRODUCTION_ENV,
        "SITE_URL": "https://quartiersnetz.example.org",
        "SECURE_HSTS_PRELOAD": "1",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    }
    result = run_python(DEPLOY_CHECK, env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# HSTS ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_hsts_without_preload_or_subdomains_by_default(monkeypatch, settings):
    for name in ("SECURE_HSTS_PRELOAD", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    production_settings = load_production_settings(settings, monkeypatch)
    assert production_settings.SECURE_HSTS_PRELOAD is False
    assert production_settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is False
    assert {"security.W005", "security.W021"} <= set(production_settings.SILENCED_SYSTEM_CHECKS)
    response = Client().get("/", **HTTPS)
    assert response["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.django_db
def test_hsts_preload_and_subdomains_by_setting(monkeypatch, settings):
    monkeypatch.setenv("SECURE_HSTS_PRELOAD", "true")
    monkeypatch.setenv("SECURE_HSTS_INCLUDE_SUBDOMAINS", "yes")
    production = load_production_settings(settings, monkeypatch)
    assert "security.W021" not in production.SILENCED_SYSTEM_CHECKS
    assert "security.W005" not in production.SILENCED_SYSTEM_CHECKS
    response = Client().get("/", **HTTPS)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


# Cache-Control ---------------------------------------------------------------------------------


def personal(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.mark.django_db
def test_named_personal_pages_are_private_and_not_stored(client, curator):
    event = EventFactory()
    RegistrationFactory(event=event)
    client.force_login(curator)
    for url in [
        "/konto/mein-bereich/",
        reverse("events:attendees", kwargs={"slug": event.slug}),
        reverse("events:attendees_csv", kwargs={"slug": event.slug}),
        "/kuration/protokoll/",
        "/kuration/",
        reverse("events:my_registrations"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert personal(response), (url, response.get("Cache-Control"))


@pytest.mark.django_db
def test_every_page_for_a_logged_in_user_is_private(client, user):
    PracticeFactory()
    client.force_login(user)
    for url in ["/", "/praxis/", "/mitwirkende/", "/werkstaetten/", "/gibt-es-nicht/"]:
        response = client.get(url)
        assert personal(response), (url, response.get("Cache-Control"))
    response = client.post("/konto/logout/")
    assert response.status_code == 302
    assert personal(response)


@pytest.mark.django_db
def test_anonymous_pages_that_read_a_filled_session_are_private(client):
    event = EventFactory()
    response = client.post(
        reverse("events:register", kwargs={"slug": event.slug}),
        {"name": "Kim Gast", "email": "kim@example.org"},
    )
    assert response.status_code == 302
    # The guest's session remembers the registration (and a flash message).
    assert personal(client.get(response["Location"]))
    assert personal(client.get("/"))


@pytest.mark.django_db
def test_signed_cancellation_link_is_private_without_a_session(client):
    registration = RegistrationFactory(event=EventFactory())
    url = reverse("events:cancel", kwargs={"token": make_cancel_token(registration)})
    response = client.get(url)
    assert response.status_code == 200
    assert personal(response)
    assert not client.cookies.get("sessionid")
    assert personal(client.get(url[:-3] + "xyz/"))  # also the problem page


@pytest.mark.django_db
def test_public_responses_keep_their_caching(client, user):
    PracticeFactory()
    start = timezone.now() + dt.timedelta(days=3)
    EventFactory(state=Event.State.PUBLISHED, start=start, end=start + dt.timedelta(hours=2))
    for url in ["/", "/praxis/", "/werkstaetten/", "/impressum/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", ""), url
        assert "private" not in response.get("Cache-Control", ""), url
    geojson = client.get("/api/v1/practices.geojson")
    assert "public" in geojson["Cache-Control"]
    assert "Cookie" not in geojson.get("Vary", "")
    calendar = client.get(reverse("events:calendar"))
    assert "public" in calendar["Cache-Control"]
    # A response the view declared public is the same for everyone, also when logged in.
    client.force_login(user)
    assert "public" in client.get(reverse("events:calendar"))["Cache-Control"]
    assert Registration.objects.count() == 0


# Permissions-Policy -------------------------------------------------------------------------------


def test_permissions_policy_header_format():
    assert permissions_policy_header({"camera": [], "fullscreen": ["self"]}) == (
        "camera=(), fullscreen=(self)"
    )


@pytest.mark.django_db
def test_permissions_policy_on_every_response(client, user, settings):
    expected = permissions_policy_header(settings.PERMISSIONS_POLICY)
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in expected
    stylesheet = finders.find("css/app.css")
    assert stylesheet
    responses = [
        client.get("/"),
        client.get("/gibt-es-nicht/"),
        client.get("/api/v1/practices.geojson"),
        client.get(reverse("events:calendar")),
        client.get("/healthz"),
        client.get("/verwaltung/"),
        client.post("/konto/login/", {"login": user.email, "password": "falsch"}),
    ]
    client.force_login(user)
    responses.append(client.get("/konto/mein-bereich/"))
    for response in responses:
        assert response["Permissions-Policy"] == expected, response
    # Static files too (WhiteNoise answers before the later middleware). Closing the file's
    # response ends the "request" for Django, which may close the database connection: last.
    static = client.get("/static/css/app.css")
    assert static.status_code == 200
    assert static["Permissions-Policy"] == expected
    static.close()
