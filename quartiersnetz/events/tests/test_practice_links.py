"""Which events presented a practice (the practice page's section)."""

from __future__ import annotations

import pytest

from quartiersnetz.events.practice_links import events_presenting
from quartiersnetz.events.tests.factories import AgendaItemFactory, EventFactory, berlin
from quartiersnetz.practices.tests.factories import (
    PracticeFactory,
)

pytestmark = pytest.mark.django_db


def test_events_presenting_only_public_newest_first():
    practice = PracticeFactory()
    old = EventFactory(start=berlin(2025, 1, 1, 10, 0), end=berlin(2025, 1, 1, 12, 0))
    new = EventFactory(start=berlin(2026, 1, 1, 10, 0), end=berlin(2026, 1, 1, 12, 0))
    cancelled = EventFactory(
        start=berlin(2025, 6, 1, 10, 0), end=berlin(2025, 6, 1, 12, 0), state="cancelled"
    )
    draft = EventFactory(state="draft")
    for event in (old, new, cancelled, draft):
        event.presented_practices.add(practice)
    # In the programme and among the presented practices: listed once.
    AgendaItemFactory(event=new, practice=practice)
    AgendaItemFactory(event=new, practice=practice)
    assert list(events_presenting(practice)) == [new, cancelled, old]
    assert list(events_presenting(PracticeFactory())) == []
