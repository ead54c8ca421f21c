"""The open-data GeoJSON of published Praxisbeispiele (/api/v1/practices.geojson)."""

from __future__ import annotations

import gzip
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.api.geo import BBox, contains, parse_bbox
from quartiersnetz.api.problems import InvalidParametersError
from quartiersnetz.api.views import practices_geojson
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.models import Licence, Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.taxonomy.models import ActionField, PracticeKind, PracticeType, SpatialField

pytestmark = pytest.mark.django_db

URL = "/api/v1/practices.geojson"
HERNE = (51.540365, 7.222793)  # (lat, lon) of the municipality's centre in the directory


def body(response):
    assert response.status_code == 200, response.content
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(raw)


def get(client, query="", **headers):
    return client.get(URL + (f"?{query}" if query else ""), **headers)


def by_slug(collection):
    return {f["properties"]["slug"]: f for f in collection["features"]}


@pytest.fixture
def leipzig():
    return Municipality.objects.get(ags="14713000")


# --- Format ---------------------------------------------------------------------------------


def test_feature_collection_follows_rfc_7946(client):
    exact = PracticeFactory(slug="exakt", latitude=51.5, longitude=7.25)
    exact.action_fields.set(ActionField.objects.filter(slug="lebendige-quartiere"))
    PracticeFactory(slug="gemeinde")  # Herne, no exact point

    response = get(client)
    assert response["Content-Type"] == "application/geo+json"
    data = body(response)
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    assert data["omitted"] == 0
    features = by_slug(data)
    assert set(features) == {"exakt", "gemeinde"}
    feature = features["exakt"]
    assert feature["type"] == "Feature"
    assert feature["id"] == exact.pk
    # Longitude first (RFC 7946 §3.1.1).
    assert feature["geometry"] == {"type": "Point", "coordinates": [7.25, 51.5]}
    props = feature["properties"]
    assert props["title"] == exact.title
    assert props["url"] == "http://testserver/praxis/exakt/"
    assert props["kind"] == "place"
    assert props["kind_name"] == "Ort"
    assert props["type"] == exact.type.slug
    assert props["type_name"] == exact.type.name
    assert props["summary"] == exact.summary
    assert props["municipality"] == "Herne"
    assert props["ags"] == "05916000"
    assert props["state"] == "05"
    assert props["state_name"] == "Nordrhein-Westfalen"
    assert props["spatial_field"] == "quarters"
    assert props["spatial_field_name"] == "Quartiere"
    assert props["action_fields"] == ["lebendige-quartiere"]
    assert props["action_field_names"] == ["Lebendige Quartiere"]
    assert props["status"] == "implementation"
    assert props["status_name"] == "in Umsetzung"
    assert props["transfer_score"] is None
    assert props["innovation_score"] is None
    assert props["licence"] == "cc-by-4.0"
    assert props["licence_url"].startswith("https://creativecommons.org/licenses/by/4.0/")
    assert props["point_precision"] == "exact"

    centre = features["gemeinde"]
    assert centre["geometry"]["coordinates"] == [HERNE[1], HERNE[0]]
    assert centre["properties"]["point_precision"] == "municipality"
    assert centre["properties"]["action_fields"] == []


def test_types_of_scores_and_licence(client):
    PracticeFactory(
        slug="bewertet",
        transfer_score=Decimal("4.5"),
        innovation_score=Decimal("3.0"),
        licence=Licence.CC0,
    )
    props = by_slug(body(get(client)))["bewertet"]["properties"]
    assert props["transfer_score"] == 4.5
    assert isinstance(props["transfer_score"], float)
    assert props["innovation_score"] == 3.0
    assert props["licence"] == "cc0-1.0"
    assert props["licence_name"] == "CC0 1.0"


def test_every_coordinate_is_a_valid_lon_lat_pair(client, leipzig):
    PracticeFactory(municipality=leipzig)
    PracticeFactory(latitude=54.3, longitude=10.1)
    for feature in body(get(client))["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert isinstance(lon, float)
        assert isinstance(lat, float)
        assert 5.8 <= lon <= 15.1  # Germany: lon < lat
        assert 47.0 <= lat <= 55.2


def test_records_without_a_point_are_omitted_and_counted(client):
    PracticeFactory(slug="ohne-ort", municipality=None)
    PracticeFactory(slug="mit-ort")
    data = body(get(client))
    assert set(by_slug(data)) == {"mit-ort"}
    assert data["omitted"] == 1


def test_empty_collection_is_valid(client):
    data = body(get(client))
    assert data["type"] == "FeatureCollection"
    assert (data["features"], data["omitted"], data["numberReturned"]) == ([], 0, 0)
    assert [link["rel"] for link in data["links"]] == ["self"]


# --- Pages ------------------------------------------------------------------------------------


def test_pages_link_to_each_other_and_cover_every_record_once(client):
    for n in range(5):
        PracticeFactory(slug=f"seite-{n}")
    PracticeFactory(slug="ohne-ort", municipality=None)
    data = body(get(client, "limit=2&kind=place"))
    seen, omitted, pages = [], 0, 0
    while True:
        pages += 1
        seen += by_slug(data)
        omitted += data["omitted"]
        assert data["numberReturned"] == len(data["features"]) <= 2
        links = {link["rel"]: link for link in data["links"]}
        assert links["self"]["type"] == "application/geo+json"
        if "next" not in links:
            break
        href = links["next"]["href"]
        assert href.startswith("http://testserver/api/v1/practices.geojson?")
        assert "kind=place" in href  # the filters travel with the page
        data = body(client.get(href.removeprefix("http://testserver")))
        assert data["links"][-1]["rel"] == "prev"
    assert pages == 3
    assert sorted(seen) == [f"seite-{n}" for n in range(5)]
    assert omitted == 1


def test_default_page_size_and_maximum(client, monkeypatch):
    monkeypatch.setattr(practices_geojson, "GEOJSON_DEFAULT_LIMIT", 2)
    for n in range(3):
        PracticeFactory(slug=f"p-{n}")
    data = body(get(client))
    assert len(data["features"]) == 2
    assert "next" in {link["rel"] for link in data["links"]}
    assert len(body(get(client, "limit=3"))["features"]) == 3


@pytest.mark.parametrize(
    ("query", "names"),
    [("limit=0", ["limit"]), ("limit=zehn", ["limit"]), ("limit=10001", ["limit"]),
     ("offset=-1", ["offset"]), ("limit=x&offset=y", ["limit", "offset"]),
     ("after=-1", ["after"]), ("after=1.5", ["after"]), ("after=100000001", ["after"]),
     ("after=3&offset=2", ["after"]), ("limit=0&after=x", ["limit", "after"])],
)  # fmt: skip
def test_bad_page_parameters_are_400_problems(client, query, names):
    response = get(client, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalid-params"]] == names


def test_different_pages_have_different_etags(client):
    PracticeFactory()
    assert get(client)["ETag"] != get(client, "offset=1")["ETag"]
    assert get(client)["ETag"] != get(client, "after=0")["ETag"]
    assert get(client, "after=0")["ETag"] != get(client, "after=1")["ETag"]


def test_keyset_pages_follow_after_and_cover_every_record_once(client):
    for n in range(5):
        PracticeFactory(slug=f"schluessel-{n}")
    PracticeFactory(slug="ohne-ort", municipality=None)
    PracticeFactory(slug="format", kind=PracticeKind.objects.get(slug="format"))
    place_ids = list(
        Practice.objects.filter(kind__slug="place").order_by("id").values_list("id", flat=True)
    )
    data = body(get(client, "limit=2&kind=place&after=0"))
    seen, ids, omitted, pages = [], [], 0, 0
    while True:
        pages += 1
        seen += by_slug(data)
        ids += [f["id"] for f in data["features"]]
        omitted += data["omitted"]
        links = {link["rel"]: link for link in data["links"]}
        assert "prev" not in links  # keyset pages only go forward
        assert "offset=" not in links["self"]["href"]
        if "next" not in links:
            break
        href = links["next"]["href"]
        assert "kind=place" in href  # the filters travel with the page
        assert "offset=" not in href
        # The page's last record, whether it has a point or not.
        assert f"after={place_ids[2 * pages - 1]}" in href
        data = body(client.get(href.removeprefix("http://testserver")))
    assert pages == 3
    assert sorted(seen) == [f"schluessel-{n}" for n in range(5)]
    assert ids == sorted(ids)
    assert omitted == 1


def test_after_is_exclusive_and_combines_with_filters(client):
    first, second, third = (PracticeFactory(slug=f"nach-{n}") for n in range(3))
    data = body(get(client, f"after={first.pk}"))
    assert sorted(by_slug(data)) == ["nach-1", "nach-2"]
    assert body(get(client, f"after={third.pk}"))["features"] == []
    data = body(get(client, f"after={first.pk}&limit=1"))
    assert list(by_slug(data)) == ["nach-1"]
    next_link = {link["rel"]: link["href"] for link in data["links"]}["next"]
    assert f"after={second.pk}" in next_link


def test_the_map_pages_request_is_a_valid_page_of_map_fields(client):
    """The map (practices) asks for its page by URL only: the API must accept what it asks."""
    import re

    from quartiersnetz.practices.map_views import MAP_FIELDS, MAP_GEOJSON_LIMIT

    assert 1 <= MAP_GEOJSON_LIMIT <= practices_geojson.GEOJSON_MAX_LIMIT
    assert set(MAP_FIELDS) <= set(practices_geojson.PROPERTY_NAMES)
    PracticeFactory(slug="auf-der-karte")
    html = client.get("/praxis/karte/?kind=place").content.decode()
    match = re.search(r'<script id="practice-map-config"[^>]*>(.*?)</script>', html, re.S)
    assert match
    url = json.loads(match.group(1))["geojsonUrl"]
    assert url.startswith(URL + "?")
    features = body(client.get(url))["features"]
    assert [f["properties"]["slug"] for f in features] == ["auf-der-karte"]
    assert tuple(features[0]["properties"]) == MAP_FIELDS


# --- Only published records -----------------------------------------------------------------


@pytest.mark.parametrize(
    "state", [Practice.State.DRAFT, Practice.State.SUBMITTED, Practice.State.RETURNED]
)
def test_unpublished_records_are_never_included(client, curator, state):
    PracticeFactory(slug="sichtbar")
    PracticeFactory(slug="intern", state=state)
    assert set(by_slug(body(get(client)))) == {"sichtbar"}
    client.force_login(curator)  # not even for curators: the export is public open data
    assert set(by_slug(body(get(client)))) == {"sichtbar"}


# --- Filters --------------------------------------------------------------------------------


def test_the_list_filters_are_honoured(client, leipzig):
    fmt = PracticeKind.objects.get(slug="format")
    PracticeFactory(slug="herne-ort")
    PracticeFactory(
        slug="leipzig-format",
        municipality=leipzig,
        kind=fmt,
        type=PracticeType.objects.filter(kind=fmt).first(),
        spatial_field=SpatialField.objects.get(slug="centres"),
        title="Theater auf dem Marktplatz",
        status=Practice.Status.ESTABLISHED,
    )
    cases = {
        "kind=format": {"leipzig-format"},
        "kind=place": {"herne-ort"},
        "state=14": {"leipzig-format"},
        "state=05": {"herne-ort"},
        "spatial_field=centres": {"leipzig-format"},
        "status=established": {"leipzig-format"},
        "q=marktplatz": {"leipzig-format"},
        "state=14&kind=place": set(),
        "kind=unbekannt": set(),
        "state=99": {"herne-ort", "leipzig-format"},  # invalid values are ignored, as in the list
    }
    for query, expected in cases.items():
        assert set(by_slug(body(get(client, query)))) == expected, query


def test_action_field_filter(client):
    tagged = PracticeFactory(slug="quartier")
    tagged.action_fields.set(ActionField.objects.filter(slug="lebendige-quartiere"))
    PracticeFactory(slug="ohne")
    data = body(get(client, "action_field=lebendige-quartiere"))
    assert set(by_slug(data)) == {"quartier"}


# --- bbox -----------------------------------------------------------------------------------


def test_bbox_keeps_points_inside(client, leipzig):
    PracticeFactory(slug="herne")  # 7.22, 51.54
    PracticeFactory(slug="leipzig", municipality=leipzig)  # 12.38, 51.34
    PracticeFactory(slug="kiel", latitude=54.32, longitude=10.13, municipality=leipzig)
    PracticeFactory(slug="nirgends", municipality=None)
    east = body(get(client, "bbox=11,50,13,52"))
    assert set(by_slug(east)) == {"leipzig"}
    # The exact point wins over the municipality's centre.
    north = body(get(client, "bbox=9.5,54,10.5,54.5"))
    assert set(by_slug(north)) == {"kiel"}
    everything = body(get(client, "bbox=5.8,47,15.1,55.2"))
    assert set(by_slug(everything)) == {"herne", "leipzig", "kiel"}
    assert everything["omitted"] == 1  # still counted: it matches the filters but has no point


def test_bbox_edges_are_inclusive_and_combine_with_filters(client, leipzig):
    PracticeFactory(slug="punkt", latitude=50.0, longitude=10.0)
    fmt = PracticeKind.objects.get(slug="format")
    fmt_type = PracticeType.objects.filter(kind=fmt).first()
    PracticeFactory(slug="format", latitude=50.0, longitude=10.0, kind=fmt, type=fmt_type)
    assert set(by_slug(body(get(client, "bbox=10,50,11,51")))) == {"punkt", "format"}
    assert set(by_slug(body(get(client, "bbox=10,50,11,51&kind=format")))) == {"format"}


def test_bbox_across_the_antimeridian():
    box = parse_bbox("170,-10,-170,10")
    assert box is not None
    assert box.crosses_antimeridian
    assert contains(box, 175, 0)
    assert contains(box, -175, 0)
    assert not contains(box, 0, 0)
    assert contains(BBox(5, 47, 15, 55), 10, 50)


def test_bbox_across_the_antimeridian_in_the_database(client):
    PracticeFactory(slug="deutschland", latitude=50.0, longitude=10.0)
    # West 15 > east 5: everything except longitudes between 5 and 15.
    assert body(get(client, "bbox=15,40,5,60"))["features"] == []
    assert set(by_slug(body(get(client, "bbox=9,40,5,60")))) == {"deutschland"}


@pytest.mark.parametrize(
    "raw",
    [
        "1,2,3",
        "1,2,3,4,5",
        "a,b,c,d",
        "7,51;8,52",
        "nan,47,15,55",
        "5,inf,15,55",
        "200,47,15,55",
        "5,-91,15,55",
        "5,55,15,47",  # south > north
        "",  # empty is no bbox: handled separately
    ],
)
def test_bad_bbox_is_a_400_problem(client, raw):
    response = get(client, f"bbox={raw}")
    if raw == "":
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    problem = json.loads(response.content)
    assert problem["status"] == 400
    assert problem["type"] == "about:blank"
    assert problem["title"] == "Bad Request"
    assert "bbox" in problem["detail"]
    assert problem["instance"].startswith(URL)
    assert problem["invalid-params"][0]["name"] == "bbox"
    assert problem["invalid-params"][0]["reason"]


def test_parse_bbox_accepts_spaces_and_rejects_garbage():
    assert parse_bbox(" 6.0, 47.3 ,15.0,55.0") == BBox(6.0, 47.3, 15.0, 55.0)
    assert parse_bbox(None) is None
    with pytest.raises(InvalidParametersError):
        parse_bbox("6,47,15")


# --- Sparse fieldsets ----------------------------------------------------------------------


def test_fields_picks_properties_in_the_given_order(client):
    PracticeFactory(slug="eins")
    data = body(get(client, "fields=url,title,point_precision"))
    feature = data["features"][0]
    assert list(feature["properties"]) == ["url", "title", "point_precision"]
    assert feature["geometry"]["type"] == "Point"
    assert feature["id"]


def test_fields_without_action_fields_saves_a_query(client):
    PracticeFactory()
    with CaptureQueriesContext(connection) as ctx:
        body(get(client, "fields=title"))
    assert len(ctx.captured_queries) == 2
    with CaptureQueriesContext(connection) as ctx:
        body(get(client, "fields=title,action_fields"))
    assert len(ctx.captured_queries) == 3


def test_unknown_field_is_a_400_problem_together_with_a_bad_bbox(client):
    response = get(client, "fields=title,geheim&bbox=1,2")
    assert response.status_code == 400
    problem = json.loads(response.content)
    assert [p["name"] for p in problem["invalid-params"]] == ["bbox", "fields"]
    assert "geheim" in problem["invalid-params"][1]["reason"]


def test_fields_changes_the_etag(client):
    PracticeFactory()
    assert get(client)["ETag"] != get(client, "fields=title")["ETag"]


# --- HTTP: caching, CORS, methods ----------------------------------------------------------


def test_etag_and_last_modified_allow_304(client):
    practice = PracticeFactory()
    first = get(client)
    body(first)
    etag = first["ETag"]
    assert etag
    assert first["Last-Modified"]
    assert "public" in first["Cache-Control"]
    assert "max-age=60" in first["Cache-Control"]

    again = get(client, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"

    since = get(client, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304

    # A filter is another representation: another ETag.
    other = get(client, "kind=format")
    assert other["ETag"] != etag

    # A change to any practice changes the version.
    Practice.objects.filter(pk=practice.pk).update(updated=timezone.now() + timedelta(seconds=5))
    changed = get(client, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    body(changed)


def test_a_new_record_changes_the_etag(client):
    PracticeFactory()
    etag = get(client)["ETag"]
    PracticeFactory(state=Practice.State.DRAFT)  # even unpublished: the count changes
    assert get(client, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_no_last_modified_without_data(client):
    response = get(client)
    assert "Last-Modified" not in response
    assert response["ETag"]


def test_old_if_modified_since_gets_the_data(client):
    PracticeFactory()
    long_ago = http_date((timezone.now() - timedelta(days=30)).timestamp())
    assert get(client, HTTP_IF_MODIFIED_SINCE=long_ago).status_code == 200


def test_cors_for_open_data(client):
    PracticeFactory()
    response = get(client, HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    body(response)


def test_gzip_when_the_client_accepts_it(client):
    _bulk(30)
    response = get(client, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    raw = gzip.decompress(b"".join(response.streaming_content))
    data = json.loads(raw)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) + data["omitted"] == Practice.objects.published().count()
    # The ETag is weak now; revalidation still works.
    etag = response["ETag"]
    assert etag.startswith("W/")
    assert get(client, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_head_has_the_headers_but_no_body(client):
    PracticeFactory()
    response = client.head(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["ETag"] == get(client)["ETag"]
    assert response.content == b""


def test_only_safe_methods(client):
    assert client.post(URL).status_code == 405


def test_language_does_not_change_the_document(client):
    PracticeFactory(slug="eins")
    german = body(get(client))
    english = body(get(client, HTTP_ACCEPT_LANGUAGE="en"))
    assert german == english
    assert german["features"][0]["properties"]["url"] == "http://testserver/praxis/eins/"


def test_no_session_cookie_or_vary_cookie(client):
    PracticeFactory()
    response = get(client)
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


# --- Scale ----------------------------------------------------------------------------------


def _bulk(n, offset=0):
    kinds = list(PracticeKind.objects.all())
    types = {k.pk: PracticeType.objects.filter(kind=k).first() for k in kinds}
    fields = list(SpatialField.objects.all())
    places = list(Municipality.objects.filter(ags__in=["05916000", "14713000", "11000000"]))
    organisation = OrganisationFactory()
    now = timezone.now()
    practices = []
    for i in range(offset, offset + n):
        kind = kinds[i % len(kinds)]
        exact = i % 2 == 0
        practices.append(
            Practice(
                kind=kind,
                type=types[kind.pk],
                title=f"Praxis {i:05d}",
                slug=f"praxis-bulk-{i}",
                summary="Ein Beispiel.",
                municipality=places[i % len(places)] if i % 10 else None,
                latitude=50.0 + (i % 100) / 100 if exact else None,
                longitude=8.0 + (i % 100) / 100 if exact else None,
                spatial_field=fields[i % len(fields)],
                organisation=organisation,
                state=Practice.State.PUBLISHED if i % 7 else Practice.State.DRAFT,
                published_at=now if i % 7 else None,
            )
        )
    created = Practice.objects.bulk_create(practices)
    fields_by_slug = {f.slug: f for f in ActionField.objects.all()}
    through = Practice.action_fields.through
    through.objects.bulk_create(
        [
            through(practice_id=p.pk, actionfield_id=fields_by_slug["lebendige-quartiere"].pk)
            for p in created[::3]
        ]
    )
    return created


def _count(client, query):
    with CaptureQueriesContext(connection) as ctx:
        response = get(client, query)
        data = body(response)  # the features are read while streaming
    return len(ctx.captured_queries), data


@pytest.mark.parametrize(
    "query",
    ["", "kind=format", "state=14&spatial_field=centres", "bbox=7,50,13,53",
     "action_field=lebendige-quartiere&sector=stiftungen", "q=praxis&sort=newest",
     "after=0&limit=100", "after=500&kind=place&fields=title,url"],
)  # fmt: skip
def test_query_count_is_constant_at_10_and_1000(client, query):
    _bulk(10)
    small, _small_data = _count(client, query)
    _bulk(990, offset=10)
    large, large_data = _count(client, query)
    assert small == large
    assert large <= 3  # data version, action fields, features
    if not query:
        assert "next" not in {link["rel"] for link in large_data["links"]}
        published = Practice.objects.published().count()
        assert len(large_data["features"]) + large_data["omitted"] == published
        assert all(
            f["properties"]["slug"].startswith("praxis-bulk-") for f in large_data["features"]
        )


def test_a_304_takes_one_query(client):
    _bulk(10)
    etag = get(client)["ETag"]
    with CaptureQueriesContext(connection) as ctx:
        assert get(client, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(ctx.captured_queries) == 1


def test_small_documents_are_served_from_the_cache(client):
    _bulk(20)
    first = get(client)
    assert first.streaming
    raw = b"".join(first.streaming_content)
    with CaptureQueriesContext(connection) as ctx:
        again = get(client)
    assert len(ctx.captured_queries) == 1  # the data version only
    assert not again.streaming
    assert again.content == raw
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/geo+json"
    assert again["Access-Control-Allow-Origin"] == "*"
    # Any change is a new version, hence a new key: the cache never serves stale data.
    PracticeFactory(slug="neu")
    assert "neu" in by_slug(body(get(client)))


def test_big_documents_are_not_cached(client, monkeypatch):
    monkeypatch.setattr(practices_geojson, "GEOJSON_CACHE_MAX_BYTES", 100)  # gzipped bytes
    _bulk(20)
    body(get(client))
    with CaptureQueriesContext(connection) as ctx:
        body(get(client))
    assert len(ctx.captured_queries) == 3


def test_cached_document_is_served_gzipped_or_plain_as_the_client_accepts(client):
    import gzip

    _bulk(30)
    first = body(get(client))
    with CaptureQueriesContext(connection) as ctx:
        zipped = get(client, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert len(ctx.captured_queries) == 1  # the data version only
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert zipped["ETag"].startswith('W/"')
    assert json.loads(gzip.decompress(zipped.content)) == first
    plain = get(client)
    assert not plain.has_header("Content-Encoding")
    assert body(plain) == first
    assert get(client, HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 304


def test_response_is_streamed(client):
    _bulk(50)
    response = get(client)
    assert response.streaming
    assert "Content-Length" not in response
    data = body(response)
    assert data["omitted"] == sum(
        1 for p in Practice.objects.published().select_related("municipality") if p.point is None
    )
