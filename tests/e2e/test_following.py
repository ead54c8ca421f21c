"""Following a topic, in chromium (axe-core on every page, the Nu HTML Checker on their HTML when
it is installed).

A member of a housing company follows the action field "Lebendige Quartiere" from the page of
what she follows, and chooses a daily e-mail digest for new practices. A curator publishes a
practice in that field from the review queue. The worker handles the news: the member sees the
unread count in the header and the practice in her notifications. The daily digest mails her
the practice with a one-click unsubscribe link; she follows the link, confirms, and no longer
gets e-mail (her settings page says so).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.notifications.models import Follow, NotificationSettings
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import SubmittedPracticeFactory
from quartiersnetz.taxonomy.models import ActionField

from .helpers import PageTour, log_in, log_out
from .test_journeys import expect_path

pytestmark = pytest.mark.e2e

TITLE = "Hofgärten für alle im Glockenviertel"


def test_follow_a_field_hear_of_a_practice_by_digest_and_unsubscribe(
    page: Any, server: Any
) -> None:
    from quartiersnetz.notifications.mail_tasks import send_digests

    with server.quiet():
        member = MembershipFactory(
            user=UserFactory(email="folgt@example.org", display_name="Frieda Folger"),
            organisation=OrganisationFactory(name="Wohnen am Glockenturm eG", slug="wag"),
        ).user
        curator = UserFactory(email="kuration@example.org", display_name="Kim Kuration")
        curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
        field = ActionField.objects.get(slug="lebendige-quartiere")
        practice = SubmittedPracticeFactory(title=TITLE, action_fields=[field])
    tour = PageTour(page)

    # The member follows the action field and chooses a daily digest for new practices.
    log_in(page.context, member, server)
    tour.visit("follows", "/konto/folge-ich/")
    page.locator("#id_action_field").select_option(label=field.name)
    tour.follow(
        "follows after following",
        page.locator("main").get_by_role("button", name="Folgen", exact=True),
        path="/konto/folge-ich/",
    )
    with server.quiet():
        assert Follow.objects.filter(user=member, target="action_field", key=str(field.pk)).exists()
    tour.visit("notification settings", "/konto/benachrichtigungen/einstellungen/")
    page.get_by_label("Benachrichtigungen auch per E-Mail erhalten").check()
    page.get_by_label("Neues Praxisbeispiel").select_option(value="daily")
    page.locator("main").get_by_role("button", name="Speichern").click()
    expect_path(page, "/konto/benachrichtigungen/einstellungen/")
    tour.audit_state("notification settings saved")
    log_out(page.context)

    # A curator publishes a practice in that field; the worker tells the followers.
    log_in(page.context, curator, server)
    page.goto(f"/praxis/{practice.slug}/pruefen/")
    page.get_by_label("Veröffentlichen").check()
    page.get_by_role("button", name="Entscheidung speichern").click()
    expect_path(page, "/praxis/pruefung/")
    with server.quiet():
        assert Practice.objects.get(pk=practice.pk).state == Practice.State.PUBLISHED
    log_out(page.context)

    # The member sees the unread count and the practice among her notifications.
    log_in(page.context, member, server)
    tour.visit("start page with news", "/")
    assert page.locator("header").get_by_role("link", name="Benachrichtigungen 1 ungelesen").count()
    tour.visit("notifications", "/konto/benachrichtigungen/")
    main = page.locator("main")
    assert main.get_by_role("link", name=TITLE).count() == 1
    # The list is one form: her row's button marks just that notification read.
    tour.follow(
        "notification marked read",
        main.get_by_role("button", name=f"„{TITLE}“ als gelesen markieren"),
        path="/konto/benachrichtigungen/",
    )
    assert not page.locator("header").get_by_text("ungelesen").count()
    assert main.get_by_role("link", name=TITLE).count() == 1

    # The daily digest mails it, with a one-click unsubscribe link and the RFC 8058 headers.
    with server.quiet():
        mail.outbox.clear()
        send_digests.call("daily")
    digests = [m for m in mail.outbox if m.to == ["folgt@example.org"]]
    assert len(digests) == 1
    digest = digests[0]
    assert TITLE in digest.body
    assert practice.get_absolute_url() in digest.body
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in digest.body
    assert "kuration@example.org" not in digest.message().as_string()

    # She follows the link (logged out, as from a mail program), confirms, and gets no more mail.
    log_out(page.context)
    tour.visit("unsubscribe", urlsplit(unsubscribe).path)
    with server.quiet():
        assert NotificationSettings.objects.get(user=member).email_enabled  # GET changes nothing
    tour.follow(
        "unsubscribed",
        page.locator("main").get_by_role("button"),
        path=urlsplit(unsubscribe).path,
    )
    with server.quiet():
        assert not NotificationSettings.objects.get(user=member).email_enabled
    log_in(page.context, member, server)
    tour.visit("settings after unsubscribing", "/konto/benachrichtigungen/einstellungen/")
    assert not page.get_by_label("Benachrichtigungen auch per E-Mail erhalten").is_checked()
    tour.assert_clean()
