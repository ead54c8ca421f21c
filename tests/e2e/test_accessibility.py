"""Every page type passes axe-core (WCAG 2.1 A/AA) and the Nu HTML Checker without errors.

One tour through all page types runs axe on each page in the browser and keeps the HTML the
server sent; the Nu HTML Checker then validates all documents in a single java run.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from PIL import Image

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors import services
from quartiersnetz.actors.models import Actor
from quartiersnetz.core.testing import require
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices import services as practice_services
from quartiersnetz.practices.models import PracticeActor, RatingCriterion
from quartiersnetz.taxonomy.models import (
    ActionField,
    Approach,
    Method,
    PracticeKind,
    PracticeType,
    Sector,
    SpatialField,
)

from .helpers import PageTour, log_in, log_out, vnu_available, vnu_errors

pytestmark = pytest.mark.e2e

SEEDED_SLUG = "deutscher-verband"

# The HTML of the last tour, so the vnu test need not walk the pages a second time.
_TOUR_DOCUMENTS: dict[str, str] = {}


def _png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), (27, 79, 114)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


def build_showcase() -> dict[str, Any]:
    """Data for every page type: a complete organisation, an expert, a pending claim."""
    owner = UserFactory(email="olga@example.org", display_name="Olga Beispiel")
    organisation = services.organisation_create(
        user=owner,
        data={
            "name": "Stadtteilwerkstatt Herne",
            "sector": Sector.objects.order_by("position").first(),
            "municipality": Municipality.objects.get(ags="05916000"),
            "summary": "Wir beleben leerstehende Ladenlokale in der Innenstadt.",
            "description": (
                "## Wer wir sind\n\nEin *offenes* Netzwerk mit [Website](https://example.org)."
                "\n\n- Räume\n- Beratung"
            ),
            "offers": "Räume für Zwischennutzungen, Beratung zu Förderprogrammen",
            "seeks": "Partner aus der Wohnungswirtschaft",
            "spatial_fields": list(SpatialField.objects.all()[:2]),
            "action_fields": list(ActionField.objects.all()[:2]),
            "approaches": list(Approach.objects.all()[:3]),
            "website": "https://example.org/werkstatt",
            "links": "https://example.org/presse\nhttps://example.org/projekte",
            "contact_email": "kontakt@example.org",
            "show_me_publicly": True,
        },
        logo=_png(),
    )
    services.invitation_create(
        organisation=organisation, invited_by=owner, email="neu@example.org", role="editor"
    )
    expert_user = UserFactory(email="erik@example.org", display_name="Erik Experte")
    expert = services.person_profile_save(
        user=expert_user,
        data={
            "name": "Dr. Erik Experte",
            "sector": Sector.objects.order_by("-position").first(),
            "municipality": Municipality.objects.get(ags="14628260"),
            "summary": "Berät Kleinstädte bei Leerstandsstrategien.",
            "description": "Seit 20 Jahren in der Stadtentwicklung.",
            "offers": "Moderation von Werkstätten",
            "seeks": "Praxisbeispiele aus dem ländlichen Raum",
            "spatial_fields": list(SpatialField.objects.all()[:1]),
            "website": "https://example.org/erik",
        },
    )
    claimant = UserFactory(email="clara@example.org", display_name="Clara Anfrage")
    claim = services.claim_create(
        organisation=Actor.objects.get(slug=SEEDED_SLUG),
        user=claimant,
        message="Ich leite die Geschäftsstelle.\nBitte bestätigen.",
    )
    curator = UserFactory(email="kuration@example.org", display_name="Kim Kuration")
    curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
    practices = build_practices(owner=owner, organisation=organisation, curator=curator)
    return {
        "owner": owner,
        "organisation": organisation,
        "expert": expert,
        "claim": claim,
        "curator": curator,
        **practices,
    }


def build_practices(*, owner: Any, organisation: Actor, curator: Any) -> dict[str, Any]:
    """A complete published practice (rated, with an image, an adaptation, a revision) and one
    waiting for review."""

    def data(title: str, **extra: Any) -> dict[str, Any]:
        kind = PracticeKind.objects.get(slug="place")
        return {
            "kind": kind,
            "type": PracticeType.objects.get(slug="dritter-ort"),
            "title": title,
            "summary": "Ein leerstehendes Kaufhaus wird zum Dritten Ort für das Quartier.",
            "description": "## Ausgangslage\n\nLeerstand am Markt.\n\n- Café\n- Werkstatt",
            "municipality": Municipality.objects.get(ags="05916000"),
            "spatial_field": SpatialField.objects.get(slug="centres"),
            "action_fields": list(ActionField.objects.all()[:1]),
            "approaches": list(Approach.objects.all()[:2]),
            "methods": list(Method.objects.all()[:1]),
            "co_creation_level": "co_producing",
            "co_creation": "Nachbarschaft und Eigentümer planen gemeinsam.",
            "organisational_structure": "Ein Verein betreibt das Haus.",
            "financing": "Mieten der Werkstätten und Städtebauförderung.",
            "cultural_strategy": "Künstlerinnen bespielen das Erdgeschoss.",
            "self_sustaining_dynamics": "Aus dem Café entstand ein Netzwerk.",
            "status": "established",
            "start_year": 2019,
            "sources": "Projektbericht https://example.org/bericht",
            "licence": "cc-by-4.0",
            **extra,
        }

    roles = [(organisation.pk, PracticeActor.Role.OPERATOR)]
    practice = practice_services.practice_create(
        user=owner, organisation=organisation, data=data("Kaufhaus am Markt"), actors=roles
    )
    practice_services.practice_submit(practice=practice, user=owner)
    practice_services.practice_publish(practice=practice, curator=curator, comment="Danke!")
    practice_services.practice_rate(
        practice=practice,
        curator=curator,
        ratings=dict.fromkeys(RatingCriterion.values, (4, "Überzeugend begründet.")),
    )
    practice_services.practice_image_add(
        practice=practice, user=owner, image=_png(), alt_text="Das Kaufhaus", credit="Verein"
    )
    practice.refresh_from_db()
    practice_services.practice_update(
        practice=practice,
        user=owner,
        data={**data("Kaufhaus am Markt"), "summary": "Ein Kaufhaus wird zum Dritten Ort."},
    )
    adaptation = practice_services.practice_create(
        user=owner,
        organisation=organisation,
        data=data("Kaufhaus am Bahnhof", adapted_from=practice),
    )
    practice_services.practice_submit(practice=adaptation, user=owner)
    return {"practice": practice, "submitted_practice": adaptation}


def tour(page: Any, site: Any, *, run_axe: bool, check_overflow: bool = False) -> PageTour:
    with site.quiet():
        data = build_showcase()
        org: Actor = data["organisation"]
        sector_slug = org.sector.slug
    t = PageTour(page, run_axe=run_axe, check_overflow=check_overflow)

    # Public pages.
    t.visit("start page", "/")
    t.visit("Grundsätze", "/grundsaetze/")
    t.visit("Impressum", "/impressum/")
    t.visit("Datenschutz", "/datenschutz/")
    t.visit("Barrierefreiheit", "/barrierefreiheit/")
    t.visit("Nutzungsbedingungen", "/nutzungsbedingungen/")
    t.visit("Datenquellen", "/datenquellen/")
    t.visit("directory", "/mitwirkende/")
    t.visit("directory filtered", f"/mitwirkende/?sector={sector_slug}&kind=organisation&q=Herne")
    t.visit("directory no results", "/mitwirkende/?q=Zzzyxwvu")
    t.visit("profile: organisation, all fields", org.get_absolute_url())
    t.visit("profile: expert", data["expert"].get_absolute_url())
    t.visit("profile: unclaimed seeded", f"/mitwirkende/{SEEDED_SLUG}/")
    t.visit("publications", "/impulse/")
    t.visit("publications filtered", "/impulse/?kind=impulse&action_field=innenstadtstrategien")
    t.visit("publication detail", "/impulse/bids-2-0-innenstadtstrategie/")
    t.visit("publications (English)", "/en/impulse/")
    t.visit("recommendations", "/impulse/handlungsempfehlungen/")
    t.visit(
        "recommendations filtered",
        "/impulse/handlungsempfehlungen/?action_field=lebendige-quartiere&approach=creative-places",
    )
    practice = data["practice"]
    t.visit("practice list", "/praxis/")
    t.visit("practice list filtered", "/praxis/?kind=place&rating=transfer&sort=newest")
    t.visit("practice list no results", "/praxis/?q=Zzzyxwvu")
    t.visit("practice detail, all fields", practice.get_absolute_url())
    t.visit("practice detail (English)", f"/en{practice.get_absolute_url()}")
    t.visit("typology", "/praxis/typologie/")
    t.visit("practice map", "/praxis/karte/")
    t.visit("transfer finder", "/praxis/passt-zu-meinem-ort/")
    t.visit(
        "transfer finder results",
        "/praxis/passt-zu-meinem-ort/?municipality=Herne+%28Nordrhein-Westfalen%29"
        "&text=Leerstand+im+Kaufhaus+am+Markt",
    )
    t.visit("transfer finder errors", "/praxis/passt-zu-meinem-ort/?text=" + "x" * 2100)
    t.visit("events", "/werkstaetten/")
    t.visit("projects", "/vorhaben/")
    t.visit("alliances", "/allianzen/")
    t.visit("network", "/netzwerk/")
    t.visit("sector matrix", "/netzwerk/bereiche/")
    t.visit("search", "/suche/")
    t.visit("search results", "/suche/?q=Kaufhaus")
    t.visit("search no results", "/suche/?q=Zzzyxwvu")
    t.visit("municipality search", "/orte/suche/?q=Neustadt")
    t.visit("open data: the API page", "/offene-daten/api/")
    t.visit("open data: the API page (English)", "/en/offene-daten/api/")
    t.visit("open data: datasets and downloads", "/offene-daten/")
    t.visit("open data: datasets and downloads (English)", "/en/offene-daten/")
    t.visit("404 page", "/gibt-es-nicht/", status=404)
    t.visit("login", "/konto/login/")
    t.visit("password reset", "/konto/password/reset/")
    t.visit("signup", "/konto/signup/")
    page.locator("#id_email").fill("keine-adresse")
    page.locator("#id_password1").fill("kurz")
    t.follow(
        "signup with errors",
        page.locator("main form button[type=submit]"),
        status=400,
        path="/konto/signup/",
    )
    assert page.locator("main [role=alert]").count(), "the sign-up errors are not shown"

    # English variant of the start page, reached through the language link.
    page.goto("/")
    if page.locator(".site-menu__toggle").is_visible():  # a phone: the menu is closed
        page.locator(".site-menu__toggle").click()
    t.follow("start page (English)", page.locator(".language-switch a[hreflang=en]"), path="/en/")
    assert page.locator("html").get_attribute("lang") == "en"

    # A member of an organisation.
    log_in(page.context, data["owner"], site)
    t.visit("account dashboard", "/konto/mein-bereich/")
    t.visit("messages", "/konto/nachrichten/")
    t.visit("notifications", "/konto/benachrichtigungen/")
    t.visit("notification settings", "/konto/benachrichtigungen/einstellungen/")
    t.visit("follows", "/konto/folge-ich/")
    t.visit("create form", "/mitwirkende/neu/")
    if run_axe:  # the municipality autocomplete with its list of suggestions open
        page.locator("#id_municipality").press_sequentially("Neust")
        page.locator("[role=listbox] [role=option]").first.wait_for()
        page.keyboard.press("ArrowDown")
        t.audit_state("create form, municipality suggestions open")
        page.locator("#id_municipality").fill("")
    t.follow(
        "create form with errors",
        page.locator("main form button[type=submit]"),
        status=400,
        path="/mitwirkende/neu/",
    )
    assert page.locator("main [role=alert]").count(), "the form errors are not shown"
    t.visit("edit form", f"{org.get_absolute_url()}bearbeiten/")
    page.locator("#id_name").fill("")
    page.locator("#id_website").fill("kein link")
    t.follow(
        "edit form with errors",
        page.locator("main form button[type=submit]"),
        status=400,
        path=f"{org.get_absolute_url()}bearbeiten/",
    )
    assert page.locator("main [role=alert]").count(), "the form errors are not shown"
    t.visit("members page", f"{org.get_absolute_url()}mitglieder/")
    t.visit("claim form", f"/mitwirkende/{SEEDED_SLUG}/uebernehmen/")
    t.visit("my practices", "/praxis/meine/")
    t.visit("practice form", "/praxis/neu/")
    t.follow(
        "practice form with errors",
        page.locator("main form button[type=submit]").first,
        status=400,
        path="/praxis/neu/",
    )
    assert page.locator("main [role=alert]").count(), "the practice form errors are not shown"
    t.visit("practice edit form", f"{practice.get_absolute_url()}bearbeiten/")
    t.visit("practice images", f"{practice.get_absolute_url()}bilder/")
    t.visit("practice history", f"{practice.get_absolute_url()}versionen/")
    t.visit("publication submission", "/impulse/einreichen/")
    log_out(page.context)

    # A curator.
    log_in(page.context, data["curator"], site)
    t.visit("curator dashboard", "/kuration/")
    t.visit("audit log", "/kuration/protokoll/")
    t.visit("curators' recommendations", "/kuration/impulse/handlungsempfehlungen/")
    t.visit(
        "curators' recommendations filtered",
        "/kuration/impulse/handlungsempfehlungen/?approach=gibt-es-nicht&action_field=lebendige-quartiere",
    )
    t.visit("event planning", "/werkstaetten/planung/")
    t.visit("claim review", f"/mitwirkende/anfragen/{data['claim'].pk}/")
    t.visit("review queue", "/praxis/pruefung/")
    t.visit("practice review", f"{data['submitted_practice'].get_absolute_url()}pruefen/")
    t.visit("practice draft preview", data["submitted_practice"].get_absolute_url())
    t.visit("practice rating", f"{practice.get_absolute_url()}bewerten/")
    revision = practice.history.order_by("-history_id").first()
    t.visit("practice revision diff", f"{practice.get_absolute_url()}versionen/{revision.pk}/")
    log_out(page.context)
    return t


def test_every_page_type_has_no_wcag_21_aa_violations(page: Any, server: Any) -> None:
    t = tour(page, server, run_axe=True)
    _TOUR_DOCUMENTS.clear()
    _TOUR_DOCUMENTS.update(t.documents)
    assert not t.axe_problems, "axe-core found WCAG 2.1 A/AA violations:\n" + t.axe_report()


def test_every_page_type_is_valid_html(request: pytest.FixtureRequest) -> None:
    available, reason = vnu_available()
    require(available, reason)
    documents = dict(_TOUR_DOCUMENTS)
    if not documents:  # run on its own: walk the pages without axe
        page = request.getfixturevalue("page")
        server = request.getfixturevalue("server")
        documents = tour(page, server, run_axe=False).documents
    errors = vnu_errors(documents)
    report = "\n".join(f"{name}:\n    " + "\n    ".join(lines) for name, lines in errors.items())
    assert not errors, f"the Nu HTML Checker found errors in {len(errors)} page(s):\n{report}"


def test_every_page_type_fits_a_phone(page: Any, server: Any) -> None:
    """375 px wide (a small phone): no page scrolls sideways; wide tables scroll in their own
    box."""
    page.set_viewport_size({"width": 375, "height": 800})
    t = tour(page, server, run_axe=False, check_overflow=True)
    report = "\n".join(f"{name}: {wider}" for name, wider in t.overflow.items())
    assert not t.overflow, f"{len(t.overflow)} page(s) wider than a phone:\n{report}"


def test_the_header_fits_two_rows_at_1280_px(page: Any, server: Any) -> None:
    """Brand, account links and language in the first row, the main navigation in the second;
    nothing wraps to a third row (and no "Menü" button on a wide screen)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    brand = page.locator(".site-brand").bounding_box()
    english = page.locator(".language-switch a").bounding_box()
    login = page.locator(".site-account a").first.bounding_box()
    assert english["y"] < brand["y"] + brand["height"]
    assert login["y"] < brand["y"] + brand["height"]
    links = page.locator(".site-nav a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1, tops
    assert min(tops) > brand["y"] + brand["height"] - 1
    assert not page.locator(".site-menu__toggle").is_visible()
    # On a phone the menu is a closed disclosure that opens with the keyboard.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    assert page.locator(".site-menu__toggle").is_visible()
    assert not page.locator(".site-nav a").first.is_visible()
    page.locator(".site-menu__toggle").focus()
    page.keyboard.press("Enter")
    assert page.locator(".site-nav a").first.is_visible()
