"""The section publications contribute to a practice's page: the recommendations citing it."""

from __future__ import annotations

import pytest

from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.publications.selectors import practice_recommendations
from quartiersnetz.publications.services import recommendation_link_practices

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


@pytest.fixture
def practice():
    return PracticeFactory(title="Bürgerbahnhof Plagwitz")


def test_recommendations_citing_the_practice(client, practice):
    publication = Publication.objects.create(
        kind="recommendations",
        title="Empfehlungen Lebendige Quartiere",
        slug="empfehlungen-lq",
        published_on="2026-01-01",
        is_published=True,
    )
    cited = Recommendation.objects.create(publication=publication, number=3, title="Orte öffnen")
    cited.practices.add(practice)
    hidden = Publication.objects.create(
        kind="recommendations", title="Entwurf", slug="entwurf", published_on="2026-01-01"
    )
    Recommendation.objects.create(publication=hidden, number=1, title="Noch geheim").practices.add(
        practice
    )
    html = get(client, practice.get_absolute_url())
    assert "3. Orte öffnen" in html
    assert f'href="{cited.get_absolute_url()}"' in html
    assert "Noch geheim" not in html
    assert "Handlungsempfehlungen, die sich auf dieses Beispiel beziehen" in html
    assert practice_recommendations(practice) == [cited]


def test_practice_without_recommendations_has_no_section(client, practice):
    html = get(client, practice.get_absolute_url())
    assert 'id="h-recommendations"' not in html


def test_cached_page_follows_linked_recommendations(client, practice, curator):
    url = practice.get_absolute_url()
    get(client, url)  # the body fragment is cached now
    publication = Publication.objects.create(
        kind="recommendations",
        title="Empfehlungen",
        slug="empfehlungen",
        published_on="2026-01-01",
        is_published=True,
    )
    recommendation = Recommendation.objects.create(
        publication=publication, number=7, title="Räume teilen"
    )
    assert "Räume teilen" not in get(client, url)
    recommendation_link_practices(user=curator, recommendation=recommendation, practices=[practice])
    assert "7. Räume teilen" in get(client, url)
