"""`/api/v1/connections`: confirmed connections between public profiles, as the pages show them
— no direction, no proposals, no hidden profiles, nothing of who proposed them — with their
shared public sources, the filters, strict parameters, ETags, constant queries and
`updated_since` with tombstones when a connection stops being public."""

from __future__ import annotations

import pytest
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.alliances.models import Alliance
from quartiersnetz.alliances.tests.factories import AllianceFactory, MemberFactory
from quartiersnetz.network import services
from quartiersnetz.network.edges import recompute_edges
from quartiersnetz.network.models import Connection
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeActorFactory, PracticeFactory
from quartiersnetz.taxonomy.models import Sector

from .helpers import PROBLEM
from .helpers import all_pages as _all_pages
from .helpers import count_queries as _queries
from .helpers import path_of as _path
from .helpers import tick as _tick

pytestmark = pytest.mark.django_db

URL = "/api/v1/connections"
RECORD_FIELDS = {"id", "kind", "actors", "sources", "updated"}


def _connect(from_actor, to_actor, kind=Connection.Kind.WORKS_WITH, **kwargs):
    """A connection as the services leave it (the app has no factory for it)."""
    kwargs.setdefault("status", Connection.Status.CONFIRMED)
    kwargs.setdefault("message", "Eine private Nachricht an die andere Seite")
    if "proposed_by" not in kwargs:
        kwargs["proposed_by"] = UserFactory()
    return Connection.objects.create(from_actor=from_actor, to_actor=to_actor, kind=kind, **kwargs)


def _share_practice(*actors, **kwargs):
    practice = PracticeFactory(**kwargs)
    for actor in actors:
        PracticeActorFactory(practice=practice, actor=actor)
    return practice


def test_record_is_undirected_with_both_labels_and_shared_public_sources(client):
    stiftungen = Sector.objects.get(slug="stiftungen")
    other_sector = Sector.objects.exclude(pk=stiftungen.pk).order_by("pk").first()
    first = OrganisationFactory(slug="stadtteilverein", name="Stadtteilverein")
    second = OrganisationFactory(slug="buergerstiftung", sector=other_sector)
    practice = _share_practice(first, second, slug="ladenlokal", title="Ladenlokal am Markt")
    alliance = AllianceFactory(slug="allianz-mitte", name="Allianz Mitte")
    MemberFactory(alliance=alliance, actor=first)
    MemberFactory(alliance=alliance, actor=second)
    # Proposed by the second (higher id): the record does not tell.
    made = _connect(second, first, proposed_by=UserFactory(email="vorschlag@example.org"))
    recompute_edges()

    response = client.get(URL)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    (record,) = response.json()["results"]
    assert set(record) == RECORD_FIELDS
    assert record["id"] == made.pk
    assert record["kind"] == {
        "code": "works_with",
        "name_de": "arbeitet zusammen mit",
        "name_en": "works with",
    }
    assert [a["slug"] for a in record["actors"]] == ["stadtteilverein", "buergerstiftung"]
    left, right = record["actors"]
    assert set(left) == {"id", "slug", "name", "url", "sector", "municipality"}
    assert left["url"] == "http://testserver/mitwirkende/stadtteilverein/"
    assert left["name"] == "Stadtteilverein"
    assert left["sector"] == {
        "code": "stiftungen",
        "name_de": stiftungen.name,
        "name_en": stiftungen.name_en or stiftungen.name,
    }
    assert right["sector"]["code"] == other_sector.slug
    assert left["municipality"]["ags"] == "05916000"
    # In the profile's order: alliances first, then practices.
    assert record["sources"] == [
        {
            "type": {"code": "alliance", "name_de": "Allianz", "name_en": "Alliance"},
            "id": alliance.pk,
            "slug": "allianz-mitte",
            "name": "Allianz Mitte",
            "url": "http://testserver/allianzen/allianz-mitte/",
        },
        {
            "type": {
                "code": "practice",
                "name_de": "Praxisbeispiel",
                "name_en": "Practice example",
            },
            "id": practice.pk,
            "slug": "ladenlokal",
            "name": "Ladenlokal am Markt",
            "url": "http://testserver/praxis/ladenlokal/",
        },
    ]
    body = response.content.decode()
    assert "private Nachricht" not in body
    assert "vorschlag@" not in body
    detail = client.get(f"{URL}/{made.pk}")
    assert detail.status_code == 200
    assert detail.json() == record


def test_membership_reads_without_a_direction_as_on_the_pages(client):
    network, member = OrganisationFactory(), OrganisationFactory()
    made = _connect(member, network, Connection.Kind.MEMBER_OF)
    record = client.get(f"{URL}/{made.pk}").json()
    assert record["kind"] == {
        "code": "member_of",
        "name_de": "Mitglied / Netzwerk",
        "name_en": "member / network",
    }
    assert [a["id"] for a in record["actors"]] == sorted([network.pk, member.pk])


def test_sources_link_only_records_that_are_public_now(client):
    first, second = OrganisationFactory(), OrganisationFactory()
    practice = _share_practice(first, second, title="Erst veröffentlicht")
    alliance = AllianceFactory()
    MemberFactory(alliance=alliance, actor=first)
    MemberFactory(alliance=alliance, actor=second)
    made = _connect(first, second)
    recompute_edges()
    assert len(client.get(f"{URL}/{made.pk}").json()["sources"]) == 2
    # Before the network is recomputed: the source is checked when it is read.
    Practice.objects.filter(pk=practice.pk).update(state=Practice.State.DRAFT)
    Alliance.objects.filter(pk=alliance.pk).update(name="Neuer Name")
    sources = client.get(f"{URL}/{made.pk}").json()["sources"]
    assert [(s["type"]["code"], s["name"]) for s in sources] == [("alliance", "Neuer Name")]
    Alliance.objects.filter(pk=alliance.pk).update(is_hidden=True)
    assert client.get(f"{URL}/{made.pk}").json()["sources"] == []
    assert "Erst veröffentlicht" not in client.get(URL).content.decode()


def test_only_confirmed_connections_between_public_profiles_appear(client):
    first, second = OrganisationFactory(), OrganisationFactory()
    hidden = OrganisationFactory(is_hidden=True, slug="verborgen")
    shown = _connect(first, second)
    proposed = _connect(second, first, Connection.Kind.KNOWS, status=Connection.Status.PROPOSED)
    with_hidden = _connect(first, hidden)
    to_hidden = _connect(hidden, second, Connection.Kind.KNOWS)
    records, _ = _all_pages(client, URL)
    assert [r["id"] for r in records] == [shown.pk]
    for made in (proposed, with_hidden, to_hidden):
        missing = client.get(f"{URL}/{made.pk}")
        assert missing.status_code == 404
        assert missing["Content-Type"] == PROBLEM
        assert missing.json()["status"] == 404
    assert client.get(f"{URL}/keine-zahl").status_code == 404
    assert "verborgen" not in client.get(URL).content.decode()


def test_a_proposal_appears_once_it_is_confirmed(client):
    owner, other_owner = UserFactory(), UserFactory()
    first = MembershipFactory(user=owner).organisation
    second = MembershipFactory(user=other_owner).organisation
    proposal = services.connection_propose(
        user=owner, from_actor=first, to_actor=second, kind="knows", message="Hallo"
    )
    assert client.get(URL).json()["results"] == []
    services.connection_confirm(user=other_owner, connection=proposal)
    (record,) = client.get(URL).json()["results"]
    assert record["id"] == proposal.pk
    assert record["kind"]["code"] == "knows"


def test_filters_follow_the_profile_and_the_network_view(client):
    stiftungen = Sector.objects.get(slug="stiftungen")
    other_sector = Sector.objects.exclude(pk=stiftungen.pk).order_by("pk").first()
    leipzig = Municipality.objects.filter(state="14").order_by("pk").first()
    a, b = OrganisationFactory(slug="a-verein"), OrganisationFactory(slug="b-verein")
    c = OrganisationFactory(slug="c-verein", sector=other_sector, municipality=leipzig)
    ab = _connect(a, b)
    ca = _connect(c, a, Connection.Kind.KNOWS)
    bc = _connect(b, c, Connection.Kind.MEMBER_OF)

    def ids(query):
        records, _ = _all_pages(client, f"{URL}?{query}")
        return {r["id"] for r in records}

    assert ids("actor=a-verein") == {ab.pk, ca.pk}  # either side
    assert ids("actor=c-verein&kind=member_of") == {bc.pk}
    assert ids("kind=knows") == {ca.pk}
    # The network view's filters hold for both sides (the graph under that filter).
    assert ids("sector=stiftungen") == {ab.pk}
    assert ids(f"sector={other_sector.slug}") == set()
    assert ids("state=05") == {ab.pk}
    first = client.get(f"{URL}?actor=a-verein&limit=1").json()
    cursor = first["next"].split("cursor=")[1]
    response = client.get(f"{URL}?actor=b-verein&limit=1&cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "cursor"


def test_a_hidden_profile_is_as_unknown_as_a_missing_one(client):
    OrganisationFactory(is_hidden=True, slug="verborgen")
    reasons = []
    for slug in ("verborgen", "gibt-es-nicht"):
        response = client.get(f"{URL}?actor={slug}")
        assert response.status_code == 400
        (problem,) = response.json()["invalid-params"]
        assert problem["name"] == "actor"
        reasons.append(problem["reason"].replace(slug, "…"))
    assert reasons[0] == reasons[1]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("foo=1", ["foo"]),
        ("status=proposed", ["status"]),
        ("kind=befreundet", ["kind"]),
        ("actor=Kein Slug", ["actor"]),
        ("sector=gibt-es-nicht", ["sector"]),
        ("state=99", ["state"]),
        ("spatial_field=nirgends", ["spatial_field"]),
        ("kind=knows&kind=knows", ["kind"]),
        ("limit=0", ["limit"]),
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
    assert sorted({p["name"] for p in problem["invalid-params"]}) == sorted(names)
    assert all(p["reason"] for p in problem["invalid-params"])


def test_detail_refuses_parameters(client):
    made = _connect(OrganisationFactory(), OrganisationFactory())
    assert client.get(f"{URL}/{made.pk}?actor=x").status_code == 400


def test_etag_revalidates_until_the_data_changes(client):
    first, second = OrganisationFactory(), OrganisationFactory()
    made = _connect(first, second)
    for url in (URL, f"{URL}/{made.pk}"):
        response = client.get(url)
        assert response.has_header("Last-Modified")
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert unchanged.status_code == 304, url
        assert unchanged["Access-Control-Allow-Origin"] == "*"
    # A recomputed network (new sources) and a renamed profile change the answer.
    etag = client.get(URL)["ETag"]
    _share_practice(first, second)
    recompute_edges()
    response = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert len(response.json()["results"][0]["sources"]) == 1
    etag = response["ETag"]
    Actor.objects.filter(pk=first.pk).update(name="Umbenannt")
    response = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Umbenannt" in {a["name"] for a in response.json()["results"][0]["actors"]}


def test_query_counts_do_not_grow_with_the_data(client):
    anchor = OrganisationFactory(slug="anker")

    def make(n):
        for _ in range(n):
            other = OrganisationFactory()
            _share_practice(anchor, other)
            alliance = AllianceFactory()
            MemberFactory(alliance=alliance, actor=anchor)
            MemberFactory(alliance=alliance, actor=other)
            _connect(anchor, other)
        recompute_edges()

    make(2)
    urls = (f"{URL}?limit=3", f"{URL}?limit=3&actor=anker&sector=stiftungen")
    small = {url: _queries(client, url) for url in urls}
    make(12)
    for url, count in small.items():
        assert _queries(client, url) == count, url
    first = client.get(f"{URL}?limit=3").json()
    assert _queries(client, _path(first["next"])) == small[f"{URL}?limit=3"]
    # The version, the page's rows (with both profiles), their edges, the public alliances
    # and the published practices among the sources.
    assert small[f"{URL}?limit=3"] == 5


def test_updated_since_tells_changes_with_tombstones_when_a_connection_stops_being_public(
    client, settings
):
    settings.API_SYNC_HORIZON_SECONDS = 0
    a, b, c, d, e, f, g, h = (OrganisationFactory() for _ in range(8))
    loses_profile = _connect(a, b)
    renamed = _connect(c, d)
    removed = _connect(e, f)
    proposal = _connect(f, a, status=Connection.Status.PROPOSED)
    untouched = _connect(g, h, Connection.Kind.KNOWS)
    _tick()
    since = timezone.now()
    _tick()
    Actor.objects.filter(pk=b.pk).update(is_hidden=True)  # no save(): the log still knows
    _tick()
    c.name = "Erst die eine Seite"
    c.save()
    _tick()
    gone = removed.pk
    removed.delete()
    _tick()
    d.name = "Dann die andere"
    d.save()
    _tick()
    Connection.objects.filter(pk=proposal.pk).update(status=Connection.Status.CONFIRMED)

    url = f"{URL}?updated_since={since.isoformat()}"
    data = client.get(url).json()
    # A profile's change counts for its connections; each connection once, at its latest.
    assert [r["id"] for r in data["results"]] == [loses_profile.pk, gone, renamed.pk, proposal.pk]
    assert untouched.pk not in {r["id"] for r in data["results"]}
    hidden, deleted, changed, confirmed = data["results"]
    for tombstone in (hidden, deleted):
        assert set(tombstone) == {"id", "deleted", "changed_at"}
    assert {a["name"] for a in changed["actors"]} == {"Erst die eine Seite", "Dann die andere"}
    assert set(confirmed) == RECORD_FIELDS
    assert client.get(f"{URL}/{loses_profile.pk}").status_code == 404
    records, pages = _all_pages(client, url + "&limit=1")
    assert [r["id"] for r in records] == [r["id"] for r in data["results"]]
    assert pages == 4
    later = client.get(f"{URL}?updated_since={data['until']}").json()
    assert later["results"] == []
    filtered = client.get(f"{URL}?updated_since={since.isoformat()}&kind=knows").json()
    # Within a filter, what left it is a tombstone as well; the rest is not there.
    assert [r["id"] for r in filtered["results"]] == [
        loses_profile.pk,
        gone,
        renamed.pk,
        proposal.pk,
    ]
    assert all(r.get("deleted") for r in filtered["results"])


def test_sync_pages_keep_their_query_count(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    anchor = OrganisationFactory()

    def make(n):
        for _ in range(n):
            other = OrganisationFactory()
            _share_practice(anchor, other)
            _connect(anchor, other)
        recompute_edges()

    make(3)
    url = f"{URL}?updated_since=2020-01-01&limit=5"
    small = _queries(client, url)
    make(12)
    assert _queries(client, url) == small
    data = client.get(url).json()
    assert _queries(client, _path(data["next"])) == small


def test_openapi_describes_the_filters(client):
    document = client.get("/api/v1/openapi.json").json()
    assert {URL, URL + "/{key}"} <= set(document["paths"])
    parameters = {p["name"] for p in document["paths"][URL]["get"]["parameters"]}
    assert {"actor", "kind", "sector", "state", "limit", "cursor", "updated_since"} <= parameters
