"""Registering for a Werkstatt and cancelling by the e-mail link, in chromium.

A visitor finds the event in /werkstaetten/, registers as a guest (the event has one place, so
she gets it), is asked to check her mailbox and receives the confirmation with the calendar
entry, a second guest lands on the waiting list (the same neutral page), a third person trying
the first guest's address sees that same page while she gets an e-mail about it; the first
opens the personal cancellation link from her e-mail, confirms on the page (nothing is
cancelled on GET), and the waiting guest moves up and gets an e-mail. The same link then fails.
Every page on the way is checked with axe-core.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.core.testing import require
from quartiersnetz.events.models import Event, Registration
from quartiersnetz.events.tests.factories import EventFactory, RegistrationFactory
from quartiersnetz.events.tokens import make_cancel_token

from .helpers import (
    PageTour,
    axe_violations,
    link_from_mail,
    log_in,
    log_out,
    vnu_available,
    vnu_errors,
)
from .test_journeys import expect_path

pytestmark = pytest.mark.e2e

TITLE = "Praxiswerkstatt Nachbarschaftsladen"


def _axe(page: Any, name: str, problems: list[str]) -> None:
    problems.extend(f"{name}: {v}" for v in axe_violations(page))


def _register(page: Any, *, name: str, email: str, problems: list[str] | None = None) -> None:
    page.goto("/werkstaetten/")
    if problems is not None:
        _axe(page, "event list", problems)
    page.locator("main").get_by_role("link", name=TITLE).first.click()
    expect_path(page, "/werkstaetten/nachbarschaftsladen/")
    if problems is not None:
        _axe(page, "event detail", problems)
    page.get_by_role("link", name="Zur Anmeldung").click()
    expect_path(page, "/werkstaetten/nachbarschaftsladen/anmelden/")
    if problems is not None:
        _axe(page, "registration form", problems)
        # An empty form shows the errors, linked to the fields.
        page.get_by_role("button", name="Verbindlich anmelden").click()
        assert "Bitte prüfen Sie Ihre Eingaben." in page.locator("main").inner_text()
        _axe(page, "registration form with errors", problems)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Bedarfe zur Barrierefreiheit").fill("Induktionsschleife")
    page.get_by_role("button", name="Verbindlich anmelden").click()
    expect_path(page, "/werkstaetten/nachbarschaftsladen/anmelden/bestaetigung/")


def test_register_cancel_by_link_and_promotion(page: Any, server: Any) -> None:
    with server.quiet():
        event = EventFactory(title=TITLE, slug="nachbarschaftsladen", capacity=1)
    mail.outbox = []
    problems: list[str] = []

    # The first guest gets the place and the confirmation with a calendar entry. Guests are
    # told to check their mailbox: the page shows no state (their address is unverified).
    _register(page, name="Kim Erste", email="kim@example.org", problems=problems)
    neutral = page.locator("main").inner_text()
    assert "Bitte prüfen Sie Ihr Postfach" in neutral
    assert "Sie sind angemeldet" not in neutral
    _axe(page, "registered", problems)
    confirmation = next(m for m in mail.outbox if m.to == ["kim@example.org"])
    assert confirmation.subject == f"Anmeldung bestätigt: {TITLE}"
    assert any(
        getattr(a, "get_content_type", lambda: "")() == "text/calendar"
        for a in confirmation.attachments
    )

    # The second guest (another browser session) lands on the waiting list.
    page.context.clear_cookies()
    _register(page, name="Wim Zweiter", email="wim@example.org")
    assert page.locator("main").inner_text() == neutral
    assert any(m.to == ["wim@example.org"] and "Warteliste" in m.subject for m in mail.outbox)

    # Someone else tries Kim's address: the same page, nothing of Kim's registration; Kim is
    # told by e-mail.
    page.context.clear_cookies()
    _register(page, name="Egal", email="kim@example.org")
    assert page.locator("main").inner_text() == neutral
    assert [m.subject for m in mail.outbox if m.to == ["kim@example.org"]] == [
        f"Anmeldung bestätigt: {TITLE}",
        f"Erneute Anmeldung: {TITLE}",
    ]
    with server.quiet():
        assert Registration.objects.filter(event=event).count() == 2

    # Kim opens her cancellation link: a question first, nothing changes on GET.
    link = link_from_mail(
        mail.outbox, to="kim@example.org", path_contains="/werkstaetten/abmelden/"
    )
    path = urlsplit(link).path
    page.goto(path)
    assert "Möchten Sie Ihre Anmeldung wirklich stornieren?" in page.locator("main").inner_text()
    _axe(page, "cancel confirmation", problems)
    with server.quiet():
        assert Registration.objects.get(email="kim@example.org").status == "confirmed"
    page.get_by_role("button", name="Ja, Anmeldung stornieren").click()
    page.wait_for_load_state()
    assert "Anmeldung storniert" in page.locator("h1").inner_text()
    _axe(page, "cancelled", problems)

    # Wim moves up and hears about it.
    with server.quiet():
        statuses = dict(Registration.objects.filter(event=event).values_list("email", "status"))
    assert statuses == {"kim@example.org": "cancelled", "wim@example.org": "confirmed"}
    promoted = [m for m in mail.outbox if m.to == ["wim@example.org"]]
    assert promoted[-1].subject == f"Ein Platz ist frei geworden: {TITLE}"

    # The link worked once.
    response = page.goto(path)
    assert response is not None
    assert response.status == 410
    assert "bereits verwendet" in page.locator("main").inner_text()
    _axe(page, "used link", problems)

    assert problems == [], "\n".join(problems)


def test_registration_pages_are_accessible_and_valid_html(page: Any, server: Any) -> None:
    """Every registration page and state: axe-core clean and (with vnu) valid HTML."""
    with server.quiet():
        event = EventFactory(
            title=TITLE, slug="nachbarschaftsladen", capacity=2, ask_dietary=True,
            public_attendee_list=True,
        )  # fmt: skip
        invitation = EventFactory(slug="auf-einladung", admission=Event.Admission.INVITATION)
        member = UserFactory(email="mitglied@example.org", display_name="Mia Mitglied")
        curator = UserFactory(email="kuration@example.org", display_name="Kim Kuration")
        curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
        RegistrationFactory(event=event, name="=Formel", email="formel@example.org")
        RegistrationFactory(event=invitation, status=Registration.Status.PENDING)
        guest = RegistrationFactory(event=event, email="gast@example.org")
        token = make_cancel_token(guest)
        mine = RegistrationFactory(event=invitation, user=member, email=member.email)
        del mine
    t = PageTour(page)
    t.visit("registration form", "/werkstaetten/auf-einladung/anmelden/")
    t.visit("registration form (full)", "/werkstaetten/nachbarschaftsladen/anmelden/")
    t.follow(
        "registration form with errors",
        page.get_by_role("button", name="Verbindlich anmelden"),
        status=400,
    )
    t.visit("cancel confirmation", f"/werkstaetten/abmelden/{token}/")
    t.visit("invalid cancellation link", "/werkstaetten/abmelden/kaputt/", status=400)

    log_in(page.context, member, server)
    t.visit("my registrations", "/werkstaetten/meine-anmeldungen/")
    t.visit("registration form (registered)", "/werkstaetten/auf-einladung/anmelden/")
    t.visit("event detail with registration", "/werkstaetten/auf-einladung/")
    log_out(page.context)

    log_in(page.context, curator, server)
    t.visit("attendee list", "/werkstaetten/nachbarschaftsladen/anmeldungen/")
    t.visit("attendee list (pending)", "/werkstaetten/auf-einladung/anmeldungen/?status=pending")
    t.visit("message form", "/werkstaetten/nachbarschaftsladen/nachricht/")
    t.follow(
        "message form with errors",
        page.get_by_role("button", name="Nachricht senden"),
        status=400,
    )
    log_out(page.context)

    assert not t.axe_problems, "axe-core found WCAG 2.1 A/AA violations:\n" + t.axe_report()
    available, reason = vnu_available()
    require(available, reason)
    errors = vnu_errors(t.documents)
    report = "\n".join(f"{name}:\n    " + "\n    ".join(lines) for name, lines in errors.items())
    assert not errors, f"the Nu HTML Checker found errors:\n{report}"


def test_register_and_cancel_without_javascript(nojs_context: Any, server: Any) -> None:
    """Every step is a plain link or form: it works with JavaScript switched off."""
    with server.quiet():
        EventFactory(title=TITLE, slug="nachbarschaftsladen", capacity=5)
    mail.outbox = []
    page = nojs_context.new_page()
    _register(page, name="Ohne Skript", email="ohne-js@example.org")
    assert "Bitte prüfen Sie Ihr Postfach" in page.locator("main").inner_text()
    link = link_from_mail(
        mail.outbox, to="ohne-js@example.org", path_contains="/werkstaetten/abmelden/"
    )
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Ja, Anmeldung stornieren").click()
    page.wait_for_load_state()
    assert "Anmeldung storniert" in page.locator("h1").inner_text()
    with server.quiet():
        assert Registration.objects.get(email="ohne-js@example.org").status == "cancelled"
