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
from quartiersnetz.taxonomy.models import ActionField, Approach, Sector, SpatialField

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
    return {
        "owner": owner,
        "organisation": organisation,
        "expert": expert,
        "claim": claim,
        "curator": curator,
    }


def tour(page: Any, site: Any, *, run_axe: bool) -> PageTour:
    with site.quiet():
        data = build_showcase()
        org: Actor = data["organisation"]
        sector_slug = org.sector.slug
    t = PageTour(page, run_axe=run_axe)

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
    t.visit("municipality search", "/orte/suche/?q=Neustadt")
    t.visit("404 page", "/gibt-es-nicht/", status=404)
    t.visit("login", "/konto/login/")
    t.visit("password reset", "/konto/password/reset/")
    t.visit("signup", "/konto/signup/")
    page.locator("#id_email").fill("keine-adresse")
    page.locator("#id_password1").fill("kurz")
    t.follow(
        "signup with errors", page.locator("main form button[type=submit]"), path="/konto/signup/"
    )
    assert page.locator("main [role=alert]").count(), "the sign-up errors are not shown"

    # English variant of the start page, reached through the language link.
    page.goto("/")
    t.follow("start page (English)", page.locator(".language-switch a[hreflang=en]"), path="/en/")
    assert page.locator("html").get_attribute("lang") == "en"

    # A member of an organisation.
    log_in(page.context, data["owner"], site)
    t.visit("account dashboard", "/konto/mein-bereich/")
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
        path="/mitwirkende/neu/",
    )
    assert page.locator("main [role=alert]").count(), "the form errors are not shown"
    t.visit("edit form", f"{org.get_absolute_url()}bearbeiten/")
    page.locator("#id_name").fill("")
    page.locator("#id_website").fill("kein link")
    t.follow(
        "edit form with errors",
        page.locator("main form button[type=submit]"),
        path=f"{org.get_absolute_url()}bearbeiten/",
    )
    assert page.locator("main [role=alert]").count(), "the form errors are not shown"
    t.visit("members page", f"{org.get_absolute_url()}mitglieder/")
    t.visit("claim form", f"/mitwirkende/{SEEDED_SLUG}/uebernehmen/")
    log_out(page.context)

    # A curator.
    log_in(page.context, data["curator"], site)
    t.visit("curator dashboard", "/kuration/")
    t.visit("audit log", "/kuration/protokoll/")
    t.visit("claim review", f"/mitwirkende/anfragen/{data['claim'].pk}/")
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
