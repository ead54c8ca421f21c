"""Cancellation tokens: signed, salted, expiring at the event's end, single use."""

from __future__ import annotations

import datetime as dt
import time
from contextlib import contextmanager

import pytest
from django.core import signing
from django.utils import timezone

from quartiersnetz.events import registration_services as services
from quartiersnetz.events.tokens import SALT, TokenProblem, check_cancel_token, make_cancel_token

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@contextmanager
def travel(monkeypatch, moment: dt.datetime):
    """Move the clocks that signing (time.time) and the checks (timezone.now) read."""
    offset = moment.timestamp() - time.time()
    real_time, real_now = time.time, timezone.now
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: real_time() + offset)
        patch.setattr(timezone, "now", lambda: real_now() + dt.timedelta(seconds=offset))
        yield


def test_valid_token_points_to_the_registration():
    registration = RegistrationFactory()
    found, problem = check_cancel_token(make_cancel_token(registration))
    assert problem is None
    assert found == registration


def test_tampered_token_is_invalid():
    registration = RegistrationFactory()
    token = make_cancel_token(registration)
    other = RegistrationFactory(event=registration.event)
    forged = signing.dumps([other.pk, registration.token_nonce], salt="another-salt")
    for bad in [token[:-2] + "xx", token.replace(":", "", 1), "", "abc", forged]:
        assert check_cancel_token(bad) == (None, TokenProblem.INVALID)


def test_token_of_deleted_registration_is_invalid():
    registration = RegistrationFactory()
    token = make_cancel_token(registration)
    registration.delete()
    assert check_cancel_token(token) == (None, TokenProblem.INVALID)


def test_token_is_single_use():
    registration = RegistrationFactory()
    token = make_cancel_token(registration)
    services.registration_cancel(registration=registration)
    found, problem = check_cancel_token(token)
    assert problem == TokenProblem.USED
    assert found == registration


def test_token_expires_at_the_event_end(monkeypatch):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    token = make_cancel_token(registration)
    with travel(monkeypatch, event.end - dt.timedelta(minutes=1)):
        assert check_cancel_token(token)[1] is None
    with travel(monkeypatch, event.end + dt.timedelta(seconds=1)):
        assert check_cancel_token(token)[1] == TokenProblem.EXPIRED


def test_salt_is_specific():
    registration = RegistrationFactory()
    token = make_cancel_token(registration)
    with pytest.raises(signing.BadSignature):
        signing.loads(token)
    assert signing.loads(token, salt=SALT)[0] == registration.pk
    assert timezone.now() < registration.event.end
