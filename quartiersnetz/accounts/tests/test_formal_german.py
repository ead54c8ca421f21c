"""allauth's pages and e-mails address users formally ("Sie"), never with "du".

allauth's own German catalogue is informal; quartiersnetz/locale/de overrides the texts
listed in quartiersnetz/accounts/allauth_messages.py.
"""

from __future__ import annotations

import gettext
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import allauth
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from quartiersnetz.accounts.allauth_messages import ALLAUTH_MESSAGES
from quartiersnetz.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

INFORMAL = re.compile(
    r"\b(du|dich|dir|dein\w*|euch|euer\w*|hast|bist|kannst|möchtest|willst|musst|wirst"
    r"|gib|klicke?|bestätige|wähle|versuche|kontaktiere|überprüfe|lass)\b",
    re.IGNORECASE,
)
FORMAL = re.compile(r"\b(Sie|Ihnen|Ihr\w*)\b")  # capitalised: the polite form

ALLAUTH_LOCALE = Path(allauth.__file__).parent / "locale"
PASSWORD = "Mein-Quartier-2026!"


class _VisibleText(HTMLParser):
    """Text nodes (scripts included: a confirm() prompt is visible text too) and the
    attributes a visitor sees or hears; no markup, no styles."""

    SHOWN_ATTRIBUTES = frozenset({"placeholder", "title", "alt", "aria-label"})
    INLINE = frozenset({"a", "abbr", "b", "code", "em", "i", "small", "span", "strong"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        shown = [value for name, value in attrs if name in self.SHOWN_ATTRIBUTES and value]
        self.parts += [f" {value} " for value in shown]
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        self._in_style = False
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._in_style:
            self.parts.append(data)


def visible_text(response) -> str:
    parser = _VisibleText()
    parser.feed(response.content.decode())
    parser.close()
    return " ".join("".join(parser.parts).split())


def assert_formal(text: str) -> None:
    informal = sorted({match.group(0) for match in INFORMAL.finditer(text)})
    assert not informal, f"informal {informal} in: {text}"
    assert FORMAL.search(text), f"no formal address in: {text}"


def mail_text(message) -> str:
    return f"{message.subject}\n{unescape(message.body)}"


def signup(client: Client, email: str = "nora@example.org", **overrides):
    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Nora Neu",
        "accept_terms": "on",
        "accept_principles": "on",
        **overrides,
    }
    return client.post("/konto/signup/", data, follow=True)


# The catalogue -----------------------------------------------------------------


def _allauth_catalogue(language: str) -> gettext.GNUTranslations:
    with (ALLAUTH_LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)


def test_every_override_is_a_message_allauth_translates():
    """The ids were copied byte for byte; after an allauth upgrade a changed id shows here."""
    allauth_de = _allauth_catalogue("de")
    missing = [msgid for msgid in ALLAUTH_MESSAGES if allauth_de.gettext(msgid) == msgid]
    assert not missing
    assert len(set(ALLAUTH_MESSAGES)) == len(ALLAUTH_MESSAGES)


@pytest.mark.parametrize("msgid", ALLAUTH_MESSAGES)
def test_german_override_is_formal_and_english_stays_allauths(msgid):
    with translation.override("de"):
        german = translation.gettext(msgid)
    assert german != _allauth_catalogue("de").gettext(msgid)  # ours, not allauth's
    assert not INFORMAL.search(german), german
    assert "Email" not in german.replace("E-Mail", ""), german

    with translation.override("en"):
        assert translation.gettext(msgid) == _allauth_catalogue("en").gettext(msgid)


# Pages -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/konto/signup/", "Sie haben bereits ein Konto? Dann melden Sie sich bitte an."),
        ("/konto/login/", "Sie haben noch kein Konto? Dann registrieren Sie sich bitte zuerst."),
        ("/konto/password/reset/", "Geben Sie unten Ihre E-Mail-Adresse ein."),
    ],
)
def test_account_pages_are_formal(client, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    text = visible_text(response)
    assert_formal(text)
    assert expected in text


@pytest.mark.django_db
def test_signup_with_errors_is_formal(client):
    response = signup(client, password2="Ein-anderes-Passwort-1")
    assert response.status_code == 400
    text = visible_text(response)
    assert_formal(text)
    assert "Bitte geben Sie zweimal dasselbe Passwort ein." in text


@pytest.mark.django_db
def test_login_with_errors_is_formal(client):
    UserFactory(email="nora@example.org", display_name="Nora Neu")
    response = client.post("/konto/login/", {"login": "nora@example.org", "password": "falsch"})
    assert response.status_code == 400
    text = visible_text(response)
    assert_formal(text)
    assert "Die E-Mail-Adresse und/oder das Passwort sind leider falsch." in text


@pytest.mark.django_db
def test_password_reset_with_errors_is_formal(client):
    response = client.post("/konto/password/reset/", {"email": "keine-adresse"})
    assert response.status_code == 400
    text = visible_text(response)
    assert_formal(text)
    assert "Bitte gültige E-Mail-Adresse eingeben." in text


@pytest.mark.django_db
def test_password_reset_done_page_is_formal(client):
    response = client.post("/konto/password/reset/", {"email": "niemand@example.org"}, follow=True)
    text = visible_text(response)
    assert_formal(text)
    assert "Wir haben Ihnen eine E-Mail gesendet." in text


@pytest.mark.django_db
def test_password_change_with_errors_is_formal(client):
    user = UserFactory(email="nora@example.org", display_name="Nora Neu")
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "falsch", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 400
    text = visible_text(response)
    assert_formal(text)
    assert "Bitte geben Sie Ihr aktuelles Passwort ein." in text


@pytest.mark.django_db
def test_email_management_page_is_formal(client):
    client.force_login(UserFactory(email="nora@example.org", display_name="Nora Neu"))
    text = visible_text(client.get(reverse("account_email")))
    assert not INFORMAL.search(text), text
    assert "Bestätigungs-E-Mail erneut senden" in text

    response = client.post(
        reverse("account_email"), {"action_remove": "", "email": "nora@example.org"}, follow=True
    )
    text = visible_text(response)
    assert_formal(text)
    assert "Sie können Ihre primäre E-Mail-Adresse (nora@example.org) nicht entfernen." in text


@pytest.mark.django_db
def test_logout_page_and_message_are_formal(client):
    client.force_login(UserFactory(email="nora@example.org", display_name="Nora Neu"))
    text = visible_text(client.get(reverse("account_logout")))
    assert_formal(text)
    assert "Möchten Sie sich wirklich abmelden?" in text

    client.post(reverse("account_logout"))
    text = visible_text(client.get("/konto/login/"))  # the next page shows the message
    assert not INFORMAL.search(text), text
    assert "Sie haben sich abgemeldet." in text


# Sign-up and its confirmation e-mail ------------------------------------------------


@pytest.mark.django_db
def test_signup_confirmation_page_and_email_are_formal(client):
    response = signup(client)
    text = visible_text(response)
    assert_formal(text)
    assert "Bestätigen Sie Ihre E-Mail-Adresse" in text

    (message,) = mail.outbox
    assert message.subject == "[Quartiersnetz] Bitte bestätigen Sie Ihre E-Mail-Adresse"
    body = mail_text(message)
    assert_formal(body)
    assert message.body.startswith("Guten Tag,\n\nSie erhalten diese E-Mail, weil Ihre ")
    assert "Mit freundlichen Grüßen\nIhr Quartiersnetz-Team\ntestserver" in message.body

    link = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+/)", message.body)
    assert link, message.body
    text = visible_text(client.get(link.group(1)))
    assert_formal(text)
    assert "Bitte bestätigen Sie, dass nora@example.org eine E-Mail-Adresse von" in text


@pytest.mark.django_db
def test_signup_with_a_taken_address_sends_a_formal_email(client):
    UserFactory(email="nora@example.org", display_name="Nora Neu")
    signup(client)
    (message,) = mail.outbox
    assert_formal(mail_text(message))
    assert "jemand (möglicherweise Sie selbst)" in message.body


# Password reset e-mails ---------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_email_is_formal(client):
    UserFactory(email="nora@example.org", display_name="Nora Neu")
    client.post("/konto/password/reset/", {"email": "nora@example.org"})
    (message,) = mail.outbox
    body = mail_text(message)
    assert_formal(body)
    assert "das Zurücksetzen des Passworts für Ihr Konto angefordert" in body
    assert "/konto/password/reset/key/" in body


@pytest.mark.django_db
def test_password_reset_email_for_an_unknown_address_is_formal(client):
    client.post("/konto/password/reset/", {"email": "niemand@example.org"})
    (message,) = mail.outbox
    assert_formal(mail_text(message))
    assert "Ein solches Konto ist bei uns jedoch nicht registriert." in message.body


@pytest.mark.django_db
def test_password_change_notice_is_formal(client, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    user = UserFactory(email="nora@example.org", display_name="Nora Neu")
    client.force_login(user)
    client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": PASSWORD, "password2": PASSWORD},
    )
    (message,) = mail.outbox
    assert_formal(mail_text(message))
    assert "Ihr Passwort wurde geändert." in message.body
