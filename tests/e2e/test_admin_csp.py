"""The admin under the site's Content Security Policy, in chromium.

The admin's own JavaScript (filter_horizontal's select boxes, calendar and clock widgets,
collapsible fieldsets, the changelist's filters) and the history pages of Django and
django-simple-history must not trigger a single CSP violation: the browser reports each one as
a `securitypolicyviolation` event (recorded from the first script on) and as a console error.
The console also stays free of complaints about the Permissions-Policy header (features chromium
does not know).
"""

from __future__ import annotations

from typing import Any

import pytest

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.models import Actor
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory

from .helpers import log_in

pytestmark = pytest.mark.e2e

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI || "inline"} ${event.sample || ""}`.trim()
  );
});
"""


def test_admin_pages_cause_no_csp_violation(context: Any, page: Any, server: Any) -> None:
    with server.quiet():
        admin_user = UserFactory(is_staff=True, is_superuser=True)
        practice = PracticeFactory()
        practice.title = "Neuer Titel"
        practice.save()
        record = Practice.history.filter(id=practice.pk).order_by("history_id").first()
        assert record is not None
        event = EventFactory()
        actor = Actor.objects.order_by("pk").first()
        assert actor is not None
    log_in(context, admin_user, server)
    context.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on(
        "console",
        lambda message: console.append(message.text)
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
        else None,
    )
    urls = [
        "/verwaltung/",
        "/verwaltung/practices/practice/",
        "/verwaltung/practices/practice/?state__exact=published",
        f"/verwaltung/practices/practice/{practice.pk}/change/",
        f"/verwaltung/practices/practice/{practice.pk}/history/",
        f"/verwaltung/practices/practice/{practice.pk}/history/{record.history_id}/",
        f"/verwaltung/actors/actor/{actor.pk}/change/",
        f"/verwaltung/actors/actor/{actor.pk}/history/",
        "/verwaltung/events/event/add/",
        f"/verwaltung/events/event/{event.pk}/change/",
        "/verwaltung/audit/auditentry/",
        "/verwaltung/accounts/user/",
    ]
    violations: dict[str, list[str]] = {}
    for url in urls:
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        # The admin loads a dozen scripts and stylesheets per page: under a fully loaded CI
        # machine (two xdist workers beside the live server) 15 s were once not enough.
        page.wait_for_load_state("networkidle", timeout=60_000)
        found = page.evaluate("window.__cspViolations")
        if found:
            violations[url] = found
    assert violations == {}
    assert console == []
