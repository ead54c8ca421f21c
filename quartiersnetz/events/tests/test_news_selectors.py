"""The events' news selectors: public events only; registrations of active accounts only."""

from __future__ import annotations

import pytest

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.events.models import Event, Registration
from quartiersnetz.events.selectors import news_events, news_registrations
from quartiersnetz.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_news_events_are_public_ones():
    shown, draft = EventFactory(), EventFactory(state=Event.State.DRAFT)
    assert [e.pk for e in news_events([shown.pk, draft.pk])] == [shown.pk]


def test_news_registrations_are_confirmed_with_an_active_account_of_a_public_event():
    event = EventFactory()
    confirmed = RegistrationFactory(event=event, user=UserFactory())
    waiting = RegistrationFactory(
        event=event, user=UserFactory(), status=Registration.Status.WAITLISTED
    )
    anonymous = RegistrationFactory(event=event)
    inactive = RegistrationFactory(event=event, user=UserFactory(is_active=False))
    of_draft = RegistrationFactory(event=EventFactory(state=Event.State.DRAFT), user=UserFactory())
    ids = [r.pk for r in (confirmed, waiting, anonymous, inactive, of_draft)]
    assert [r.pk for r in news_registrations(ids)] == [confirmed.pk]
