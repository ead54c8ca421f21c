"""The curators' pages under /kuration/impulse/ and the submitter's revision: permission matrix
(anonymous, member, other member, curator), services, the no-JS practice picker and constant
query counts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.core.testing import count_queries
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications import services
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.taxonomy.models import Approach

from .factories import PublicationFactory, RecommendationFactory

ROLES = ["anonymous", "member", "other_member", "curator"]


@dataclass
class World:
    paper: Publication
    submission: Publication
    recommendation: Recommendation
    practice: Practice
    users: dict[str, Any]


@pytest.fixture
def world(db) -> World:
    membership = MembershipFactory()
    other = MembershipFactory()
    curator = UserFactory()
    curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
    paper = PublicationFactory(slug="papier", kind=Publication.Kind.RECOMMENDATIONS)
    submission = PublicationFactory(
        slug="einreichung",
        is_published=False,
        submitted_by=membership.user,
        submitted_for=membership.organisation,
        submitted_at="2026-01-05T10:00:00Z",
    )
    return World(
        paper=paper,
        submission=submission,
        recommendation=RecommendationFactory(publication=paper, number=1),
        practice=PracticeFactory(title="Stadtteilladen Herne", slug="stadtteilladen-herne"),
        users={
            "anonymous": None,
            "member": membership.user,
            "other_member": other.user,
            "curator": curator,
        },
    )


def snapshot() -> tuple:
    return (
        tuple(
            Publication.objects.order_by("pk").values_list(
                "pk", "title", "summary", "is_published", "returned_at", "submitted_at"
            )
        ),
        tuple(Recommendation.objects.order_by("pk").values_list("pk", "number", "title")),
        tuple(Recommendation.practices.through.objects.values_list("pk")),
        AuditEntry.objects.count(),
    )


@dataclass
class Case:
    name: str
    method: str
    url: str
    data: Callable[[World], dict[str, Any]]
    allowed: set[str]
    writes: bool = False


def _no_data(w: World) -> dict[str, Any]:
    return {}


BASE = "/kuration/impulse/"
CASES = [
    Case("list", "get", BASE, _no_data, {"curator"}),
    Case("create GET", "get", f"{BASE}neu/", _no_data, {"curator"}),
    Case("create POST", "post", f"{BASE}neu/",
         lambda w: {"kind": "impulse", "title": "Neu", "summary": "Worum es geht."},
         {"curator"}, writes=True),
    Case("recommendations overview", "get",
         f"{BASE}handlungsempfehlungen/?approach=creative-places", _no_data, {"curator"}),
    Case("edit GET", "get", f"{BASE}einreichung/", _no_data, {"curator"}),
    Case("edit POST", "post", f"{BASE}einreichung/",
         lambda w: {"kind": "impulse", "title": "Geändert", "summary": "Neu gefasst."},
         {"curator"}, writes=True),
    Case("publish", "post", f"{BASE}einreichung/pruefung/", lambda w: {"action": "publish"},
         {"curator"}, writes=True),
    Case("return", "post", f"{BASE}einreichung/pruefung/",
         lambda w: {"action": "return", "note": "Bitte Quellen ergänzen."}, {"curator"},
         writes=True),
    Case("recommendation create GET", "get", f"{BASE}papier/empfehlungen/neu/", _no_data,
         {"curator"}),
    Case("recommendation create POST", "post", f"{BASE}papier/empfehlungen/neu/",
         lambda w: {"number": 2, "title": "Räume öffnen"}, {"curator"}, writes=True),
    Case("recommendation edit GET", "get", f"{BASE}papier/empfehlungen/1/?praxis=Stadtteil",
         _no_data, {"curator"}),
    Case("recommendation edit POST", "post", f"{BASE}papier/empfehlungen/1/",
         lambda w: {"number": 1, "title": "Anders"}, {"curator"}, writes=True),
    Case("recommendation delete", "post", f"{BASE}papier/empfehlungen/1/loeschen/", _no_data,
         {"curator"}, writes=True),
    Case("practice picker POST", "post", f"{BASE}papier/empfehlungen/1/praxis/",
         lambda w: {"pick": [w.practice.pk]}, {"curator"}, writes=True),
    Case("revise GET", "get", "/impulse/einreichung/ueberarbeiten/", _no_data, {"member"}),
    Case("revise POST", "post", "/impulse/einreichung/ueberarbeiten/",
         lambda w: {"title": "Überarbeitet", "summary": "Jetzt mit Quellen."}, {"member"},
         writes=True),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_permission_matrix(client, world, case, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    before = snapshot()
    response = getattr(client, case.method)(case.url, case.data(world))
    if role in case.allowed:
        assert response.status_code in (200, 302), response.content.decode()[:2000]
        if case.writes:
            assert snapshot() != before
        return
    assert snapshot() == before
    if role == "anonymous":
        assert response.status_code == 302
        assert "/konto/login/" in response["Location"]
    else:
        assert response.status_code in (403, 404), response.status_code


def test_a_curator_writes_a_recommendation_with_reasoning_field_and_approach(client, world):
    approach = Approach.objects.select_related("action_field").order_by("pk").first()
    client.force_login(world.users["curator"])
    response = client.post(
        f"{BASE}papier/empfehlungen/neu/",
        {
            "number": 2,
            "title": "Leerstand auf Zeit öffnen",
            "text": "Zwischennutzungen mit Fristen.",
            "reasoning": "Die Beispiele zeigen es.",
            "approach": approach.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}papier/empfehlungen/2/"
    rec = Recommendation.objects.get(publication=world.paper, number=2)
    assert rec.reasoning == "Die Beispiele zeigen es."
    assert rec.approach == approach
    assert rec.action_field == approach.action_field  # taken from the approach
    entry = AuditEntry.objects.filter(action="recommendation.create").latest("pk")
    assert entry.user == world.users["curator"]
    html = client.get(world.paper.get_absolute_url()).content.decode()
    assert "Die Beispiele zeigen es." in html
    assert approach.label in html


def test_approach_of_another_action_field_is_refused(client, world):
    approach = Approach.objects.select_related("action_field").order_by("pk").first()
    other_field = type(approach.action_field).objects.exclude(pk=approach.action_field_id).first()
    client.force_login(world.users["curator"])
    response = client.post(
        f"{BASE}papier/empfehlungen/neu/",
        {"number": 2, "title": "X", "approach": approach.pk, "action_field": other_field.pk},
    )
    assert response.status_code == 400
    assert "gehört zu einem anderen Handlungsfeld" in response.content.decode()


def test_no_js_picker_search_then_pick_then_unlink(client, world):
    """Type, submit (GET), tick a result, save (POST); then untick and save."""
    PracticeFactory(title="Ganz anderes Beispiel")
    client.force_login(world.users["curator"])
    editor = f"{BASE}papier/empfehlungen/1/"
    html = client.get(editor).content.decode()
    assert 'name="praxis"' in html
    assert "Stadtteilladen Herne" not in html
    html = client.get(editor, {"praxis": "stadtteil"}).content.decode()
    assert f'name="pick" value="{world.practice.pk}"' in html
    assert "Ganz anderes Beispiel" not in html
    assert 'src="/static/js/picker.js"' in html
    response = client.post(f"{BASE}papier/empfehlungen/1/praxis/", {"pick": [world.practice.pk]})
    assert response["Location"] == f"{editor}#picker-praxis"
    assert list(world.recommendation.practices.all()) == [world.practice]
    html = client.get(editor).content.decode()
    assert f'name="keep" value="{world.practice.pk}"' in html
    # The search no longer offers what is linked.
    html = client.get(editor, {"praxis": "stadtteil"}).content.decode()
    assert f'name="pick" value="{world.practice.pk}"' not in html
    client.post(f"{BASE}papier/empfehlungen/1/praxis/")
    assert not world.recommendation.practices.exists()
    actions = list(
        AuditEntry.objects.filter(action="recommendation.link_practices")
        .order_by("pk")
        .values_list("changes", flat=True)
    )
    assert actions == [
        {"added": [world.practice.pk], "removed": []},
        {"added": [], "removed": [world.practice.pk]},
    ]


def test_submission_is_returned_revised_and_published(client, world):
    member, curator = world.users["member"], world.users["curator"]
    client.force_login(curator)
    html = client.get(BASE).content.decode()
    assert world.submission.title in html
    dashboard = client.get("/kuration/").content.decode()
    assert "Ein eingereichter Beitrag wartet auf die Prüfung" in dashboard
    client.post(f"{BASE}einreichung/pruefung/", {"action": "return", "note": "Quellen fehlen."})
    world.submission.refresh_from_db()
    assert world.submission.returned_at is not None
    assert not world.submission.is_published
    client.force_login(member)
    page = client.get("/impulse/einreichung/").content.decode()
    assert "Quellen fehlen." in page
    assert "/impulse/einreichung/ueberarbeiten/" in page
    own = client.get("/konto/mein-bereich/").content.decode()
    assert "zurückgegeben mit Hinweis der Kuration" in own
    client.post(
        "/impulse/einreichung/ueberarbeiten/", {"title": "Mit Quellen", "summary": "Jetzt belegt."}
    )
    world.submission.refresh_from_db()
    assert world.submission.returned_at is None
    assert world.submission.title == "Mit Quellen"
    client.force_login(curator)
    client.post(f"{BASE}einreichung/pruefung/", {"action": "publish"})
    world.submission.refresh_from_db()
    assert world.submission.is_published
    actions = list(
        AuditEntry.objects.filter(object_id=str(world.submission.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["publication.return", "publication.resubmit", "publication.publish"]
    client.force_login(member)
    own = client.get("/konto/mein-bereich/").content.decode()
    assert "Mit Quellen" in own
    assert "veröffentlicht" in own
    # Published: no more revising.
    assert client.get("/impulse/einreichung/ueberarbeiten/").status_code == 403


def test_return_needs_a_note_and_a_submission(world):
    curator = world.users["curator"]
    with pytest.raises(ValidationError):
        services.publication_return(user=curator, publication=world.submission, note="  ")
    draft = PublicationFactory(is_published=False)
    with pytest.raises(ValidationError):
        services.publication_return(user=curator, publication=draft, note="Fehlt")


def test_summary_must_not_repeat_the_title(client, world):
    client.force_login(world.users["curator"])
    response = client.post(
        f"{BASE}neu/",
        {"kind": "impulse", "title": "Aktive Transformation", "summary": "Aktive Transformation."},
    )
    assert response.status_code == 400
    assert "wiederholt nur den Titel" in response.content.decode()


@pytest.mark.parametrize("n", [3, 30])
def test_curation_pages_query_counts_are_constant(client, world, n):
    micro = Approach.objects.get(slug="mikroquartiere")
    for i in range(n):
        PublicationFactory(is_published=False)
        RecommendationFactory(
            publication=world.paper, number=i + 2, approach=micro if i % 2 else None
        ).practices.add(PracticeFactory(title=f"Stadtteil {i}"))
    client.force_login(world.users["curator"])
    # session, the user (with the curator flag and the header's unread count,
    # accounts/backends.py), then the page's own reads
    assert count_queries(client, BASE) == 7
    assert count_queries(client, f"{BASE}papier/") == 7
    # + linked and found practices, linked Werkstätten, linked Vorhaben (their pickers)
    assert count_queries(client, f"{BASE}papier/empfehlungen/1/?praxis=Stadtteil") == 9
    # + action fields, approaches, count, page, the two facets' counts
    overview = f"{BASE}handlungsempfehlungen/"
    assert count_queries(client, overview) == 8
    assert count_queries(client, f"{overview}?approach=mikroquartiere&action_field=x-y") == 8


def _by_approach(world: World) -> dict[str, Recommendation]:
    creative = Approach.objects.get(slug="creative-places")
    micro = Approach.objects.get(slug="mikroquartiere")
    quarters, centres = (
        creative.action_field,
        Approach.objects.get(slug="transformationsmanagement").action_field,
    )
    draft = PublicationFactory(title="Entwurfspapier", slug="entwurfspapier", is_published=False)
    recs = {
        "open": RecommendationFactory(
            publication=world.paper, number=2, title="Orte öffnen", approach=creative,
            action_field=quarters,
        ),
        "small": RecommendationFactory(
            publication=world.paper, number=3, title="Klein anfangen", approach=micro,
            action_field=quarters,
        ),
        "draft": RecommendationFactory(
            publication=draft, number=1, title="Noch geheim", approach=creative,
            action_field=quarters,
        ),
        "centre": RecommendationFactory(
            publication=draft, number=2, title="Zentrum beleben", action_field=centres
        ),
    }  # fmt: skip
    recs["open"].practices.add(world.practice)
    return recs


def _group_headings(html: str) -> list[str]:
    return re.findall(r'<h3 class="kern-heading-small" id="group-\d+">([^<]+)</h3>', html)


def test_recommendation_overview_groups_by_action_field_and_approach(client, world):
    recs = _by_approach(world)
    client.force_login(world.users["curator"])
    html = client.get(f"{BASE}handlungsempfehlungen/").content.decode()
    assert _group_headings(html) == [
        "Innenstadtstrategien › ohne Handlungsansatz",
        "Lebendige Quartiere › Creative Places als Bausteine kreativer Netzwerke",
        "Lebendige Quartiere › Mikroquartiere als Kerne aktivierender Entwicklung",
        "Ohne Handlungsfeld › ohne Handlungsansatz",
    ]
    assert "5 Empfehlungen<" in html
    # Drafts' recommendations are there, marked, and each title leads to its editor.
    assert (
        f'href="{BASE}entwurfspapier/empfehlungen/1/">Empfehlung 1: Noch geheim</a> '
        '<span class="muted">– Entwurfspapier (nicht veröffentlicht) · 0 Praxisbeispiele</span>'
    ) in html
    assert f'href="{BASE}papier/empfehlungen/2/">Empfehlung 2: Orte öffnen</a>' in html
    assert "· 1 Praxisbeispiel</span>" in html
    creative = html.split('id="group-2"')[1].split("</section>")[0]
    assert "Orte öffnen" in creative
    assert "Noch geheim" in creative
    assert "Klein anfangen" not in creative
    assert recs["centre"].title in html.split('id="group-1"')[1].split("</section>")[0]
    # The facets count recommendations; "alle" is current without a filter.
    approaches = html.split('id="facet-approach"')[1].split("</ul>")[0]
    assert 'aria-current="true" href="?"><strong>alle Handlungsansätze' in approaches
    assert 'Creative Places als Bausteine kreativer Netzwerke <span class="facet__count">(2)' in (
        approaches
    )
    assert 'Innenstadtstrategien <span class="facet__count">(1)</span>' in html
    assert 'Lebendige Quartiere <span class="facet__count">(3)</span>' in html


def test_recommendation_overview_filters_by_approach_and_action_field(client, world):
    _by_approach(world)
    client.force_login(world.users["curator"])
    url = f"{BASE}handlungsempfehlungen/"
    html = client.get(url, {"approach": "creative-places"}).content.decode()
    assert _group_headings(html) == [
        "Lebendige Quartiere › Creative Places als Bausteine kreativer Netzwerke"
    ]
    assert "2 Empfehlungen<" in html
    assert "Klein anfangen" not in html
    assert "Zentrum beleben" not in html
    assert '<a class="kern-link" href="?">alle Handlungsansätze</a>' in html
    assert 'Lebendige Quartiere <span class="facet__count">(2)</span>' in html
    assert "Innenstadtstrategien <span" not in html  # no creative-places recommendation there
    html = client.get(url, {"action_field": "innenstadtstrategien"}).content.decode()
    assert _group_headings(html) == ["Innenstadtstrategien › ohne Handlungsansatz"]
    html = client.get(
        url, {"action_field": "innenstadtstrategien", "approach": "creative-places"}
    ).content.decode()
    assert _group_headings(html) == []
    assert "Keine Empfehlungen passen zu diesen Filtern." in html


@pytest.mark.parametrize(
    "query", [{"approach": "gibt-es-nicht"}, {"action_field": "nix", "approach": "%00"}]
)
def test_recommendation_overview_ignores_unknown_values(client, world, query):
    _by_approach(world)
    client.force_login(world.users["curator"])
    response = client.get(f"{BASE}handlungsempfehlungen/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "5 Empfehlungen<" in html
    assert "Unbekannter Filterwert, nicht angewendet" in html
    assert "Alle Filter zurücksetzen" not in html


def test_recommendation_overview_speaks_english(client, world):
    _by_approach(world)
    client.force_login(world.users["curator"])
    html = client.get("/en/kuration/impulse/handlungsempfehlungen/").content.decode()
    assert "Recommendations by action field and approach" in html
    assert "all approaches" in html
    assert "No action field › no approach" in html


def test_curation_list_links_to_the_recommendation_overview(client, world):
    client.force_login(world.users["curator"])
    html = client.get(BASE).content.decode()
    assert f'href="{BASE}handlungsempfehlungen/"' in html


def test_the_editor_speaks_english(client, world):
    client.force_login(world.users["curator"])
    html = client.get("/en/kuration/impulse/papier/empfehlungen/1/", {"praxis": "Stadtteil"})
    text = html.content.decode()
    assert "Save recommendation" in text
    assert "Search results" in text
    assert "One result for “Stadtteil”" in text
    assert "Workshops where it was developed" in text
    assert "Projects where it is being tried" in text
