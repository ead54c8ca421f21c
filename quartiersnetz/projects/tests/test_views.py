"""Forms and pages of Vorhaben, through the client (no JavaScript needed anywhere)."""

from __future__ import annotations

import pytest

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.models import Learning, Project
from quartiersnetz.taxonomy.models import ActionField, Approach, SpatialField

from .factories import LearningFactory, LogEntryFactory, ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MembershipFactory(organisation=OrganisationFactory(name="Stadtteilverein Süd"))


def project_data(**overrides):
    centres = SpatialField.objects.get(slug="centres")
    return {
        "title": "Kaufhaus der Ideen",
        "summary": "Ein leeres Kaufhaus wird zum Ort der Nachbarschaft.",
        "municipality": "Herne",
        "challenge": "Leerstand **mitten** im Zentrum.",
        "description": "",
        "phase": "prototype",
        "method": "design_thinking",
        "current_step": "prototyp",
        "spatial_field": centres.pk,
        "action_field": ActionField.objects.get(spatial_field=centres).pk,
        "approaches": [Approach.objects.first().pk],
        **overrides,
    }


def test_create_page_offers_only_own_organisations(client, member):
    MembershipFactory(user=member.user, organisation=OrganisationFactory(name="Zweiter Verein"))
    OrganisationFactory(name="Fremde Stiftung")
    client.force_login(member.user)
    page = client.get("/vorhaben/neu/").content.decode()
    assert "Stadtteilverein Süd" in page
    assert "Zweiter Verein" in page
    assert "Fremde Stiftung" not in page


def test_member_creates_and_consents(client, member):
    client.force_login(member.user)
    response = client.post(
        "/vorhaben/neu/",
        {**project_data(), "organisation": member.organisation_id, "role": "sponsor"},
    )
    project = Project.objects.get()
    assert response["Location"] == "/vorhaben/kaufhaus-der-ideen/"
    assert project.municipality.ags == "05916000"
    page = client.get(response["Location"]).content.decode()
    assert "Zustimmung ausstehend – nur für die Partner und die Kuration sichtbar" in page
    assert "<strong>mitten</strong>" in page
    assert 'aria-current="step"' in page
    assert "Der Veröffentlichung zustimmen" in page
    response = client.post("/vorhaben/kaufhaus-der-ideen/zustimmung/", {"action": "zustimmen"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.is_public
    client.logout()
    assert client.get("/vorhaben/kaufhaus-der-ideen/").status_code == 200


def test_create_reports_field_errors(client, member):
    client.force_login(member.user)
    data = project_data(current_step="evaluation", title="", municipality="Nirgendwo-Stadt")
    response = client.post("/vorhaben/neu/", {**data, "organisation": member.organisation_id})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Eingaben." in page
    assert page.count("Dieser Schritt gehört nicht zur gewählten Methodenvorlage.") == 2
    assert not Project.objects.exists()


def test_curator_types_the_first_partner(client, curator):
    OrganisationFactory(name="Wohnungsbaugenossenschaft Nord")
    client.force_login(curator)
    response = client.post(
        "/vorhaben/neu/",
        {**project_data(), "organisation": "Wohnungsbaugenossenschaft Nord", "role": "partner"},
    )
    assert response.status_code == 302
    partner = Project.objects.get().partner_roles.get()
    assert partner.actor.name == "Wohnungsbaugenossenschaft Nord"
    assert partner.consented_at is None


def test_edit(client, member):
    project = ProjectFactory()
    ProjectPartnerFactory(project=project, actor=member.organisation)
    client.force_login(member.user)
    assert client.get(f"/vorhaben/{project.slug}/bearbeiten/").status_code == 200
    response = client.post(
        f"/vorhaben/{project.slug}/bearbeiten/",
        project_data(title="Neuer Name", method="none", current_step=""),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.method, project.current_step) == ("Neuer Name", "none", "")


def test_partners_added_by_name_with_helpful_errors(client, member):
    project = ProjectFactory()
    ProjectPartnerFactory(project=project, actor=member.organisation, is_lead=True)
    OrganisationFactory(name="Bürgerstiftung Herne", slug="buergerstiftung")
    OrganisationFactory(name="Doppelt")
    OrganisationFactory(name="Doppelt")
    client.force_login(member.user)
    url = f"/vorhaben/{project.slug}/partner/"
    page = client.post(url, {"actor": "Doppelt", "role": "partner"}).content.decode()
    assert "Mehrere Profile heißen" in page
    page = client.post(url, {"actor": "Bürgerstift", "role": "partner"}).content.decode()
    assert "Meinten Sie" in page
    page = client.post(url, {"actor": "Stadtteilverein Süd", "role": "partner"}).content.decode()
    assert "bereits Partner" in page
    response = client.post(url, {"actor": "/mitwirkende/buergerstiftung/", "role": "municipality"})
    assert response.status_code == 302
    partner = project.partner_roles.get(actor__slug="buergerstiftung")
    assert partner.get_role_display() == "Kommune"
    page = client.get(url).content.decode()
    assert "Bürgerstiftung Herne entfernen" in page
    response = client.post(f"/vorhaben/{project.slug}/partner/{partner.pk}/entfernen/")
    assert response.status_code == 302
    assert project.partner_roles.count() == 1
    only = project.partner_roles.get()
    client.post(f"/vorhaben/{project.slug}/partner/{only.pk}/entfernen/")
    assert project.partner_roles.count() == 1


def test_log_entry_links_a_praxiswerkstatt(client, member):
    project = ProjectFactory()
    ProjectPartnerFactory(project=project, actor=member.organisation)
    event = EventFactory(title="Praxiswerkstatt am Markt")
    EventFactory(title="Noch geheim", state=Event.State.DRAFT)
    client.force_login(member.user)
    url = f"/vorhaben/{project.slug}/verlauf/neu/"
    page = client.get(url).content.decode()
    assert "Praxiswerkstatt am Markt" in page
    assert "Noch geheim" not in page
    assert "Sichtweise definieren" in page
    response = client.post(
        url,
        {"date": "2025-04-05", "title": "Werkstatt", "body": "", "step": "ideen",
         "event": event.pk},
    )  # fmt: skip
    assert response.status_code == 302
    entry = project.log_entries.get()
    assert entry.event == event
    page = client.get(project.get_absolute_url()).content.decode()
    assert event.get_absolute_url() in page
    assert "Schritt: Ideen finden" in page
    response = client.post(f"/vorhaben/{project.slug}/verlauf/{entry.pk}/loeschen/")
    assert response.status_code == 302
    assert not project.log_entries.exists()


def test_learning_with_practices_by_title_slug_or_link(client, member):
    project = ProjectFactory()
    ProjectPartnerFactory(project=project, actor=member.organisation)
    entry = LogEntryFactory(project=project)
    a = PracticeFactory(title="Dritter Ort am Bahnhof", slug="dritter-ort")
    b = PracticeFactory(title="Kaufhaus-Labor", slug="kaufhaus-labor")
    client.force_login(member.user)
    url = f"/vorhaben/{project.slug}/erkenntnisse/neu/"
    page = client.post(
        url, {"title": "T", "body": "B", "practices": "Unbekanntes Beispiel"}
    ).content.decode()
    assert "Kein veröffentlichtes Praxisbeispiel" in page
    response = client.post(
        url,
        {
            "title": "Schlüssel zählen",
            "body": "Wer den Schlüssel hat, öffnet den Ort.",
            "log_entry": entry.pk,
            "practices": "Dritter Ort am Bahnhof\nhttps://example.org/praxis/kaufhaus-labor/",
            "publish": "on",
        },
    )
    assert response.status_code == 302
    learning = Learning.objects.get()
    assert learning.is_published
    assert set(learning.practices.all()) == {a, b}
    edit = client.get(f"/vorhaben/{project.slug}/erkenntnisse/{learning.pk}/bearbeiten/")
    assert "dritter-ort" in edit.content.decode()
    response = client.post(
        f"/vorhaben/{project.slug}/erkenntnisse/{learning.pk}/veroeffentlichen/",
        {"action": "zurueckziehen"},
    )
    learning.refresh_from_db()
    assert not learning.is_published


def test_filters_are_linkable_and_paginated(client):
    for i in range(25):
        ProjectPartnerFactory(
            project=ProjectFactory(
                title=f"Labor {i:02d}", state="public", public_since="2025-01-01T00:00Z",
                phase="trial" if i % 2 else "development",
            ),
            consented_at="2025-01-01T00:00Z",
        )  # fmt: skip
    page = client.get("/vorhaben/").content.decode()
    assert "25 Vorhaben" in page
    assert "?seite=2" in page
    assert 'Erprobung <span class="facet__count">(12)</span>' in page
    page = client.get("/vorhaben/?phase=trial").content.decode()
    assert "12 Vorhaben" in page
    assert "Labor 01" in page
    assert "Labor 02" not in page
    page = client.get("/vorhaben/?phase=unknown&seite=99").content.decode()
    assert "25 Vorhaben" in page


def test_learning_list_links_to_the_project(client):
    learning = LearningFactory(title="Kooperation braucht Zeit")
    page = client.get("/vorhaben/erkenntnisse/").content.decode()
    assert "Kooperation braucht Zeit" in page
    assert learning.project.get_absolute_url() in page


def test_editing_an_entry_keeps_a_link_to_an_event_that_is_no_longer_public(client, member):
    project = ProjectFactory()
    ProjectPartnerFactory(project=project, actor=member.organisation)
    event = EventFactory(title="Abgesetzte Werkstatt", state=Event.State.DRAFT)
    entry = LogEntryFactory(project=project, event=event)
    client.force_login(member.user)
    url = f"/vorhaben/{project.slug}/verlauf/{entry.pk}/bearbeiten/"
    assert "Abgesetzte Werkstatt" in client.get(url).content.decode()
    response = client.post(
        url, {"date": "2025-04-05", "title": "Neu", "body": "", "step": "", "event": event.pk}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.event == event
