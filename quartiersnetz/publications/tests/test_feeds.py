import xml.etree.ElementTree as ET

import pytest

from quartiersnetz.taxonomy.models import ActionField

from .factories import PublicationFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own server's output
    assert root.tag == f"{ATOM}feed"
    return {
        entry.findtext(f"{ATOM}title"): entry.find(f"{ATOM}link").get("href")
        for entry in root.iter(f"{ATOM}entry")
    }


def test_feed_lists_published_publications_linking_to_detail_pages(client):
    PublicationFactory(title="Geheimer Entwurf", is_published=False)
    found = entries(client, "/impulse/feed.atom")
    assert len(found) == 5
    assert "Geheimer Entwurf" not in found
    link = found["In den „BIDS 2.0“ ziehen alle bei der Innenstadtstrategie an einem Strang"]
    assert link == "http://testserver/impulse/bids-2-0-innenstadtstrategie/"


def test_action_field_feed_has_only_that_field(client):
    quarters = ActionField.objects.get(slug="lebendige-quartiere")
    PublicationFactory(title="Quartiersimpuls", action_field=quarters, slug="quartiersimpuls")
    PublicationFactory(title="Entwurf im Quartier", action_field=quarters, is_published=False)
    found = entries(client, "/impulse/lebendige-quartiere/feed.atom")
    assert found == {"Quartiersimpuls": "http://testserver/impulse/quartiersimpuls/"}
    assert len(entries(client, "/impulse/innenstadtstrategien/feed.atom")) == 5


def test_unknown_action_field_feed_is_404(client):
    assert client.get("/impulse/gibt-es-nicht/feed.atom").status_code == 404
