"""The DCAT-AP.de catalogue, as Turtle and as JSON-LD, read back with rdflib."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from quartiersnetz.opendata import dump
from quartiersnetz.opendata.catalogue import DCATDE, FILE_TYPE
from quartiersnetz.opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db


def _graph(client, name, fmt):
    response = client.get(f"/offene-daten/{name}")
    assert response.status_code == 200
    graph = Graph()
    graph.parse(data=response.content.decode("utf-8"), format=fmt)
    return graph, response


# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph (rdflib 7.6).
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize(
    ("name", "fmt", "content_type"),
    [
        ("katalog.ttl", "turtle", "text/turtle; charset=utf-8"),
        ("katalog.jsonld", "json-ld", "application/ld+json"),
    ],
)
def test_the_catalogue_has_the_mandatory_classes_and_properties(
    client, data, name, fmt, content_type
):
    dump.build_dump()
    graph, response = _graph(client, name, fmt)
    assert response["Content-Type"] == content_type
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    catalog = catalogs[0]
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher):
        assert graph.value(catalog, prop) is not None, prop
    titles = {t.language for t in graph.objects(catalog, DCTERMS.title)}
    assert titles == {"de", "en"}
    publisher = graph.value(catalog, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Organization) in graph
    assert graph.value(publisher, FOAF.name) is not None

    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert len(datasets) == len(DATASETS)
    for node in datasets:
        assert (node, RDF.type, DCAT.Dataset) in graph
        for prop in (
            DCTERMS.title,
            DCTERMS.description,
            DCTERMS.publisher,
            DCAT.contactPoint,
            DCAT.theme,
            DCTERMS.license,
            DCTERMS.accessRights,
            DCATDE.contributorID,
        ):
            assert graph.value(node, prop) is not None, (node, prop)
        assert {t.language for t in graph.objects(node, DCTERMS.description)} == {"de", "en"}
        distributions = list(graph.objects(node, DCAT.distribution))
        assert len(distributions) >= 3
        for distribution in distributions:
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            access = graph.value(distribution, DCAT.accessURL)
            assert str(access).startswith("http://testserver/")
            assert str(graph.value(distribution, DCTERMS.format)).startswith(str(FILE_TYPE))
            assert graph.value(distribution, DCAT.mediaType) is not None
            assert graph.value(distribution, DCTERMS.license) is not None
        downloads = {str(graph.value(d, DCAT.downloadURL)) for d in distributions}
        assert "http://testserver/offene-daten/quartiersnetz-offene-daten.zip" in downloads

    practices = URIRef("http://testserver/offene-daten/#practices")
    downloads = {
        str(graph.value(d, DCAT.downloadURL)) for d in graph.objects(practices, DCAT.distribution)
    }
    assert {
        "http://testserver/offene-daten/practices.csv",
        "http://testserver/offene-daten/practices-excel.csv",
        "http://testserver/offene-daten/practices.json",
        "http://testserver/offene-daten/practices.geojson",
        "http://testserver/praxis/feed.atom",
    } <= downloads
    assert graph.value(practices, DCTERMS.modified) is not None
    places = URIRef("http://testserver/offene-daten/#places")
    assert (
        str(graph.value(places, DCTERMS.license)) == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    )

    services = list(graph.subjects(RDF.type, DCAT.DataService))
    assert len(services) == 1
    service = services[0]
    assert str(graph.value(service, DCAT.endpointURL)) == "http://testserver/api/v1/"
    assert set(graph.objects(service, DCAT.servesDataset)) == datasets


def test_the_catalogue_answers_304_until_something_changes(client, data):
    first = client.get("/offene-daten/katalog.ttl")
    again = client.get("/offene-daten/katalog.ttl", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    from quartiersnetz.practices.tests.factories import PracticeFactory

    PracticeFactory()
    assert (
        client.get("/offene-daten/katalog.ttl", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    )
