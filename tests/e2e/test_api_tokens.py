"""API keys, in chromium (axe-core on every page, the Nu HTML Checker on their HTML), on a
375 px phone.

The editor of a neighbourhood association creates a write key for her project portal on
/konto/api-schluessel/, copies it from the page (shown once), and her portal submits a
practice through `POST /api/v1/practices`. She finds the draft among her practices, revokes
the key, and the API refuses it from then on.
"""

from __future__ import annotations

from typing import Any

import pytest

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.models import Membership
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.api.models import ApiToken
from quartiersnetz.practices.models import Practice
from quartiersnetz.taxonomy.models import PracticeType

from .helpers import PageTour, log_in
from .test_journeys import expect_path

pytestmark = pytest.mark.e2e

TITLE = "Leerstandslotsen in der Altstadt"


def test_create_a_key_submit_through_the_api_and_revoke_it(page: Any, server: Any) -> None:
    with server.quiet():
        member = MembershipFactory(
            user=UserFactory(email="portal@example.org", display_name="Paula Portal"),
            organisation=OrganisationFactory(name="Altstadtverein Lindental e. V.", slug="avl"),
            role=Membership.Role.EDITOR,
        ).user
    page.set_viewport_size({"width": 375, "height": 800})
    tour = PageTour(page, check_overflow=True)
    log_in(page.context, member, server)

    tour.visit("account", "/konto/mein-bereich/")
    tour.follow(
        "api keys",
        page.get_by_role("link", name="API-Schlüssel für die Schnittstelle"),
        path="/konto/api-schluessel/",
    )
    # An empty name is an error; what was chosen stays.
    page.get_by_label("Lesen und Schreiben (Entwürfe einreichen)").check()
    tour.follow(
        "api keys: error",
        page.get_by_role("button", name="Schlüssel erstellen"),
        status=400,
        path="/konto/api-schluessel/",
    )
    assert page.get_by_label("Lesen und Schreiben (Entwürfe einreichen)").is_checked()
    page.get_by_label("Name").fill("Projektportal")
    page.get_by_label("365 Tage").check()
    tour.follow(
        "api keys: created",
        page.get_by_role("button", name="Schlüssel erstellen"),
        path="/konto/api-schluessel/",
    )
    raw = page.get_by_label("API-Schlüssel", exact=True).input_value()
    assert raw.startswith("qn_")

    # The portal submits a practice with the key.
    with server.quiet():
        type_code = PracticeType.objects.filter(kind__slug="place").first().slug
    answer = page.request.post(
        f"{server.url}/api/v1/practices",
        headers={"Authorization": f"Bearer {raw}"},
        data={
            "organisation": "avl",
            "title": TITLE,
            "summary": "Lotsen bringen Ideen und leere Läden zusammen.",
            "kind": "place",
            "type": type_code,
            "spatial_field": "centres",
            "description": "Ehrenamtliche begleiten Gründerinnen in leere Läden.",
            "submit": True,
        },
    )
    assert answer.status == 201, answer.text()
    with server.quiet():
        practice = Practice.objects.get(title=TITLE)
        assert practice.state == Practice.State.SUBMITTED
    tour.visit("my practices", "/praxis/meine/")
    assert page.get_by_role("rowheader", name=TITLE).is_visible()

    # She revokes the key; the API refuses it.
    tour.visit("api keys again", "/konto/api-schluessel/")
    assert raw not in page.content()
    page.get_by_role("button", name="„Projektportal“ widerrufen").click()
    expect_path(page, "/konto/api-schluessel/")
    tour.audit_state("api keys: revoked")
    assert page.get_by_text("ist widerrufen").is_visible()
    refused = page.request.get(
        f"{server.url}/api/v1/me", headers={"Authorization": f"Bearer {raw}"}
    )
    assert refused.status == 401
    with server.quiet():
        assert ApiToken.objects.get(user=member).revoked_at is not None
    assert not tour.overflow, tour.overflow
    tour.assert_clean()
