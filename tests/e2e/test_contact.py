"""Writing to an actor and answering, in chromium (axe-core on every page, the Nu HTML Checker
on their HTML when it is installed).

A member of a neighbourhood association opens the profile of a cultural centre, follows
"Kontakt aufnehmen", sends the empty form first (error summary), then a subject and a message
with a link. A member of the cultural centre finds the thread unread in their inbox, reads it
(the link shows its host), and replies. The first member finds the reply in their inbox; after
both sides have written, the thread offers to propose a connection. Neither page shows the other
side's e-mail address.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.contact.models import Thread

from .helpers import PageTour, log_in, log_out
from .test_journeys import expect_path

pytestmark = pytest.mark.e2e


def test_a_member_writes_to_an_actor_and_the_other_side_replies(page: Any, server: Any) -> None:
    with server.quiet():
        writer = MembershipFactory(
            user=UserFactory(email="schreibt@example.org", display_name="Sabine Schreiber"),
            organisation=OrganisationFactory(name="Stadtteilverein Wanne", slug="sv-wanne"),
        )
        answerer = MembershipFactory(
            user=UserFactory(email="antwortet@example.org", display_name="Arne Antwort"),
            organisation=OrganisationFactory(name="Kulturzentrum Eickel", slug="kz-eickel"),
        )
    tour = PageTour(page)
    log_in(page.context, writer.user, server)

    tour.visit("profile", "/mitwirkende/kz-eickel/")
    tour.follow(
        "contact form",
        page.get_by_role("link", name="Kontakt aufnehmen mit Kulturzentrum Eickel"),
        path="/mitwirkende/kz-eickel/kontakt/",
    )
    tour.follow(
        "contact form with errors",
        page.get_by_role("button", name="Nachricht senden"),
        status=400,
        path="/mitwirkende/kz-eickel/kontakt/",
    )
    page.get_by_label("Betreff").fill("Gemeinsames Sommerfest")
    page.get_by_label("Nachricht", exact=True).fill(
        "Hätten Sie Lust auf ein gemeinsames Fest? Mehr unter [unserer Seite](https://example.org/fest)."
    )
    page.get_by_role("button", name="Nachricht senden").click()
    with server.quiet():
        thread = Thread.objects.get(subject="Gemeinsames Sommerfest")
    expect_path(page, f"/konto/nachrichten/{thread.pk}/")
    tour.audit_state("thread after sending")

    log_out(page.context)
    log_in(page.context, answerer.user, server)
    tour.visit("inbox of the recipient", "/konto/nachrichten/")
    assert "ungelesen" in page.content()
    tour.follow(
        "thread for the recipient",
        page.get_by_role("link", name="Gemeinsames Sommerfest"),
        path=f"/konto/nachrichten/{thread.pk}/",
    )
    content = page.content()
    assert "(example.org)" in content
    assert "schreibt@example.org" not in content
    page.get_by_label("Ihre Antwort").fill("Sehr gern! Wann passt es Ihnen?")
    tour.follow(
        "thread after the reply",
        page.get_by_role("button", name="Antwort senden"),
        path=f"/konto/nachrichten/{thread.pk}/",
    )
    assert page.get_by_role("link", name=re.compile("Verbindung mit Stadtteilverein")).count() == 1

    log_out(page.context)
    log_in(page.context, writer.user, server)
    tour.visit("inbox of the sender", "/konto/nachrichten/")
    tour.follow(
        "thread for the sender",
        page.get_by_role("link", name="Gemeinsames Sommerfest"),
        path=f"/konto/nachrichten/{thread.pk}/",
    )
    content = page.content()
    assert "Sehr gern! Wann passt es Ihnen?" in content
    assert "antwortet@example.org" not in content
    tour.assert_clean()


def test_a_report_reaches_the_curators_who_suspend_the_writer(page: Any, server: Any) -> None:
    from django.contrib.auth.models import Group

    from quartiersnetz.accounts.rules import CURATOR_GROUP
    from quartiersnetz.contact import selectors, services

    with server.quiet():
        writer = MembershipFactory(
            user=UserFactory(email="werbung@example.org"),
            organisation=OrganisationFactory(name="Werbeagentur X", slug="werbung-x"),
        )
        recipient = MembershipFactory(
            user=UserFactory(email="empfang@example.org"),
            organisation=OrganisationFactory(name="Nachbarschaftshaus", slug="nbh"),
        )
        curator = UserFactory(email="kuration-kontakt@example.org")
        curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
        thread = services.contact_start(
            user=writer.user,
            sender_actor=writer.organisation,
            recipient_actor=recipient.organisation,
            subject="Angebot",
            body="Kaufen Sie jetzt!",
        )
        message = thread.messages.get()
    tour = PageTour(page)
    log_in(page.context, recipient.user, server)
    tour.visit("thread", f"/konto/nachrichten/{thread.pk}/")
    tour.follow(
        "report form",
        page.get_by_role("link", name="Nachricht der Kuration melden"),
        path=f"/konto/nachrichten/nachricht/{message.pk}/melden/",
    )
    page.get_by_label("Warum melden Sie diese Nachricht?").fill("Werbung ohne Bezug")
    tour.follow(
        "thread after reporting",
        page.get_by_role("button", name="Der Kuration melden"),
        path=f"/konto/nachrichten/{thread.pk}/",
    )
    tour.follow(
        "thread after blocking",
        page.get_by_role("button", name=re.compile("Werbeagentur X sperren")),
        path=f"/konto/nachrichten/{thread.pk}/",
    )

    log_out(page.context)
    log_in(page.context, curator, server)
    tour.visit("curation dashboard", "/kuration/")
    tour.follow(
        "reports",
        page.get_by_role("link", name="Eine gemeldete Nachricht"),
        path="/kuration/nachrichten/",
    )
    assert "Werbung ohne Bezug" in page.content()
    page.get_by_label("Grund der Schreibsperre").fill("Werbung")
    tour.follow(
        "reports after suspending",
        page.get_by_role("button", name=re.compile("Schreibsperre für")),
        path="/kuration/nachrichten/",
    )
    with server.quiet():
        assert selectors.is_suspended(writer.user)
    tour.assert_clean()
