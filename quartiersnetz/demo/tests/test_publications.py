"""The sample Handlungsempfehlungen and Impulsbeitrag of `demo_data` (demo/publications.py)."""

from __future__ import annotations

import pytest

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.demo import publications as demo
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.tests.factories import PublicProjectFactory
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.publications.seed import SEED_PUBLICATIONS

pytestmark = pytest.mark.django_db


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".")


def test_sample_recommendations_have_practices_an_event_and_a_project(curator):
    for i in range(6):
        PracticeFactory(title=f"Beispielpraxis {i}", is_sample=True)
        EventFactory(title=f"Beispielwerkstatt {i}", is_sample=True)
        PublicProjectFactory(title=f"Beispielvorhaben {i}", is_sample=True)
    demo_user = MembershipFactory().user
    seed = {
        slug: tuple(Publication.objects.filter(slug=slug).values_list("title", "summary"))
        for slug, *_ in SEED_PUBLICATIONS
    }
    assert demo.load(curator=curator, demo_user=demo_user) == {"created": 2, "skipped": 0}
    assert demo.link_examples(curator=curator) == 2 * len(demo.RECOMMENDATIONS)
    recommendations = Recommendation.objects.filter(publication__slug=demo.PAPER_SLUG)
    assert recommendations.count() == len(demo.RECOMMENDATIONS)
    for rec in recommendations:
        assert rec.reasoning
        assert rec.approach is not None
        assert rec.action_field == rec.approach.action_field
        assert rec.practices.count() == 2
        assert rec.events.count() == 1
        assert rec.projects.count() == 1
    impulse = Publication.objects.get(title=demo.IMPULSE_TITLE)
    assert impulse.submitted_by == demo_user
    assert not impulse.is_published
    # No summary repeats its title; the seed's real records are untouched.
    for publication in Publication.objects.all():
        assert _normal(publication.summary) != _normal(publication.title)
    assert seed == {
        slug: tuple(Publication.objects.filter(slug=slug).values_list("title", "summary"))
        for slug, *_ in SEED_PUBLICATIONS
    }
    assert not Recommendation.objects.exclude(publication__slug=demo.PAPER_SLUG).exists()
    # Idempotent.
    assert demo.load(curator=curator, demo_user=demo_user) == {"created": 0, "skipped": 2}
    assert demo.link_examples(curator=curator) == 0


def test_tolerates_missing_samples(curator):
    assert demo.load(curator=curator, demo_user=UserFactory()) == {"created": 1, "skipped": 0}
    assert demo.link_examples(curator=curator) == 0
