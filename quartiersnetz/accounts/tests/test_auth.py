"""Login, login throttling, sessions, password change and reset, logout."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

LOGIN_URL = "/konto/login/"
WRONG_PASSWORD = "Falsch-geraten-123"
UNKNOWN_EMAIL = "niemand@example.org"
TOKEN_RE = re.compile(r'value="[A-Za-z0-9]{32,64}"')


def login(client: Client, email: str, password: str, **extra):
    return client.post(LOGIN_URL, {"login": email, "password": password}, **extra)


def fail(client: Client, email: str, times: int, **extra):
    response = None
    for _ in range(times):
        response = login(client, email, WRONG_PASSWORD, **extra)
    return response


def answer(response, email: str) -> tuple[int, list[str], str]:
    """What a visitor can observe: status, templates and the page with the typed address
    and the CSRF token taken out."""
    body = TOKEN_RE.sub('value=""', response.content.decode().replace(email, "ADDRESS"))
    return response.status_code, [t.name for t in response.templates], body


def logged_in(client: Client) -> bool:
    return client.get(reverse("accounts:dashboard")).status_code == 200


# Login -------------------------------------------------------------------


@pytest.mark.django_db
def test_login_with_email_and_password(client, user):
    response = login(client, user.email, DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert logged_in(client)


@pytest.mark.django_db
def test_login_address_is_case_insensitive(client, user):
    assert login(client, user.email.upper(), DEFAULT_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_login_gives_a_new_session_key(client, user):
    session = client.session
    session["vorher"] = True
    session.save()
    old_key = session.session_key

    login(client, user.email, DEFAULT_PASSWORD)

    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert logged_in(client)


@pytest.mark.django_db
def test_wrong_password_and_unknown_account_get_the_same_answer(client, user):
    wrong = answer(login(client, user.email, WRONG_PASSWORD), user.email)
    unknown = answer(login(client, UNKNOWN_EMAIL, WRONG_PASSWORD), UNKNOWN_EMAIL)

    assert wrong[0] == 400
    assert wrong[1][0] == "account/login.html"
    assert "E-Mail-Adresse und/oder das Passwort" in wrong[2]
    assert wrong == unknown


@pytest.mark.django_db
def test_admin_login_page_does_not_open_for_non_staff(client, user):
    response = client.post(
        "/verwaltung/login/?next=/verwaltung/",
        {"username": user.email, "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 400  # form again with an error, no redirect into the admin
    assert client.get("/verwaltung/").status_code == 302


# Throttling (django-axes through the real allauth form) -------------------


@pytest.mark.django_db
def test_four_failures_do_not_lock(client, user):
    assert fail(client, user.email, 4).status_code == 400
    assert login(client, user.email, DEFAULT_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_fifth_failure_locks_account_and_address(client, user):
    response = fail(client, user.email, 5)
    assert response.status_code == 429
    assert "account/lockout.html" in [t.name for t in response.templates]
    assert "vorübergehend gesperrt" in response.content.decode()

    # While locked, even the right password does not log in.
    response = login(client, user.email, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)

    attempt = AccessAttempt.objects.get()
    assert attempt.username == user.email
    assert attempt.ip_address == "127.0.0.1"


@pytest.mark.django_db
def test_lock_answer_is_the_same_for_unknown_accounts(client, user):
    existing = [answer(login(client, user.email, WRONG_PASSWORD), user.email) for _ in range(6)]
    unknown = [
        answer(login(client, UNKNOWN_EMAIL, WRONG_PASSWORD), UNKNOWN_EMAIL) for _ in range(6)
    ]

    assert [status for status, _, _ in existing] == [400, 400, 400, 400, 429, 429]
    assert existing == unknown


@pytest.mark.django_db
def test_case_variants_of_an_address_count_together(client, user):
    local, domain = user.email.split("@")
    for variant in [
        user.email,
        user.email.upper(),
        f"{local.title()}@{domain}",
        user.email,
        f" {user.email}",
    ]:
        response = login(client, variant, WRONG_PASSWORD)
    assert response.status_code == 429
    assert login(client, user.email, DEFAULT_PASSWORD).status_code == 429


@pytest.mark.django_db
def test_lock_is_per_account(client, user):
    other = UserFactory()
    fail(client, user.email, 5)
    assert login(client, other.email, DEFAULT_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_lock_is_per_address(user):
    attacker, owner = Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="198.51.100.7")
    assert fail(attacker, user.email, 5).status_code == 429
    assert login(owner, user.email, DEFAULT_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_lock_is_time_boxed(client, user):
    fail(client, user.email, 5)

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert login(client, user.email, DEFAULT_PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert login(client, user.email, DEFAULT_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_success_resets_the_failure_count(client, user):
    fail(client, user.email, 4)
    assert login(client, user.email, DEFAULT_PASSWORD).status_code == 302
    client.post(reverse("account_logout"))
    assert fail(client, user.email, 4).status_code == 400


@pytest.mark.django_db
def test_passwords_are_not_stored_with_failed_attempts(client, user):
    fail(client, user.email, 2)
    attempt = AccessAttempt.objects.get()
    assert WRONG_PASSWORD not in attempt.post_data
    login(client, user.email, DEFAULT_PASSWORD)
    assert not AccessLog.objects.filter(username__icontains=DEFAULT_PASSWORD).exists()


@pytest.mark.django_db
def test_admin_login_is_throttled_too(client, user):
    for _ in range(5):
        response = client.post(
            "/verwaltung/login/", {"username": user.email, "password": WRONG_PASSWORD}
        )
    assert response.status_code == 429
    assert AccessAttempt.objects.get().username == user.email


@pytest.mark.django_db
def test_behind_proxies_the_address_appended_by_the_nearest_proxy_counts(settings, user):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = Client(**proxy)
    for forged in range(5):
        # Whatever the client puts in front, the proxy appends the address it saw.
        response = login(
            attacker,
            user.email,
            WRONG_PASSWORD,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{forged}, 203.0.113.9",
        )
    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"

    owner = Client(**proxy)
    response = login(owner, user.email, DEFAULT_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 302


# Sessions end with a password change ---------------------------------------


@pytest.mark.django_db
def test_password_change_ends_every_session(user):
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        login(client, user.email, DEFAULT_PASSWORD)
        assert logged_in(client)

    new_password = "Neues-Quartier-2026!"
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302

    assert not logged_in(here)
    assert not logged_in(elsewhere)
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert login(Client(), user.email, new_password).status_code == 302


@pytest.mark.django_db
def test_password_change_needs_the_current_password(client, user):
    login(client, user.email, DEFAULT_PASSWORD)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "nicht-das-alte",
            "password1": "Neues-Quartier-2026!",
            "password2": "Neues-Quartier-2026!",
        },
    )
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


@pytest.mark.django_db
def test_password_change_applies_the_validators(client, user):
    login(client, user.email, DEFAULT_PASSWORD)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": "password123", "password2": "password123"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["password1"]
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


# Password reset by e-mail ----------------------------------------------------


def reset_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/konto/password/reset/key/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.django_db
def test_password_reset_by_email_ends_other_sessions(client, user):
    elsewhere = Client()
    login(elsewhere, user.email, DEFAULT_PASSWORD)

    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]

    # The key in the link is swapped for a session-bound URL on the first visit.
    response = client.get(reset_link(mail.outbox[0]), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    new_password = "Neues-Quartier-2026!"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302

    user.refresh_from_db()
    assert user.check_password(new_password)
    assert not logged_in(elsewhere)
    assert login(Client(), user.email, new_password).status_code == 302


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_unknown_addresses(client, user):
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": UNKNOWN_EMAIL})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    # The unknown address only learns that it has no account; no reset link is sent.
    assert [m.to for m in mail.outbox] == [[user.email], [UNKNOWN_EMAIL]]
    assert "/password/reset/key/" not in mail.outbox[1].body


@pytest.mark.django_db
def test_password_reset_link_works_only_once(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = reset_link(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(
        form_url, {"password1": "Neues-Quartier-2026!", "password2": "Neues-Quartier-2026!"}
    )

    response = Client().get(link, follow=True)
    assert "token_fail" in response.context
    assert response.context["token_fail"]


# Logout ----------------------------------------------------------------------


@pytest.mark.django_db
def test_logout_ends_the_session(client, user):
    login(client, user.email, DEFAULT_PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not logged_in(client)
    assert not Session.objects.filter(session_key=key).exists()


@pytest.mark.django_db
def test_logout_needs_a_post(client, user):
    login(client, user.email, DEFAULT_PASSWORD)
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200  # a confirmation form, not a logout
    assert logged_in(client)


@pytest.mark.parametrize("who", ["member", "curator", "superuser"])
def test_the_header_links_curation_for_curators_only(client, user, curator, who):
    """The header asks the curator rule itself (one query for the groups), not Django's
    permission backends (two more queries for every member page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    account = {"member": user, "curator": curator}.get(who) or UserFactory(is_superuser=True)
    client.force_login(account)
    client.get("/impressum/")  # warm: session, caches
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/impressum/").content.decode()
    link = f'href="{reverse("audit:dashboard")}"'
    assert (link in page) is (who != "member")
    assert not any("auth_permission" in q["sql"] for q in queries.captured_queries)
