"""Recommendations: citable anchors, linked practices (published only), the overview page."""

import pytest

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications.models import Publication
from quartiersnetz.taxonomy.models import ActionField

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
    # count, page, authors, recommendations with counts, total, facet counts, action fields
    with django_assert_num_queries(7):
        response = client.get("/impulse/handlungsempfehlungen/")
    html = response.content.decode()
    assert f"– {n} Praxisbeispiele" in html
    assert publication.title in html


def test_curators_link_practices_outside_the_admin(client, curator):
    from quartiersnetz.audit.models import AuditEntry

    rec = RecommendationFactory(number=4, title="Leerstand nutzen")
    linked = PracticeFactory(title="Alter Link")
    draft = _draft(title="Entwurf in Arbeit")
    rec.practices.set([linked, draft])
    new = PracticeFactory(title="Neuer Link", slug="neuer-link")
    other = PracticeFactory(title="Per Adresse", slug="per-adresse")
    url = f"/impulse/{rec.publication.slug}/empfehlungen/4/praxis/"
    client.force_login(curator)
    detail = client.get(rec.publication.get_absolute_url()).content.decode()
    editor = f"/kuration/impulse/{rec.publication.slug}/empfehlungen/4/"
    assert f'href="{editor}"' in detail
    html = client.get(url).content.decode()
    assert "Alter Link" in html
    assert "Entwurf in Arbeit (Entwurf)" in html

    response = client.post(url, {"keep": [draft.pk], "add": "gibt-es-nicht\nneuer-link"})
    assert response.status_code == 400
    assert "Diese Praxisbeispiele gibt es nicht: gibt-es-nicht" in response.content.decode()
    assert set(rec.practices.all()) == {linked, draft}

    response = client.post(
        url, {"keep": [draft.pk], "add": "neuer-link\nhttps://example.org/praxis/per-adresse/\n"}
    )
    assert response.status_code == 302
    assert response["Location"] == rec.get_absolute_url()
    assert set(rec.practices.all()) == {draft, new, other}
    entry = AuditEntry.objects.get(action="recommendation.link_practices")
    assert entry.changes == {"added": sorted([new.pk, other.pk]), "removed": [linked.pk]}
