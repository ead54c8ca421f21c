"""A member proposes a Werkstatt in chromium; a curator finds it among the drafts and publishes it.

The member follows "Veranstaltung vorschlagen" from the list, first submits the empty form
(errors), then the proposal; the list thanks them and the curators get an e-mail. A member
without a profile is told how to get one. The curator sees "Vorschlag von …" with the note in the
planning list, opens the proposal, completes the venue and publishes it; the proposer gets an
e-mail. Every page, also with errors, goes through axe-core and the Nu HTML Checker.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.events.models import Event

from .helpers import PageTour, log_in, log_out
from .test_journeys import expect_path

pytestmark = pytest.mark.e2e

TITLE = "Leerstand gemeinsam beleben"
NOTE = "Der Termin ist flexibel; ein Ladenlokal am Markt steht bereit."


def test_member_proposes_and_curator_publishes(page: Any, server: Any) -> None:
    with server.quiet():
        curator = UserFactory(email="kuration@example.org", display_name="Kim Kuration")
        curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
        member = MembershipFactory(
            organisation__name="Stadtteilverein Wanne", user__email="mia@example.org"
        ).user
        newcomer = UserFactory(email="neu@example.org")
    mail.outbox = []
    tour = PageTour(page)
    day = (timezone.localdate() + dt.timedelta(days=45)).isoformat()

    # Visitors are invited to sign in.
    tour.visit("list as visitor", "/werkstaetten/")
    assert (
        page.locator("main")
        .get_by_role("link", name="Melden Sie sich an, um sie der Kuration vorzuschlagen.")
        .count()
    )

    # Without a profile: the page explains how to get one.
    log_in(page.context, newcomer, server)
    tour.visit("proposal without profile", "/werkstaetten/vorschlagen/")
    assert page.locator("main").get_by_role("link", name="Organisation eintragen").count()
    log_out(page.context)

    # The member proposes.
    log_in(page.context, member, server)
    tour.visit("list as member", "/werkstaetten/")
    tour.follow(
        "proposal form",
        page.locator("main").get_by_role("link", name="Veranstaltung vorschlagen"),
        path="/werkstaetten/vorschlagen/",
    )
    tour.follow(
        "proposal form with errors",
        page.get_by_role("button", name="Vorschlag senden"),
        status=400,
        path="/werkstaetten/vorschlagen/",
    )
    assert page.locator("main [role=alert]").count(), "the form errors are not shown"
    page.get_by_label("Vorgeschlagen für").select_option(label="Stadtteilverein Wanne")
    page.get_by_label("Format", exact=True).select_option(label="Praxiswerkstatt")
    page.get_by_label("Titel", exact=True).fill(TITLE)
    page.locator("#id_summary").fill("Wie aus leeren Läden Orte für die Nachbarschaft werden.")
    page.get_by_label("Beginn: Datum").fill(day)
    page.get_by_label("Beginn: Uhrzeit").fill("10:00")
    page.get_by_label("Ende: Datum").fill(day)
    page.get_by_label("Ende: Uhrzeit").fill("16:00")
    page.get_by_label("vor Ort", exact=True).check()
    page.locator("#id_venue_name").fill("Ladenlokal Markt 3")
    page.get_by_label("Hinweis an die Kuration").fill(NOTE)
    page.get_by_role("button", name="Vorschlag senden").click()
    expect_path(page, "/werkstaetten/")
    assert (
        f"Danke! Ihr Vorschlag „{TITLE}“ ist bei der Kuration"
        in page.locator("main .messages").inner_text()
    )
    tour.audit_state("list with thanks")
    with server.quiet():
        event = Event.objects.get(title=TITLE)
        assert event.state == Event.State.DRAFT
        assert event.created_by == member
        assert event.proposed_by is not None
        assert event.proposed_by.name == "Stadtteilverein Wanne"
    assert [m.to for m in mail.outbox] == [["kuration@example.org"]]
    assert NOTE in mail.outbox[0].body
    # The draft stays secret until published.
    assert page.goto(f"/werkstaetten/{event.slug}/").status == 404
    log_out(page.context)

    # The curator finds it among the drafts and publishes it.
    log_in(page.context, curator, server)
    tour.visit("planning with a proposal", "/werkstaetten/planung/")
    row = page.locator("main table tr", has_text=TITLE)
    assert "Vorschlag von Stadtteilverein Wanne" in row.inner_text()
    assert NOTE in row.inner_text()
    tour.follow(
        "proposal in the event form",
        row.get_by_role("link", name=TITLE, exact=True),
        path=f"/werkstaetten/{event.slug}/bearbeiten/",
    )
    assert "mia@example.org" in page.locator("main").inner_text()
    page.locator("#id_address").fill("Markt 3, 44623 Herne")
    municipality = page.locator("#id_municipality")
    municipality.fill("Herne (Nordrhein-Westfalen)")
    municipality.press("Escape")
    page.get_by_role("button", name="Änderungen speichern").click()
    expect_path(page, f"/werkstaetten/{event.slug}/bearbeiten/")
    page.get_by_role("button", name="Veröffentlichen").click()
    expect_path(page, f"/werkstaetten/{event.slug}/bearbeiten/")
    with server.quiet():
        event.refresh_from_db()
        assert event.state == Event.State.PUBLISHED
    assert [m.to for m in mail.outbox][-1] == ["mia@example.org"]
    assert f"/werkstaetten/{event.slug}/" in mail.outbox[-1].body

    tour.assert_clean()
