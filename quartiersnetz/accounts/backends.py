"""The signed-in user, loaded with what every page's header asks of it.

Each member page reads the user (from the session) and then, for the site header, whether the
user curates and how many notifications are unread: three queries on every page. The backends
below load the user with those facts as annotations of the one user query.

What is loaded with the user is registered here: `accounts` registers the curator flag, higher
apps (notifications: the unread count) register theirs in their `AppConfig.ready()` — lower apps
never import them. Readers fall back to asking the database when the attribute is missing (a
user loaded in any other way: tests, tasks, the admin).

Both backends of `AUTHENTICATION_BACKENDS` that can load a user are wrapped: a session remembers
the backend it was signed in with (allauth's for the login form, Django's for the admin's and
for `force_login`; axes' and rules' backends load no users).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import BaseExpression

from quartiersnetz.core.precompiled import Precompiled

from .rules import CURATOR_GROUP

_ANNOTATIONS: dict[str, Callable[[], BaseExpression]] = {}


def _user_query(user_id: Any) -> QuerySet[Any]:
    annotations = {name: build() for name, build in _ANNOTATIONS.items()}
    return get_user_model()._default_manager.annotate(**annotations).filter(pk=user_id)


# Built and compiled once per process: building it was most of the query's cost.
_USER = Precompiled(_user_query)


def load_with_user(name: str, expression: Callable[[], BaseExpression]) -> None:
    """Load `expression` (built per query; an `OuterRef("pk")` is the user) as the attribute
    `name` of every signed-in user. Registering a name again replaces it."""
    _ANNOTATIONS[name] = expression
    _USER.forget()


def signed_in_user(user_id: Any) -> Any:
    """The user with `user_id` and every registered annotation, in one query (None if none)."""
    try:
        user_id = get_user_model()._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    found = _USER.run(user_id)
    return found[0] if found else None


def _in_curator_group() -> BaseExpression:
    through = get_user_model().groups.through
    return Exists(through.objects.filter(user_id=OuterRef("pk"), group__name=CURATOR_GROUP))


load_with_user("in_curator_group", _in_curator_group)


class _LoadsHeaderFacts(DjangoModelBackend):
    """ModelBackend.get_user, with the registered annotations."""

    def get_user(self, user_id: Any) -> Any:
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_LoadsHeaderFacts):
    """Django's login by e-mail and password (the admin), loading users with their header facts."""


class AuthenticationBackend(_LoadsHeaderFacts, AllauthBackend):
    """allauth's login by e-mail, loading users with their header facts."""
