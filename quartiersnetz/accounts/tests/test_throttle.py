"""Login throttling across addresses: per account (soft lock lifted by e-mail), per address,
IPv6 by /64 (issue 9, finding 5)."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.core import mail, signing
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from quartiersnetz.accounts.tests.test_auth import (
    UNKNOWN_EMAIL,
    WRONG_PASSWORD,
    answer,
    fail,
    logged_in,
    login,
    reset_link,
)
from quartiersnetz.accounts.throttle import (
    UNLOCK_SALT,
    client_address_key,
    lockout_client_ip,
    make_unlock_token,
)

UNLOCK_RE = re.compile(r"https?://[^/\s]+(/konto/entsperren/\S+/)")


@pytest.fixture(autouse=True)
def _commit_at_once(monkeypatch):
    """Requests run in autocommit (no ATOMIC_REQUESTS): their on_commit callbacks, such as the
    unlock mail, run at once. Inside the test's transaction they would wait for its end."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, *a, **k: func())


def addresses(n: int, prefix: str = "198.51.100.") -> list[str]:
    return [f"{prefix}{i + 1}" for i in range(n)]


# A wrong password is an invalid form (400, core.responses); a lock answers 429.
WRONG_PASSWORD_STATUS = 400


def spread(email: str, per_address: int, ips: list[str]):
    """`per_address` wrong passwords from each address, round-robin (as a botnet would)."""
    clients = [Client(REMOTE_ADDR=ip) for ip in ips]
    response = None
    for _ in range(per_address):
        for c in clients:
            response = login(c, email, WRONG_PASSWORD)
    return response


def unlock_link(message) -> str:
    match = UNLOCK_RE.search(message.body)
    assert match, message.body
    return match.group(1)


def unlock_mails(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email] and "/konto/entsperren/" in m.body]


# Per account, across addresses ---------------------------------------------------------------


@pytest.mark.django_db
def test_48_failures_from_12_addresses_lock_the_account_even_for_the_right_password(user):
    response = spread(user.email, 4, addresses(12))
    assert response.status_code == 429

    elsewhere = Client(REMOTE_ADDR="192.0.2.200")
    response = login(elsewhere, user.email, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert not logged_in(elsewhere)
    html = response.content.decode()
    assert "auch mit dem richtigen Passwort" in html
    assert "Postfach" in html


@pytest.mark.django_db
def test_the_account_limit_is_ten_failures_from_any_addresses(user):
    ips = addresses(5)
    assert spread(user.email, 1, ips).status_code == WRONG_PASSWORD_STATUS
    assert spread(user.email, 1, ips[:4]).status_code == WRONG_PASSWORD_STATUS  # 9 failures
    assert login(Client(REMOTE_ADDR="192.0.2.1"), user.email, WRONG_PASSWORD).status_code == 429
    assert login(Client(REMOTE_ADDR="192.0.2.2"), user.email, DEFAULT_PASSWORD).status_code == 429
    # Another account is not affected.
    other = UserFactory()
    assert (
        login(Client(REMOTE_ADDR="198.51.100.1"), other.email, DEFAULT_PASSWORD).status_code == 302
    )


@pytest.mark.django_db
def test_the_account_lock_ends_after_the_cooloff(user):
    spread(user.email, 4, addresses(12))
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert login(Client(REMOTE_ADDR="192.0.2.200"), user.email, DEFAULT_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_owner_gets_one_unlock_mail_per_lock(user):
    spread(user.email, 4, addresses(12))  # locked at the 10th failure, 38 more attempts
    login(Client(REMOTE_ADDR="192.0.2.200"), user.email, DEFAULT_PASSWORD)
    assert len(unlock_mails(user)) == 1
    message = unlock_mails(user)[0]
    assert message.subject.startswith("[Quartiersnetz] ")
    assert "Anmeldung" in message.subject


@pytest.mark.django_db
def test_the_unlock_link_lifts_the_lock_once(user):
    spread(user.email, 4, addresses(12))
    link = unlock_link(unlock_mails(user)[0])

    owner = Client(REMOTE_ADDR="192.0.2.200")
    page = owner.get(link)
    assert page.status_code == 200
    assert "Anmeldung freigeben" in page.content.decode()
    # Looking at the page (or a mail scanner fetching it) changes nothing.
    assert login(Client(REMOTE_ADDR="192.0.2.201"), user.email, DEFAULT_PASSWORD).status_code == 429

    response = owner.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert not AccessAttempt.objects.filter(username=user.email).exists()
    assert login(owner, user.email, DEFAULT_PASSWORD).status_code == 302
    assert logged_in(owner)

    # A second use does nothing.
    again = Client()
    assert again.get(link).status_code == 400
    assert "bereits verwendet" in again.get(link).content.decode()
    assert again.post(link).status_code == 400


@pytest.mark.django_db
def test_the_unlocked_browser_gets_in_while_the_attack_goes_on(user):
    spread(user.email, 4, addresses(12))
    owner = Client(REMOTE_ADDR="192.0.2.200")
    owner.post(unlock_link(unlock_mails(user)[0]))

    # The attacker keeps guessing and locks the account again for everyone else …
    assert spread(user.email, 1, addresses(12, "203.0.113.")).status_code == 429
    assert login(Client(REMOTE_ADDR="192.0.2.9"), user.email, DEFAULT_PASSWORD).status_code == 429
    # … but not for the browser that followed the link.
    assert login(owner, user.email, DEFAULT_PASSWORD).status_code == 302
    # The renewed lock sent a new link.
    assert len(unlock_mails(user)) == 2


@pytest.mark.django_db
def test_the_unlock_link_expires(user, settings):
    spread(user.email, 4, addresses(12))
    link = unlock_link(unlock_mails(user)[0])
    later = timezone.now().timestamp() + settings.LOGIN_UNLOCK_LINK_MAX_AGE + 60
    with mock.patch("django.core.signing.time", mock.Mock(time=lambda: later)):
        response = Client().post(link)
    assert response.status_code == 400
    assert "abgelaufen" in response.content.decode()
    assert login(Client(REMOTE_ADDR="192.0.2.200"), user.email, DEFAULT_PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_tampered_unlock_link_fails(user):
    other = UserFactory()
    spread(user.email, 4, addresses(12))
    token = make_unlock_token(user)
    payload, stamp, signature = token.split(":")
    forged = signing.dumps([other.pk, ""], salt=UNLOCK_SALT).split(":")[0]
    for bad in [
        f"{payload}:{stamp}:{signature[:-2]}xx",
        f"{forged}:{stamp}:{signature}",
        signing.dumps([user.pk, user.login_unlock_nonce], salt="another-salt"),
        "kaputt",
    ]:
        response = Client().post(reverse("accounts:login_unlock", kwargs={"token": bad}))
        assert response.status_code == 400
        assert "ungültig" in response.content.decode()
    assert login(Client(REMOTE_ADDR="192.0.2.200"), user.email, DEFAULT_PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_password_reset_lifts_the_lock(client, user):
    spread(user.email, 4, addresses(12))
    client.post(reverse("account_reset_password"), {"email": user.email})
    reset = next(m for m in mail.outbox if "/password/reset/key/" in m.body)
    form_url = client.get(reset_link(reset), follow=True).redirect_chain[-1][0]
    new_password = "Neues-Quartier-2026!"
    client.post(form_url, {"password1": new_password, "password2": new_password})

    assert login(Client(REMOTE_ADDR="192.0.2.200"), user.email, new_password).status_code == 302


@pytest.mark.django_db
def test_a_locked_unknown_address_gets_the_same_answer_as_a_locked_account(user):
    known = spread(user.email, 4, addresses(12))
    unknown = spread(UNKNOWN_EMAIL, 4, addresses(12, "203.0.113."))
    assert answer(known, user.email) == answer(unknown, UNKNOWN_EMAIL)
    # Each further attempt too (right password for the existing account).
    known = login(Client(REMOTE_ADDR="192.0.2.1"), user.email, DEFAULT_PASSWORD)
    unknown = login(Client(REMOTE_ADDR="192.0.2.2"), UNKNOWN_EMAIL, DEFAULT_PASSWORD)
    assert answer(known, user.email) == answer(unknown, UNKNOWN_EMAIL)
    # Only the existing account's owner gets a mail, and nobody else gets one.
    assert [m.to for m in mail.outbox] == [[user.email]]


# Per address, across accounts ----------------------------------------------------------------


@pytest.mark.django_db
def test_72_attempts_from_one_address_over_18_accounts_lock_the_address():
    accounts = [UserFactory() for _ in range(18)]
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    statuses = []
    for _ in range(4):
        for account in accounts:
            statuses.append(login(attacker, account.email, WRONG_PASSWORD).status_code)
    assert statuses[:29] == [WRONG_PASSWORD_STATUS] * 29
    assert set(statuses[29:]) == {429}

    response = login(attacker, accounts[0].email, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "Netzwerkadresse" in response.content.decode()
    # The accounts themselves are not locked (4 failures each), other addresses get in.
    assert (
        login(Client(REMOTE_ADDR="192.0.2.1"), accounts[0].email, DEFAULT_PASSWORD).status_code
        == 302
    )
    assert mail.outbox == []


@pytest.mark.django_db
def test_logging_into_an_own_account_does_not_clear_the_address_counter(user):
    victims = [UserFactory() for _ in range(30)]
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for victim in victims[:15]:
        login(attacker, victim.email, WRONG_PASSWORD)
    assert login(attacker, user.email, DEFAULT_PASSWORD).status_code == 302
    attacker.post(reverse("account_logout"))
    for victim in victims[15:29]:
        assert login(attacker, victim.email, WRONG_PASSWORD).status_code == WRONG_PASSWORD_STATUS
    assert login(attacker, victims[29].email, WRONG_PASSWORD).status_code == 429


# Addresses -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("2001:DB8:1:3::1", "2001:db8:1:3::"),
        ("fe80::1%eth0", "fe80::"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("", None),
        ("unix:/run/gunicorn.sock", None),
    ],
)
def test_client_address_key(address, key):
    assert client_address_key(address) == key


def test_forwarded_ipv6_counts_by_64(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="2001:db8:7:8:1:2:3:4"
    )
    assert lockout_client_ip(request) == "2001:db8:7:8::"


@pytest.mark.django_db
def test_two_addresses_of_one_ipv6_64_share_the_pair_counter(user):
    fail(Client(REMOTE_ADDR="2001:db8:1:2::1"), user.email, 3)
    response = fail(Client(REMOTE_ADDR="2001:db8:1:2:ffff:ffff:ffff:fffe"), user.email, 2)
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"2001:db8:1:2::"}
    # Another /64 is a different address.
    assert (
        login(Client(REMOTE_ADDR="2001:db8:1:3::1"), user.email, DEFAULT_PASSWORD).status_code
        == 302
    )


@pytest.mark.django_db
def test_a_64_cannot_walk_its_addresses_past_the_address_limit():
    accounts = [UserFactory() for _ in range(8)]
    statuses = []
    for n in range(31):
        attacker = Client(REMOTE_ADDR=f"2001:db8:5:6::{n + 1:x}")
        statuses.append(login(attacker, accounts[n % 8].email, WRONG_PASSWORD).status_code)
    assert statuses[:29] == [WRONG_PASSWORD_STATUS] * 29
    assert statuses[29:] == [429, 429]
    assert (
        login(
            Client(REMOTE_ADDR="2001:db8:5:7::1"), accounts[0].email, DEFAULT_PASSWORD
        ).status_code
        == 302
    )


@pytest.mark.django_db
def test_ipv4_mapped_ipv6_counts_as_the_ipv4_address(user):
    fail(Client(REMOTE_ADDR="::ffff:192.0.2.1"), user.email, 3)
    assert fail(Client(REMOTE_ADDR="192.0.2.1"), user.email, 2).status_code == 429


@pytest.mark.django_db
def test_the_lock_page_speaks_english_too(user):
    spread(user.email, 4, addresses(12))
    english = Client(REMOTE_ADDR="192.0.2.200")
    response = english.post("/en/konto/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "even with the correct password" in html
    assert "15 minutes after the last failed attempt" in html
