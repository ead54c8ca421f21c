import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.publications.models import Publication
from quartiersnetz.taxonomy.models import ActionField

from .factories import PublicationFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

SEED_SLUG = "bids-2-0-innenstadtstrategie"


def test_list_shows_published_seed_items_in_german(client):
    response = client.get("/impulse/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "5 Veröffentlichungen" in html
    assert "In den „BIDS 2.0“ ziehen alle" in html
    assert 'Impulsbeitrag <span class="facet__count">(3)</span>' in html
    assert 'Interview <span class="facet__count">(1)</span>' in html
    assert 'Handlungsempfehlungen <span class="facet__count">(1)</span>' in html
    assert 'Innenstadtstrategien <span class="facet__count">(5)</span>' in html
    assert 'href="/impulse/"' in html  # nav link


def test_list_filters_by_kind_and_action_field_with_counts(client):
    quarters = ActionField.objects.get(slug="lebendige-quartiere")
    PublicationFactory(title="Quartiersimpuls", action_field=quarters)
    PublicationFactory(
        title="Quartiersinterview", action_field=quarters, kind=Publication.Kind.INTERVIEW
    )

    html = client.get("/impulse/?kind=interview").content.decode()
    assert "2 Veröffentlichungen" in html
    assert "Quartiersinterview" in html
    assert "Quartiersimpuls" not in html
    # The kind facet counts under the other filters only; the field facet under the kind.
    assert 'Impulsbeitrag <span class="facet__count">(4)</span>' in html
    assert 'Lebendige Quartiere <span class="facet__count">(1)</span>' in html
    assert 'Innenstadtstrategien <span class="facet__count">(1)</span>' in html

    html = client.get("/impulse/?kind=interview&action_field=lebendige-quartiere").content.decode()
    assert "1 Veröffentlichung<" in html
    assert "Quartiersinterview" in html
    assert "/impulse/lebendige-quartiere/feed.atom" in html

    html = client.get("/impulse/?kind=unbekannt").content.decode()
    assert "7 Veröffentlichungen" in html


def test_list_paginates(client):
    PublicationFactory.create_batch(20)
    first = client.get("/impulse/").content.decode()
    assert "Seite 1 von 2" in first
    second = client.get("/impulse/?seite=2").content.decode()
    assert "Seite 2 von 2" in second


@pytest.mark.parametrize("n", [5, 50])
def test_list_query_count_is_constant(client, n, django_assert_num_queries):
    authors = OrganisationFactory.create_batch(3)
    for _ in range(n):
        PublicationFactory(
            authors=authors, action_field=ActionField.objects.get(slug="innenstadtstrategien")
        )
    # count, page, authors prefetch, two facet counts, action fields for the facet, session-less
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/impulse/").status_code == 200
    baseline = len(ctx.captured_queries)
    with django_assert_num_queries(baseline):
        client.get("/impulse/?kind=impulse")
    assert baseline == 6


def test_detail_shows_authors_field_kind_licence_and_summary_note(client):
    response = client.get(f"/impulse/{SEED_SLUG}/")
    assert response.status_code == 200
    html = response.content.decode()
    zia = Actor.objects.get(slug="zia")
    assert f'href="{zia.get_absolute_url()}"' in html
    assert "Impulsbeitrag" in html
    assert "Innenstadtstrategien" in html
    assert "2021" in html
    assert "Bisher sind nur Titel und Autor:innen bekannt – der Text folgt" in html
    assert 'id="h-summary"' not in html  # no summary that only restates the title
    assert "CC BY 4.0</a>, Namensnennung: ZIA Zentraler Immobilien Ausschuss e.V." in html


def test_detail_of_the_ten_success_factors_says_the_authors_add_them(client):
    html = client.get("/impulse/zehn-erfolgsfaktoren-transformation-von-zentren/").content.decode()
    assert "Die einzelnen Handlungsempfehlungen werden von den Autor:innen ergänzt." in html
    assert "Deutscher Verband" in html
    assert "STADT ALS CAMPUS" in html


def test_detail_renders_markdown_and_citable_recommendations(client):
    publication = PublicationFactory(
        kind=Publication.Kind.RECOMMENDATIONS,
        body="## Einleitung\n\n<script>alert(1)</script> *wichtig*",
        author_names="Erika Muster",
    )
    RecommendationFactory(publication=publication, number=2, title="Räume öffnen")
    RecommendationFactory(publication=publication, number=1, title="Akteure vernetzen")
    html = client.get(publication.get_absolute_url()).content.decode()
    assert "<h3>Einleitung</h3>" in html  # below the section heading "Text" (h2)
    assert "<em>wichtig</em>" in html
    assert "<script>alert" not in html
    assert html.index('id="empfehlung-1"') < html.index('id="empfehlung-2"')
    assert 'href="#empfehlung-2"' in html
    assert "1. Akteure vernetzen" in html
    assert "Namensnennung: Erika Muster" in html
    rec = publication.recommendations.get(number=2)
    assert rec.get_absolute_url() == f"{publication.get_absolute_url()}#empfehlung-2"


def test_unpublished_is_hidden_from_public_list_and_detail(client, user):
    draft = PublicationFactory(title="Geheimer Entwurf", is_published=False)
    assert "Geheimer Entwurf" not in client.get("/impulse/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Geheimer Entwurf" not in client.get("/impulse/").content.decode()


def test_curators_see_unpublished_detail(client, curator):
    draft = PublicationFactory(title="Geheimer Entwurf", is_published=False)
    client.force_login(curator)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "nur für die Kuration sichtbar" in response.content.decode()


def test_unknown_slug_is_404(client):
    assert client.get("/impulse/gibt-es-nicht/").status_code == 404


def test_english_ui(client):
    html = client.get("/en/impulse/").content.decode()
    assert '<html lang="en">' in html
    assert 'href="/en/impulse/' in html
    assert "5 publications" in html
    assert "Recommendations for action" in html


def test_curators_manage_publications_in_the_admin(client, curator):
    curator.is_staff = True  # the admin needs staff status; the group grants the permissions
    curator.save()
    client.force_login(curator)
    assert client.get("/verwaltung/publications/publication/").status_code == 200
    publication = Publication.objects.get(slug=SEED_SLUG)
    response = client.get(f"/verwaltung/publications/publication/{publication.pk}/change/")
    assert response.status_code == 200
    assert client.get("/verwaltung/publications/publication/add/").status_code == 200
