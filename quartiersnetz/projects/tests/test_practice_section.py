"""The section projects contribute to a practice's page: "Erkenntnisse aus Vorhaben"."""

from __future__ import annotations

import pytest

from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.services import learning_publish
from quartiersnetz.projects.tests.factories import LearningFactory

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


@pytest.fixture
def practice():
    return PracticeFactory(title="Bürgerbahnhof Plagwitz")


def test_project_learnings(client, practice):
    url = practice.get_absolute_url()
    assert "Erkenntnisse aus Vorhaben" not in get(client, url)
    learning = LearningFactory(title="Bahnhöfe brauchen Betreiber", practices=[practice])
    LearningFactory(title="Noch nicht veröffentlicht", is_published=False, practices=[practice])
    html = get(client, url)
    assert "Erkenntnisse aus Vorhaben" in html
    assert f"#erkenntnis-{learning.pk}" in html
    assert "Bahnhöfe brauchen Betreiber" in html
    assert "Noch nicht veröffentlicht" not in html


def test_cached_practice_page_shows_a_learning_once_it_is_published(client, practice, curator):
    url = practice.get_absolute_url()
    learning = LearningFactory(
        title="Bahnhöfe brauchen Betreiber", is_published=False, practices=[practice]
    )
    assert "Bahnhöfe brauchen Betreiber" not in get(client, url)  # cached now
    learning_publish(learning=learning, user=curator)
    assert "Bahnhöfe brauchen Betreiber" in get(client, url)
