"""`news_practices`: only published practices, their targets in a constant number of queries."""

from __future__ import annotations

import pytest

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.practices.selectors import news_practices
from quartiersnetz.practices.tests.factories import (
    DraftPracticeFactory,
    PracticeActorFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db


def test_only_published_practices_with_public_involved_actors(django_assert_num_queries):
    shown, draft = PracticeFactory(), DraftPracticeFactory()
    visible, hidden = OrganisationFactory(), OrganisationFactory(is_hidden=True)
    for practice in (shown, PracticeFactory()):
        PracticeActorFactory(practice=practice, actor=visible)
        PracticeActorFactory(practice=practice, actor=hidden)
    with django_assert_num_queries(4):  # practices, action fields, approaches, actors
        found = list(news_practices([shown.pk, draft.pk]))
        actors = [[a.pk for a in p.involved_actors.all()] for p in found]
        states = [p.municipality.state for p in found]
    assert [p.pk for p in found] == [shown.pk]
    assert actors == [[visible.pk]]
    assert states == [shown.municipality.state]
