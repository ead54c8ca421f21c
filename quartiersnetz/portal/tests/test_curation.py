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


@pytest.mark.django_db
def test_curator_dashboard_links_event_planning_with_counts(client, curator):
    import datetime as dt

    from django.utils import timezone

    from quartiersnetz.events.tests.factories import EventFactory

    EventFactory.create_batch(2, state="draft")
    past = timezone.now() - dt.timedelta(days=10)
    EventFactory(start=past, end=past + dt.timedelta(hours=3))
    from quartiersnetz.events.models import Event

    # The initiative's own 2021 events (seed data) are not documented yet either.
    undocumented = Event.objects.filter(
        state="published", documented_at=None, end__lt=timezone.now()
    )
    client.force_login(curator)
    html = client.get("/kuration/").content.decode()
    assert 'href="/werkstaetten/planung/"' in html
    assert "2 Entwürfe" in html
    assert f"{undocumented.count()} noch nicht dokumentiert" in html
    assert "Vorschl" not in html
    # A member's proposal is a draft too, and counted as such.
    from quartiersnetz.actors.tests.factories import OrganisationFactory

    EventFactory(state="draft", proposed_by=OrganisationFactory())
    html = client.get("/kuration/").content.decode()
    assert "3 Entwürfe, davon ein Vorschlag von Mitwirkenden;" in html


@pytest.mark.django_db
def test_curator_dashboard_shows_failed_and_waiting_background_tasks(client, curator, settings):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from quartiersnetz.network.tasks import recompute_network

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    failed = recompute_network.enqueue()
    recompute_network.enqueue()  # still waiting
    DBTaskResult.objects.filter(pk=failed.id).update(
        status=TaskResultStatus.FAILED, exception_class_path="django.db.utils.OperationalError"
    )
    client.force_login(curator)
    page = client.get("/kuration/").content.decode()
    assert "Eine Aufgabe wartet auf den Worker" in page
    assert "Fehlgeschlagene Hintergrundaufgaben" in page
    assert "recompute_network" in page
    assert "django.db.utils.OperationalError" in page
