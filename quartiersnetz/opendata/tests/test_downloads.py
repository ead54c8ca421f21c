"""The downloads of /offene-daten/: each format parsed back equals the API's records."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartiersnetz.opendata import formats, sources
from quartiersnetz.opendata.datasets import BY_SLUG, DATASETS
from quartiersnetz.practices.tests.factories import PracticeFactory

from .conftest import assert_no_secret

pytestmark = pytest.mark.django_db

GEOJSON_SCHEMA = json.loads((Path(__file__).parent / "geojson.schema.json").read_text())


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _api_records(client, path):
    """Every record of an API list (all pages)."""
    records, url = [], f"{path}?limit=500"
    while url:
        answer = client.get(url).json()
        records += answer["results"]
        url = answer["next"]
    return records


API_LISTS = [d for d in DATASETS if d.slug not in ("taxonomy", "places")]


@pytest.mark.parametrize("dataset", API_LISTS, ids=lambda d: d.slug)
def test_json_parsed_back_equals_the_api_records(client, data, dataset):
    response = client.get(f"/offene-daten/{dataset.slug}.json")
    records = json.loads(_body(response))
    assert response["Content-Type"] == "application/json"
    assert f'filename="quartiersnetz-{dataset.slug}.json"' in response["Content-Disposition"]
    assert records == _api_records(client, dataset.api_path)
    assert records, "the world has public records of every type"
    assert_no_secret(json.dumps(records, ensure_ascii=False))


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.slug)
def test_every_csv_holds_the_json_records_flattened(client, data, dataset):
    records = json.loads(_body(client.get(f"/offene-daten/{dataset.slug}.json")))
    text = _body(client.get(f"/offene-daten/{dataset.slug}.csv")).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    cols = formats.columns(dataset.schema)
    assert list(rows[0]) == [c.name for c in cols]
    assert rows == [formats.flatten(record, cols) for record in records]
    assert_no_secret(text)


def test_places_are_the_municipalities_public_records_name(client, data):
    records = json.loads(_body(client.get("/offene-daten/places.json")))
    named = set()
    for slug in ("actors", "practices", "events", "projects", "alliances"):
        for record in json.loads(_body(client.get(f"/offene-daten/{slug}.json"))):
            if record.get("municipality"):
                named.add(record["municipality"]["ags"])
    assert named
    assert {r["ags"] for r in records} == named
    for record in records:
        assert record == client.get(f"/api/v1/places/{record['ags']}").json()


def test_taxonomy_json_lists_every_term_of_the_api_taxonomy(client, db):
    records = json.loads(_body(client.get("/offene-daten/taxonomy.json")))
    vocabularies = client.get("/api/v1/taxonomy").json()
    expected = {
        (v["code"], t["code"], t["name_de"], t["name_en"], t["parent"])
        for v in vocabularies["vocabularies"]
        for t in v["terms"]
    }
    got = {(r["vocabulary"], r["code"], r["name_de"], r["name_en"], r["parent"]) for r in records}
    assert got == expected


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "excel"])
def test_csv_parsed_back_equals_the_flattened_records(client, data, excel):
    name = "practices-excel.csv" if excel else "practices.csv"
    response = client.get(f"/offene-daten/{name}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="quartiersnetz-{name}"' in response["Content-Disposition"]
    raw = _body(response)
    assert raw.startswith(b"\xef\xbb\xbf") == excel
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";" if excel else ","))
    records = _api_records(client, "/api/v1/practices")
    cols = formats.columns(BY_SLUG["practices"].schema)
    assert rows == [formats.flatten(record, cols) for record in records]
    multi = next(row for row in rows if row["slug"] == "mehrfach")
    # Codes and German labels in separate columns, several values joined with " | ".
    fields = data["multi"].action_fields.order_by("slug")
    assert multi["action_fields_code"] == " | ".join(f.slug for f in fields)
    assert multi["action_fields_name_de"] == " | ".join(f.name for f in fields)
    assert multi["title"] == "Mehrfach; mit „Anführung“, Komma | Strich"
    assert multi["municipality_ags"] == "05916000"
    assert multi["municipality_state_code"] == "05"
    assert multi["location_latitude"] == "51.5"
    assert "action_fields_name_en" not in multi


@pytest.mark.parametrize("dataset", [d for d in DATASETS if d.geo], ids=lambda d: d.slug)
def test_geojson_is_rfc_7946(client, data, dataset):
    response = client.get(f"/offene-daten/{dataset.slug}.geojson")
    assert response["Content-Type"] == "application/geo+json"
    document = json.loads(_body(response))
    jsonschema.validate(document, GEOJSON_SCHEMA)
    assert document["features"], dataset.slug
    for feature in document["features"]:
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -180 <= longitude <= 180
        assert -90 <= latitude <= 90


def test_geojson_point_is_longitude_first(client, data):
    document = json.loads(_body(client.get("/offene-daten/practices.geojson")))
    multi = next(f for f in document["features"] if f["properties"]["slug"] == "mehrfach")
    assert multi["geometry"]["coordinates"] == [7.2, 51.5]
    assert multi["id"] == data["multi"].pk


def test_unknown_dataset_or_format_is_404(client, db):
    assert client.get("/offene-daten/geheim.csv").status_code == 404
    assert client.get("/offene-daten/actors.geojson").status_code == 404  # no places
    assert client.post("/offene-daten/actors.csv").status_code == 405


def test_etag_and_last_modified_answer_304(client, data):
    first = client.get("/offene-daten/practices.csv")
    _body(first)
    assert first["ETag"]
    assert first["Last-Modified"]
    again = client.get("/offene-daten/practices.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    PracticeFactory(slug="neu")
    changed = client.get("/offene-daten/practices.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert b"neu" in _body(changed)


def _queries(dataset_slug, batch_size):
    source = BY_SLUG[dataset_slug].source(sources.SiteRequest("https://example.org"))
    with CaptureQueriesContext(connection) as queries:
        batches = list(source.batches(batch_size))
    return len(queries), len(batches)


@pytest.mark.parametrize(
    "dataset", [d for d in DATASETS if d.slug != "taxonomy"], ids=lambda d: d.slug
)
def test_every_batch_costs_the_same_queries(data, dataset):
    """Records in batches: the number of queries depends on the number of batches only, not on
    their size (one query for the rows, one per related list)."""
    source = dataset.source(sources.SiteRequest("https://example.org"))
    total = len(source.ids()) if source.ids is not None else source.queryset.count()
    assert total >= 1
    small, small_batches = _queries(dataset.slug, 1)
    large, large_batches = _queries(dataset.slug, 1000)
    assert small_batches == total
    assert large_batches == 1
    # One batch, shorter than its size: no further query; the municipalities' keys are read
    # once before the batches.
    per_batch = large - (1 if source.ids is not None else 0)
    assert per_batch >= 1
    # n full batches of one record, then one empty query to learn that nothing follows.
    assert small == total * per_batch + 1


def test_the_linked_feeds_and_calendar_parse(client, data):
    """The existing Atom feeds and the iCalendar file are the datasets' other distributions."""
    for dataset in DATASETS:
        for feed in dataset.feeds:
            from django.urls import reverse

            response = client.get(reverse(feed.url_name))
            assert response.status_code == 200
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if feed.format == "atom":
                parsed = feedparser.parse(body)
                assert not parsed.bozo, parsed.bozo_exception
                assert parsed.version == "atom10"
            else:
                calendar = icalendar.Calendar.from_ical(body)
                assert calendar.walk("VEVENT")
