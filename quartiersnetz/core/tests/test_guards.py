"""The view guards: who is asking (`request_user`, `signed_in_user`, `signed_in`) and whether
they may (`require_perm`)."""

from __future__ import annotations

import itertools

import pytest
import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from quartiersnetz.core.guards import request_user, require_perm, signed_in, signed_in_user

_numbers = itertools.count(1)


def _member():
    """A signed-up account (core knows the user model only through Django)."""
    return get_user_model().objects.create_user(
        email=f"mitglied-{next(_numbers)}@example.org", password="Quartier-Probe-2026"
    )


def _request(user):
    request = RequestFactory().get("/")
    # As AuthenticationMiddleware sets it: a lazy object, not the user itself.
    request.user = SimpleLazyObject(lambda: user)
    return request


def test_request_user_is_the_account_of_a_signed_in_request(db):
    user = _member()
    assert request_user(_request(user)) == user


def test_request_user_is_none_for_an_anonymous_visitor():
    assert request_user(_request(AnonymousUser())) is None


def test_signed_in_user_is_the_account(db):
    user = _member()
    assert signed_in_user(_request(user)) == user


def test_signed_in_user_refuses_an_anonymous_visitor():
    """Only for views behind login_required: an anonymous request here is a programming error."""
    with pytest.raises(AssertionError):
        signed_in_user(_request(AnonymousUser()))


def test_signed_in_takes_a_user_object(db):
    user = _member()
    assert signed_in(user) is user
    assert signed_in(AnonymousUser()) is None
    assert signed_in(None) is None
    assert signed_in("someone@example.org") is None


@pytest.fixture
def owner_perm():
    """A permission on an object: only the user it names as `owner` has it."""
    rules.add_perm("guards_test.change_thing", rules.predicate(lambda user, obj: obj.owner == user))
    rules.add_perm("guards_test.add_thing", rules.is_authenticated)
    yield
    rules.remove_perm("guards_test.change_thing")
    rules.remove_perm("guards_test.add_thing")


class Thing:
    def __init__(self, owner):
        self.owner = owner


def test_require_perm_passes_with_the_permission_on_the_object(db, owner_perm):
    user = _member()
    require_perm(_request(user), "guards_test.change_thing", Thing(owner=user))


def test_require_perm_raises_permission_denied_without_it(db, owner_perm):
    thing = Thing(owner=_member())
    with pytest.raises(PermissionDenied):
        require_perm(_request(_member()), "guards_test.change_thing", thing)


def test_require_perm_raises_permission_denied_for_an_anonymous_visitor(db, owner_perm):
    """No redirect to the login page: that is login_required's job, in front of the view."""
    with pytest.raises(PermissionDenied):
        require_perm(_request(AnonymousUser()), "guards_test.change_thing", Thing(owner=None))


def test_require_perm_without_an_object_asks_the_global_permission(db, owner_perm):
    require_perm(_request(_member()), "guards_test.add_thing")
    with pytest.raises(PermissionDenied):
        require_perm(_request(AnonymousUser()), "guards_test.add_thing")


def test_require_perm_with_a_real_rule(db, curator):
    require_perm(_request(curator), "accounts.curate")
    with pytest.raises(PermissionDenied):
        require_perm(_request(_member()), "accounts.curate")
