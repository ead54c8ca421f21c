"""Security headers, CSP without inline code, no third-party requests, cookies, and the
deployment settings (production behind TLS, dev on loopback)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from quartiersnetz.accounts.tests.factories import DEFAULT_PASSWORD

BASE_DIR = Path(django_settings.BASE_DIR)

PUBLIC_PAGES = [
    "/",
    "/grundsaetze/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/nutzungsbedingungen/",
    "/datenquellen/",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
    "/gibt-es-nicht/",
    "/en/",
    "/en/konto/login/",
]
ACCOUNT_PAGES = ["/konto/mein-bereich/", "/konto/password/change/", "/konto/logout/"]


@pytest.fixture(autouse=True)
def _german_afterwards():
    """Requests to /en/ pages leave English active in this thread, and reverse() in later
    tests would then build /en/ URLs."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


# Headers ---------------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/konto/login/", "/gibt-es-nicht/"])
def test_security_headers(client, url):
    response = client.get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert "unsafe" not in response["Content-Security-Policy"]


# Markup: nothing inline, nothing from elsewhere -------------------------------


class PageAudit(HTMLParser):
    """Collects everything a CSP without 'unsafe-inline' would block and every resource
    that would be fetched from another origin."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    @staticmethod
    def _external(url: str | None) -> bool:
        url = (url or "").strip().lower()
        return url.startswith(("http:", "https:", "//")) or url.startswith("javascript:")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> inline event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…> inline style")
            if name == "href" and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} href=javascript:…>")
        if tag == "script":
            if not attributes.get("src"):
                self._in_script = True
            elif self._external(attributes["src"]):
                self.problems.append(f"third-party script {attributes['src']}")
        elif tag == "style":
            self.problems.append("<style> element")
        elif tag in {"iframe", "object", "embed", "frame"}:
            self.problems.append(f"<{tag}>")
        elif tag in {"img", "audio", "video", "source", "track", "input"}:
            for name in ("src", "srcset", "poster"):
                if self._external(attributes.get(name)):
                    self.problems.append(f"third-party {tag} {attributes[name]}")
        elif tag == "link" and self._external(attributes.get("href")):
            rel = (attributes.get("rel") or "").lower()
            if rel not in {"alternate", "canonical", "license", "author", "help"}:
                self.problems.append(f"third-party <link rel={rel}> {attributes['href']}")
        elif tag == "form" and self._external(attributes.get("action")):
            self.problems.append(f"form posting elsewhere: {attributes['action']}")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def audit(html: str) -> list[str]:
    parser = PageAudit()
    parser.feed(html)
    parser.close()
    return parser.problems


def test_audit_finds_what_csp_would_block():
    html = (
        '<script>alert(1)</script><a href="javascript:x()">x</a><p style="color:red" '
        'onclick="x()"></p><style>p{}</style><script src="https://cdn.example.com/x.js"></script>'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css">'
        '<img src="//t.example/p.gif">'
    )
    assert len(audit(html)) == 8
    assert (
        audit('<script src="/static/js/app.js"></script><a href="https://example.org">x</a>') == []
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_have_no_inline_code_or_third_party_resources(client, url):
    response = client.get(url)
    assert response.status_code in {200, 404}
    assert audit(response.content.decode()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_account_pages_have_no_inline_code_or_third_party_resources(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert audit(response.content.decode()) == []


@pytest.mark.django_db
def test_lockout_page_has_no_inline_code(client, user):
    for _ in range(5):
        response = client.post("/konto/login/", {"login": user.email, "password": "falsch"})
    assert response.status_code == 429
    assert audit(response.content.decode()) == []


def test_error_page_has_no_inline_code():
    assert audit((BASE_DIR / "quartiersnetz" / "templates" / "500.html").read_text()) == []


def test_stylesheets_load_nothing_from_elsewhere():
    static = BASE_DIR / "quartiersnetz" / "static"
    sheets = list(static.rglob("*.css"))
    assert sheets
    for sheet in sheets:
        css = sheet.read_text(errors="replace").lower().replace(" ", "")
        for marker in (
            "url(http",
            "url('http",
            'url("http',
            "url(//",
            "@importurl(",
            '@import"http',
        ):
            assert marker not in css, f"{sheet.relative_to(static)} loads {marker}…"


# Cookies: the session cookie and csrftoken only -----------------------------


def cookie_names(client: Client) -> set[str]:
    return {name for name, morsel in client.cookies.items() if morsel.value}


@pytest.mark.django_db
def test_browsing_sets_no_cookie_but_csrftoken(client):
    for url in PUBLIC_PAGES:
        client.get(url)
    assert cookie_names(client) <= {"csrftoken"}


@pytest.mark.django_db
def test_login_sets_only_session_and_csrf_cookies(client, user):
    response = client.post("/konto/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    client.get(response["Location"])  # the page that shows the welcome message
    client.post(reverse("account_logout"))
    assert cookie_names(client) <= {"sessionid", "csrftoken"}


@pytest.mark.django_db
def test_forms_need_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 403


# Production settings (behind TLS) ---------------------------------------------


def load_production_settings(settings, monkeypatch):
    """Apply what config.settings.production changes against base to the test settings
    (with the environment variables the caller set, SITE_URL defaulting to a public one)."""
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    if "SITE_URL" not in os.environ:
        monkeypatch.setenv("SITE_URL", "https://quartiersnetz.example.org")
    sys.modules.pop("config.settings.production", None)
    try:
        production = importlib.import_module("config.settings.production")
    finally:
        sys.modules.pop("config.settings.production", None)
    base = importlib.import_module("config.settings.base")
    for name in dir(production):
        if name.isupper() and getattr(production, name) != getattr(base, name, object()):
            setattr(settings, name, getattr(production, name))
    return settings


@pytest.fixture
def production_settings(settings, monkeypatch):
    """The production settings with their defaults (no optional variables set)."""
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_PRELOAD", "SECURE_HSTS_SECONDS", "REDIS_URL",
                 "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SITE_URL", "TRUSTED_PROXY_COUNT"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    return load_production_settings(settings, monkeypatch)


# What the TLS proxy passes on: the original Host and the scheme.
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "testserver"}


@pytest.mark.django_db
def test_production_redirects_plain_http_to_https(production_settings):
    response = Client().get("/konto/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/konto/login/"


@pytest.mark.django_db
def test_production_answers_health_checks_over_plain_http(production_settings):
    assert Client().get("/healthz").status_code == 200


@pytest.mark.django_db
def test_production_sends_hsts_and_secure_cookies(production_settings, user):
    client = Client()
    response = client.get("/konto/login/", **HTTPS)
    assert response.status_code == 200
    # Subdomains and preloading are the operator's opt-ins (see test_production_defaults).
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    csrf = response.cookies["__Host-csrftoken"]
    assert csrf["secure"]
    assert csrf["path"] == "/"

    response = client.post(
        "/konto/login/", {"login": user.email, "password": DEFAULT_PASSWORD}, **HTTPS
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    assert session["path"] == "/"
    assert not session["domain"]

    assert cookie_names(client) == {"__Host-sessionid", "__Host-csrftoken"}


@pytest.mark.django_db
def test_production_login_works_through_the_tls_proxy_with_csrf(production_settings, user):
    client = Client(enforce_csrf_checks=True, **HTTPS)
    client.get("/konto/login/")
    token = client.cookies["__Host-csrftoken"].value
    data = {"login": user.email, "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": token}

    assert (
        client.post("/konto/login/", data, HTTP_ORIGIN="https://elsewhere.example").status_code
        == 403
    )
    response = client.post("/konto/login/", data, HTTP_ORIGIN="https://testserver")
    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200


@pytest.mark.django_db
def test_production_throttles_by_the_client_address_behind_the_proxy(production_settings, user):
    from axes.models import AccessAttempt

    client = Client(REMOTE_ADDR="10.0.0.2", **HTTPS)
    client.post("/konto/login/", {"login": user.email, "password": "falsch"},
                HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9")  # fmt: skip
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


def run_python(args: list[str], env: dict[str, str], tmp_path: Path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY"))}
    clean.update({"VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_passes_the_deploy_check(tmp_path):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "k7Vq-2rN9pX4zL8wT1mB6cH3jF5dS0gY-aE7uR2iO9nK4vQ1xZ8tW3yP6bM5",
            "ALLOWED_HOSTS": "quartiersnetz.example.org",
            "SITE_URL": "https://quartiersnetz.example.org",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "DJANGO_DEBUG": "1",  # must not switch DEBUG on in production
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SHOW_SETTINGS = (
    "import importlib, json, os; "
    "s = importlib.import_module(os.environ['DJANGO_SETTINGS_MODULE']); "
    "print(json.dumps([s.DEBUG, getattr(s, 'SESSION_COOKIE_SECURE', False), "
    "getattr(s, 'SECURE_SSL_REDIRECT', False), s.ALLOWED_HOSTS, bool(s.SECRET_KEY)]))"
)


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = run_python(
        ["-c", SHOW_SETTINGS], {"DJANGO_SETTINGS_MODULE": "config.settings.production"}, tmp_path
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


# Dev settings (`make run`: plain HTTP on loopback) --------------------------------


@pytest.mark.parametrize(("flag", "debug"), [(None, False), ("1", True)])
def test_dev_settings_debug_only_on_request(tmp_path, flag, debug):
    import json

    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    if flag:
        env["DJANGO_DEBUG"] = flag
    result = run_python(["-c", SHOW_SETTINGS], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [debug, False, False, ["127.0.0.1", "localhost"], True]
    key_file = tmp_path / "secret_key"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("port", "site_url"), [("8000", "http://127.0.0.1:8000"), ("8123", "http://127.0.0.1:8123")]
)
def test_dev_links_in_mails_follow_the_port_make_run_serves_on(tmp_path, port, site_url):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "PORT": port}
    show = (
        "import importlib, os; "
        "print(importlib.import_module(os.environ['DJANGO_SETTINGS_MODULE']).SITE_URL)"
    )
    result = run_python(["-c", show], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == site_url


def test_make_run_serves_dev_settings_on_loopback(monkeypatch):
    makefile = (BASE_DIR / "Makefile").read_text()
    assert "DJANGO_SETTINGS_MODULE ?= config.settings.dev" in makefile
    for name in ("HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    namespace: dict[str, object] = {}
    exec((BASE_DIR / "config" / "gunicorn.py").read_text(), namespace)  # noqa: S102 - our config
    assert namespace["bind"] == "127.0.0.1:8000"
    assert (
        'setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")'
        in (BASE_DIR / "config" / "wsgi.py").read_text()
    )


def test_password_validators_include_common_passwords(settings):
    names = [
        validator["NAME"].rsplit(".", 1)[-1] for validator in settings.AUTH_PASSWORD_VALIDATORS
    ]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
