"""A guest's registration form discloses nothing about another person's registration.

Issue 9, finding 4: a guest registering `name=Egal` with someone else's address was sent to a
confirmation page showing that person's state ("Sie sind angemeldet …", "Sie stehen auf der
Warteliste"), because the existing registration was put into the guest's session. Now a guest
always gets the same neutral answer (check your mailbox); the address's owner gets an e-mail
with their own state and cancellation link. Members keep seeing their own registration.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import caches
from django.urls import reverse

from quartiersnetz.events import registration_services as services
from quartiersnetz.events import tasks
from quartiersnetz.events.models import Event, Registration
from quartiersnetz.events.views_registration import GUEST_SESSION_KEY, SESSION_KEY

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status

OWNER = "Olga Eigentümerin"
OWNER_EMAIL = "olga@example.org"
STATUS_WORDING = [
    "Sie sind angemeldet",
    "Sie stehen auf der Warteliste",
    "Ihre Anmeldung ist eingegangen",
    "Ihre Teilnahme ist bestätigt",
    "Sie sind bereits angemeldet",
    "Alle Plätze sind vergeben",
    "Die Kuration prüft Ihre Anmeldung",
]


def register_url(event: Event) -> str:
    return reverse("events:register", kwargs={"slug": event.slug})


def registered_url(event: Event) -> str:
    return reverse("events:registered", kwargs={"slug": event.slug})


def owners_registration(status: str) -> Registration:
    if status == Status.PENDING:
        event = EventFactory(admission=Event.Admission.INVITATION)
    elif status == Status.WAITLISTED:
        event = EventFactory(capacity=1)
        RegistrationFactory(event=event)
    else:
        event = EventFactory()
    return RegistrationFactory(event=event, status=status, name=OWNER, email=OWNER_EMAIL)


def main_of(html: str) -> str:
    match = re.search(r"<main.*?</main>", html, re.S)
    assert match is not None
    return match.group(0)


def session_values(client) -> str:
    return repr(dict(client.session.items()))


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.WAITLISTED, Status.PENDING])
def test_a_guest_learns_nothing_about_someone_elses_registration(
    client, django_capture_on_commit_callbacks, status
):
    existing = owners_registration(status)
    event = existing.event
    before = list(Registration.objects.order_by("pk").values_list("pk", "status", "name", "email"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), {"name": "Egal", "email": "OLGA@example.org"})
    assert response.status_code == 302
    assert response["Location"] == registered_url(event)
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    for text in [*STATUS_WORDING, OWNER, OWNER_EMAIL, "Egal", existing.get_status_display()]:
        assert text not in main_of(html), text
    assert "Bitte prüfen Sie Ihr Postfach" in html
    # The session holds nothing of the registration: only the event the form was sent for.
    assert SESSION_KEY not in client.session
    assert client.session[GUEST_SESSION_KEY] == [event.pk]
    assert str(existing.pk) not in session_values(client).replace(f"[{event.pk}]", "")
    # Nothing was created or changed.
    after = list(Registration.objects.order_by("pk").values_list("pk", "status", "name", "email"))
    assert after == before
    # The owner of the address is told, with their own cancellation link.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [OWNER_EMAIL]
    assert message.subject == f"Erneute Anmeldung: {event.title}"
    assert f"Guten Tag {OWNER}," in message.body
    assert "/werkstaetten/abmelden/" in message.body
    wording = {
        Status.CONFIRMED: "Sie sind bereits angemeldet",
        Status.WAITLISTED: "Sie stehen bereits auf der Warteliste",
        Status.PENDING: "liegt der Kuration bereits vor",
    }[status]
    assert wording in message.body
    assert wording in message.alternatives[0][0]
    # The registration page itself offers the form again, nothing else.
    again = client.get(register_url(event)).content.decode()
    assert "Sie sind bereits angemeldet" not in again
    assert OWNER not in again


def test_new_and_existing_addresses_get_the_same_answer(django_capture_on_commit_callbacks):
    from django.test import Client

    event = EventFactory()
    RegistrationFactory(event=event, name=OWNER, email=OWNER_EMAIL)
    answers = []
    for email in ("neu@example.org", OWNER_EMAIL):
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            post = client.post(register_url(event), {"name": "Egal", "email": email})
        page = client.get(post["Location"])
        answers.append(
            (
                post.status_code,
                post["Location"],
                page.status_code,
                [t.name for t in page.templates],
                main_of(page.content.decode()),
                sorted(client.session.keys()),
            )
        )
    assert answers[0] == answers[1]
    # Each address got exactly one e-mail: a confirmation and the reminder.
    assert sorted(m.to[0] for m in mail.outbox) == ["neu@example.org", OWNER_EMAIL]
    assert Registration.objects.filter(event=event).count() == 2


def test_a_guest_session_with_registration_ids_shows_no_registration(client):
    """Even a session that holds ids (an old session) never shows a registration to a guest."""
    existing = RegistrationFactory(name=OWNER, email=OWNER_EMAIL)
    session = client.session
    session[SESSION_KEY] = [existing.pk]
    session.save()
    response = client.get(registered_url(existing.event))
    assert response.status_code == 302
    assert response["Location"] == register_url(existing.event)


def test_a_member_never_sees_someone_elses_registration_from_the_session(client, user):
    other = RegistrationFactory(name=OWNER, email=OWNER_EMAIL)
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = [other.pk]
    session.save()
    response = client.get(registered_url(other.event))
    assert response.status_code == 302
    assert OWNER not in response.content.decode()


def test_members_keep_seeing_their_own_registration(
    client, user, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), {"name": "Mia"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Sie stehen auf der Warteliste" in html
    assert user.email in html
    # Registered already (by account or by the account's verified address): the state shows.
    assert "Sie sind bereits angemeldet." in client.get(register_url(event)).content.decode()
    guest_made = RegistrationFactory(email=user.email.upper())
    page = client.get(register_url(guest_made.event)).content.decode()
    assert "Sie sind bereits angemeldet." in page
    # Members get no reminder mail: only the waiting-list mail of their own registration.
    assert [m.subject for m in mail.outbox] == [f"Warteliste: {event.title}"]


def test_the_rate_limit_counts_repeated_addresses(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EVENTS_GUEST_REGISTRATION_RATE = "2/h"
    existing = RegistrationFactory(name=OWNER, email=OWNER_EMAIL)
    data = {"name": "Egal", "email": OWNER_EMAIL}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(register_url(existing.event), data).status_code == 302
        assert client.post(register_url(existing.event), data).status_code == 302
        refused = client.post(register_url(existing.event), data)
    assert refused.status_code == 429
    assert OWNER not in refused.content.decode()
    assert Registration.objects.count() == 1
    # Repeats from other addresses pass the limit but mail the owner at most once a while.
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            other = client.post(register_url(existing.event), data, REMOTE_ADDR=f"192.0.2.{n}")
            assert other.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Erneute Anmeldung")


def test_the_owner_hears_again_after_the_interval(client, django_capture_on_commit_callbacks):
    existing = RegistrationFactory(name=OWNER, email=OWNER_EMAIL)
    data = {"name": "Egal", "email": OWNER_EMAIL}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(existing.event), data)
        client.post(register_url(existing.event), data)
    assert len(mail.outbox) == 1
    assert services.ALREADY_REGISTERED_MAIL_INTERVAL.total_seconds() > 0
    caches["throttle"].clear()  # the interval has passed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(existing.event), data)
    assert len(mail.outbox) == 2


def test_no_reminder_for_a_registration_cancelled_meanwhile():
    registration = RegistrationFactory(status=Status.CANCELLED)
    tasks.send_registration_mail.call(registration.pk, tasks.ALREADY_REGISTERED)
    assert mail.outbox == []
