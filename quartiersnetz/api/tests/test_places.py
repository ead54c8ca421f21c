"""`/api/v1/places`: the municipalities of the official directory by AGS — records with both
labels and the licence, the picker's name search, strict parameters (also: no
`updated_since`), ETags and constant queries."""

from __future__ import annotations

import pytest

from quartiersnetz.places.models import Municipality, SizeClass
from quartiersnetz.places.selectors import municipality_search

from .helpers import PROBLEM
from .helpers import all_pages as _all_pages
from .helpers import count_queries as _queries
from .helpers import path_of as _path

pytestmark = pytest.mark.django_db

URL = "/api/v1/places"


def test_record_has_the_directorys_fields_both_labels_and_the_licence(client):
    herne = Municipality.objects.get(ags="05916000")
    response = client.get(f"{URL}/05916000")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    record = response.json()
    assert record == {
        "ags": "05916000",
        "ars": herne.ars,
        "name": "Herne",
        "label": herne.label,
        "official_name": herne.official_name,
        "state": {
            "code": "05",
            "name_de": "Nordrhein-Westfalen",
            "name_en": "North Rhine-Westphalia",
        },
        "district": herne.district,
        "population": herne.population,
        "area_km2": float(herne.area_km2),
        "postal_code": herne.postal_code,
        "latitude": herne.latitude,
        "longitude": herne.longitude,
        "size_class": {"code": "grossstadt", "name_de": "Großstadt", "name_en": "Large city"},
        "urbanisation": record["urbanisation"],
        "licence": {
            "code": "dl-de/by-2-0",
            "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
            "url": "https://www.govdata.de/dl-de/by-2-0",
            "attribution": "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis, 2020",
            "source": record["licence"]["source"],
        },
    }
    assert herne.population > 100_000
    assert record["licence"]["source"].startswith("Gemeindeverzeichnis")
    if herne.urbanisation:
        assert record["urbanisation"]["code"] == herne.urbanisation
        assert record["urbanisation"]["name_de"] != record["urbanisation"]["name_en"]
    # The list has the same record.
    (listed,) = client.get(f"{URL}?q=Herne (Nordrhein-Westfalen)").json()["results"]
    assert listed == record


def test_the_name_search_finds_what_the_sites_picker_finds(client):
    for query in ("Her", "herne", "Schönberg (Sachsen)", "0591", "Muenchen"):
        records, _ = _all_pages(client, f"{URL}?q={query}&limit=500")
        picker = municipality_search(query, limit=10_000)
        assert {r["ags"] for r in records} == {m.ags for m in picker}, query
    herne = client.get(f"{URL}?q=Herne").json()["results"]
    assert "05916000" in {r["ags"] for r in herne}
    assert client.get(f"{URL}?q=Gibtesnichtheim").json()["results"] == []


def test_filters_by_land_and_size_class_and_pages_keep_them(client):
    records, pages = _all_pages(client, f"{URL}?state=04&limit=1")  # Bremen: two cities
    assert {r["ags"] for r in records} == {"04011000", "04012000"}
    assert pages == 2
    assert {r["state"]["code"] for r in records} == {"04"}
    large = client.get(f"{URL}?state=05&size_class=grossstadt&limit=500").json()
    expected = Municipality.objects.filter(state="05", size_class=SizeClass.LARGE_CITY).count()
    assert len(large["results"]) == expected
    assert {r["size_class"]["code"] for r in large["results"]} == {"grossstadt"}
    first = client.get(f"{URL}?state=05&limit=2").json()
    cursor = first["next"].split("cursor=")[1]
    response = client.get(f"{URL}?state=06&limit=2&cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "cursor"


def test_every_municipality_once_in_a_stable_order(client):
    data = client.get(f"{URL}?state=11").json()  # Berlin: one municipality
    assert [r["name"] for r in data["results"]] == ["Berlin"]
    assert data["next"] is None
    first = client.get(f"{URL}?limit=3").json()
    second = client.get(_path(first["next"])).json()
    both = [r["ags"] for r in first["results"] + second["results"]]
    assert len(set(both)) == 6
    expected = Municipality.objects.order_by("pk").values_list("ags", flat=True)[:6]
    assert both == list(expected)


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("foo=1", ["foo"]),
        ("q=", ["q"]),
        ("q=" + "x" * 121, ["q"]),
        ("state=99", ["state"]),
        ("size_class=riesig", ["size_class"]),
        ("state=05&state=06", ["state"]),
        ("limit=0", ["limit"]),
        ("cursor=erfunden", ["cursor"]),
        ("ordering=population", ["ordering"]),
        ("foo=1&limit=-3", ["foo", "limit"]),
    ],
)
def test_bad_parameters_are_problem_details(client, query, names):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response["Access-Control-Allow-Origin"] == "*"
    problem = response.json()
    assert sorted({p["name"] for p in problem["invalid-params"]}) == sorted(names)
    assert all(p["reason"] for p in problem["invalid-params"])


def test_updated_since_is_refused_with_a_reason_beside_the_other_errors(client):
    for value in ("2026-01-01", "gestern"):
        response = client.get(f"{URL}?updated_since={value}")
        assert response.status_code == 400
        assert response["Content-Type"] == PROBLEM
        (problem,) = response.json()["invalid-params"]
        assert problem["name"] == "updated_since"
        assert "Änderungsverlauf" in problem["reason"]
    response = client.get(f"{URL}?updated_since=2026-01-01&state=99&foo=1")
    names = sorted(p["name"] for p in response.json()["invalid-params"])
    assert names == ["foo", "state", "updated_since"]


def test_a_key_must_be_eight_digits_and_exist(client):
    for key in ("123", "0591600", "059160001", "abcdefgh", "05916000x", "Herne"):
        response = client.get(f"{URL}/{key}")
        assert response.status_code == 400, key
        assert response["Content-Type"] == PROBLEM
        assert response.json()["invalid-params"][0]["name"] == "ags"
    missing = client.get(f"{URL}/99999999")
    assert missing.status_code == 404
    assert missing["Content-Type"] == PROBLEM
    assert missing["Access-Control-Allow-Origin"] == "*"
    assert client.get(f"{URL}/05916000?limit=1").status_code == 400


def test_the_key_is_documented_as_eight_digits(client):
    """The path parameter was documented as any string while anything but eight digits is a
    400: schemathesis' schema-valid `/api/v1/places/0` was refused (found by `make api-fuzz`)."""
    import re

    document = client.get("/api/v1/openapi.json").json()
    (parameter,) = document["paths"][URL + "/{ags}"]["get"]["parameters"]
    assert parameter["in"] == "path"
    assert parameter["name"] == "ags"
    pattern = parameter["schema"]["pattern"]
    keys = ("05916000", "99999999", "0", "0591600", "059160001", "abcdefgh", "０５９１６０００")
    for key in keys:
        documented = re.search(pattern, key) is not None
        status = client.get(f"{URL}/{key}").status_code
        assert (status != 400) == documented, key


def test_etag_revalidates(client):
    for url in (URL, f"{URL}?q=Herne", f"{URL}/05916000"):
        response = client.get(url)
        assert "public" in response["Cache-Control"]
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert unchanged.status_code == 304, url
        assert unchanged["Access-Control-Allow-Origin"] == "*"
    assert client.get(f"{URL}?q=Her")["ETag"] != client.get(f"{URL}?q=Herne")["ETag"]


def test_query_counts_do_not_depend_on_the_page_or_its_size(client):
    urls = (f"{URL}?limit=5", f"{URL}?limit=500", f"{URL}?q=Neu&state=03&limit=5")
    counts = {url: _queries(client, url) for url in urls}
    # The version (for the ETag) and the page's rows.
    assert set(counts.values()) == {2}
    url = f"{URL}?limit=5"
    for _ in range(3):
        url = _path(client.get(url).json()["next"])
        assert _queries(client, url) == 2
    assert _queries(client, f"{URL}/05916000") == 2


def test_openapi_promises_no_updated_since(client):
    document = client.get("/api/v1/openapi.json").json()
    assert {URL, URL + "/{ags}"} <= set(document["paths"])
    parameters = {p["name"] for p in document["paths"][URL]["get"]["parameters"]}
    assert parameters == {"q", "state", "size_class", "limit", "cursor"}
