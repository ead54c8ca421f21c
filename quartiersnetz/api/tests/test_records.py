"""`/api/v1/practices` and `/api/v1/actors`: records, strict parameters, cursor pages, ETags,
constant queries, and nothing that is not public."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory, PersonFactory
from quartiersnetz.practices.models import Practice, PracticeActor
from quartiersnetz.practices.tests.factories import (
    DraftPracticeFactory,
    PracticeActorFactory,
    PracticeFactory,
)
from quartiersnetz.publications.tests.factories import PublicationFactory
from quartiersnetz.taxonomy.models import ActionField, Approach

from .helpers import PROBLEM
from .helpers import all_pages as _all_pages
from .helpers import count_queries as _queries
from .helpers import path_of as _path
from .helpers import tick as _tick

pytestmark = pytest.mark.django_db


def test_practice_record_has_codes_with_both_labels_and_links(client):
    field = ActionField.objects.get(slug="lebendige-quartiere")
    approach = Approach.objects.filter(action_field=field).order_by("pk").first()
    practice = PracticeFactory(
        slug="laden", latitude=51.5, longitude=7.25, action_fields=[field], approaches=[approach]
    )
    response = client.get("/api/v1/practices")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    (record,) = response.json()["results"]
    assert record["id"] == practice.pk
    assert record["url"] == "http://testserver/praxis/laden/"
    assert record["kind"] == {"code": "place", "name_de": "Ort", "name_en": "Place"}
    assert record["spatial_field"]["code"] == "quarters"
    assert record["action_fields"] == [
        {"code": field.slug, "name_de": field.name, "name_en": field.name_en or field.name}
    ]
    assert [a["code"] for a in record["approaches"]] == [approach.slug]
    assert record["municipality"] == {
        "ags": "05916000",
        "name": "Herne",
        # The Länder in German and English (places.models.STATE_NAMES_EN).
        "state": {
            "code": "05",
            "name_de": "Nordrhein-Westfalen",
            "name_en": "North Rhine-Westphalia",
        },
    }
    assert record["location"] == {"latitude": 51.5, "longitude": 7.25, "precision": "exact"}
    assert record["status"]["name_en"] == "being implemented"
    assert record["licence"]["code"] == "cc-by-4.0"
    assert record["organisation"]["slug"] == practice.organisation.slug
    assert record["updated"].endswith("Z") or "+" in record["updated"]
    assert "T" in record["published_at"]


def test_only_published_practices_and_only_public_actors_appear(client):
    hidden = OrganisationFactory(is_hidden=True, slug="verborgen")
    shown = PracticeFactory(slug="sichtbar", organisation=hidden)
    PracticeActorFactory(practice=shown, actor=OrganisationFactory(is_hidden=True))
    PracticeActorFactory(practice=shown, actor=OrganisationFactory(slug="partnerin"))
    DraftPracticeFactory(slug="entwurf")
    PracticeFactory(slug="kopie", adapted_from=DraftPracticeFactory(slug="vorlage"))
    records, _ = _all_pages(client, "/api/v1/practices")
    assert {r["slug"] for r in records} == {"sichtbar", "kopie"}
    assert next(r for r in records if r["slug"] == "sichtbar")["organisation"] is None
    assert client.get("/api/v1/practices/entwurf").status_code == 404
    detail = client.get(f"/api/v1/practices/{shown.pk}").json()
    assert [a["slug"] for a in detail["involved_actors"]] == ["partnerin"]
    assert detail["involved_actors"][0]["role"]["code"] == PracticeActor.Role.PARTNER
    assert client.get("/api/v1/practices/kopie").json()["adapted_from"] is None
    actors, _ = _all_pages(client, "/api/v1/actors")
    assert "verborgen" not in {a["slug"] for a in actors}
    assert client.get("/api/v1/actors/verborgen").status_code == 404
    assert client.get(f"/api/v1/actors/{hidden.pk}").status_code == 404
    missing = client.get("/api/v1/actors/verborgen")
    assert missing["Content-Type"] == PROBLEM
    assert missing.json()["status"] == 404


def test_a_persons_address_is_not_harvestable(client):
    PersonFactory(slug="expertin", contact_email="expertin@example.org")
    OrganisationFactory(slug="verein", contact_email="post@verein.example")
    assert client.get("/api/v1/actors/expertin").json()["contact_email"] is None
    assert client.get("/api/v1/actors/verein").json()["contact_email"] == "post@verein.example"
    body = client.get("/api/v1/actors?kind=person").content.decode()
    assert "expertin@example.org" not in body


def test_cursor_pages_visit_every_record_once_in_id_order(client):
    made = [PracticeFactory() for _ in range(7)]
    records, pages = _all_pages(client, "/api/v1/practices?limit=3")
    assert [r["id"] for r in records] == sorted(p.pk for p in made)
    assert pages == 3
    # A record added while paging lands on the last page, not in the middle.
    first = client.get("/api/v1/practices?limit=3").json()
    newest = PracticeFactory(slug="neu")
    rest, _ = _all_pages(client, _path(first["next"]))
    assert rest[-1]["slug"] == "neu"
    assert [r["id"] for r in first["results"] + rest] == sorted([*(p.pk for p in made), newest.pk])


def test_filters_match_the_list_page_and_cursors_keep_their_filters(client):
    field = ActionField.objects.get(slug="lebendige-quartiere")
    inside = [PracticeFactory(action_fields=[field]) for _ in range(3)]
    PracticeFactory()
    records, _ = _all_pages(client, f"/api/v1/practices?action_field={field.slug}&limit=2")
    assert {r["id"] for r in records} == {p.pk for p in inside}
    first = client.get(f"/api/v1/practices?action_field={field.slug}&limit=2").json()
    cursor = first["next"].split("cursor=")[1]
    # The same cursor with other filters is refused, not silently mixed.
    response = client.get(f"/api/v1/practices?limit=2&cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "cursor"
    assert client.get("/api/v1/practices?state=05").json()["results"]
    assert client.get("/api/v1/practices?state=09").json()["results"] == []
    assert len(client.get("/api/v1/practices?municipality=05916000").json()["results"]) == 4


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("foo=1", ["foo"]),
        ("ordering=title", ["ordering"]),
        ("state=99", ["state"]),
        ("action_field=gibt-es-nicht", ["action_field"]),
        ("action_field=Keine Slug!", ["action_field"]),
        ("limit=0", ["limit"]),
        ("limit=501", ["limit"]),
        ("limit=zehn", ["limit"]),
        ("cursor=erfunden", ["cursor"]),
        ("municipality=123", ["municipality"]),
        ("q=", ["q"]),
        ("state=05&state=09", ["state"]),
        ("foo=1&limit=-3", ["foo", "limit"]),
    ],
)
def test_bad_parameters_are_problem_details(client, query, names):
    for url in (
        f"/api/v1/practices?{query}",
        f"/api/v1/actors?{query}",
        f"/api/v1/publications?{query}",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response["Content-Type"] == PROBLEM
        assert response["Access-Control-Allow-Origin"] == "*"
        problem = response.json()
        assert problem["status"] == 400
        assert sorted({p["name"] for p in problem["invalid-params"]}) == sorted(names)
        assert all(p["reason"] for p in problem["invalid-params"])


def test_details_refuse_parameters(client):
    practice = PracticeFactory()
    assert client.get(f"/api/v1/practices/{practice.pk}?limit=3").status_code == 400
    assert client.get(f"/api/v1/practices/{practice.slug}").json()["id"] == practice.pk


def test_etag_revalidates_until_the_data_changes(client):
    practice = PracticeFactory()
    for url in ("/api/v1/practices", f"/api/v1/practices/{practice.slug}", "/api/v1/actors"):
        response = client.get(url)
        etag = response["ETag"]
        assert response.has_header("Last-Modified")
        assert "public" in response["Cache-Control"]
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert unchanged.status_code == 304, url
        assert unchanged["Access-Control-Allow-Origin"] == "*"
    etag = client.get("/api/v1/practices")["ETag"]
    Practice.objects.filter(pk=practice.pk).update(title="Neuer Titel", updated=timezone.now())
    response = client.get("/api/v1/practices", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "Neuer Titel"
    # Another page of the same data is another document.
    assert client.get("/api/v1/practices?limit=1")["ETag"] != response["ETag"]


def test_query_counts_do_not_grow_with_the_data(client):
    field = ActionField.objects.get(slug="lebendige-quartiere")

    def make(n):
        for _ in range(n):
            practice = PracticeFactory(action_fields=[field])
            PracticeActorFactory(practice=practice)
            PublicationFactory(authors=[practice.organisation])

    make(2)
    small = {
        url: _queries(client, url)
        for url in (
            "/api/v1/practices?limit=5",
            f"/api/v1/practices?limit=5&action_field={field.slug}",
            "/api/v1/actors?limit=5",
            "/api/v1/publications?limit=5",
        )
    }
    make(12)
    for url, count in small.items():
        assert _queries(client, url) == count, url
    first = client.get("/api/v1/practices?limit=5").json()
    assert _queries(client, _path(first["next"])) == small["/api/v1/practices?limit=5"]


def test_openapi_describes_lists_details_and_their_parameters(client):
    document = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/practices", "/api/v1/practices/{key}", "/api/v1/actors"):
        assert path in document["paths"]
    parameters = {p["name"] for p in document["paths"]["/api/v1/practices"]["get"]["parameters"]}
    assert {"action_field", "state", "limit", "cursor", "q"} <= parameters


def test_publications_are_published_ones_with_public_authors_and_attachments(
    client, settings, tmp_path
):
    from quartiersnetz.publications.models import Publication
    from quartiersnetz.publications.tests.factories import AttachmentFactory

    settings.MEDIA_ROOT = tmp_path
    public, hidden = OrganisationFactory(slug="verband"), OrganisationFactory(is_hidden=True)
    shown = PublicationFactory(slug="impuls", authors=[public, hidden])
    attachment = AttachmentFactory(publication=shown, title="Langfassung")
    PublicationFactory(slug="position", kind=Publication.Kind.POSITION)
    PublicationFactory(slug="unveroeffentlicht", is_published=False)
    records, _ = _all_pages(client, "/api/v1/publications")
    slugs = {r["slug"] for r in records}  # beside the initiative's own (data migrations)
    assert {"impuls", "position"} <= slugs
    assert "unveroeffentlicht" not in slugs
    assert slugs == set(
        Publication.objects.filter(is_published=True).values_list("slug", flat=True)
    )
    record = next(r for r in records if r["slug"] == "impuls")
    assert record["kind"] == {
        "code": "impulse",
        "name_de": "Impulsbeitrag",
        "name_en": record["kind"]["name_en"],
    }
    assert [a["slug"] for a in record["author_organisations"]] == ["verband"]
    assert record["published_on"] == "2024-05-01"
    kinds = client.get("/api/v1/publications?kind=position").json()["results"]
    assert "position" in {r["slug"] for r in kinds}
    assert {r["kind"]["code"] for r in kinds} == {"position"}
    assert client.get("/api/v1/publications/unveroeffentlicht").status_code == 404
    detail = client.get("/api/v1/publications/impuls").json()
    assert detail["body"].startswith("## Abschnitt")
    (listed,) = detail["attachments"]
    assert listed["title"] == "Langfassung"
    assert listed["size"] == attachment.size
    assert client.get(_path(listed["url"] + "?")).status_code == 200
    assert client.get("/api/v1/publications?kind=buch").status_code == 400


def test_updated_since_tells_changes_in_order_with_tombstones(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    edited, unpublished, deleted, draft = (
        PracticeFactory(slug="bearbeitet"),
        PracticeFactory(slug="zurueckgezogen"),
        PracticeFactory(slug="geloescht"),
        DraftPracticeFactory(slug="entwurf-alt"),
    )
    _tick()
    since = timezone.now()
    _tick()
    edited.title = "Neuer Titel"
    edited.save()
    _tick()
    Practice.objects.filter(pk=unpublished.pk).update(state=Practice.State.DRAFT)
    _tick()
    gone = deleted.pk
    deleted.delete()
    _tick()
    added = PracticeFactory(slug="neu")
    url = f"/api/v1/practices?updated_since={since.isoformat()}"
    data = client.get(url).json()
    assert [r["id"] for r in data["results"]] == [edited.pk, unpublished.pk, gone, added.pk]
    first, withdrawn, removed, new = data["results"]
    assert first["title"] == "Neuer Titel"
    assert new["slug"] == "neu"
    for tombstone in (withdrawn, removed):
        assert tombstone["deleted"] is True
        assert set(tombstone) == {"id", "deleted", "changed_at"}  # nothing else of the record
    assert draft.pk not in {r["id"] for r in data["results"]}
    # In pages of two, with the same result; the next pass starts at `until`.
    records, pages = _all_pages(client, url + "&limit=2")
    assert [r["id"] for r in records] == [edited.pk, unpublished.pk, gone, added.pk]
    assert pages == 2
    later = client.get(f"/api/v1/practices?updated_since={data['until']}").json()
    assert later["results"] == []


def test_updated_since_waits_behind_the_horizon_and_checks_its_value(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 300
    since = timezone.now() - timedelta(hours=1)
    PracticeFactory()
    data = client.get(f"/api/v1/practices?updated_since={since.isoformat()}").json()
    assert data["results"] == []  # changed less than five minutes ago: the next pass
    until = datetime.fromisoformat(data["until"].replace("Z", "+00:00"))
    assert until <= timezone.now() - timedelta(minutes=5)
    # An offset whose "+" arrived as a space, a date, and nonsense.
    assert (
        client.get("/api/v1/practices?updated_since=2026-01-01T00:00:00 01:00").status_code == 200
    )
    assert client.get("/api/v1/practices?updated_since=2026-01-01").status_code == 200
    response = client.get("/api/v1/practices?updated_since=gestern")
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "updated_since"


def test_updated_since_takes_any_offset_python_reads_and_refuses_what_leaves_the_calendar(
    client, settings
):
    settings.API_SYNC_HORIZON_SECONDS = 0
    PracticeFactory()
    # An offset beyond PostgreSQL's ±15:59 is still a time: compared in UTC.
    far = client.get("/api/v1/practices?updated_since=2020-06-11T23:15:45%2B19:22")
    assert far.status_code == 200
    assert len(far.json()["results"]) == 1
    # Year 1 at +01:00 would be before year 1 in UTC: refused, not a server error.
    early = client.get("/api/v1/practices?updated_since=0001-01-01T00:00:00%2B01:00")
    assert early.status_code == 400
    assert early.json()["invalid-params"][0]["name"] == "updated_since"


def test_cursors_of_a_list_and_of_a_sync_do_not_mix(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    for _ in range(3):
        PracticeFactory()
    plain = client.get("/api/v1/practices?limit=1").json()["next"].split("cursor=")[1]
    response = client.get(f"/api/v1/practices?updated_since=2020-01-01&limit=1&cursor={plain}")
    assert response.status_code == 400
    sync = client.get("/api/v1/practices?updated_since=2020-01-01&limit=1").json()
    cursor = sync["next"].split("cursor=")[1]
    assert client.get(f"/api/v1/practices?limit=1&cursor={cursor}").status_code == 400
    other = "/api/v1/practices?updated_since=2021-01-01&limit=1&cursor=" + cursor
    assert client.get(other).status_code == 400


def test_sync_pages_keep_their_query_count(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    for _ in range(3):
        PracticeActorFactory(practice=PracticeFactory())
    url = "/api/v1/practices?updated_since=2020-01-01&limit=5"
    small = _queries(client, url)
    for _ in range(12):
        PracticeActorFactory(practice=PracticeFactory())
    assert _queries(client, url) == small
    data = client.get(url).json()
    assert _queries(client, _path(data["next"])) == small


def test_a_bulk_change_with_one_time_is_paged_without_losing_rows(client, settings):
    # One statement stamps all its rows with the same time: the cursor must step over equal
    # times by id, on SQLite (times as text) as on PostgreSQL.
    settings.API_SYNC_HORIZON_SECONDS = 0
    made = [PracticeFactory() for _ in range(4)]
    _tick()
    since = timezone.now()
    _tick()
    Practice.objects.filter(pk__in=[p.pk for p in made]).update(title="Alle neu")
    records, pages = _all_pages(
        client, f"/api/v1/practices?updated_since={since.isoformat()}&limit=1"
    )
    assert [r["id"] for r in records] == sorted(p.pk for p in made)
    assert pages == 4
