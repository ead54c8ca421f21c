"""`/api/v1/alliances`: records, strict parameters, cursor pages, ETags, constant queries,
synchronisation with tombstones, and nothing that is not public — no hidden alliance, no
open invitation or request to join, no hidden profile."""

from __future__ import annotations

import pytest
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory, PersonFactory
from quartiersnetz.alliances.models import Alliance, AllianceMember
from quartiersnetz.alliances.tests.factories import AllianceFactory, MemberFactory
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.tests.factories import DraftPracticeFactory, PracticeFactory
from quartiersnetz.projects.tests.factories import ProjectFactory, PublicProjectFactory
from quartiersnetz.taxonomy.models import Sector

from .helpers import PROBLEM
from .helpers import all_pages as _all_pages
from .helpers import count_queries as _queries
from .helpers import path_of as _path
from .helpers import tick as _tick

pytestmark = pytest.mark.django_db

CULTURE = "kultur-soziokultur-kreativwirtschaft"


def _sector(slug):
    return Sector.objects.get(slug=slug)


def test_alliance_record_has_codes_with_both_labels_and_links(client):
    alliance = AllianceFactory(
        slug="innenstadt", status=Alliance.Status.FORMING, founded="2024-03-01", is_sample=True
    )
    lead = OrganisationFactory(slug="stiftung", name="Bürgerstiftung")
    MemberFactory(
        alliance=alliance,
        actor=lead,
        role=AllianceMember.Role.CURATOR,
        role_text="Wir moderieren.",
        is_lead=True,
    )
    MemberFactory(alliance=alliance, actor=OrganisationFactory(name="A-Verein", slug="verein"))
    project = PublicProjectFactory(slug="vorhaben")
    practice = PracticeFactory(slug="laden", title="Laden")
    later = EventFactory(slug="spaeter", start=timezone.now() + timezone.timedelta(days=60))
    sooner = EventFactory(slug="frueher")
    alliance.projects.add(project, ProjectFactory(slug="wartet"))
    alliance.practices.add(practice, DraftPracticeFactory(slug="entwurf"))
    alliance.events.add(sooner, later, EventFactory(slug="entwurf", state=Event.State.DRAFT))
    response = client.get("/api/v1/alliances")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    (record,) = response.json()["results"]
    assert record["id"] == alliance.pk
    assert record["url"] == "http://testserver/allianzen/innenstadt/"
    assert record["name"] == alliance.name
    assert record["status"] == {"code": "forming", "name_de": "im Aufbau", "name_en": "forming"}
    assert record["founded"] == "2024-03-01"
    assert record["municipality"]["ags"] == "05916000"
    assert record["municipality"]["state"] == {
        "code": "05",
        "name_de": "Nordrhein-Westfalen",
        "name_en": "North Rhine-Westphalia",
    }
    assert record["location"]["precision"] == "municipality"
    assert record["is_sample"] is True
    # Leads first (as the page lists them), each with its role, own words and sector.
    first, second = record["members"]
    assert first == {
        "id": lead.pk,
        "slug": "stiftung",
        "name": "Bürgerstiftung",
        "url": "http://testserver/mitwirkende/stiftung/",
        "role": {"code": "curator", "name_de": "Kurator:in", "name_en": "Curator"},
        "role_text": "Wir moderieren.",
        "is_lead": True,
        "sector": {"code": "stiftungen", "name_de": "Stiftungen", "name_en": "Foundations"},
    }
    assert second["slug"] == "verein"
    assert second["role"] == {"code": "partner", "name_de": "Partner:in", "name_en": "Partner"}
    assert second["is_lead"] is False
    # Linked records only while they are public.
    assert record["projects"] == [
        {
            "id": project.pk,
            "slug": "vorhaben",
            "name": project.title,
            "url": "http://testserver/vorhaben/vorhaben/",
        }
    ]
    assert [p["slug"] for p in record["practices"]] == ["laden"]
    assert record["practices"][0]["url"] == "http://testserver/praxis/laden/"
    assert [e["slug"] for e in record["events"]] == ["spaeter", "frueher"]  # newest first
    assert "T" in record["events"][0]["start"]
    assert "goals" not in record
    detail = client.get("/api/v1/alliances/innenstadt").json()
    assert detail["goals"] == "## Ziele\n\n- Leerstand bespielen"
    assert {k: detail[k] for k in record} == record


def test_only_public_alliances_and_only_confirmed_public_members_appear(client):
    shown = AllianceFactory(slug="sichtbar")
    MemberFactory(alliance=shown, actor=OrganisationFactory(slug="bestaetigt"))
    MemberFactory(alliance=shown, actor=OrganisationFactory(slug="verborgen", is_hidden=True))
    MemberFactory(
        alliance=shown, actor=OrganisationFactory(slug="eingeladen"), actor_consented_at=None
    )
    MemberFactory(
        alliance=shown, actor=OrganisationFactory(slug="angefragt"), alliance_consented_at=None
    )
    person = PersonFactory(slug="expertin", contact_email="expertin@example.org")
    MemberFactory(alliance=shown, actor=person)
    hidden = AllianceFactory(slug="ausgeblendet", is_hidden=True)
    MemberFactory(alliance=hidden)
    records, _ = _all_pages(client, "/api/v1/alliances")
    assert [r["slug"] for r in records] == ["sichtbar"]
    (record,) = records
    assert {m["slug"] for m in record["members"]} == {"bestaetigt", "expertin"}
    # A person appears as their public profile: name and link, nothing private.
    expert = next(m for m in record["members"] if m["slug"] == "expertin")
    assert set(expert) == {"id", "slug", "name", "url", "role", "role_text", "is_lead", "sector"}
    detail = client.get("/api/v1/alliances/sichtbar")
    assert detail.json()["members"] == record["members"]
    for body in (detail.content.decode(), client.get("/api/v1/alliances").content.decode()):
        for secret in ("verborgen", "eingeladen", "angefragt", "expertin@example.org"):
            assert secret not in body
    for key in ("ausgeblendet", hidden.pk):
        missing = client.get(f"/api/v1/alliances/{key}")
        assert missing.status_code == 404
        assert missing["Content-Type"] == PROBLEM
        assert missing.json()["status"] == 404


def test_cursor_pages_visit_every_alliance_once_in_id_order(client):
    made = [AllianceFactory() for _ in range(5)]
    AllianceFactory(is_hidden=True)
    records, pages = _all_pages(client, "/api/v1/alliances?limit=2")
    assert [r["id"] for r in records] == sorted(a.pk for a in made)
    assert pages == 3


def test_filters_match_the_list_page_and_cursors_keep_their_filters(client):
    leipzig = Municipality.objects.get(ags="14713000")
    herne = [AllianceFactory() for _ in range(3)]
    east = AllianceFactory(
        municipality=leipzig, status=Alliance.Status.DORMANT, name="Allianz Marktplatz"
    )
    # A sector counts through public, confirmed members only.
    culture = _sector(CULTURE)
    MemberFactory(alliance=herne[0], actor=OrganisationFactory(sector=culture))
    MemberFactory(alliance=herne[1], actor=OrganisationFactory(sector=culture, is_hidden=True))
    MemberFactory(
        alliance=herne[2], actor=OrganisationFactory(sector=culture), actor_consented_at=None
    )
    AllianceFactory(municipality=leipzig, status=Alliance.Status.DORMANT, is_hidden=True)

    def ids(query):
        records, _ = _all_pages(client, f"/api/v1/alliances?{query}")
        return {r["id"] for r in records}

    assert ids("status=active&limit=2") == {a.pk for a in herne}
    assert ids("status=dormant") == {east.pk}
    assert ids("state=14") == {east.pk}
    assert ids("state=05") == {a.pk for a in herne}
    assert ids("municipality=14713000") == {east.pk}
    assert ids("municipality=05916000&status=dormant") == set()
    assert ids(f"sector={CULTURE}") == {herne[0].pk}
    assert ids("q=Marktplatz") == {east.pk}
    first = client.get("/api/v1/alliances?status=active&limit=2").json()
    cursor = first["next"].split("cursor=")[1]
    response = client.get(f"/api/v1/alliances?limit=2&cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "cursor"


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("foo=1", ["foo"]),
        ("ordering=name", ["ordering"]),
        ("status=aufgeloest", ["status"]),
        ("state=99", ["state"]),
        ("municipality=123", ["municipality"]),
        ("sector=gibt-es-nicht", ["sector"]),
        ("sector=Kein Slug!", ["sector"]),
        ("q=", ["q"]),
        ("limit=0", ["limit"]),
        ("limit=501", ["limit"]),
        ("cursor=erfunden", ["cursor"]),
        ("updated_since=gestern", ["updated_since"]),
        ("status=active&status=forming", ["status"]),
        ("foo=1&limit=-3", ["foo", "limit"]),
    ],
)
def test_bad_parameters_are_problem_details(client, query, names):
    response = client.get(f"/api/v1/alliances?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response["Access-Control-Allow-Origin"] == "*"
    problem = response.json()
    assert problem["status"] == 400
    assert sorted({p["name"] for p in problem["invalid-params"]}) == sorted(names)
    assert all(p["reason"] for p in problem["invalid-params"])


def test_details_refuse_parameters(client):
    alliance = AllianceFactory()
    assert client.get(f"/api/v1/alliances/{alliance.pk}?limit=3").status_code == 400
    assert client.get(f"/api/v1/alliances/{alliance.slug}").json()["id"] == alliance.pk


def test_etag_revalidates_until_the_data_changes(client):
    alliance = AllianceFactory()
    for url in ("/api/v1/alliances", f"/api/v1/alliances/{alliance.slug}"):
        response = client.get(url)
        etag = response["ETag"]
        assert response.has_header("Last-Modified")
        assert "public" in response["Cache-Control"]
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert unchanged.status_code == 304, url
        assert unchanged["Access-Control-Allow-Origin"] == "*"
    etag = client.get("/api/v1/alliances")["ETag"]
    detail_etag = client.get(f"/api/v1/alliances/{alliance.slug}")["ETag"]
    member = MemberFactory(alliance=alliance)
    response = client.get("/api/v1/alliances", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["results"][0]["members"]] == [member.actor_id]
    detail = client.get(f"/api/v1/alliances/{alliance.slug}", HTTP_IF_NONE_MATCH=detail_etag)
    assert detail.status_code == 200
    # A member's profile hidden: another answer, without it.
    etag = response["ETag"]
    member.actor.is_hidden = True
    member.actor.save()
    response = client.get("/api/v1/alliances", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["results"][0]["members"] == []


def test_query_counts_do_not_grow_with_the_data(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    culture = _sector(CULTURE)

    def make(n):
        for _ in range(n):
            alliance = AllianceFactory()
            MemberFactory(alliance=alliance, actor=OrganisationFactory(sector=culture))
            MemberFactory(alliance=alliance, is_lead=True)
            MemberFactory(alliance=alliance, actor_consented_at=None)
            alliance.projects.add(PublicProjectFactory())
            alliance.practices.add(PracticeFactory())
            alliance.events.add(EventFactory())

    make(2)
    slug = Alliance.objects.order_by("pk").first().slug
    urls = (
        "/api/v1/alliances?limit=3",
        f"/api/v1/alliances?limit=3&status=active&sector={CULTURE}&state=05",
        "/api/v1/alliances?limit=3&updated_since=2020-01-01",
        f"/api/v1/alliances/{slug}",
    )
    small = {url: _queries(client, url) for url in urls}
    make(10)
    for url, count in small.items():
        assert _queries(client, url) == count, url
    for url in urls[:3]:
        following = client.get(url).json()["next"]
        assert following, url
        assert _queries(client, _path(following)) == small[url], url


def test_updated_since_tells_changes_with_tombstones(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    edited, hidden, deleted, joined, linked = (
        AllianceFactory(slug="bearbeitet"),
        AllianceFactory(slug="ausgeblendet"),
        AllianceFactory(slug="aufgeloest"),
        AllianceFactory(slug="neues-mitglied"),
        AllianceFactory(slug="neues-vorhaben"),
    )
    invitation = MemberFactory(alliance=joined, actor_consented_at=None)
    AllianceFactory(slug="immer-ausgeblendet", is_hidden=True)
    _tick()
    since = timezone.now()
    _tick()
    edited.name = "Neuer Name"
    edited.save()
    _tick()
    Alliance.objects.filter(pk=hidden.pk).update(is_hidden=True)
    _tick()
    gone = deleted.pk
    deleted.delete()
    _tick()
    # The invited member accepts: a change of a membership row counts for the alliance.
    AllianceMember.objects.filter(pk=invitation.pk).update(actor_consented_at=timezone.now())
    _tick()
    linked.projects.add(PublicProjectFactory())
    url = f"/api/v1/alliances?updated_since={since.isoformat()}"
    data = client.get(url).json()
    assert [r["id"] for r in data["results"]] == [
        edited.pk,
        hidden.pk,
        gone,
        joined.pk,
        linked.pk,
    ]
    first, tombstone, removed, accepted, with_project = data["results"]
    assert first["name"] == "Neuer Name"
    for stone in (tombstone, removed):
        assert stone["deleted"] is True
        assert set(stone) == {"id", "deleted", "changed_at"}
    assert [m["id"] for m in accepted["members"]] == [invitation.actor_id]
    assert len(with_project["projects"]) == 1
    records, pages = _all_pages(client, url + "&limit=2")
    assert [r["id"] for r in records] == [edited.pk, hidden.pk, gone, joined.pk, linked.pk]
    assert pages == 3
    assert client.get(f"/api/v1/alliances?updated_since={data['until']}").json()["results"] == []


def test_openapi_describes_alliances(client):
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/alliances" in document["paths"]
    assert "/api/v1/alliances/{key}" in document["paths"]
    parameters = {p["name"] for p in document["paths"]["/api/v1/alliances"]["get"]["parameters"]}
    assert parameters == {
        "q",
        "status",
        "state",
        "municipality",
        "sector",
        "limit",
        "cursor",
        "updated_since",
    }
