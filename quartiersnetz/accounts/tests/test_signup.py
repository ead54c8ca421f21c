"""Sign-up with e-mail and password, mandatory confirmation and recorded consent."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.accounts import services
from quartiersnetz.accounts.models import Consent, User
from quartiersnetz.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

SIGNUP_URL = "/konto/signup/"
EMAIL = "neu@example.org"
PASSWORD = "Mein-Quartier-2026!"


def signup_data(**overrides):
    data = {
        "email": EMAIL,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Nora Neu",
        "accept_terms": "on",
        "accept_principles": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def logged_in(client: Client) -> bool:
    return client.get(reverse("accounts:dashboard")).status_code == 200


@pytest.mark.django_db
def test_signup_form_asks_for_consent_and_links_the_texts(client):
    response = client.get(SIGNUP_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ["email", "password1", "password2", "accept_terms", "accept_principles"]:
        assert f'name="{name}"' in html
    assert f'href="{reverse("core:terms")}"' in html
    assert f'href="{reverse("core:principles")}"' in html


@pytest.mark.django_db
def test_signup_records_consents_and_sends_a_confirmation(client, settings):
    before = timezone.now()
    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email=EMAIL)
    assert user.display_name == "Nora Neu"
    assert user.check_password(PASSWORD)
    consents = {c.kind: c for c in Consent.objects.filter(user=user)}
    assert consents[Consent.Kind.TERMS].version == settings.TERMS_VERSION
    assert consents[Consent.Kind.PRINCIPLES].version == settings.PRINCIPLES_VERSION
    for consent in consents.values():
        assert before <= consent.accepted_at <= timezone.now()

    assert not EmailAddress.objects.get(user=user).verified
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert "/konto/confirm-email/" in mail.outbox[0].body
    assert not logged_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["accept_terms", "accept_principles"])
def test_signup_without_consent_is_refused(client, missing):
    response = client.post(SIGNUP_URL, signup_data(**{missing: None}))
    assert response.status_code == 400
    assert response.context["form"].errors[missing]
    assert not User.objects.filter(email=EMAIL).exists()
    assert not mail.outbox


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password",
    [
        "password123",  # common
        "kurz-1!",  # too short
        "8361940275194",  # only digits
        "neu@example.org1",  # too close to the address
    ],
)
def test_signup_applies_the_password_validators(client, password):
    response = client.post(SIGNUP_URL, signup_data(password1=password, password2=password))
    assert response.status_code == 400
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email=EMAIL).exists()


@pytest.mark.django_db
def test_login_is_refused_until_the_address_is_confirmed(client):
    client.post(SIGNUP_URL, signup_data())
    other = Client()
    response = other.post("/konto/login/", {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not logged_in(other)


@pytest.mark.django_db
def test_confirmation_link_confirms_and_logs_in(client):
    client.post(SIGNUP_URL, signup_data())
    link = confirmation_link(mail.outbox[0])

    # GET only shows a button: mail scanners that follow links confirm nothing.
    assert client.get(link).status_code == 200
    assert not EmailAddress.objects.get(email=EMAIL).verified

    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email=EMAIL).verified
    assert logged_in(client)


@pytest.mark.django_db
def test_confirmed_account_can_log_in_elsewhere(client):
    client.post(SIGNUP_URL, signup_data())
    client.post(confirmation_link(mail.outbox[0]))
    other = Client()
    response = other.post("/konto/login/", {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in(other)


@pytest.mark.django_db
def test_signup_with_a_taken_address_looks_like_a_new_one(client):
    existing = UserFactory(email=EMAIL)

    response = client.post(SIGNUP_URL, signup_data(display_name="Jemand anderes"))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email=EMAIL).count() == 1
    existing.refresh_from_db()
    assert existing.check_password(DEFAULT_PASSWORD)
    assert existing.display_name != "Jemand anderes"
    assert not Consent.objects.filter(user=existing).exists()
    # The owner of the address is told by mail instead; no confirmation link is sent.
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert "/konto/confirm-email/" not in mail.outbox[0].body


@pytest.mark.django_db
def test_user_complete_signup_requires_both_consents():
    user = UserFactory()
    with pytest.raises(ValidationError):
        services.user_complete_signup(
            user=user, display_name="", accepted_terms=True, accepted_principles=False
        )
    assert not Consent.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_consent_is_recorded_once_per_version(settings):
    user = UserFactory()
    for _ in range(2):
        services.user_complete_signup(
            user=user, display_name="", accepted_terms=True, accepted_principles=True
        )
    assert Consent.objects.filter(user=user).count() == 2

    settings.TERMS_VERSION = "2027-01"
    services.consent_record(user=user, kind=Consent.Kind.TERMS, version=settings.TERMS_VERSION)
    assert set(
        Consent.objects.filter(user=user, kind=Consent.Kind.TERMS).values_list("version", flat=True)
    ) == {"2026-11", "2027-01"}
