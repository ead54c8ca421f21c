"""Demo categories: every demo profile gets categories and sensible partner suggestions."""

import pytest

from quartiersnetz.actors.models import Actor
from quartiersnetz.demo import actors as actor_demo
from quartiersnetz.demo import matching as matching_demo
from quartiersnetz.network import matching
from quartiersnetz.network.models import Suggestion

pytestmark = pytest.mark.django_db


def test_every_demo_profile_gets_categories_and_suggestions(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    actor_demo.load()
    assert matching_demo.load()["actors"] > 0
    matching.recompute_suggestions()
    sample = Actor.objects.visible().filter(is_sample=True)
    assert sample.filter(offer_categories__isnull=True).count() == 0
    complementary = 0
    for actor in sample:
        rows = list(Suggestion.objects.filter(target_kind="actor", target_id=actor.pk))
        assert len(rows) >= 3, actor.name
        complementary += any(
            r["code"] in {"offers_what_you_seek", "seeks_what_you_offer"} for r in rows[0].reasons
        )
    assert complementary >= 0.8 * sample.count()
    # Idempotent.
    assert matching_demo.load()["actors"] == sample.count()
