"""Network partners submit contributions; curators publish them from the page or the admin."""

import pytest

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.publications.models import Publication

from .pdfs import PNG_BYTES, simple_pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    membership = MembershipFactory(organisation=OrganisationFactory(name="Stadtlabor Herne"))
    client.force_login(membership.user)
    return membership


def post_data(member, **extra):
    return {
        "organisation": member.organisation_id,
        "kind": "impulse",
        "title": "Leerstand als Chance",
        "summary": "Wie Ladenlokale zu Treffpunkten werden.",
        "body": "## Ausgangslage\n\nText.",
        "licence": "on",
        **extra,
    }


def test_the_form_offers_only_own_organisations_and_no_recommendations_kind(client, member):
    OrganisationFactory(name="Fremde Organisation")
    html = client.get("/impulse/einreichen/").content.decode()
    assert "Stadtlabor Herne" in html
    assert "Fremde Organisation" not in html
    assert 'value="recommendations"' not in html
    assert 'accept="application/pdf,.pdf"' in html
    assert "Nur PDF, höchstens 20 MB." in html


def test_submit_with_pdf_creates_an_unpublished_publication_visible_to_the_submitter(
    client, member
):
    data = post_data(member, attachment=upload(simple_pdf(1), "leerstand.pdf"))
    response = client.post("/impulse/einreichen/", data)
    publication = Publication.objects.get(title="Leerstand als Chance")
    assert response.status_code == 302
    assert response["Location"] == publication.get_absolute_url()
    assert not publication.is_published
    assert publication.submitted_by == member.user
    assert publication.attachments.get().title == "Leerstand als Chance"
    html = client.get(publication.get_absolute_url()).content.decode()
    assert "Ihr Beitrag ist eingereicht" in html
    assert "nur Sie und die Kuration" in html
    assert "Veröffentlichen (Kuration)" not in html
    assert client.get(publication.attachments.get().get_absolute_url()).status_code == 200
    assert "Leerstand als Chance" not in client.get("/impulse/").content.decode()
    client.logout()
    assert client.get(publication.get_absolute_url()).status_code == 404


def test_submit_refuses_a_fake_pdf_and_a_missing_licence(client, member):
    response = client.post(
        "/impulse/einreichen/", post_data(member, attachment=upload(PNG_BYTES, "bild.pdf"))
    )
    assert response.status_code == 400
    assert "kein lesbares PDF" in response.content.decode()
    data = post_data(member)
    del data["licence"]
    response = client.post("/impulse/einreichen/", data)
    assert response.status_code == 400
    assert not Publication.objects.filter(title="Leerstand als Chance").exists()
    assert not AuditEntry.objects.exists()


def test_curator_publishes_a_submission_from_its_page(client, member, curator):
    client.post("/impulse/einreichen/", post_data(member))
    publication = Publication.objects.get(title="Leerstand als Chance")
    client.force_login(curator)
    html = client.get(publication.get_absolute_url()).content.decode()
    assert "nur für die Kuration sichtbar" in html
    assert "Veröffentlichen (Kuration)" in html
    response = client.post(f"/impulse/{publication.slug}/status/", {"action": "publish"})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.is_published
    client.logout()
    assert "Leerstand als Chance" in client.get("/impulse/").content.decode()
    assert "Leerstand als Chance" in client.get("/impulse/feed.atom").content.decode()
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "publication.submit",
        "publication.publish",
    ]


def test_status_with_unknown_action_changes_nothing(client, curator):
    from .factories import PublicationFactory

    publication = PublicationFactory(is_published=False)
    client.force_login(curator)
    response = client.post(f"/impulse/{publication.slug}/status/", {"action": "loeschen"})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert not publication.is_published
    assert not AuditEntry.objects.exists()
