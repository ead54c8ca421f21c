"""Registration pages: the form (guests and members), the cancellation link, own registrations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.events import registration_services as services
from quartiersnetz.events.models import Event, Registration
from quartiersnetz.events.tokens import make_cancel_token

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register_url(event: Event) -> str:
    return reverse("events:register", kwargs={"slug": event.slug})


def test_guest_registers(client, django_capture_on_commit_callbacks):
    event = EventFactory(ask_dietary=True, public_attendee_list=True)
    page = client.get(register_url(event))
    assert page.status_code == 200
    html = page.content.decode()
    for label in ["Name", "E-Mail-Adresse", "Bedarfe zur Barrierefreiheit", "Verpflegungswünsche"]:
        assert label in html
    assert "öffentlichen Teilnehmendenliste" in html
    assert "Datenschutz" in html
    assert "Noch 20 Plätze frei." in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            register_url(event),
            {
                "name": "Kim Gast",
                "email": "kim@example.org",
                "organisation_name": "Verein",
                "accessibility_needs": "Induktionsschleife",
                "dietary_needs": "vegan",
                "show_publicly": "on",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("events:registered", kwargs={"slug": event.slug})
    registration = Registration.objects.get()
    assert registration.user is None
    assert registration.status == Status.CONFIRMED
    assert registration.dietary_needs == "vegan"
    assert registration.show_publicly is True
    assert mail.outbox[0].to == ["kim@example.org"]
    done = client.get(response["Location"]).content.decode()
    # Guests are told to check their mailbox; the state goes to the address only.
    assert "Bitte prüfen Sie Ihr Postfach" in done
    assert "Sie sind angemeldet" not in done


def test_questions_not_asked_are_not_shown(client):
    event = EventFactory(
        ask_accessibility=False,
        ask_dietary=False,
        ask_organisation=False,
        public_attendee_list=False,
    )
    html = client.get(register_url(event)).content.decode()
    assert 'name="accessibility_needs"' not in html
    assert "Verpflegungswünsche" not in html
    assert 'name="organisation_name"' not in html
    assert "öffentlichen Teilnehmendenliste" not in html


def test_member_registers_with_account_address(client, user):
    user.display_name = "Mia Mitglied"
    user.save()
    event = EventFactory()
    client.force_login(user)
    page = client.get(register_url(event)).content.decode()
    assert 'value="Mia Mitglied"' in page
    assert user.email in page
    response = client.post(register_url(event), {"name": "Mia M.", "email": "anders@example.org"})
    assert response.status_code == 302
    # Members see the state of their own registration (their address is verified).
    assert "Sie sind angemeldet" in client.get(response["Location"]).content.decode()
    registration = Registration.objects.get()
    assert registration.user == user
    assert registration.email == user.email
    assert registration.name == "Mia M."
    # Coming back shows the existing registration instead of a second form.
    again = client.get(register_url(event)).content.decode()
    assert "Sie sind bereits angemeldet." in again
    assert client.post(register_url(event), {"name": "x"}).status_code == 200
    assert Registration.objects.count() == 1


def test_guest_registering_twice_gets_one_registration(client):
    event = EventFactory()
    data = {"name": "Kim", "email": "kim@example.org"}
    client.post(register_url(event), data)
    client.post(register_url(event), {**data, "email": "KIM@example.org"})
    assert Registration.objects.count() == 1


def test_invalid_form_shows_errors(client):
    event = EventFactory()
    response = client.post(register_url(event), {"name": "", "email": "kein-mail"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben." in html
    assert not Registration.objects.exists()


def test_window_closed_shows_reason_without_form(client):
    event = EventFactory(registration_closes=timezone.now() - dt.timedelta(hours=1))
    response = client.get(register_url(event))
    html = response.content.decode()
    assert "Die Anmeldung ist seit" in html
    assert "Verbindlich anmelden" not in html
    response = client.post(register_url(event), {"name": "Kim", "email": "kim@example.org"})
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_service_error_appears_in_form(client, monkeypatch):
    """A window that closes between GET and POST: the service's message shows on the form."""
    event = EventFactory()
    real = services.registration_problem
    calls = {"n": 0}

    def problem(event, *, now=None):
        calls["n"] += 1
        return None if calls["n"] == 1 else "Die Anmeldung ist geschlossen."

    monkeypatch.setattr(services, "registration_problem", problem)
    response = client.post(register_url(event), {"name": "Kim", "email": "kim@example.org"})
    assert response.status_code == 400
    assert "Die Anmeldung ist geschlossen." in response.content.decode()
    assert not Registration.objects.exists()
    monkeypatch.setattr(services, "registration_problem", real)


def test_full_event_mentions_waiting_list(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    html = client.get(register_url(event)).content.decode()
    assert "Warteliste" in html
    client.post(register_url(event), {"name": "Kim", "email": "kim@example.org"})
    assert Registration.objects.get(email="kim@example.org").status == Status.WAITLISTED


def test_draft_event_is_not_found(client):
    event = EventFactory(state=Event.State.DRAFT)
    assert client.get(register_url(event)).status_code == 404
    assert (
        client.post(register_url(event), {"name": "K", "email": "k@example.org"}).status_code == 404
    )


def test_invitation_only_request(client):
    event = EventFactory(admission=Event.Admission.INVITATION)
    html = client.get(register_url(event)).content.decode()
    assert "Teilnahme anfragen" in html
    client.post(register_url(event), {"name": "Kim", "email": "kim@example.org"})
    assert Registration.objects.get().status == Status.PENDING


# Cancellation link ---------------------------------------------------------------------------


def cancel_url(registration: Registration) -> str:
    return reverse("events:cancel", kwargs={"token": make_cancel_token(registration)})


def test_cancel_link_asks_on_get_and_cancels_on_post(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    registration = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Status.WAITLISTED, confirmed_at=None)
    url = cancel_url(registration)
    page = client.get(url)
    assert page.status_code == 200
    assert "Ja, Anmeldung stornieren" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 200
    assert "ist storniert" in response.content.decode()
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert waiting.status == Status.CONFIRMED
    assert any(m.to == [waiting.email] for m in mail.outbox)
    # The same link works only once.
    for method in (client.get, client.post):
        used = method(url)
        assert used.status_code == 410
        assert "bereits verwendet" in used.content.decode()


def test_invalid_cancel_link(client):
    registration = RegistrationFactory()
    url = cancel_url(registration)
    tampered = url[:-3] + "xy/"
    for method in (client.get, client.post):
        response = method(tampered)
        assert response.status_code == 400
        assert "ungültig" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_expired_cancel_link(client):
    event = EventFactory(
        start=timezone.now() - dt.timedelta(hours=3), end=timezone.now() - dt.timedelta(hours=1)
    )
    registration = RegistrationFactory(event=event)
    response = client.post(cancel_url(registration))
    assert response.status_code == 410
    assert "abgelaufen" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


# Own registrations ---------------------------------------------------------------------------


def test_my_registrations_lists_and_cancels(client, user):
    mine = RegistrationFactory(user=user, email=user.email)
    by_address = RegistrationFactory(email=user.email.upper())  # registered as a guest
    other = RegistrationFactory()
    client.force_login(user)
    html = client.get(reverse("events:my_registrations")).content.decode()
    assert mine.event.title in html
    assert by_address.event.title in html
    assert other.event.title not in html
    url = reverse("events:my_registration_cancel", kwargs={"pk": mine.pk})
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.CANCELLED
    # Someone else's registration is not found and stays.
    response = client.post(reverse("events:my_registration_cancel", kwargs={"pk": other.pk}))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Status.CONFIRMED


def test_my_registrations_needs_login(client):
    response = client.get(reverse("events:my_registrations"))
    assert response.status_code == 302
    registration = RegistrationFactory()
    response = client.post(reverse("events:my_registration_cancel", kwargs={"pk": registration.pk}))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_registration_box(client, user, curator):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    event = EventFactory(capacity=12)
    request = RequestFactory().get("/")
    request.user = user
    html = render_to_string(
        "events/partials/_registration_box.html",
        {"event": event, "registration": None, "user": user},
        request=request,
    )
    assert reverse("events:register", kwargs={"slug": event.slug}) in html
    assert "12 Plätze" in html
    assert "Anmeldungen verwalten" not in html
    registration = RegistrationFactory(event=event, status=Status.WAITLISTED)
    html = render_to_string(
        "events/partials/_registration_box.html",
        {"event": event, "registration": registration, "user": curator},
        request=request,
    )
    assert "Warteliste" in html
    assert "Anmeldungen verwalten" in html
    no_registration = EventFactory(admission=Event.Admission.NONE)
    html = render_to_string(
        "events/partials/_registration_box.html",
        {"event": no_registration, "registration": None, "user": user},
    )
    assert html.strip() == ""


def test_optional_questions_are_marked_once(client):
    event = EventFactory(ask_organisation=True, ask_accessibility=True)
    html = client.get(register_url(event)).content.decode()
    label = html.split('for="id_organisation_name">', 1)[1].split("</label>", 1)[0]
    assert label == 'Organisation <span class="kern-label__optional">– optional</span>'
    assert "(optional)" not in html
