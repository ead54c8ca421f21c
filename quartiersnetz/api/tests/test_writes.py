"""Writes through the API with personal tokens: `POST /api/v1/practices` and `/api/v1/me`.

A practice sent through the API goes through the web form's validation, the same services and
the same curation workflow: a draft only its authors and the curators see, or a submission
the curators are told about."""

from __future__ import annotations

import json

import pytest

from quartiersnetz.actors.models import Membership
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.api.models import ApiToken
from quartiersnetz.api.services import api_token_create
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.taxonomy.models import Approach, Method, PracticeKind, PracticeType

from .helpers import PROBLEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return MembershipFactory(role=Membership.Role.EDITOR).user


@pytest.fixture
def org(author):
    return author.memberships.get().organisation


def bearer(user, scope="write"):
    _token, raw = api_token_create(user=user, name="Import", scope=scope, days=30)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def body(org, **overrides):
    kind = PracticeKind.objects.get(slug="place")
    data = {
        "organisation": org.slug,
        "kind": kind.slug,
        "type": PracticeType.objects.filter(kind=kind).first().slug,
        "title": "Dritter Ort im Bahnhof",
        "summary": "Ein leerer Bahnhof wird Treffpunkt.",
        "description": "## Ausgangslage\n\nDer Bahnhof stand leer.",
        "municipality": "05916000",  # Herne
        "spatial_field": "small_towns",
        "approaches": [a.slug for a in Approach.objects.order_by("id")[:2]],
        "methods": [Method.objects.order_by("id").first().slug],
        "status": "implementation",
        "start_year": 2022,
    }
    data.update(overrides)
    return data


def post(client, data, headers):
    return client.post(
        "/api/v1/practices", data=json.dumps(data), content_type="application/json", **headers
    )


def test_a_draft_is_made_through_the_web_forms_service(client, author, org):
    response = post(client, body(org), bearer(author))
    assert response.status_code == 201, response.content
    practice = Practice.objects.get()
    data = response.json()
    assert data["id"] == practice.pk
    assert data["state"] == {"code": "draft", "name_de": "Entwurf", "name_en": "Draft"}
    assert data["url"] == f"http://testserver/praxis/{practice.slug}/"
    assert response["Location"] == data["url"]
    assert data["edit_url"] == f"http://testserver/praxis/{practice.slug}/bearbeiten/"
    assert response["Cache-Control"] == "no-store"
    assert practice.state == Practice.State.DRAFT
    assert practice.organisation == org
    assert practice.created_by == author
    assert practice.municipality.name == "Herne"
    assert practice.spatial_field.slug == "small_towns"
    assert practice.approaches.count() == 2
    assert practice.methods.count() == 1
    assert practice.licence == "cc-by-4.0"
    # The same audit entry and revision as a draft saved on /praxis/neu/.
    assert AuditEntry.objects.filter(action="practice.create", user=author).count() == 1
    assert practice.history.count() == 1
    # Not public: neither the API's list nor a visitor sees it; its author does.
    assert client.get(f"/api/v1/practices/{practice.slug}").status_code == 404
    assert client.get(data["url"]).status_code == 404
    client.force_login(author)
    assert client.get(f"/praxis/{practice.slug}/").status_code == 200


def test_submit_hands_it_to_the_curators(
    client, author, org, curator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, body(org, submit=True), bearer(author))
    assert response.status_code == 201, response.content
    practice = Practice.objects.get()
    assert practice.state == Practice.State.SUBMITTED
    assert response.json()["state"]["code"] == "submitted"
    assert practice.submitted_at is not None
    assert [m.to for m in mailoutbox] == [[curator.email]]


def test_a_submission_the_service_refuses_keeps_no_draft(client, author, org):
    response = post(client, body(org, description="  ", submit=True), bearer(author))
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 422
    assert [p["name"] for p in problem["invalid-params"]] == ["description"]
    assert "beschreiben" in problem["invalid-params"][0]["reason"]
    assert not Practice.objects.exists()


def test_the_forms_errors_come_back_by_field_and_nothing_is_saved(client, author, org):
    other_kind = PracticeKind.objects.exclude(slug="place").first()
    data = body(
        org,
        title="",
        type=PracticeType.objects.filter(kind=other_kind).first().slug,
        end_year=2020,
    )
    response = post(client, data, bearer(author))
    assert response.status_code == 422
    names = {p["name"] for p in response.json()["invalid-params"]}
    assert {"title", "type"} <= names
    assert not Practice.objects.exists()


def test_unknown_codes_are_named(client, author, org):
    data = body(org, kind="gibt-es-nicht", approaches=["auch-nicht"], municipality="99999999")
    response = post(client, data, bearer(author))
    assert response.status_code == 422
    reasons = {p["name"]: p["reason"] for p in response.json()["invalid-params"]}
    assert reasons["kind"] == "Unbekannter Code „gibt-es-nicht“."
    assert reasons["approaches"] == "Unbekannter Code „auch-nicht“."
    assert "99999999" in reasons["municipality"]
    assert not Practice.objects.exists()


def test_a_body_of_the_wrong_shape_is_422_by_field(client, author, org):
    data = body(org, start_year="bald", unknown_field=1)
    response = post(client, data, bearer(author))
    assert response.status_code == 422
    names = {p["name"] for p in response.json()["invalid-params"]}
    assert names == {"start_year", "unknown_field"}


def test_only_for_ones_own_organisation(client, author):
    foreign = OrganisationFactory()
    response = post(client, body(foreign), bearer(author))
    assert response.status_code == 422
    assert [p["name"] for p in response.json()["invalid-params"]] == ["organisation"]
    assert not Practice.objects.exists()


def test_adapted_from_names_a_published_practice(client, author, org):
    origin = PracticeFactory(slug="kaufhaus-am-markt")
    response = post(client, body(org, adapted_from="kaufhaus-am-markt"), bearer(author))
    assert response.status_code == 201, response.content
    assert Practice.objects.get(pk=response.json()["id"]).adapted_from == origin


def test_a_read_token_cannot_write(client, author, org):
    response = post(client, body(org), bearer(author, scope="read"))
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]
    assert not Practice.objects.exists()


def test_no_token_no_write(client, org):
    response = post(client, body(org), {})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="quartiersnetz"'
    assert response.json()["status"] == 401
    response = post(client, body(org), {"HTTP_AUTHORIZATION": "Basic dXNlcjpwdw=="})
    assert response.status_code == 401
    assert 'error="invalid_request"' in response["WWW-Authenticate"]
    assert not Practice.objects.exists()


def test_the_session_is_no_key(client, author, org):
    """A signed-in browser without a token cannot write (no CSRF-able cookie auth)."""
    client.force_login(author)
    assert post(client, body(org), {}).status_code == 401


def test_me_names_the_account_and_where_it_may_submit(client, author, org):
    response = client.get("/api/v1/me", **bearer(author, scope="read"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["token"]["name"] == "Import"
    assert data["token"]["scope"]["code"] == "read"
    assert [a["slug"] for a in data["actors"]] == [org.slug]


def test_me_lists_own_practices_in_every_state(client, author, org):
    PracticeFactory(organisation=org, state=Practice.State.DRAFT, title="Mein Entwurf")
    PracticeFactory(organisation=org, title="Veröffentlicht")
    PracticeFactory(title="Fremd")
    response = client.get("/api/v1/me/practices", **bearer(author, scope="read"))
    assert response.status_code == 200
    titles = {row["title"]: row["state"]["code"] for row in response.json()}
    assert titles == {"Mein Entwurf": "draft", "Veröffentlicht": "published"}
    assert client.get("/api/v1/me/practices").status_code == 401


def test_the_write_endpoints_are_described_with_their_security(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/practices"]["post"]
    assert operation["security"] == [{"TokenAuth": []}]
    assert {"201", "401", "403", "422", "429"} <= set(operation["responses"])
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert ApiToken.Scope.WRITE == "write"


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_schema_has_its_own_name():
    """ninja names the OpenAPI components by class name: a second class of the same name would
    silently replace the first one's description (it once turned the actors' records into
    the `/me` profiles)."""
    from ninja import Schema

    from quartiersnetz.api.v1 import api  # noqa: F401 - loads every endpoint module

    names = [
        sub.__name__
        for sub in set(_subclasses(Schema))
        if sub.__module__.startswith("quartiersnetz.api")
    ]
    assert len(names) > 20
    assert sorted(names) == sorted(set(names))


def _model_bounds(name):
    from django.core.validators import MaxValueValidator, MinValueValidator

    validators = Practice._meta.get_field(name).validators
    low = max(v.limit_value for v in validators if isinstance(v, MinValueValidator))
    high = min(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
    return low, high


@pytest.mark.parametrize(
    ("field", "other"),
    [
        ("start_year", None),
        ("end_year", None),
        ("latitude", "longitude"),
        ("longitude", "latitude"),
    ],
)
def test_the_numbers_are_documented_with_the_bounds_the_form_checks(
    client, author, org, field, other
):
    """The OpenAPI document once said 1800–2200 for the years and any point on earth, while
    the form takes 1900–2100 and points in Germany: schemathesis' schema-valid years and
    coordinates were refused (found by `make api-fuzz`)."""
    low, high = _model_bounds(field)
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["PracticeIn"]
    documented = schema["properties"][field]["anyOf"][0]
    assert (documented["minimum"], documented["maximum"]) == (low, high)

    headers = bearer(author)
    # A coordinate only counts with its partner (the form wants both or neither); one year
    # alone is never before the other.
    others = {other: sum(_model_bounds(other)) / 2} if other else {"start_year": None}
    for value in (low, high):
        response = post(client, body(org, **{**others, field: value}), headers)
        assert response.status_code == 201, (field, value, response.content)
    step = 1 if isinstance(low, int) else 0.1
    for value in (low - step, high + step):
        response = post(client, body(org, **{**others, field: value}), headers)
        assert response.status_code == 422, (field, value)
        assert [p["name"] for p in response.json()["invalid-params"]] == [field]
