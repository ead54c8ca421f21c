"""`/api/v1/recommendations`: the Handlungsempfehlungen of published publications — records,
the overview's filters, strict parameters, ETags, constant queries and `updated_since` with
tombstones also when a recommendation's publication is unpublished."""

from __future__ import annotations

import pytest
from django.utils import timezone

from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications import services
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.publications.tests.factories import PublicationFactory, RecommendationFactory
from quartiersnetz.taxonomy.models import ActionField, Approach

from .helpers import PROBLEM
from .helpers import all_pages as _all_pages
from .helpers import count_queries as _queries
from .helpers import path_of as _path
from .helpers import tick as _tick

pytestmark = pytest.mark.django_db

URL = "/api/v1/recommendations"


def _fields():
    quarters = ActionField.objects.get(slug="lebendige-quartiere")
    other = ActionField.objects.exclude(pk=quarters.pk).order_by("pk").first()
    return quarters, other


def test_record_has_codes_with_both_labels_links_and_only_published_practices(client):
    quarters, _other = _fields()
    approach = Approach.objects.filter(action_field=quarters).order_by("pk").first()
    publication = PublicationFactory(
        slug="zehn-schritte",
        title="Zehn Schritte",
        kind=Publication.Kind.RECOMMENDATIONS,
        action_field=quarters,
    )
    shown = PracticeFactory(slug="ladenlokal", title="Ladenlokal am Markt")
    also = PracticeFactory(slug="atelier", title="Atelier im Kaufhaus")
    draft = PracticeFactory(slug="entwurf", state=Practice.State.DRAFT)
    recommendation = RecommendationFactory(
        publication=publication,
        number=3,
        title="Räume öffnen",
        text="Mit **Markdown**.",
        reasoning="Weil es wirkt.",
        approach=approach,
    )
    recommendation.practices.set([shown, also, draft])

    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    (record,) = response.json()["results"]
    assert record["id"] == recommendation.pk
    assert record["number"] == 3
    assert record["title"] == "Räume öffnen"
    assert record["text"] == "Mit **Markdown**."
    assert record["reasoning"] == "Weil es wirkt."
    assert record["url"] == "http://testserver/impulse/zehn-schritte/#empfehlung-3"
    assert record["publication"] == {
        "id": publication.pk,
        "slug": "zehn-schritte",
        "name": "Zehn Schritte",
        "url": "http://testserver/impulse/zehn-schritte/",
        "published_on": "2024-05-01",
    }
    # Without an own action field, the publication's (as the overview files it).
    assert record["action_field"] == {
        "code": quarters.slug,
        "name_de": quarters.name,
        "name_en": quarters.name_en or quarters.name,
    }
    assert record["approach"] == {
        "code": approach.slug,
        "name_de": approach.name,
        "name_en": approach.name_en or approach.name,
    }
    # Published practices only, by title (as the publication's page lists them).
    assert record["practices"] == [
        {
            "id": also.pk,
            "slug": "atelier",
            "name": "Atelier im Kaufhaus",
            "url": "http://testserver/praxis/atelier/",
        },
        {
            "id": shown.pk,
            "slug": "ladenlokal",
            "name": "Ladenlokal am Markt",
            "url": "http://testserver/praxis/ladenlokal/",
        },
    ]
    assert "T" in record["updated"]
    assert client.get(f"{URL}/{recommendation.pk}").json() == record


def test_only_recommendations_of_published_publications_appear(client):
    shown = RecommendationFactory(publication=PublicationFactory(slug="oeffentlich"))
    hidden = RecommendationFactory(publication=PublicationFactory(is_published=False))
    records, _ = _all_pages(client, URL)
    assert [r["id"] for r in records] == [shown.pk]
    assert client.get(f"{URL}/{shown.pk}").status_code == 200
    for key in (hidden.pk, 999999, "oeffentlich", "1e3"):
        missing = client.get(f"{URL}/{key}")
        assert missing.status_code == 404, key
        assert missing["Content-Type"] == PROBLEM
        assert missing["Access-Control-Allow-Origin"] == "*"
        assert missing.json()["status"] == 404


def test_filters_match_the_overview_and_cursors_keep_their_filters(client):
    quarters, other = _fields()
    approach = Approach.objects.filter(action_field=quarters).order_by("pk").first()
    in_quarters = PublicationFactory(action_field=quarters)
    in_other = PublicationFactory(action_field=other)
    inherited = RecommendationFactory(publication=in_quarters)
    own = RecommendationFactory(publication=in_other, action_field=quarters)
    overridden = RecommendationFactory(publication=in_quarters, action_field=other)
    with_approach = RecommendationFactory(publication=in_other, approach=approach)

    def ids(query):
        records, _ = _all_pages(client, f"{URL}?{query}")
        return {r["id"] for r in records}

    # The recommendation's own action field, else its publication's.
    assert ids(f"action_field={quarters.slug}") == {inherited.pk, own.pk}
    assert ids(f"action_field={other.slug}") == {overridden.pk, with_approach.pk}
    assert ids(f"approach={approach.slug}") == {with_approach.pk}
    assert ids(f"approach={approach.slug}&action_field={quarters.slug}") == set()
    # The overview page counts the same recommendations.
    html = client.get(
        f"/impulse/handlungsempfehlungen/?action_field={quarters.slug}"
    ).content.decode()
    assert "2 Empfehlungen" in html

    first = client.get(f"{URL}?action_field={quarters.slug}&limit=1").json()
    assert len(first["results"]) == 1
    cursor = first["next"].split("cursor=")[1]
    response = client.get(f"{URL}?limit=1&cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "cursor"


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("foo=1", ["foo"]),
        ("q=Räume", ["q"]),
        ("action_field=gibt-es-nicht", ["action_field"]),
        ("approach=Keine Slug!", ["approach"]),
        ("approach=a&approach=b", ["approach"]),
        ("limit=0", ["limit"]),
        ("limit=501", ["limit"]),
        ("cursor=erfunden", ["cursor"]),
        ("updated_since=gestern", ["updated_since"]),
        ("foo=1&limit=-3", ["foo", "limit"]),
    ],
)
def test_bad_parameters_are_problem_details(client, query, names):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response["Access-Control-Allow-Origin"] == "*"
    problem = response.json()
    assert problem["status"] == 400
    assert sorted({p["name"] for p in problem["invalid-params"]}) == sorted(names)
    assert all(p["reason"] for p in problem["invalid-params"])


def test_detail_refuses_parameters(client):
    recommendation = RecommendationFactory()
    response = client.get(f"{URL}/{recommendation.pk}?limit=3")
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "limit"


def test_etag_revalidates_until_the_data_changes(client):
    recommendation = RecommendationFactory()
    for url in (URL, f"{URL}/{recommendation.pk}"):
        response = client.get(url)
        assert response.has_header("Last-Modified")
        assert "public" in response["Cache-Control"]
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert unchanged.status_code == 304, url
        assert unchanged["Access-Control-Allow-Origin"] == "*"
    etag = client.get(URL)["ETag"]
    # A linked practice is a change of the record too (the many-to-many table's version).
    recommendation.practices.add(PracticeFactory(slug="neu-verknuepft"))
    response = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert [p["slug"] for p in response.json()["results"][0]["practices"]] == ["neu-verknuepft"]
    etag = response["ETag"]
    Publication.objects.filter(pk=recommendation.publication_id).update(title="Neu betitelt")
    response = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["results"][0]["publication"]["name"] == "Neu betitelt"


def test_query_counts_do_not_grow_with_the_data(client):
    quarters, _other = _fields()
    publication = PublicationFactory(action_field=quarters)

    def make(n):
        for _ in range(n):
            recommendation = RecommendationFactory(publication=publication)
            recommendation.practices.set([PracticeFactory(), PracticeFactory()])

    make(2)
    urls = (f"{URL}?limit=3", f"{URL}?limit=3&action_field={quarters.slug}")
    small = {url: _queries(client, url) for url in urls}
    make(12)
    for url, count in small.items():
        assert _queries(client, url) == count, url
    first = client.get(f"{URL}?limit=3").json()
    assert _queries(client, _path(first["next"])) == small[f"{URL}?limit=3"]
    # The version, the page's rows (with publication and terms), the published practices.
    assert small[f"{URL}?limit=3"] == 3


def test_updated_since_tells_changes_with_tombstones_for_an_unpublished_publication(
    client, settings
):
    settings.API_SYNC_HORIZON_SECONDS = 0
    withdrawn_publication = PublicationFactory(slug="zurueckgezogen")
    kept_publication = PublicationFactory(slug="bleibt")
    first, second = (
        RecommendationFactory(publication=withdrawn_publication, number=1),
        RecommendationFactory(publication=withdrawn_publication, number=2),
    )
    edited, untouched, deleted = (
        RecommendationFactory(publication=kept_publication, number=1),
        RecommendationFactory(publication=kept_publication, number=2),
        RecommendationFactory(publication=kept_publication, number=3),
    )
    _tick()
    since = timezone.now()
    _tick()
    edited.title = "Neuer Titel"
    edited.save()
    _tick()
    services.publication_unpublish(user=None, publication=withdrawn_publication)
    _tick()
    gone = deleted.pk
    deleted.delete()
    _tick()
    added = RecommendationFactory(publication=kept_publication, number=4)

    url = f"{URL}?updated_since={since.isoformat()}"
    data = client.get(url).json()
    # The publication's change counts for both its recommendations, at its time.
    assert [r["id"] for r in data["results"]] == [edited.pk, first.pk, second.pk, gone, added.pk]
    assert untouched.pk not in {r["id"] for r in data["results"]}
    changed, *tombstones, new = data["results"]
    assert changed["title"] == "Neuer Titel"
    assert new["number"] == 4
    for tombstone in tombstones:
        assert set(tombstone) == {"id", "deleted", "changed_at"}
        assert tombstone["deleted"] is True
    assert client.get(f"{URL}/{first.pk}").status_code == 404
    # In pages of two, the same changes; the next pass starts at `until` with nothing new.
    records, pages = _all_pages(client, url + "&limit=2")
    assert [r["id"] for r in records] == [r["id"] for r in data["results"]]
    assert pages == 3
    later = client.get(f"{URL}?updated_since={data['until']}").json()
    assert later["results"] == []


def test_a_record_comes_once_a_pass_at_its_latest_change(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    publication = PublicationFactory()
    recommendation = RecommendationFactory(publication=publication)
    other = RecommendationFactory()
    _tick()
    since = timezone.now()
    _tick()
    recommendation.title = "Erst die Empfehlung"
    recommendation.save()
    _tick()
    other.title = "Dann eine andere"
    other.save()
    _tick()
    Publication.objects.filter(pk=publication.pk).update(title="Dann ihre Veröffentlichung")
    url = f"{URL}?updated_since={since.isoformat()}"
    data = client.get(url).json()
    assert [r["id"] for r in data["results"]] == [other.pk, recommendation.pk]
    assert data["results"][1]["publication"]["name"] == "Dann ihre Veröffentlichung"
    records, _ = _all_pages(client, url + "&limit=1")
    assert [r["id"] for r in records] == [other.pk, recommendation.pk]
    # A later change of the recommendation itself wins over its publication's.
    _tick()
    Recommendation.objects.filter(pk=recommendation.pk).update(title="Zuletzt")
    assert [r["id"] for r in client.get(url).json()["results"]] == [other.pk, recommendation.pk]


def test_sync_pages_keep_their_query_count(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    publication = PublicationFactory()

    def make(n):
        for _ in range(n):
            RecommendationFactory(publication=publication).practices.set([PracticeFactory()])

    make(3)
    url = f"{URL}?updated_since=2020-01-01&limit=5"
    small = _queries(client, url)
    make(12)
    assert _queries(client, url) == small
    data = client.get(url).json()
    assert _queries(client, _path(data["next"])) == small


def test_openapi_describes_the_list_and_the_detail(client):
    document = client.get("/api/v1/openapi.json").json()
    assert {URL, URL + "/{key}"} <= set(document["paths"])
    parameters = {p["name"] for p in document["paths"][URL]["get"]["parameters"]}
    assert {"action_field", "approach", "limit", "cursor", "updated_since"} <= parameters
