"""Authoring the initiative's knowledge in chromium (axe-core on every page, the Nu HTML
Checker on their HTML when it is installed).

1. A curator writes a Handlungsempfehlung in the curators' area and links two practices (with
   search-as-you-type), a Werkstatt and a Vorhaben (without JavaScript: type, submit, tick,
   save); the recommendation's page and all four pages link back.
2. A network partner submits an Impulsbeitrag; a curator finds it in the curators' area and
   publishes it; the partner sees it published.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Group

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.tests.factories import PublicProjectFactory
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.publications.tests.factories import PublicationFactory

from .conftest import new_context
from .helpers import PageTour, log_in
from .test_journeys import expect_path

pytestmark = pytest.mark.e2e


def _press(tour: PageTour, name: str, control: Any) -> None:
    """Submit a form with the keyboard and keep the page it leads to for axe and vnu."""
    with tour.page.expect_navigation() as navigation:
        control.press("Enter")
    response = navigation.value
    assert response is not None
    assert response.status == 200, f"{name}: HTTP {response.status} at {response.url}"
    tour.documents[name] = response.text()
    tour.audit_state(name)


def _curator() -> Any:
    curator = UserFactory(email="kuration-authoring@example.org")
    curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
    return curator


def test_curator_writes_a_recommendation_and_all_examples_link_back(
    page: Any, browser: Any, server: Any
) -> None:
    with server.quiet():
        curator = _curator()
        first = PracticeFactory(title="Stadtteilladen Wanne", slug="stadtteilladen-wanne")
        second = PracticeFactory(title="Stadtteilgarten Eickel", slug="stadtteilgarten-eickel")
        PracticeFactory(title="Kaufhaus am Markt", slug="kaufhaus-am-markt")
        event = EventFactory(title="Praxiswerkstatt Leerstand Herne", slug="pw-herne")
        project = PublicProjectFactory(title="Quartierslabor Wanne", slug="labor-wanne")
    tour = PageTour(page)
    log_in(page.context, curator, server)

    tour.visit("curation dashboard", "/kuration/")
    tour.follow(
        "publication list",
        page.get_by_role("link", name=re.compile("eingereichte Beiträge warten")),
        path="/kuration/impulse/",
    )
    tour.follow(
        "new publication",
        page.get_by_role("link", name="Neue Veröffentlichung schreiben"),
        path="/kuration/impulse/neu/",
    )
    tour.follow(
        "new publication with errors",
        page.get_by_role("button", name="Entwurf speichern"),
        status=400,
        path="/kuration/impulse/neu/",
    )
    page.get_by_label("Art", exact=True).select_option(label="Handlungsempfehlungen")
    page.get_by_label("Titel", exact=True).fill("Empfehlungen aus Herne")
    page.locator("#id_summary").fill("Was die Werkstätten in Herne gezeigt haben.")
    page.get_by_role("button", name="Entwurf speichern").click()
    with server.quiet():
        publication = Publication.objects.get(title="Empfehlungen aus Herne")
    expect_path(page, f"/kuration/impulse/{publication.slug}/")
    tour.audit_state("publication edit")
    tour.follow(
        "new recommendation",
        page.get_by_role("link", name="Empfehlung hinzufügen"),
        path=f"/kuration/impulse/{publication.slug}/empfehlungen/neu/",
    )
    page.get_by_label("Empfehlung (kurz)").fill("Leerstand zuerst auf Zeit öffnen")
    page.get_by_label("Begründung").fill("Die Beispiele in Wanne und Eickel zeigen es.")
    page.get_by_label("Handlungsansatz").select_option(index=1)
    page.get_by_role("button", name="Empfehlung speichern").click()
    editor = f"/kuration/impulse/{publication.slug}/empfehlungen/1/"
    expect_path(page, editor)
    tour.audit_state("recommendation editor")

    # Practices: search-as-you-type (no submit), tick both results, save.
    practices = page.locator("#picker-praxis")
    practices.get_by_role("searchbox").fill("Stadtteil")
    practices.get_by_label("Stadtteilladen Wanne").check()
    practices.get_by_label("Stadtteilgarten Eickel").check()
    assert practices.get_by_label("Kaufhaus am Markt").count() == 0
    tour.audit_state("practice picker with results")
    practices.get_by_role("button", name="Verknüpfungen speichern").click()
    expect_path(page, editor, pattern=re.escape(editor) + "#picker-praxis")
    assert page.locator("#picker-praxis input[name=keep]:checked").count() == 2

    # Werkstatt and Vorhaben without JavaScript: type, submit the search, tick, save.
    nojs = new_context(browser, server, java_script_enabled=False)
    try:
        log_in(nojs, curator, server)
        plain = nojs.new_page()
        plain_tour = PageTour(plain)
        plain_tour.visit("editor without JavaScript", editor)
        for name, query, label in (
            ("werkstatt", "Leerstand", event.title),
            ("vorhaben", "Wanne", project.title),
        ):
            picker = plain.locator(f"#picker-{name}")
            picker.get_by_role("searchbox").fill(query)
            # Without JavaScript Playwright's click waits for "stable" elements forever: keys.
            _press(
                plain_tour, f"{name} search results", picker.get_by_role("button", name="Suchen")
            )
            picker.get_by_label(label).press("Space")
            _press(
                plain_tour,
                f"{name} saved",
                picker.get_by_role("button", name="Verknüpfungen speichern"),
            )
            assert picker.locator("input[name=keep]:checked").count() == 1
        tour.documents.update({f"nojs {k}": v for k, v in plain_tour.documents.items()})
        tour.axe_problems.update(plain_tour.axe_problems)
    finally:
        nojs.close()

    # Publish the paper, then every page links both ways.
    tour.visit("publication edit after linking", f"/kuration/impulse/{publication.slug}/")
    page.get_by_role("button", name="Veröffentlichen").click()
    expect_path(page, f"/kuration/impulse/{publication.slug}/")
    with server.quiet():
        recommendation = Recommendation.objects.get(publication=publication, number=1)
        target = recommendation.get_absolute_url()
    page.context.clear_cookies()
    tour.visit("public recommendation", publication.get_absolute_url())
    main = page.locator("main")
    for record in (first, second, event, project):
        assert main.locator(f'a[href="{record.get_absolute_url()}"]').count(), record
    for name, record in (
        ("first practice", first),
        ("second practice", second),
        ("event", event),
        ("project", project),
    ):
        tour.visit(name, record.get_absolute_url())
        assert main.locator(f'a[href="{target}"]').count(), f"{name} does not link back"
    tour.assert_clean()


def test_partner_submits_an_impulse_and_a_curator_publishes_it(page: Any, server: Any) -> None:
    with server.quiet():
        membership = MembershipFactory()
        partner = membership.user
        curator = _curator()
        PublicationFactory(title="Schon veröffentlicht")
    tour = PageTour(page)
    log_in(page.context, partner, server)
    tour.visit("own area", "/konto/mein-bereich/")
    tour.follow(
        "submit form",
        page.get_by_role("link", name="Impulsbeitrag einreichen"),
        path="/impulse/einreichen/",
    )
    page.get_by_label("Titel", exact=True).fill("Leerstand als Lernort")
    page.locator("#id_summary").fill("Leerstand als Lernort")
    tour.follow(
        "submit form with errors",
        page.get_by_role("button", name="Einreichen"),
        status=400,
        path="/impulse/einreichen/",
    )
    assert "wiederholt nur den Titel" in page.locator("main").inner_text()
    page.locator("#id_summary").fill("Wie ein leerer Laden zum Treffpunkt wurde.")
    page.get_by_role("checkbox", name="CC BY 4.0").check()
    page.get_by_role("button", name="Einreichen").click()
    with server.quiet():
        publication = Publication.objects.get(title="Leerstand als Lernort")
    expect_path(page, publication.get_absolute_url())
    tour.audit_state("submitted")
    assert "noch nicht veröffentlicht" in page.locator("main").inner_text()

    page.context.clear_cookies()
    log_in(page.context, curator, server)
    tour.visit("curation list", "/kuration/impulse/")
    tour.follow(
        "review",
        page.get_by_role("link", name="Leerstand als Lernort"),
        path=f"/kuration/impulse/{publication.slug}/",
    )
    page.get_by_role("button", name="Veröffentlichen").click()
    expect_path(page, f"/kuration/impulse/{publication.slug}/")
    tour.audit_state("published")

    page.context.clear_cookies()
    log_in(page.context, partner, server)
    tour.visit("own area after publishing", "/konto/mein-bereich/")
    assert "veröffentlicht" in page.locator("#h-submissions + ul").inner_text()
    page.context.clear_cookies()
    tour.visit("public list", "/impulse/")
    assert page.get_by_role("link", name="Leerstand als Lernort").count() == 1
    tour.assert_clean()
