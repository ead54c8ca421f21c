"""`/api/v1/projects` and `/api/v1/learnings`: records, strict parameters, cursor pages, ETags,
constant queries, synchronisation with tombstones, and nothing that is not public."""

from __future__ import annotations

import pytest
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.tests.factories import DraftPracticeFactory, PracticeFactory
from quartiersnetz.projects.models import Learning, Project, ProjectPartner
from quartiersnetz.projects.tests.factories import (
    LearningFactory,
    LogEntryFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    PublicProjectFactory,
)
from quartiersnetz.publications.tests.factories import PublicationFactory, RecommendationFactory
from quartiersnetz.taxonomy.models import ActionField, Approach, SpatialField

from .helpers import PROBLEM
from .helpers import all_pages as _all_pages
from .helpers import count_queries as _queries
from .helpers import path_of as _path
from .helpers import tick as _tick

pytestmark = pytest.mark.django_db


def _leipzig():
    return Municipality.objects.get(ags="14713000")


def test_project_record_has_codes_with_both_labels_and_links(client):
    field = ActionField.objects.get(slug="lebendige-quartiere")
    approach = Approach.objects.filter(action_field=field).order_by("pk").first()
    lead = OrganisationFactory(slug="traeger", name="Trägerverein")
    project = PublicProjectFactory(
        slug="kaufhaus", action_field=field, partner=lead, is_sample=True
    )
    project.approaches.add(approach)
    ProjectPartnerFactory(
        project=project,
        actor=OrganisationFactory(slug="stadt", name="Stadt Herne"),
        role=ProjectPartner.Role.MUNICIPALITY,
        consented_at=timezone.now(),
    )
    shown = PracticeFactory(slug="laden", title="A Laden")
    LearningFactory(project=project, practices=[shown, DraftPracticeFactory(slug="entwurf")])
    LearningFactory(project=project, practices=[shown])  # named twice, listed once
    LearningFactory(
        project=project, is_published=False, practices=[PracticeFactory(slug="unveroeffentlicht")]
    )
    response = client.get("/api/v1/projects")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    (record,) = response.json()["results"]
    assert record["id"] == project.pk
    assert record["slug"] == "kaufhaus"
    assert record["url"] == "http://testserver/vorhaben/kaufhaus/"
    assert record["phase"] == {
        "code": "development",
        "name_de": "Projektentwicklung",
        "name_en": "Project development",
    }
    assert record["method"] == {
        "code": "design_thinking",
        "name_de": "Design Thinking",
        "name_en": "Design Thinking",
    }
    assert record["current_step"] == {
        "code": "beobachten",
        "name_de": "Beobachten",
        "name_en": "Observe",
    }
    assert record["spatial_field"]["code"] == "quarters"
    assert record["action_field"] == {
        "code": field.slug,
        "name_de": field.name,
        "name_en": field.name_en or field.name,
    }
    assert [a["code"] for a in record["approaches"]] == [approach.slug]
    assert record["municipality"]["ags"] == "05916000"
    assert record["municipality"]["state"]["name_de"] == "Nordrhein-Westfalen"
    assert record["location"]["precision"] == "municipality"
    # Leads first, then by role (as the page lists them).
    assert record["partners"] == [
        {
            "id": lead.pk,
            "slug": "traeger",
            "name": "Trägerverein",
            "url": "http://testserver/mitwirkende/traeger/",
            "role": {"code": "sponsor", "name_de": "Träger", "name_en": "Responsible body"},
            "is_lead": True,
        },
        {
            "id": record["partners"][1]["id"],
            "slug": "stadt",
            "name": "Stadt Herne",
            "url": "http://testserver/mitwirkende/stadt/",
            "role": {"code": "municipality", "name_de": "Kommune", "name_en": "Local authority"},
            "is_lead": False,
        },
    ]
    # Practices named by the published learnings, while they are published.
    assert record["practices"] == [
        {
            "id": shown.pk,
            "slug": "laden",
            "name": "A Laden",
            "url": "http://testserver/praxis/laden/",
        }
    ]
    assert record["is_sample"] is True
    assert "T" in record["public_since"]
    assert "description" not in record
    # The detail repeats the list's record and adds what the page shows.
    detail = client.get("/api/v1/projects/kaufhaus").json()
    assert {k: detail[k] for k in record} == record


def test_project_detail_shows_what_the_page_shows(client):
    project = PublicProjectFactory(slug="labor", challenge="Leerstand.", current_step="beobachten")
    workshop = EventFactory(slug="werkstatt", title="Praxiswerkstatt Herne")
    draft_event = EventFactory(slug="geplant", state=Event.State.DRAFT)
    first = LogEntryFactory(
        project=project, date=timezone.localdate(), title="Auftakt", step="verstehen"
    )
    first.event = workshop
    first.save()
    second = LogEntryFactory(project=project, date=timezone.localdate(), event=draft_event)
    published = LearningFactory(project=project, log_entry=first, title="Ein Ansprechpartner")
    LearningFactory(project=project, log_entry=first, is_published=False, title="Intern")
    tried = RecommendationFactory(
        publication=PublicationFactory(slug="empfehlungen"), number=3, title="Räume öffnen"
    )
    hidden = RecommendationFactory(publication=PublicationFactory(is_published=False))
    project.recommendations.add(tried, hidden)
    detail = client.get(f"/api/v1/projects/{project.pk}").json()
    assert detail["description"].startswith("## Ziel")
    assert detail["challenge"] == "Leerstand."
    assert [(s["code"], s["current"], s["done"]) for s in detail["steps"]] == [
        ("verstehen", False, True),
        ("beobachten", True, False),
        ("sichtweise", False, False),
        ("ideen", False, False),
        ("prototyp", False, False),
        ("testen", False, False),
    ]
    assert detail["steps"][0]["name_en"] == "Understand"
    assert detail["steps"][0]["description"] == "Die Aufgabe und den Ort kennenlernen."
    entry, other = detail["log"]
    assert entry["id"] == first.pk
    assert entry["title"] == "Auftakt"
    assert entry["step"]["code"] == "verstehen"
    assert entry["step"]["name_de"] == "Verstehen"
    assert entry["event"] == {
        "id": workshop.pk,
        "slug": "werkstatt",
        "name": "Praxiswerkstatt Herne",
        "url": "http://testserver/werkstaetten/werkstatt/",
    }
    learning_url = f"http://testserver/vorhaben/labor/#erkenntnis-{published.pk}"
    # Only published learnings, in the entry and in the list.
    assert entry["learnings"] == [
        {"id": published.pk, "title": "Ein Ansprechpartner", "url": learning_url}
    ]
    assert other["id"] == second.pk
    assert other["event"] is None  # a draft Werkstatt is not named
    assert detail["learnings"] == entry["learnings"]
    assert detail["recommendations"] == [
        {
            "id": tried.pk,
            "number": 3,
            "title": "Räume öffnen",
            "url": "http://testserver/impulse/empfehlungen/#empfehlung-3",
            "publication": {
                "id": tried.publication_id,
                "slug": "empfehlungen",
                "name": tried.publication.title,
                "url": "http://testserver/impulse/empfehlungen/",
            },
        }
    ]
    body = client.get("/api/v1/projects/labor").content.decode()
    assert "Intern" not in body
    assert "geplant" not in body


def test_only_public_projects_and_only_public_consenting_partners_appear(client):
    hidden = OrganisationFactory(slug="verborgen", is_hidden=True)
    shown = PublicProjectFactory(slug="sichtbar")
    ProjectPartnerFactory(project=shown, actor=hidden, consented_at=timezone.now())
    ProjectPartnerFactory(project=shown, actor=OrganisationFactory(slug="ohne-zustimmung"))
    PublicProjectFactory(slug="verborgene-leitung", partner=hidden)
    waiting = ProjectFactory(slug="wartet")
    ProjectPartnerFactory(project=waiting, consented_at=None)
    records, _ = _all_pages(client, "/api/v1/projects")
    assert {r["slug"] for r in records} == {"sichtbar", "verborgene-leitung"}
    by_slug = {r["slug"]: r for r in records}
    assert [p["slug"] for p in by_slug["sichtbar"]["partners"]] == [
        shown.partner_roles.get(is_lead=True).actor.slug
    ]
    assert by_slug["verborgene-leitung"]["partners"] == []
    for record in records:
        detail = client.get(f"/api/v1/projects/{record['slug']}").json()
        assert detail["partners"] == record["partners"]
    body = client.get("/api/v1/projects?limit=500").content.decode()
    assert "/mitwirkende/verborgen/" not in body
    assert "ohne-zustimmung" not in body
    for key in ("wartet", waiting.pk):
        missing = client.get(f"/api/v1/projects/{key}")
        assert missing.status_code == 404
        assert missing["Content-Type"] == PROBLEM
        assert missing.json()["status"] == 404
    assert client.get("/api/v1/projects?q=wartet").json()["results"] == []


def test_cursor_pages_visit_every_project_once_in_id_order(client):
    made = [PublicProjectFactory() for _ in range(5)]
    ProjectFactory()  # awaiting consent: never listed
    records, pages = _all_pages(client, "/api/v1/projects?limit=2")
    assert [r["id"] for r in records] == sorted(p.pk for p in made)
    assert pages == 3


def test_filters_match_the_list_page_and_cursors_keep_their_filters(client):
    field = ActionField.objects.get(slug="lebendige-quartiere")
    centres = SpatialField.objects.get(slug="centres")
    trial = [PublicProjectFactory(phase=Project.Phase.TRIAL, action_field=field) for _ in range(3)]
    lab = PublicProjectFactory(
        method="living_lab",
        current_step="exploration",
        spatial_field=centres,
        municipality=_leipzig(),
        title="Reallabor Marktplatz",
    )
    PublicProjectFactory(phase=Project.Phase.TRIAL, state=Project.State.AWAITING_CONSENT)

    def ids(query):
        records, _ = _all_pages(client, f"/api/v1/projects?{query}")
        return {r["id"] for r in records}

    everything = {p.pk for p in [*trial, lab]}
    assert ids("phase=trial&limit=2") == {p.pk for p in trial}
    assert ids(f"action_field={field.slug}") == {p.pk for p in trial}
    assert ids("method=living_lab") == {lab.pk}
    assert ids("spatial_field=centres") == {lab.pk}
    assert ids("state=14") == {lab.pk}
    assert ids("state=05") == everything - {lab.pk}
    assert ids("municipality=14713000") == {lab.pk}
    assert ids("q=Reallabor") == {lab.pk}
    assert ids("phase=consolidation") == set()
    first = client.get("/api/v1/projects?phase=trial&limit=2").json()
    cursor = first["next"].split("cursor=")[1]
    response = client.get(f"/api/v1/projects?limit=2&cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "cursor"


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("foo=1", ["foo"]),
        ("ordering=title", ["ordering"]),
        ("phase=idee", ["phase"]),
        ("method=scrum", ["method"]),
        ("spatial_field=gibt-es-nicht", ["spatial_field"]),
        ("action_field=Keine Slug!", ["action_field"]),
        ("state=99", ["state"]),
        ("municipality=123", ["municipality"]),
        ("q=", ["q"]),
        ("limit=0", ["limit"]),
        ("limit=501", ["limit"]),
        ("cursor=erfunden", ["cursor"]),
        ("updated_since=gestern", ["updated_since"]),
        ("phase=trial&phase=development", ["phase"]),
        ("foo=1&limit=-3", ["foo", "limit"]),
    ],
)
def test_bad_project_parameters_are_problem_details(client, query, names):
    response = client.get(f"/api/v1/projects?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response["Access-Control-Allow-Origin"] == "*"
    problem = response.json()
    assert problem["status"] == 400
    assert sorted({p["name"] for p in problem["invalid-params"]}) == sorted(names)
    assert all(p["reason"] for p in problem["invalid-params"])


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("phase=trial", ["phase"]),  # the learnings' only filter is the project
        ("project=Kein Slug", ["project"]),
        ("project=gibt-es-nicht", ["project"]),
        ("project=wartet", ["project"]),  # not public: as unknown as a missing one
        ("project=", ["project"]),
        ("limit=zehn", ["limit"]),
        ("cursor=erfunden&foo=1", ["cursor", "foo"]),
    ],
)
def test_bad_learning_parameters_are_problem_details(client, query, names):
    ProjectFactory(slug="wartet")
    response = client.get(f"/api/v1/learnings?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert sorted({p["name"] for p in problem["invalid-params"]}) == sorted(names)
    assert all(p["reason"] for p in problem["invalid-params"])


def test_details_refuse_parameters(client):
    project = PublicProjectFactory()
    learning = LearningFactory(project=project)
    assert client.get(f"/api/v1/projects/{project.pk}?limit=3").status_code == 400
    assert client.get(f"/api/v1/learnings/{learning.pk}?project=x").status_code == 400
    assert client.get(f"/api/v1/projects/{project.slug}").json()["id"] == project.pk


def test_learnings_are_the_published_ones_of_public_projects(client):
    project = PublicProjectFactory(slug="offen")
    other = PublicProjectFactory(slug="anderes")
    entry = LogEntryFactory(project=project, title="Werkstatttag")
    practice = PracticeFactory(slug="laden")
    shown = LearningFactory(
        project=project,
        log_entry=entry,
        title="Verlässlich",
        practices=[practice, DraftPracticeFactory(slug="entwurf")],
    )
    elsewhere = LearningFactory(project=other)
    draft = LearningFactory(project=project, is_published=False)
    waiting = LearningFactory(project=ProjectFactory(slug="wartet"))
    records, _ = _all_pages(client, "/api/v1/learnings")
    assert [r["id"] for r in records] == [shown.pk, elsewhere.pk]
    record = records[0]
    assert record == {
        "id": shown.pk,
        "url": f"http://testserver/vorhaben/offen/#erkenntnis-{shown.pk}",
        "title": "Verlässlich",
        "body": shown.body,
        "project": {
            "id": project.pk,
            "slug": "offen",
            "name": project.title,
            "url": "http://testserver/vorhaben/offen/",
        },
        "municipality": record["municipality"],
        "log_entry": {"id": entry.pk, "date": entry.date.isoformat(), "title": "Werkstatttag"},
        "practices": [
            {
                "id": practice.pk,
                "slug": "laden",
                "name": practice.title,
                "url": "http://testserver/praxis/laden/",
            }
        ],
        "published_at": record["published_at"],
        "updated": record["updated"],
    }
    assert record["municipality"]["ags"] == "05916000"
    assert "T" in record["published_at"]
    only = client.get("/api/v1/learnings?project=anderes").json()["results"]
    assert [r["id"] for r in only] == [elsewhere.pk]
    assert client.get(f"/api/v1/learnings/{shown.pk}").json() == record
    for key in (draft.pk, waiting.pk, "verlaesslich", "0"):
        missing = client.get(f"/api/v1/learnings/{key}")
        assert missing.status_code == 404, key
        assert missing["Content-Type"] == PROBLEM


def test_etag_revalidates_until_the_data_changes(client):
    project = PublicProjectFactory()
    learning = LearningFactory(project=project)
    for url in (
        "/api/v1/projects",
        f"/api/v1/projects/{project.slug}",
        "/api/v1/learnings",
        f"/api/v1/learnings/{learning.pk}",
    ):
        response = client.get(url)
        etag = response["ETag"]
        assert response.has_header("Last-Modified")
        assert "public" in response["Cache-Control"]
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert unchanged.status_code == 304, url
        assert unchanged["Access-Control-Allow-Origin"] == "*"
    etag = client.get("/api/v1/projects")["ETag"]
    detail_etag = client.get(f"/api/v1/projects/{project.slug}")["ETag"]
    # A new partner is a change of the project's record.
    ProjectPartnerFactory(project=project, consented_at=timezone.now())
    response = client.get("/api/v1/projects", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert len(response.json()["results"][0]["partners"]) == 2
    assert (
        client.get(f"/api/v1/projects/{project.slug}", HTTP_IF_NONE_MATCH=detail_etag).status_code
        == 200
    )
    learnings_etag = client.get("/api/v1/learnings")["ETag"]
    Learning.objects.filter(pk=learning.pk).update(title="Neu", updated=timezone.now())
    response = client.get("/api/v1/learnings", HTTP_IF_NONE_MATCH=learnings_etag)
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "Neu"


def test_query_counts_do_not_grow_with_the_data(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    field = ActionField.objects.get(slug="lebendige-quartiere")

    def make(n):
        for _ in range(n):
            project = PublicProjectFactory(phase=Project.Phase.TRIAL, action_field=field)
            project.approaches.add(Approach.objects.filter(action_field=field).first())
            ProjectPartnerFactory(project=project, consented_at=timezone.now())
            ProjectPartnerFactory(
                project=project,
                actor=OrganisationFactory(is_hidden=True),
                consented_at=timezone.now(),
            )
            entry = LogEntryFactory(project=project, event=EventFactory())
            LearningFactory(project=project, log_entry=entry, practices=[PracticeFactory()])
            project.recommendations.add(RecommendationFactory())

    make(2)
    slug = Project.objects.order_by("pk").first().slug
    urls = (
        "/api/v1/projects?limit=3",
        "/api/v1/projects?limit=3&phase=trial&action_field=lebendige-quartiere",
        "/api/v1/projects?limit=3&updated_since=2020-01-01",
        f"/api/v1/projects/{slug}",
        "/api/v1/learnings?limit=3",
        f"/api/v1/learnings?limit=3&project={slug}",
        "/api/v1/learnings?limit=3&updated_since=2020-01-01",
    )
    small = {url: _queries(client, url) for url in urls}
    make(10)
    for url, count in small.items():
        assert _queries(client, url) == count, url
    for url in (urls[0], urls[2], urls[4], urls[6]):
        following = client.get(url).json()["next"]
        assert following, url
        assert _queries(client, _path(following)) == small[url], url


def test_updated_since_tells_changes_with_tombstones(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    edited, withdrawn, deleted, joined = (
        PublicProjectFactory(slug="bearbeitet"),
        PublicProjectFactory(slug="zurueckgezogen"),
        PublicProjectFactory(slug="geloescht"),
        PublicProjectFactory(slug="neuer-partner"),
    )
    ProjectFactory(slug="wartet-schon-immer")
    _tick()
    since = timezone.now()
    _tick()
    edited.title = "Neuer Titel"
    edited.save()
    _tick()
    # A partner joins without consent: the project is no longer public (as the services do it).
    ProjectPartnerFactory(project=withdrawn)
    Project.objects.filter(pk=withdrawn.pk).update(state=Project.State.AWAITING_CONSENT)
    _tick()
    gone = deleted.pk
    ProjectPartner.objects.filter(project=deleted).delete()
    deleted.delete()
    _tick()
    # A change of a child row alone (a consenting partner) counts for the project.
    ProjectPartnerFactory(project=joined, consented_at=timezone.now())
    url = f"/api/v1/projects?updated_since={since.isoformat()}"
    data = client.get(url).json()
    assert [r["id"] for r in data["results"]] == [edited.pk, withdrawn.pk, gone, joined.pk]
    first, tombstone, removed, partnered = data["results"]
    assert first["title"] == "Neuer Titel"
    for stone in (tombstone, removed):
        assert stone["deleted"] is True
        assert set(stone) == {"id", "deleted", "changed_at"}
    assert len(partnered["partners"]) == 2
    records, pages = _all_pages(client, url + "&limit=3")
    assert [r["id"] for r in records] == [edited.pk, withdrawn.pk, gone, joined.pk]
    assert pages == 2
    assert client.get(f"/api/v1/projects?updated_since={data['until']}").json()["results"] == []


def test_learnings_leave_with_their_project_or_their_publication(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    project = PublicProjectFactory(slug="offen")
    unpublished = LearningFactory(project=project)
    kept = LearningFactory(project=PublicProjectFactory(slug="drittes"))
    other = PublicProjectFactory(slug="bald-privat")
    with_project = LearningFactory(project=other)
    _tick()
    since = timezone.now()
    _tick()
    Learning.objects.filter(pk=unpublished.pk).update(is_published=False, published_at=None)
    _tick()
    # The project stops being public: its learnings leave the list with it.
    Project.objects.filter(pk=other.pk).update(state=Project.State.AWAITING_CONSENT)
    _tick()
    kept.title = "Geschärft"
    kept.save()
    data = client.get(f"/api/v1/learnings?updated_since={since.isoformat()}").json()
    assert [r["id"] for r in data["results"]] == [unpublished.pk, with_project.pk, kept.pk]
    assert data["results"][0] == {
        "id": unpublished.pk,
        "deleted": True,
        "changed_at": data["results"][0]["changed_at"],
    }
    assert data["results"][1]["deleted"] is True
    assert data["results"][2]["title"] == "Geschärft"
    # The project's own synchronisation tells the same.
    projects = client.get(f"/api/v1/projects?updated_since={since.isoformat()}").json()
    changed = {r["id"]: r for r in projects["results"]}
    assert changed[other.pk]["deleted"] is True
    assert changed[project.pk]["slug"] == "offen"  # its learnings changed
    # A change of the project counts for each of its learnings: they come once, at its time.
    _tick()
    Project.objects.filter(pk=project.pk).update(title="Umbenannt")
    data = client.get(f"/api/v1/learnings?updated_since={since.isoformat()}").json()
    assert [r["id"] for r in data["results"]] == [with_project.pk, kept.pk, unpublished.pk]
    assert data["results"][2]["deleted"] is True


def test_openapi_describes_projects_and_learnings(client):
    document = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/projects",
        "/api/v1/projects/{key}",
        "/api/v1/learnings",
        "/api/v1/learnings/{key}",
    ):
        assert path in document["paths"], path
    parameters = {p["name"] for p in document["paths"]["/api/v1/projects"]["get"]["parameters"]}
    assert {"q", "phase", "method", "spatial_field", "action_field", "state"} <= parameters
    assert {"limit", "cursor", "updated_since"} <= parameters
    learning_parameters = {
        p["name"] for p in document["paths"]["/api/v1/learnings"]["get"]["parameters"]
    }
    assert learning_parameters == {"project", "limit", "cursor", "updated_since"}
