"""schema.org JSON-LD on the detail pages (issue 14): consistent types, what the page shows and
nothing more, only for public records, and no text of a record can leave the data block."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory, PersonFactory
from quartiersnetz.projects.tests.factories import (
    ProjectFactory,
    ProjectPartnerFactory,
    PublicProjectFactory,
)
from quartiersnetz.publications.tests.factories import AttachmentFactory, PublicationFactory

pytestmark = pytest.mark.django_db

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def ld(client, url):
    html = client.get(url).content.decode()
    blocks = BLOCK.findall(html)
    assert len(blocks) <= 1, url
    return json.loads(blocks[0]) if blocks else None


def test_an_organisation_is_an_organization_with_what_its_profile_shows(client):
    org = OrganisationFactory(
        name="Stadtteilwerk </script><b>Nord</b>",
        website="https://stadtteilwerk.example",
        contact_email="post@stadtteilwerk.example",
    )
    html = client.get(org.get_absolute_url()).content.decode()
    assert "</script><b>" not in BLOCK.findall(html)[0]  # escaped inside the block
    data = ld(client, org.get_absolute_url())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == org.name
    assert data["url"] == f"http://testserver{org.get_absolute_url()}"
    assert data["sameAs"] == ["https://stadtteilwerk.example"]
    assert data["email"] == "post@stadtteilwerk.example"
    assert data["address"]["addressLocality"] == "Herne"
    assert data["address"]["addressCountry"] == "DE"


def test_a_person_only_with_their_own_profile_and_never_their_address(client):
    person = PersonFactory(contact_email="expertin@example.org")
    data = ld(client, person.get_absolute_url())
    assert data["@type"] == "Person"
    assert "email" not in data
    assert "expertin@example.org" not in json.dumps(data)
    assert "address" not in data  # a person's place is where they live: homeLocation
    seeded = PersonFactory(user=None)
    assert ld(client, seeded.get_absolute_url()) is None


def test_hidden_profiles_unpublished_publications_and_private_projects_have_none(
    client, django_user_model
):
    curator = django_user_model.objects.create_superuser("k@example.org", "pw")
    client.force_login(curator)  # curators may see these pages; the data block stays out
    hidden = OrganisationFactory(is_hidden=True)
    assert ld(client, hidden.get_absolute_url()) is None
    draft = PublicationFactory(is_published=False)
    assert ld(client, draft.get_absolute_url()) is None
    private = ProjectFactory()
    assert ld(client, private.get_absolute_url()) is None


def test_a_publication_is_an_article_with_its_public_authors_and_attachments(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    author, hidden = OrganisationFactory(), OrganisationFactory(is_hidden=True)
    publication = PublicationFactory(authors=[author, hidden], author_names="Dr. Jana Beispiel")
    attachment = AttachmentFactory(publication=publication, title="Langfassung")
    data = ld(client, publication.get_absolute_url())
    assert data["@type"] == "Article"
    assert data["headline"] == publication.title
    assert data["datePublished"] == "2024-05-01"
    assert [a["name"] for a in data["author"]] == [author.name]
    assert data["creditText"] == "Dr. Jana Beispiel"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    (media,) = data["associatedMedia"]
    assert media["name"] == "Langfassung"
    assert media["contentUrl"].endswith(attachment.get_absolute_url())


def test_a_project_names_only_consenting_public_partners(client):
    lead = OrganisationFactory(name="Quartiersverein Süd")
    project = PublicProjectFactory(partner=lead)
    ProjectPartnerFactory(project=project, consented_at=None)  # asked, not yet agreed
    ProjectPartnerFactory(
        project=project, actor=OrganisationFactory(is_hidden=True), consented_at=timezone.now()
    )
    data = ld(client, project.get_absolute_url())
    assert data["@type"] == "Project"
    assert data["name"] == project.title
    assert [m["name"] for m in data["member"]] == ["Quartiersverein Süd"]
