"""Curators' registration pages: permissions, attendee list, actions, CSV export, messages."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.events.models import Event, EventMessage, Registration
from quartiersnetz.events.views_registration import csv_safe

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _urls(event: Event, registration: Registration) -> list[tuple[str, str, dict]]:
    """(method, url, data) of every curator URL; POSTs would change something if allowed."""
    slug = event.slug
    action = "events:attendee_action"
    return [
        ("get", reverse("events:attendees", kwargs={"slug": slug}), {}),
        ("get", reverse("events:attendees_csv", kwargs={"slug": slug}), {}),
        ("get", reverse("events:attendees_csv", kwargs={"slug": slug}) + "?variante=excel", {}),
        ("get", reverse("events:message", kwargs={"slug": slug}), {}),
        (
            "post",
            reverse("events:message", kwargs={"slug": slug}),
            {"statuses": ["pending"], "subject": "S", "body": "B"},
        ),
        *[
            ("post", reverse(action, kwargs={"slug": slug, "pk": registration.pk, "action": a}), {})
            for a in [
                "bestaetigen",
                "ablehnen",
                "einchecken",
                "checkin-zuruecknehmen",
                "stornieren",
            ]
        ],
    ]


def _state() -> list[tuple]:
    rows = Registration.objects.order_by("pk").values_list("pk", "status", "attended_at", "updated")
    return [*rows, (EventMessage.objects.count(), AuditEntry.objects.count(), len(mail.outbox))]


@pytest.mark.parametrize("who", ["anonymous", "member", "curator"])
def test_permission_matrix(client, user, curator, who, django_capture_on_commit_callbacks):
    event = EventFactory(admission=Event.Admission.INVITATION)
    registration = RegistrationFactory(event=event, status=Status.PENDING, confirmed_at=None)
    if who == "member":
        client.force_login(user)
    elif who == "curator":
        client.force_login(curator)
    for method, url, data in _urls(event, registration):
        before = _state()
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(client, method)(url, data)
        if who == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("account_login")), url
            assert _state() == before, url
        elif who == "member":
            assert response.status_code == 403, url
            assert _state() == before, url
        else:
            assert response.status_code in (200, 302), url
    # Every curator action is POST-only.
    client.force_login(curator)
    url = reverse(
        "events:attendee_action",
        kwargs={"slug": event.slug, "pk": registration.pk, "action": "einchecken"},
    )
    assert client.get(url).status_code == 405


def test_draft_event_pages_are_not_found_for_members(client, user):
    event = EventFactory(state=Event.State.DRAFT)
    client.force_login(user)
    assert client.get(reverse("events:attendees", kwargs={"slug": event.slug})).status_code == 404


def test_unknown_action_is_not_found(client, curator):
    registration = RegistrationFactory()
    client.force_login(curator)
    url = reverse(
        "events:attendee_action",
        kwargs={"slug": registration.event.slug, "pk": registration.pk, "action": "loeschen"},
    )
    assert client.post(url).status_code == 404


def test_attendee_list_counts_and_filter(client, curator):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event, name="Anna Bestätigt")
    RegistrationFactory(event=event, name="Ben Bestätigt")
    RegistrationFactory(event=event, name="Wanda Warteliste", status=Status.WAITLISTED)
    RegistrationFactory(event=event, name="Carla Storniert", status=Status.CANCELLED)
    client.force_login(curator)
    url = reverse("events:attendees", kwargs={"slug": event.slug})
    response = client.get(url)
    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts["confirmed"] == 2
    assert counts["waitlisted"] == 1
    assert counts["cancelled"] == 1
    assert counts["pending"] == 0
    assert response.context["places_left"] == 1
    html = response.content.decode()
    assert "Anna Bestätigt" in html
    assert "Carla Storniert" in html
    filtered = client.get(url, {"status": "waitlisted"}).content.decode()
    assert "Wanda Warteliste" in filtered
    assert "Anna Bestätigt" not in filtered


def test_check_in_confirm_and_decline_buttons(client, curator):
    event = EventFactory(admission=Event.Admission.INVITATION, capacity=5)
    pending = RegistrationFactory(event=event, status=Status.PENDING, confirmed_at=None)
    other = RegistrationFactory(event=event, status=Status.PENDING, confirmed_at=None)
    client.force_login(curator)

    def act(registration, action):
        url = reverse(
            "events:attendee_action",
            kwargs={"slug": event.slug, "pk": registration.pk, "action": action},
        )
        return client.post(url, {"zurueck": "?status=pending&seite=1"})

    response = act(pending, "bestaetigen")
    assert response.status_code == 302
    assert response["Location"].endswith(f"?status=pending&seite=1#anmeldung-{pending.pk}")
    pending.refresh_from_db()
    assert pending.status == Status.CONFIRMED
    act(pending, "einchecken")
    pending.refresh_from_db()
    assert pending.attended_at is not None
    act(pending, "checkin-zuruecknehmen")
    pending.refresh_from_db()
    assert pending.attended_at is None
    act(other, "ablehnen")
    other.refresh_from_db()
    assert other.status == Status.DECLINED
    # A refused action shows the reason and changes nothing.
    response = act(other, "einchecken")
    other.refresh_from_db()
    assert other.attended_at is None
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Nur bestätigte" in m for m in messages)


def test_attendee_page_query_count_is_constant(client, curator):
    event = EventFactory(capacity=None)
    client.force_login(curator)
    url = reverse("events:attendees", kwargs={"slug": event.slug})
    RegistrationFactory.create_batch(5, event=event)
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    RegistrationFactory.create_batch(495, event=event, status=Status.CONFIRMED)
    RegistrationFactory.create_batch(5, event=event, status=Status.CANCELLED)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["counts"]["confirmed"] == 500
    assert len(many) == len(few)
    assert len(many) <= 10
    with CaptureQueriesContext(connection) as csv_queries:
        client.get(reverse("events:attendees_csv", kwargs={"slug": event.slug}))
    assert len(csv_queries) <= 10


def _rows(response) -> tuple[str, list[list[str]]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    return text, list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text[:50] else ","))


def test_csv_export_both_variants(client, curator):
    event = EventFactory(ask_dietary=True)
    RegistrationFactory(
        event=event,
        name='=HYPERLINK("http://evil")',
        email="kim@example.org",
        organisation_name="Müller, Söhne & Töchter",
        dietary_needs="+vegan",
        accessibility_needs="@rollstuhl\nzweite Zeile",
    )
    RegistrationFactory(event=event, name="-1+1", status=Status.WAITLISTED)
    client.force_login(curator)
    url = reverse("events:attendees_csv", kwargs={"slug": event.slug})
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    _text, rows = _rows(response)
    assert rows[0][:4] == ["Name", "E-Mail-Adresse", "Organisation", "Status"]
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][1] == "kim@example.org"
    assert rows[1][2] == "Müller, Söhne & Töchter"
    assert rows[1][3] == "bestätigt"
    assert rows[1][8] == "'@rollstuhl\nzweite Zeile"
    assert rows[1][9] == "'+vegan"
    assert rows[2][0] == "'-1+1"
    assert rows[2][3] == "Warteliste"
    excel = client.get(url, {"variante": "excel"})
    assert "excel" in excel["Content-Disposition"]
    excel_text, excel_rows = _rows(excel)
    assert excel_text.splitlines()[0].startswith("Name;E-Mail-Adresse;Organisation;Status")
    assert excel_rows[1][:3] == rows[1][:3]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30", "'+49 30"),
        ("-x", "'-x"),
        ("@a", "'@a"),
        ("Kim", "Kim"),
        ("", ""),
    ],
)
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected


def test_message_page_sends(client, curator, django_capture_on_commit_callbacks):
    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.org")
    RegistrationFactory(event=event, email="b@example.org", status=Status.WAITLISTED)
    client.force_login(curator)
    url = reverse("events:message", kwargs={"slug": event.slug})
    page = client.get(url).content.decode()
    assert "Nachricht senden" in page
    assert client.post(url, {"subject": "", "body": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "statuses": ["confirmed", "waitlisted"],
                "subject": "Info",
                "body": "Bitte Stift mitbringen.",
            },
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    message = EventMessage.objects.get()
    assert message.recipient_count == 2
    assert "Info" in client.get(url).content.decode()
