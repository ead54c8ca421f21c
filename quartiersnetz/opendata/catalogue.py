"""The DCAT-AP.de catalogue of the open data (`/offene-daten/katalog.ttl`, `.jsonld`), built with
rdflib from the dataset registry: a dcat:Catalog with a dcat:Dataset per dataset, a
dcat:Distribution per format (the downloads, the dump, the existing feeds and calendar) and the
API as a dcat:DataService."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from .datasets import CC_BY, DATASETS, FORMATS, Dataset
from .dump import dump_info

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
ACCESS = Namespace("http://publications.europa.eu/resource/authority/access-right/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")


def _url(base: str, name: str, **kwargs: Any) -> URIRef:
    with translation.override("de"):
        return URIRef(base.rstrip("/") + reverse(name, kwargs=kwargs))


def _both(graph: Graph, subject: Any, predicate: Any, german: str, english: str) -> None:
    graph.add((subject, predicate, Literal(german, lang="de")))
    graph.add((subject, predicate, Literal(english, lang="en")))


def _modified(value: datetime | None) -> Literal | None:
    if value is None:
        return None
    return Literal(value.isoformat(), datatype=XSD.dateTime)


def catalogue(base: str, versions: dict[str, Any]) -> Graph:
    """The catalogue for the site at `base` (scheme and host); `versions` maps a dataset's slug
    to its latest change."""
    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("dcatde", DCATDE),
    ):
        graph.bind(prefix, namespace)
    page = _url(base, "opendata:index")
    catalog = URIRef(f"{page}#katalog")
    publisher = URIRef(f"{base.rstrip('/')}/#betreiber")
    operator = settings.OPERATOR
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal(operator["name"])))
    graph.add((publisher, FOAF.homepage, URIRef(base)))
    contact = BNode("kontakt")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(operator["name"])))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{operator['email']}")))
    contributor = getattr(settings, "OPENDATA_CONTRIBUTOR_ID", "") or str(publisher)

    graph.add((catalog, RDF.type, DCAT.Catalog))
    _both(
        graph,
        catalog,
        DCTERMS.title,
        "Quartiersnetz – offene Daten",
        "Quartiersnetz – open data",
    )
    _both(
        graph,
        catalog,
        DCTERMS.description,
        "Alle öffentlichen Einträge der Vernetzungsplattform Quartiersnetz: Mitwirkende, "
        "Praxisbeispiele, Impulse, Werkstätten, Vorhaben, Allianzen, Verbindungen, Gemeinden "
        "und Vokabulare.",
        "Every public record of the networking platform Quartiersnetz: actors, practices, "
        "publications, events, projects, alliances, connections, municipalities and "
        "vocabularies.",
    )
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, FOAF.homepage, page))
    graph.add((catalog, DCTERMS.language, LANGUAGE.DEU))
    graph.add((catalog, DCTERMS.license, URIRef(CC_BY.dcat_uri)))
    latest = [v for v in versions.values() if v is not None]
    if latest and (modified := _modified(max(latest))) is not None:
        graph.add((catalog, DCTERMS.modified, modified))

    service = URIRef(base.rstrip("/") + "/api/v1/")
    graph.add((service, RDF.type, DCAT.DataService))
    _both(graph, service, DCTERMS.title, "Quartiersnetz-API", "Quartiersnetz API")
    graph.add((service, DCAT.endpointURL, service))
    graph.add((service, DCAT.endpointDescription, _url(base, "api:openapi")))
    graph.add((service, DCTERMS.publisher, publisher))
    graph.add((service, DCTERMS.license, URIRef(CC_BY.dcat_uri)))
    graph.add((service, DCTERMS.accessRights, ACCESS.PUBLIC))
    graph.add((service, FOAF.page, _url(base, "api_pages:docs")))
    graph.add((catalog, DCAT.service, service))

    info = dump_info()
    for dataset in DATASETS:
        node = _dataset(graph, base, dataset, versions.get(dataset.slug), service, info)
        graph.add((node, DCTERMS.publisher, publisher))
        graph.add((node, DCAT.contactPoint, contact))
        graph.add((node, DCATDE.contributorID, URIRef(contributor)))
        graph.add((catalog, DCAT.dataset, node))
        graph.add((service, DCAT.servesDataset, node))
    return graph


def _distribution(
    graph: Graph,
    dataset: Dataset,
    access: URIRef,
    download: URIRef | None,
    fmt: str,
    titles: tuple[str, str],
) -> BNode:
    spec = FORMATS[fmt]
    node = BNode(f"{dataset.slug}-{fmt}")
    graph.add((node, RDF.type, DCAT.Distribution))
    _both(graph, node, DCTERMS.title, *titles)
    graph.add((node, DCAT.accessURL, access))
    if download is not None:
        graph.add((node, DCAT.downloadURL, download))
    graph.add((node, DCTERMS.format, FILE_TYPE[spec.eu_file_type]))
    graph.add(
        (
            node,
            DCAT.mediaType,
            URIRef(f"http://www.iana.org/assignments/media-types/{spec.media_type}"),
        )
    )
    graph.add((node, DCTERMS.license, URIRef(dataset.licence.dcat_uri)))
    return node


def _dataset(
    graph: Graph,
    base: str,
    dataset: Dataset,
    modified: datetime | None,
    service: URIRef,
    info: Any,
) -> URIRef:
    page = _url(base, "opendata:index")
    node = URIRef(f"{page}#{dataset.slug}")
    graph.add((node, RDF.type, DCAT.Dataset))
    _both(graph, node, DCTERMS.title, dataset.title_de, dataset.title_en)
    _both(graph, node, DCTERMS.description, dataset.description_de, dataset.description_en)
    graph.add((node, DCAT.theme, THEME[dataset.theme]))
    graph.add((node, DCTERMS.license, URIRef(dataset.licence.dcat_uri)))
    graph.add((node, DCTERMS.accessRights, ACCESS.PUBLIC))
    graph.add((node, DCAT.landingPage, URIRef(f"{page}#{dataset.slug}")))
    graph.add((node, DCTERMS.identifier, Literal(dataset.slug)))
    if (stamp := _modified(modified)) is not None:
        graph.add((node, DCTERMS.modified, stamp))
    for fmt in dataset.formats:
        url = _url(base, f"opendata:{fmt.replace('-', '_')}", dataset=dataset.slug)
        label = FORMATS[fmt].label
        titles = (f"{dataset.title_de} ({label})", f"{dataset.title_en} ({label})")
        graph.add((node, DCAT.distribution, _distribution(graph, dataset, url, url, fmt, titles)))
    for feed in dataset.feeds:
        url = _url(base, feed.url_name)
        titles = (feed.title_de, feed.title_en)
        distribution = _distribution(graph, dataset, url, url, feed.format, titles)
        graph.add((node, DCAT.distribution, distribution))
    if dataset.api_path:
        api = URIRef(base.rstrip("/") + dataset.api_path)
        distribution = _distribution(
            graph,
            dataset,
            api,
            None,
            "json",
            (f"{dataset.title_de} (API)", f"{dataset.title_en} (API)"),
        )
        graph.add((distribution, DCAT.accessService, service))
        graph.add((node, DCAT.distribution, distribution))
    if info is not None:
        dump = _url(base, "opendata:dump")
        distribution = _distribution(
            graph,
            dataset,
            dump,
            dump,
            "zip",
            ("Gesamtpaket aller Datensätze (ZIP)", "Dump of every dataset (ZIP)"),
        )
        graph.add(
            (distribution, DCAT.byteSize, Literal(info.size, datatype=XSD.nonNegativeInteger))
        )
        graph.add((node, DCAT.distribution, distribution))
    return node
