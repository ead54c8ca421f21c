import pytest

from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory


@pytest.mark.django_db
def test_curator_dashboard_counts_practices_waiting_for_review(client, curator):
    PracticeFactory.create_batch(2, state=Practice.State.SUBMITTED)
    PracticeFactory(state=Practice.State.DRAFT)
    PracticeFactory()
    client.force_login(curator)
    response = client.get("/kuration/")
    assert response.status_code == 200
    assert "2 Praxisbeispiele warten auf die Prüfung" in response.content.decode()


@pytest.mark.django_db
def test_curator_dashboard_is_for_curators_only(client, user):
    client.force_login(user)
    assert client.get("/kuration/").status_code == 403
