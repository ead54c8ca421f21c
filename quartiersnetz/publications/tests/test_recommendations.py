"""Recommendations: citable anchors, linked practices (published only), the overview page."""

import re

import pytest

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications.models import Publication
from quartiersnetz.taxonomy.models import ActionField, Approach

from .factories import AttachmentFactory, PublicationFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def _draft(**kwargs):
    return PracticeFactory(state=Practice.State.DRAFT, **kwargs)


def test_detail_lists_only_published_practices_per_recommendation(client):
    publication = PublicationFactory(kind=Publication.Kind.RECOMMENDATIONS)
    first = RecommendationFactory(publication=publication, number=1, title="Räume öffnen")
    second = RecommendationFactory(publication=publication, number=2, title="Netzwerke bilden")
    shown = PracticeFactory(title="Ladenlokal am Markt")
    draft = _draft(title="Geheimer Entwurf")
    submitted = PracticeFactory(title="Eingereichte Praxis", state=Practice.State.SUBMITTED)
    returned = PracticeFactory(title="Zurückgegebene Praxis", state=Practice.State.RETURNED)
    first.practices.set([shown, draft, submitted, returned])
    second.practices.set([draft])

    html = client.get(publication.get_absolute_url()).content.decode()
    assert "Ladenlokal am Markt" in html
    assert f'href="{shown.get_absolute_url()}"' in html
    assert "(Herne)" in html
    for hidden in ("Geheimer Entwurf", "Eingereichte Praxis", "Zurückgegebene Praxis"):
        assert hidden not in html
    section_two = html[html.index('id="empfehlung-2"') :]
    assert "Praxisbeispiele, die diese Empfehlung zeigen" not in section_two.split("</li>")[0]


def test_each_recommendation_has_a_stable_anchor_and_a_citation_line(client):
    publication = PublicationFactory(
        kind=Publication.Kind.RECOMMENDATIONS,
        title="Zehn Faktoren",
        author_names="Erika Muster",
        slug="zehn-faktoren",
    )
    RecommendationFactory(publication=publication, number=3, title="Kultur als Motor")
    html = client.get("/impulse/zehn-faktoren/").content.decode()
    assert 'id="empfehlung-3"' in html
    assert (
        "Zitieren: Erika Muster: „Zehn Faktoren“, Empfehlung 3: Kultur als Motor (2024). "
        '<a class="kern-link" href="http://testserver/impulse/zehn-faktoren/#empfehlung-3">'
        "http://testserver/impulse/zehn-faktoren/#empfehlung-3</a>"
    ) in html


def test_the_ten_success_factors_appear_on_the_overview_without_invented_items(client):
    html = client.get("/impulse/handlungsempfehlungen/").content.decode()
    assert "Zehn Erfolgsfaktoren für die Transformation von Zentren" in html
    assert "Die einzelnen Handlungsempfehlungen werden von den Autor:innen ergänzt." in html
    assert "0 Empfehlungen" in html
    # The other seed items are impulses without recommendations.
    assert "BIDS 2.0" not in html


def test_overview_groups_by_publication_and_counts_published_practices(client):
    a = PublicationFactory(title="Impuls A", slug="impuls-a")
    b = PublicationFactory(title="Impuls B", slug="impuls-b", kind=Publication.Kind.INTERVIEW)
    hidden = PublicationFactory(title="Unveröffentlicht", is_published=False)
    r1 = RecommendationFactory(publication=a, number=1, title="Leerstand nutzen")
    r2 = RecommendationFactory(publication=a, number=2, title="Allianzen schmieden")
    r3 = RecommendationFactory(publication=b, number=1, title="Zuhören")
    RecommendationFactory(publication=hidden, number=1, title="Geheime Empfehlung")
    r1.practices.set([PracticeFactory(), PracticeFactory(), _draft()])
    r2.practices.set([_draft()])
    r3.practices.set([PracticeFactory()])

    html = client.get("/impulse/handlungsempfehlungen/").content.decode()
    assert "3 Empfehlungen" in html
    assert "Unveröffentlicht" not in html
    assert "Geheime Empfehlung" not in html
    assert (
        '<a class="kern-link" href="/impulse/impuls-a/#empfehlung-1">Leerstand nutzen</a>' in html
    )
    assert 'Leerstand nutzen</a> <span class="muted">– 2 Praxisbeispiele</span>' in html
    assert 'Allianzen schmieden</a> <span class="muted">– 0 Praxisbeispiele</span>' in html
    assert 'Zuhören</a> <span class="muted">– 1 Praxisbeispiel</span>' in html
    main = html[html.index("<main") :]
    assert (
        main.index("Impuls A") < main.index("Leerstand nutzen") < main.index("Allianzen schmieden")
    )
    assert '<li value="2">' in html


def test_overview_filters_by_action_field(client):
    quarters = ActionField.objects.get(slug="lebendige-quartiere")
    pub = PublicationFactory(title="Quartiersimpuls", action_field=quarters)
    RecommendationFactory(publication=pub, number=1, title="Nachbarschaft stärken")
    html = client.get("/impulse/handlungsempfehlungen/?action_field=lebendige-quartiere")
    html = html.content.decode()
    assert "Nachbarschaft stärken" in html
    assert "Zehn Erfolgsfaktoren" not in html
    assert "1 Empfehlung<" in html
    assert '<strong>Lebendige Quartiere</strong> <span class="facet__count">(1)</span>' in html
    assert 'Innenstadtstrategien <span class="facet__count">(1)</span>' in html


def test_a_recommendation_is_filed_under_its_own_action_field(client):
    """A recommendation with an action field of its own is listed under it, not under its
    publication's; a recommendations paper without recommendations under its own field."""
    centres = ActionField.objects.get(slug="innenstadtstrategien")
    quarters = ActionField.objects.get(slug="lebendige-quartiere")
    pub = PublicationFactory(title="Empfehlungen der Werkstätten", action_field=centres)
    RecommendationFactory(publication=pub, number=1, title="Leerstand öffnen")
    RecommendationFactory(
        publication=pub, number=2, title="Nachbarschaft stärken", action_field=quarters
    )
    html = client.get("/impulse/handlungsempfehlungen/", {"action_field": quarters.slug})
    html = html.content.decode()
    assert ">Nachbarschaft stärken</a>" in html
    assert ">Leerstand öffnen</a>" not in html
    assert "Zehn Erfolgsfaktoren" not in html  # the seed paper: Innenstadtstrategien
    assert "1 Empfehlung<" in html
    # Publications listed per field: ours in both, the seed paper (no recommendations yet)
    # in Innenstadtstrategien.
    assert 'Innenstadtstrategien <span class="facet__count">(2)</span>' in html
    html = client.get("/impulse/handlungsempfehlungen/", {"action_field": centres.slug})
    html = html.content.decode()
    assert ">Leerstand öffnen</a>" in html
    assert ">Nachbarschaft stärken</a>" not in html
    assert "Zehn Erfolgsfaktoren" in html


def _approach_world():
    """Two publications with recommendations of three approaches (and one without)."""
    creative = Approach.objects.get(slug="creative-places")
    micro = Approach.objects.get(slug="mikroquartiere")
    management = Approach.objects.get(slug="transformationsmanagement")
    quarters = ActionField.objects.get(slug="lebendige-quartiere")
    centres = ActionField.objects.get(slug="innenstadtstrategien")
    a = PublicationFactory(title="Impuls Quartier", slug="impuls-quartier", action_field=quarters)
    b = PublicationFactory(title="Impuls Zentrum", slug="impuls-zentrum", action_field=centres)
    RecommendationFactory(publication=a, number=1, title="Orte öffnen", approach=creative)
    RecommendationFactory(publication=a, number=2, title="Klein anfangen", approach=micro)
    RecommendationFactory(publication=a, number=3, title="Netze knüpfen", approach=creative)
    RecommendationFactory(publication=b, number=1, title="Kreative einladen", approach=creative)
    RecommendationFactory(publication=b, number=2, title="Management stärken", approach=management)
    RecommendationFactory(publication=b, number=3, title="Ohne Ansatz")
    hidden = PublicationFactory(title="Entwurf", is_published=False, action_field=quarters)
    RecommendationFactory(publication=hidden, number=1, title="Geheim", approach=creative)


def _headings(html: str) -> list[str]:
    """The publication headings (h3) of the results, in order."""
    results = html[html.index('id="results"') :]
    return re.findall(r'<h3 class="kern-heading-small" id="pub-\d+"><a [^>]*>([^<]+)</a>', results)


def test_overview_filters_by_approach(client):
    _approach_world()
    html = client.get("/impulse/handlungsempfehlungen/?approach=creative-places").content.decode()
    for shown in ("Orte öffnen", "Netze knüpfen", "Kreative einladen"):
        assert f">{shown}</a>" in html
    for hidden in ("Klein anfangen", "Management stärken", "Ohne Ansatz", "Geheim"):
        assert f">{hidden}</a>" not in html
    assert "3 Empfehlungen<" in html
    # Grouped by publication as before: only publications with a matching recommendation.
    assert sorted(_headings(html)) == ["Impuls Quartier", "Impuls Zentrum"]
    assert "Zehn Erfolgsfaktoren" not in html
    # The approach facet counts recommendations of published publications; the chosen one is
    # marked and links back to all approaches.
    assert (
        "<strong>Creative Places als Bausteine kreativer Netzwerke</strong> "
        '<span class="facet__count">(3)</span>'
    ) in html
    assert (
        'Mikroquartiere als Kerne aktivierender Entwicklung <span class="facet__count">(1)</span>'
        in html
    )
    assert '<a class="kern-link" href="?">alle Handlungsansätze</a>' in html
    # The action field facet counts publications under the approach filter.
    assert 'Lebendige Quartiere <span class="facet__count">(1)</span>' in html
    assert 'Innenstadtstrategien <span class="facet__count">(1)</span>' in html


def test_overview_combines_approach_and_action_field(client):
    _approach_world()
    response = client.get(
        "/impulse/handlungsempfehlungen/",
        {"approach": "creative-places", "action_field": "lebendige-quartiere"},
    )
    html = response.content.decode()
    assert _headings(html) == ["Impuls Quartier"]
    assert "2 Empfehlungen<" in html
    assert ">Kreative einladen</a>" not in html
    # Approaches count within the chosen action field; the action fields within the approach.
    assert (
        "<strong>Creative Places als Bausteine kreativer Netzwerke</strong> "
        '<span class="facet__count">(2)</span>'
    ) in html
    assert "Transformationsmanagement" not in html.split('id="facet-approach"')[1].split("</ul>")[0]
    assert '<strong>Lebendige Quartiere</strong> <span class="facet__count">(1)</span>' in html
    assert 'href="?approach=creative-places">alle Handlungsfelder</a>' in html


def test_overview_without_approach_counts_every_approach_and_marks_all(client):
    _approach_world()
    html = client.get("/impulse/handlungsempfehlungen/").content.decode()
    approaches = html.split('id="facet-approach"')[1].split("</ul>")[0]
    assert (
        '<a class="kern-link" aria-current="true" href="?"><strong>alle Handlungsansätze'
        in approaches
    )
    assert (
        'Creative Places als Bausteine kreativer Netzwerke <span class="facet__count">(3)</span>'
        in approaches
    )
    assert '(Zentren- und Communitymanagement) <span class="facet__count">(1)</span>' in approaches
    assert "Kreativimport" not in approaches  # no recommendation has it
    assert "6 Empfehlungen<" in html


@pytest.mark.parametrize("value", ["gibt-es-nicht", "%00", "../x", "a" * 500])
def test_overview_ignores_an_unknown_approach(client, value):
    _approach_world()
    response = client.get("/impulse/handlungsempfehlungen/", {"approach": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "6 Empfehlungen<" in html
    assert ">Ohne Ansatz</a>" in html
    if value == "gibt-es-nicht":
        assert "Einen Handlungsansatz „gibt-es-nicht“ gibt es nicht" in html
        assert "Alle Filter zurücksetzen" not in html


def _publication_with_practices(n: int) -> Publication:
    publication = PublicationFactory(kind=Publication.Kind.RECOMMENDATIONS)
    recommendations = [
        RecommendationFactory(publication=publication, number=i + 1) for i in range(3)
    ]
    org = OrganisationFactory()
    practices = PracticeFactory.create_batch(n, organisation=org) + [
        _draft(organisation=org) for _ in range(3)
    ]
    for rec in recommendations:
        rec.practices.set(practices)
    AttachmentFactory(publication=publication)
    return publication


@pytest.mark.parametrize("n", [10, 200])
def test_detail_query_count_is_constant(client, n, django_assert_num_queries):
    publication = _publication_with_practices(n)
    # publication + action field, authors, recommendations, their published practices,
    # attachments, the events the recommendations came from (section of the events app), the
    # projects they are tried in (section of the projects app)
    with django_assert_num_queries(7):
        response = client.get(publication.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("Stadtteilladen Nummer") == 3 * n


@pytest.mark.parametrize("n", [10, 200])
def test_overview_query_count_is_constant(client, n, django_assert_num_queries):
    publication = _publication_with_practices(n)
    for _ in range(5):
        other = PublicationFactory()
        RecommendationFactory(publication=other, number=1).practices.set(Practice.objects.all()[:n])
    # approaches, action fields, count, page, authors, recommendations with counts, the action
    # fields' counts (publications by their recommendations, papers without one), the
    # approaches' counts, total
    with django_assert_num_queries(10):
        response = client.get("/impulse/handlungsempfehlungen/")
    html = response.content.decode()
    assert f"– {n} Praxisbeispiele" in html
    assert publication.title in html


@pytest.mark.parametrize("n", [10, 200])
def test_filtered_overview_query_count_is_constant(client, n, django_assert_num_queries):
    approach = Approach.objects.get(slug="mikroquartiere")
    quarters = ActionField.objects.get(slug="lebendige-quartiere")
    publication = _publication_with_practices(n)
    publication.recommendations.update(approach=approach)
    Publication.objects.filter(pk=publication.pk).update(action_field=quarters)
    for i in range(5):
        other = PublicationFactory(action_field=quarters)
        rec = RecommendationFactory(publication=other, number=1, approach=approach)
        rec.practices.set(Practice.objects.all()[:n])
        RecommendationFactory(publication=other, number=2, title=f"Anderer Ansatz {i}")
    with django_assert_num_queries(9):
        response = client.get(
            "/impulse/handlungsempfehlungen/",
            {"approach": "mikroquartiere", "action_field": "lebendige-quartiere"},
        )
    html = response.content.decode()
    assert f"– Mikroquartiere als Kerne aktivierender Entwicklung · {n} Praxisbeispiele" in html
    assert "Anderer Ansatz" not in html


def test_curators_link_practices_outside_the_admin(client, curator):
    """The editor's picker links practices (drafts too); the old paste-a-slug page is gone."""
    from quartiersnetz.audit.models import AuditEntry

    rec = RecommendationFactory(number=4, title="Leerstand nutzen")
    linked = PracticeFactory(title="Alter Link")
    draft = _draft(title="Entwurf in Arbeit")
    rec.practices.set([linked, draft])
    new = PracticeFactory(title="Neuer Link", slug="neuer-link")
    client.force_login(curator)
    detail = client.get(rec.publication.get_absolute_url()).content.decode()
    editor = f"/kuration/impulse/{rec.publication.slug}/empfehlungen/4/"
    assert f'href="{editor}"' in detail
    assert client.get(f"/impulse/{rec.publication.slug}/empfehlungen/4/praxis/").status_code == 404
    html = client.get(editor).content.decode()
    url = f"{editor}praxis/"
    assert f'action="{url}"' in html
    assert "Alter Link" in html
    assert 'Entwurf in Arbeit <span class="muted">(Herne, Entwurf)</span>' in html

    response = client.post(url, {"keep": [draft.pk], "pick": [new.pk]})
    assert response.status_code == 302
    assert response["Location"] == f"{editor}#picker-praxis"
    assert set(rec.practices.all()) == {draft, new}
    entry = AuditEntry.objects.get(action="recommendation.link_practices")
    assert entry.changes == {"added": [new.pk], "removed": [linked.pk]}
