from __future__ import annotations

import pytest

from quartiersnetz.actors.models import Actor
from quartiersnetz.api.tests.test_channels import (
    SECRETS,
    world,  # noqa: F401 - a fixture
)
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory, SeriesFactory
from quartiersnetz.network.models import Connection
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.models import Project
from quartiersnetz.projects.tests.factories import LearningFactory
from quartiersnetz.publications.models import Publication
from quartiersnetz.publications.tests.factories import PublicationFactory, RecommendationFactory
from quartiersnetz.taxonomy.models import ActionField, Approach


@pytest.fixture(autouse=True)
def _dump_dir(settings, tmp_path):
    settings.OPENDATA_DUMP_DIR = tmp_path / "opendata"


@pytest.fixture
def data(world):  # noqa: F811 - the fixture imported above
    """The channels test's world (public records beside hidden, unpublished, private and
    personal ones) and a practice with several action fields and approaches."""
    fields = list(ActionField.objects.order_by("slug")[:2])
    approaches = list(Approach.objects.order_by("slug")[:2])
    practice = PracticeFactory(
        title="Mehrfach; mit „Anführung“, Komma | Strich",
        slug="mehrfach",
        action_fields=fields,
        approaches=approaches,
        latitude=51.5,
        longitude=7.2,
    )
    public = Actor.objects.get(slug="offener-verein")
    hidden = Actor.objects.get(slug="geheim-verein")
    RecommendationFactory(publication=Publication.objects.get(slug="offener-impuls"))
    RecommendationFactory(
        publication=PublicationFactory(title="GEHEIM Papier", is_published=False),
        title="GEHEIM Empfehlung",
    )
    other = Actor.objects.get(slug="person-offen")
    confirmed = Connection.Status.CONFIRMED
    Connection.objects.create(
        from_actor=public, to_actor=other, kind=Connection.Kind.KNOWS, status=confirmed
    )
    Connection.objects.create(
        from_actor=public, to_actor=hidden, kind=Connection.Kind.KNOWS, status=confirmed
    )
    series = SeriesFactory(title="Offene Reihe")
    EventFactory(series=series, slug="reihen-termin")
    EventFactory(series=series, title="GEHEIM Reihentermin", state=Event.State.DRAFT)
    project = Project.objects.get(slug="offenes-vorhaben")
    LearningFactory(
        project=project, practices=[practice, Practice.objects.get(slug="geheim-entwurf")]
    )
    LearningFactory(project=project, title="GEHEIM Erkenntnis", is_published=False)
    LearningFactory(project=Project.objects.get(slug="geheim-vorhaben"), title="GEHEIM privat")
    return {**world, "multi": practice}


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret
