"""Services of the lower apps announce their changes (core.changes), so that the network
recomputes after them — without importing the network. A recorder subscribes to each topic."""

from __future__ import annotations

import pytest

from quartiersnetz.actors import services as actor_services
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.core import changes
from quartiersnetz.events import services as event_services
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.practices import services as practice_services
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

TOPICS = ("actors", "practices", "projects", "events")


@pytest.fixture
def announced():
    seen: list[str] = []
    for topic in TOPICS:
        changes.subscribe(topic, "test.recorder", lambda t=topic: seen.append(t))
    yield seen
    for topic in TOPICS:
        changes.unsubscribe(topic, "test.recorder")


def test_hiding_an_actor_announces_after_commit(
    announced, curator, django_capture_on_commit_callbacks
):
    actor = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        actor_services.actor_set_hidden(actor=actor, user=curator, hidden=True)
    assert announced == ["actors"]


def test_publishing_a_practice_announces(announced, curator, django_capture_on_commit_callbacks):
    practice = PracticeFactory(state=Practice.State.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        practice_services.practice_publish(practice=practice, curator=curator)
    assert "practices" in announced


def test_publishing_an_event_announces(announced, curator, django_capture_on_commit_callbacks):
    event = EventFactory(state=Event.State.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.event_publish(event=event, user=curator)
    assert "events" in announced


def test_a_failed_service_announces_nothing(announced, curator, django_capture_on_commit_callbacks):
    practice = PracticeFactory()  # already published: cannot be published again
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017, PT011
        practice_services.practice_publish(practice=practice, curator=curator)
    assert announced == []
