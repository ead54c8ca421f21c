"""Personal API tokens: stored hashed, shown once, scoped, expiring, revocable, rate-limited;
the pages under /konto/api-schluessel/ that make, list and revoke them."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.api.models import ApiToken
from quartiersnetz.api.services import api_token_create, api_token_revoke
from quartiersnetz.audit.models import AuditEntry

from .helpers import PROBLEM

pytestmark = pytest.mark.django_db


def me(client, raw):
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")


# The tokens themselves ---------------------------------------------------------------------


def test_only_the_hash_is_stored(user):
    token, raw = api_token_create(user=user, name="Import", scope="read", days=30)
    assert raw.startswith("qn_")
    assert len(raw) > 40
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert token.prefix == raw[:9]
    assert token.expires_at - timezone.now() > dt.timedelta(days=29, hours=23)
    entry = AuditEntry.objects.get(action="api_token.create")
    assert raw not in str(entry.changes)


def test_two_tokens_differ(user):
    _a, first = api_token_create(user=user, name="A", scope="read", days=30)
    _b, second = api_token_create(user=user, name="B", scope="read", days=30)
    assert first != second


def test_a_valid_token_authenticates_and_notes_its_use(client, user):
    token, raw = api_token_create(user=user, name="Import", scope="read", days=90)
    response = me(client, raw)
    assert response.status_code == 200
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    me(client, raw)
    token.refresh_from_db()
    assert token.last_used_at == first_use  # noted at most once a minute


@pytest.mark.parametrize("state", ["expired", "revoked", "inactive account", "unknown"])
def test_refused_tokens_get_401_invalid_token(client, user, state):
    token, raw = api_token_create(user=user, name="Import", scope="write", days=30)
    if state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    elif state == "revoked":
        api_token_revoke(user=user, token=token)
    elif state == "inactive account":
        user.is_active = False
        user.save()
    else:
        raw = raw[:-2] + ("AA" if raw[-2:] != "AA" else "BB")
    response = me(client, raw)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == 'Bearer realm="quartiersnetz", error="invalid_token"'
    assert "unbekannt, abgelaufen oder widerrufen" in response.json()["detail"]


def test_nonsense_in_the_header_is_401(client):
    for value in ("Bearer", "Bearer " + "x" * 500, "Bearer qn_\x00", "Token abc"):
        assert client.get("/api/v1/me", HTTP_AUTHORIZATION=value).status_code == 401


def test_rate_limit_answers_429_with_retry_after(client, user, settings):
    settings.API_TOKEN_RATE_LIMIT = "3/m"
    _token, raw = api_token_create(user=user, name="Import", scope="read", days=30)
    other_user = UserFactory()
    _other, other_raw = api_token_create(user=other_user, name="Anderer", scope="read", days=30)
    assert [me(client, raw).status_code for _ in range(3)] == [200, 200, 200]
    limited = me(client, raw)
    assert limited.status_code == 429
    assert limited["Content-Type"] == PROBLEM
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert me(client, other_raw).status_code == 200  # counted per token


def test_at_most_twenty_valid_tokens(user):
    for number in range(ApiToken.MAX_ACTIVE_PER_USER):
        api_token_create(user=user, name=f"T{number}", scope="read", days=30)
    with pytest.raises(ValidationError, match="bereits 20"):
        api_token_create(user=user, name="zu viel", scope="read", days=30)
    api_token_revoke(user=user, token=ApiToken.objects.first())
    api_token_create(user=user, name="wieder Platz", scope="read", days=30)


def test_only_offered_lifetimes_and_scopes(user):
    with pytest.raises(ValidationError):
        api_token_create(user=user, name="X", scope="read", days=3650)
    with pytest.raises(ValidationError):
        api_token_create(user=user, name="X", scope="admin", days=30)


def test_nobody_revokes_anothers_token(user):
    token, _raw = api_token_create(user=UserFactory(), name="Fremd", scope="read", days=30)
    with pytest.raises(ValidationError):
        api_token_revoke(user=user, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


# The pages ---------------------------------------------------------------------------------


def test_the_page_needs_a_login(client):
    response = client.get("/konto/api-schluessel/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_a_new_token_is_shown_once_and_never_cached(client, user):
    client.force_login(user)
    response = client.post(
        "/konto/api-schluessel/", {"name": "Import Projektportal", "scope": "write", "days": "90"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    token = ApiToken.objects.get(user=user)
    raw = html.split('id="raw-token" type="text" value="')[1].split('"')[0]
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.scope == "write"
    assert "nur dieses eine Mal angezeigt" in html
    # It works at once, and the list afterwards shows only its beginning.
    assert me(client, raw).status_code == 200
    again = client.get("/konto/api-schluessel/").content.decode()
    assert raw not in again
    assert f"{token.prefix}…" in again
    assert "Import Projektportal" in again


def test_form_errors_keep_the_input(client, user):
    client.force_login(user)
    response = client.post("/konto/api-schluessel/", {"name": "Mein Import", "days": "7"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben." in html
    assert 'value="Mein Import"' in html
    assert not ApiToken.objects.exists()


def test_revoke_from_the_page(client, user):
    token, raw = api_token_create(user=user, name="Alt", scope="read", days=30)
    client.force_login(user)
    response = client.post(f"/konto/api-schluessel/{token.pk}/widerrufen/", follow=True)
    assert "ist widerrufen" in response.content.decode()
    assert "widerrufen am" in response.content.decode()
    assert me(client, raw).status_code == 401


def test_nobody_revokes_anothers_token_from_the_page(client, user):
    token, _raw = api_token_create(user=UserFactory(), name="Fremd", scope="read", days=30)
    client.force_login(user)
    assert client.post(f"/konto/api-schluessel/{token.pk}/widerrufen/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_account_page_links_to_the_tokens(client, user):
    client.force_login(user)
    assert 'href="/konto/api-schluessel/"' in client.get("/konto/mein-bereich/").content.decode()


def test_english_page(client, user):
    client.force_login(user)
    response = client.get("/en/konto/api-schluessel/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="kern-heading-x-large">Your API keys</h1>' in html
    assert "Create a new key" in html


def test_the_api_page_explains_tokens_and_shows_the_writes(client):
    html = client.get("/offene-daten/api/").content.decode()
    assert 'id="api-schluessel"' in html
    assert "<code>POST /api/v1/practices</code>" in html
    assert "<code>GET /api/v1/me</code>" in html
    assert "Felder der Anfrage an /api/v1/practices (JSON)" in html


def test_an_empty_post_is_an_error_not_a_silent_page(client, user):
    client.force_login(user)
    response = client.post("/konto/api-schluessel/", {})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
