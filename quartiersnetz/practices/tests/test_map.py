"""The map page /praxis/karte/: a usable list without JavaScript, the map as enhancement."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.map_views import MAP_PAGE_SIZE
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.taxonomy.models import PracticeKind, PracticeType, SpatialField

pytestmark = pytest.mark.django_db

URL = "/praxis/karte/"


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []
        self.styles = 0
        self.style_attrs = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        if tag == "style":
            self.styles += 1
        if "style" in attrs:
            self.style_attrs += 1


def config(html):
    match = re.search(
        r'<script id="practice-map-config" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "map configuration missing"
    return json.loads(match.group(1))


@pytest.fixture
def places():
    return {
        "herne": Municipality.objects.get(ags="05916000"),
        "leipzig": Municipality.objects.get(ags="14713000"),
        "berlin": Municipality.objects.get(ags="11000000"),
    }


def test_page_lists_records_grouped_by_state_and_municipality(client, places):
    PracticeFactory(title="Ladenlokal Herne", slug="ladenlokal-herne")
    PracticeFactory(title="Kulturhof Leipzig", slug="kulturhof", municipality=places["leipzig"])
    PracticeFactory(
        title="Zweites Leipziger Beispiel", slug="zweites", municipality=places["leipzig"]
    )
    PracticeFactory(title="Ohne Ort", slug="ohne-ort", municipality=None)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    # Bundesland headings in order, municipality headings below them, links to the records.
    nrw = html.index(">Nordrhein-Westfalen</h3>")
    sachsen = html.index(">Sachsen</h3>")
    assert nrw < html.index(">Herne</h4>") < sachsen < html.index(">Leipzig</h4>")
    assert html.count(">Leipzig</h4>") == 1  # both Leipzig records under one heading
    assert 'href="/praxis/ladenlokal-herne/"' in html
    assert 'href="/praxis/kulturhof/"' in html
    assert "4 Praxisbeispiele nach Ort" in html
    # Without a point the record is listed, with a note.
    assert 'href="/praxis/ohne-ort/"' in html
    assert "ohne Ortsangabe, nicht auf der Karte" in html
    assert "auf der Karte am Gemeindemittelpunkt" in html


def test_municipalities_of_the_same_name_are_separate_groups(client):
    twins = (
        Municipality.objects.values("state", "name")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("state", "name")
        .first()
    )
    assert twins, "the directory has municipalities sharing a name within a Bundesland"
    first, second = Municipality.objects.filter(state=twins["state"], name=twins["name"])[:2]
    PracticeFactory(slug="erste", municipality=first)
    PracticeFactory(slug="zweite", municipality=second)
    html = client.get(URL).content.decode()
    assert html.count(f">{twins['name']}</h4>") == 2


def test_map_is_progressive_enhancement_with_an_accessible_name(client):
    PracticeFactory()
    html = client.get(URL).content.decode()
    # The map section is hidden until the script shows it; the list is plain HTML.
    assert re.search(r"<section[^>]*data-practice-map hidden>", html)
    assert 'role="region" aria-label="Karte der Praxisbeispiele"' in html
    assert "Die Liste unter der Karte enthält dieselben Praxisbeispiele." in html
    assert 'href="#map-list"' in html
    assert 'id="map-list"' in html
    assert 'role="status"' in html


def test_no_inline_script_or_style_and_self_hosted_assets(client):
    PracticeFactory()
    response = client.get(URL)
    parser = _Scripts()
    parser.feed(response.content.decode())
    for attrs in parser.scripts:
        # Either a file from our origin or data (json_script), never inline code.
        assert (
            attrs.get("src", "").startswith("/static/") or attrs.get("type") == "application/json"
        )
    srcs = [a["src"] for a in parser.scripts if "src" in a]
    assert "/static/vendor/leaflet/leaflet.js" in srcs
    assert "/static/vendor/leaflet/leaflet.markercluster.js" in srcs
    assert "/static/js/practice-map.js" in srcs
    assert parser.styles == 0
    assert parser.style_attrs == 0
    html = response.content.decode()
    for css in ("leaflet.css", "MarkerCluster.css", "MarkerCluster.Default.css"):
        assert f'href="/static/vendor/leaflet/{css}"' in html
    assert 'href="/static/css/map.css"' in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_tile_setting_is_passed_and_allowed_by_csp(client, settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Beispiel-Kacheln"
    response = client.get(URL)
    cfg = config(response.content.decode())
    assert cfg["tileUrl"] == "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    assert cfg["attribution"] == "© Beispiel-Kacheln"
    assert cfg["stateLabels"] == []
    img_src = next(
        d for d in response["Content-Security-Policy"].split(";") if d.strip().startswith("img-src")
    )
    assert "https://*.tiles.example.org" in img_src
    assert "'self'" in img_src
    assert cfg["outlineUrl"] == ""
    assert 'id="map-plain-hint"' not in response.content.decode()


def test_by_default_no_tile_layer_and_no_third_party_host(client):
    response = client.get(URL)
    html = response.content.decode()
    cfg = config(html)
    assert cfg["tileUrl"] == ""
    assert cfg["attribution"] == ""
    assert 'id="map-plain-hint"' in html
    # Germany's outline, from this site.
    assert cfg["outlineUrl"] == "/static/vendor/germany/germany.geojson"
    # The names of the 16 Bundesländer give orientation on the plain background.
    labels = {label["name"]: (label["lat"], label["lon"]) for label in cfg["stateLabels"]}
    assert len(labels) == 16
    assert all(47 < lat < 55.1 and 5.8 < lon < 15.1 for lat, lon in labels.values())
    assert "Nordrhein-Westfalen" in labels
    img_src = next(
        d for d in response["Content-Security-Policy"].split(";") if d.strip().startswith("img-src")
    )
    assert img_src.split() == ["img-src", "'self'", "data:"]


def test_other_pages_do_not_allow_the_tile_host(client, settings):
    settings.MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "tile.openstreetmap.org" in client.get(URL)["Content-Security-Policy"]
    assert "tile.openstreetmap.org" not in client.get("/")["Content-Security-Policy"]


def test_geojson_url_and_list_link_keep_the_filters(client, places):
    PracticeFactory(municipality=places["leipzig"])
    html = client.get(URL + "?state=14&kind=place&sort=newest&seite=1").content.decode()
    cfg = config(html)
    assert cfg["geojsonUrl"].startswith("/api/v1/practices.geojson?")
    assert "state=14" in cfg["geojsonUrl"]
    assert "kind=place" in cfg["geojsonUrl"]
    assert "seite" not in cfg["geojsonUrl"]
    # The map asks only for what its popups show.
    assert "fields=title%2Cslug%2Curl%2Ckind_name" in cfg["geojsonUrl"]
    assert 'href="/api/v1/practices.geojson?kind=place&amp;state=14&amp;sort=newest"' in html
    assert re.search(r'href="/praxis/\?[^"]*state=14', html)
    assert "Diese Auswahl als Liste anzeigen" in html
    # The active filter is shown and removable.
    assert "Aktive Filter:" in html
    assert "Bundesland: Sachsen" in html or "Sachsen" in html


def test_filters_narrow_the_list(client, places):
    fmt = PracticeKind.objects.get(slug="format")
    PracticeFactory(title="Ein Ort in Herne", slug="ort-herne")
    PracticeFactory(
        title="Ein Format in Leipzig",
        slug="format-leipzig",
        municipality=places["leipzig"],
        kind=fmt,
        type=PracticeType.objects.filter(kind=fmt).first(),
        spatial_field=SpatialField.objects.get(slug="centres"),
    )
    html = client.get(URL + "?kind=format").content.decode()
    assert "/praxis/format-leipzig/" in html
    assert "/praxis/ort-herne/" not in html
    html = client.get(URL + "?state=05").content.decode()
    assert "/praxis/ort-herne/" in html
    assert "/praxis/format-leipzig/" not in html
    html = client.get(URL + "?q=format").content.decode()
    assert "/praxis/format-leipzig/" in html
    assert "/praxis/ort-herne/" not in html
    html = client.get(URL + "?kind=strategy").content.decode()
    assert "Keine Praxisbeispiele passen zu diesen Filtern." in html


@pytest.mark.parametrize(
    "state", [Practice.State.DRAFT, Practice.State.SUBMITTED, Practice.State.RETURNED]
)
def test_unpublished_records_are_not_listed(client, state):
    PracticeFactory(slug="oeffentlich")
    PracticeFactory(slug="intern", state=state)
    html = client.get(URL).content.decode()
    assert "/praxis/oeffentlich/" in html
    assert "/praxis/intern/" not in html


def _bulk(n, offset=0):
    kinds = list(PracticeKind.objects.all())
    types = {k.pk: PracticeType.objects.filter(kind=k).first() for k in kinds}
    places = list(Municipality.objects.filter(ags__in=["05916000", "14713000", "11000000"]))
    field = SpatialField.objects.get(slug="quarters")
    organisation = OrganisationFactory()
    now = timezone.now()
    Practice.objects.bulk_create(
        Practice(
            kind=kinds[i % 3],
            type=types[kinds[i % 3].pk],
            title=f"Praxis {i:05d}",
            slug=f"praxis-bulk-{i}",
            summary="Ein Beispiel.",
            municipality=places[i % 3] if i % 10 else None,
            spatial_field=field,
            organisation=organisation,
            state=Practice.State.PUBLISHED,
            published_at=now,
        )
        for i in range(offset, offset + n)
    )


def test_large_results_are_paginated(client):
    _bulk(MAP_PAGE_SIZE + 5)
    first = client.get(URL).content.decode()
    assert f"{MAP_PAGE_SIZE + 5} Praxisbeispiele nach Ort" in first
    assert first.count('href="/praxis/praxis-bulk-') == MAP_PAGE_SIZE
    assert 'rel="next" href="?seite=2"' in first
    second = client.get(URL + "?seite=2").content.decode()
    assert second.count('href="/praxis/praxis-bulk-') == 5
    assert client.get(URL + "?seite=999").status_code == 200  # out of range: last page


@pytest.mark.parametrize("query", ["", "?kind=format&state=05", "?q=praxis", "?seite=2"])
def test_query_count_is_constant_at_10_and_1000(client, query):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL + query)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _bulk(10)
    small = count()
    _bulk(990, offset=10)
    from django.core.cache import cache

    cache.clear()
    large = count()
    assert small == large
    assert large <= 25  # cold caches: filter facets and counts; warm: two


def test_english_url(client):
    PracticeFactory(slug="englisch")
    response = client.get("/en/praxis/karte/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert 'href="/en/praxis/englisch/"' in html
    assert 'href="/en/praxis/' in html  # the list link stays in English
    cfg = config(html)
    assert cfg["geojsonUrl"].startswith("/api/v1/practices.geojson")
    assert cfg["detailPrefix"] == "/en/praxis/"  # popups link to the English pages
    assert config(client.get(URL).content.decode())["detailPrefix"] == "/praxis/"


def test_only_safe_methods(client):
    assert client.post(URL).status_code == 405


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("query", ["", "?kind=format&state=05", "?q=praxis", "?seite=2"])
def test_warm_page_takes_the_data_version_query_only_at_any_size(client, query):
    """Like /praxis/: a repeated request renders the frame around cached fragments."""
    from django.core.cache import cache

    _bulk(10)
    client.get(URL + query)
    small, _small_html = _queries(client, URL + query)
    _bulk(990, offset=10)
    cache.clear()
    client.get(URL + query)
    large, large_html = _queries(client, URL + query)
    assert small == large == 1
    # The page does not carry the markers, and it lists one page of records at most.
    assert '"Feature"' not in large_html
    assert '"coordinates"' not in large_html
    assert large_html.count('href="/praxis/praxis-bulk-') <= MAP_PAGE_SIZE


def test_cached_page_shows_a_new_record_at_once(client, places):
    PracticeFactory(title="Erstes Beispiel", slug="erstes")
    assert "/praxis/erstes/" in client.get(URL).content.decode()
    PracticeFactory(title="Neues Beispiel", slug="neues", municipality=places["leipzig"])
    html = client.get(URL).content.decode()
    assert "/praxis/neues/" in html
    assert "2 Praxisbeispiele nach Ort" in html


def test_cached_page_drops_an_unpublished_record_at_once(client):
    practice = PracticeFactory(slug="bald-zurueck")
    assert "/praxis/bald-zurueck/" in client.get(URL).content.decode()
    Practice.objects.filter(pk=practice.pk).update(state=Practice.State.RETURNED)
    assert "/praxis/bald-zurueck/" not in client.get(URL).content.decode()


def test_pages_of_a_filtered_list_keep_the_filters(client):
    _bulk(MAP_PAGE_SIZE * 3 + 30)
    first = client.get(URL + "?kind=place").content.decode()
    # Every third bulk record is a place.
    places_total = Practice.objects.filter(kind__slug="place").count()
    assert f"{places_total} Praxisbeispiele nach Ort" in first
    assert 'rel="next" href="?kind=place&amp;seite=2"' in first
    second = client.get(URL + "?kind=place&seite=2").content.decode()
    assert 'rel="prev" href="?kind=place' in second
    assert "Seite 2 von" in second
    assert first != second


def test_map_config_asks_for_keyset_pages_and_caps_the_markers(client):
    from quartiersnetz.practices.map_views import MAP_GEOJSON_LIMIT, MAP_MAX_MARKERS

    PracticeFactory()
    cfg = config(client.get(URL + "?state=05").content.decode())
    assert "after=0" in cfg["geojsonUrl"]
    assert f"limit={MAP_GEOJSON_LIMIT}" in cfg["geojsonUrl"]
    assert "state=05" in cfg["geojsonUrl"]
    assert cfg["maxMarkers"] == MAP_MAX_MARKERS
    assert MAP_GEOJSON_LIMIT <= MAP_MAX_MARKERS
    for key in ("capped", "area", "areaCapped"):
        assert "%s" in cfg["texts"][key]


def test_the_map_and_its_list_are_cached_per_language(client):
    PracticeFactory(slug="sprachen")
    german = client.get(URL).content.decode()
    english = client.get("/en/praxis/karte/").content.decode()
    assert 'href="/praxis/sprachen/"' in german
    assert 'href="/en/praxis/sprachen/"' in english
    assert config(english)["detailPrefix"] == "/en/praxis/"
    assert config(client.get(URL).content.decode())["detailPrefix"] == "/praxis/"
