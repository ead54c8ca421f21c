"""Registration e-mails: German text and HTML, event data in its time zone, .ics, links."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from icalendar import Calendar

from quartiersnetz.events import registration_services as services
from quartiersnetz.events.models import Event, EventMessage, Registration
from quartiersnetz.events.tasks import send_event_message, send_registration_mail
from quartiersnetz.events.tokens import check_cancel_token

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _ics(message) -> Calendar:
    (part,) = [a for a in message.attachments if not isinstance(a, tuple)]
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH"
    assert part.get_filename() == "werkstatt.ics"
    return Calendar.from_ical(part.get_payload(decode=True))


def _cancel_token(body: str) -> str:
    match = re.search(r"/werkstaetten/abmelden/([^/\s]+)/", body)
    assert match, body
    return match.group(1)


def test_confirmation_mail(django_capture_on_commit_callbacks):
    event = EventFactory(
        title="Praxiswerkstatt Leerstand",
        start=dt.datetime(2030, 7, 3, 8, 0, tzinfo=dt.UTC),
        end=dt.datetime(2030, 7, 3, 14, 0, tzinfo=dt.UTC),
        time_zone="Europe/Berlin",
        mode=Event.Mode.HYBRID,
        online_url="https://meet.example.org/raum-42",
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(
            event=event, name="Kim <Schmidt>", email="kim@example.org"
        )
    (message,) = mail.outbox
    assert message.to == ["kim@example.org"]
    assert message.subject == "Anmeldung bestätigt: Praxiswerkstatt Leerstand"
    body = message.body
    assert "Guten Tag Kim <Schmidt>," in body  # plain text is not HTML-escaped
    assert "Mittwoch, 3. Juli 2030, 10:00–16:00 Uhr (Europe/Berlin)" in body
    assert "Kulturzentrum, Bahnhofstraße 1, 44623 Herne, Herne" in body
    assert "Stufenloser Zugang" in body
    assert "https://meet.example.org/raum-42" in body
    assert check_cancel_token(_cancel_token(body)) == (registration, None)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Kim &lt;Schmidt&gt;" in html
    assert 'href="https://meet.example.org/raum-42"' in html
    assert "Anmeldung stornieren" in html
    calendar = _ics(message)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Praxiswerkstatt Leerstand"
    assert vevent.decoded("dtstart") == dt.datetime(2030, 7, 3, 8, 0, tzinfo=dt.UTC)
    assert str(vevent["dtstart"].params["TZID"]) == "Europe/Berlin"
    assert "https://meet.example.org/raum-42" in str(vevent["description"])
    assert calendar.walk("VTIMEZONE")


def test_waitlist_mail_has_no_online_link_and_no_calendar(django_capture_on_commit_callbacks):
    event = EventFactory(
        capacity=0, mode=Event.Mode.ONLINE, online_url="https://meet.example.org/x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, name="Wartende", email="w@example.org")
    (message,) = mail.outbox
    assert message.subject.startswith("Warteliste:")
    assert "meet.example.org" not in message.body
    assert "meet.example.org" not in message.alternatives[0][0]
    assert message.attachments == []
    assert "/werkstaetten/abmelden/" in message.body


def test_promotion_mail_has_calendar(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    first = services.registration_create(event=event, name="Eins", email="eins@example.org")
    services.registration_create(event=event, name="Zwei", email="zwei@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    promoted = next(m for m in mail.outbox if m.to == ["zwei@example.org"])
    assert "Ein Platz ist frei geworden" in promoted.subject
    assert "verbindlich angemeldet" in promoted.body
    assert _ics(promoted).walk("VEVENT")
    cancelled = next(m for m in mail.outbox if m.to == ["eins@example.org"])
    assert cancelled.subject.startswith("Abmeldung bestätigt")
    assert "/werkstaetten/abmelden/" not in cancelled.body  # no link for a cancelled one


@pytest.mark.parametrize(
    ("status", "kind", "subject"),
    [
        (Status.PENDING, "pending", "Anmeldung eingegangen"),
        (Status.DECLINED, "declined", "Keine Teilnahme möglich"),
    ],
)
def test_invitation_mails(status, kind, subject):
    registration = RegistrationFactory(status=status)
    send_registration_mail.call(registration.pk, kind)
    (message,) = mail.outbox
    assert message.subject.startswith(subject)
    assert message.attachments == []


def test_no_mail_to_anonymised_registrations():
    registration = RegistrationFactory(anonymised_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    send_registration_mail.call(registration.pk, "confirmed")
    assert mail.outbox == []


def test_message_goes_to_each_recipient_alone(curator, django_capture_on_commit_callbacks):
    event = EventFactory()
    for n in range(3):
        RegistrationFactory(event=event, email=f"c{n}@example.org")
    RegistrationFactory(event=event, email="w@example.org", status=Status.WAITLISTED)
    RegistrationFactory(event=event, email="x@example.org", status=Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        message = services.event_message_send(
            event=event,
            sender=curator,
            subject="Raumänderung",
            body="Wir treffen uns im Saal 2.",
            statuses=["confirmed"],
        )
    assert message.recipient_count == 3
    assert message.statuses == "confirmed"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "c0@example.org",
        "c1@example.org",
        "c2@example.org",
    ]
    for sent in mail.outbox:
        assert len(sent.to) == 1
        assert not sent.cc
        assert not sent.bcc
        assert sent.subject == "Raumänderung"
        assert "Wir treffen uns im Saal 2." in sent.body
    assert EventMessage.objects.get().sender == curator


def test_message_task_with_several_statuses(curator):
    event = EventFactory()
    RegistrationFactory(event=event, email="c@example.org")
    RegistrationFactory(event=event, email="w@example.org", status=Status.WAITLISTED)
    message = EventMessage.objects.create(
        event=event, sender=curator, subject="S", body="B", statuses="confirmed,waitlisted"
    )
    send_event_message.call(message.pk)
    assert sorted(m.to[0] for m in mail.outbox) == ["c@example.org", "w@example.org"]
