"""The django-ninja API `/api/v1/` (decision 0012): OpenAPI, errors, headers, the taxonomy."""

from __future__ import annotations

import pytest
from django.utils import translation

from quartiersnetz.events.models import EventFormat
from quartiersnetz.places.models import State
from quartiersnetz.taxonomy.models import ActionField, Approach, SpatialField

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def test_openapi_document_is_3_1_and_describes_the_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert {"/api/v1/taxonomy", "/api/v1/taxonomy/{code}"} <= set(document["paths"])
    assert (
        client.get("/api/v1/openapi.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    )


def test_taxonomy_lists_every_vocabulary_with_codes_and_both_labels(client):
    response = client.get("/api/v1/taxonomy")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    vocabularies = {v["code"]: v for v in response.json()["vocabularies"]}
    assert {
        "spatial_fields", "action_fields", "approaches", "sectors", "practice_kinds",
        "practice_types", "methods", "exchange_categories", "event_formats", "states",
        "size_classes", "actor_kinds", "practice_statuses", "co_creation_levels", "licences",
        "event_modes", "project_phases", "project_methods", "alliance_statuses",
        "alliance_roles", "connection_kinds",
    } == set(vocabularies)  # fmt: skip
    phases = {t["code"]: t["name_en"] for t in vocabularies["project_phases"]["terms"]}
    assert list(phases) == ["development", "prototype", "trial", "consolidation"]
    methods = {t["code"]: t["name_de"] for t in vocabularies["project_methods"]["terms"]}
    assert methods["living_lab"] == "Living Lab"
    assert (vocabularies["action_fields"]["name_de"], vocabularies["action_fields"]["name_en"]) == (
        "Handlungsfelder",
        "Action fields",
    )
    spatial = {t["code"] for t in vocabularies["spatial_fields"]["terms"]}
    assert spatial == set(SpatialField.objects.values_list("slug", flat=True))
    field = ActionField.objects.select_related("spatial_field").order_by("pk").first()
    term = next(t for t in vocabularies["action_fields"]["terms"] if t["code"] == field.slug)
    assert term["name_de"] == field.name
    assert term["name_en"] == (field.name_en or field.name)
    assert term["parent"] == field.spatial_field.slug
    assert vocabularies["action_fields"]["parent_vocabulary"] == "spatial_fields"
    approach = Approach.objects.select_related("action_field").order_by("pk").first()
    assert {"code": approach.slug, "parent": approach.action_field.slug}.items() <= next(
        t for t in vocabularies["approaches"]["terms"] if t["code"] == approach.slug
    ).items()
    states = {t["code"]: t["name_de"] for t in vocabularies["states"]["terms"]}
    assert states == dict(State.choices)
    english = {t["code"]: t["name_en"] for t in vocabularies["states"]["terms"]}
    assert english["09"] == "Bavaria"
    assert english["16"] == "Thuringia"
    assert english["11"] == "Berlin"
    formats = [t["code"] for t in vocabularies["event_formats"]["terms"]]
    assert formats == list(
        EventFormat.objects.order_by("position", "name", "pk").values_list("slug", flat=True)
    )


def test_labels_do_not_depend_on_the_language_of_the_request(client):
    german = client.get("/api/v1/taxonomy/size_classes").json()
    with translation.override("en"):
        english = client.get("/api/v1/taxonomy/size_classes", HTTP_ACCEPT_LANGUAGE="en").json()
    assert german == english
    assert all(term["name_de"] and term["name_en"] for term in german["terms"])
    assert any(term["name_de"] != term["name_en"] for term in german["terms"])


def test_one_vocabulary_and_conditional_requests(client):
    response = client.get("/api/v1/taxonomy/approaches")
    assert response.status_code == 200
    assert response.json()["code"] == "approaches"
    assert len(response.json()["terms"]) == Approach.objects.count()
    again = client.get("/api/v1/taxonomy/approaches", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    Approach.objects.filter(pk=Approach.objects.order_by("pk").first().pk).update(
        name="Neu benannt"
    )
    assert (
        client.get("/api/v1/taxonomy/approaches", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 200
    )


def test_unknown_vocabulary_is_a_404_problem(client):
    response = client.get("/api/v1/taxonomy/farben")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert (body["status"], body["title"]) == (404, "Not Found")
    assert "action_fields" in body["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "path", ["/api/v1/taxonomy", "/api/v1/taxonomy/states", "/api/v1/openapi.json"]
)
def test_unknown_parameters_are_a_400_problem_not_ignored(client, path):
    response = client.get(path + "?sprache=de&limit=3")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert sorted(p["name"] for p in body["invalid-params"]) == ["limit", "sprache"]
    assert body["instance"] == path + "?sprache=de&limit=3"


def test_writes_are_not_allowed(client):
    assert client.post("/api/v1/taxonomy").status_code == 405
    assert client.post("/api/v1/openapi.json").status_code == 405
