"""Who is asking, and may they: the guards every view starts with.

- `request_user(request)`: the signed-in account, or None for an anonymous visitor (pages open
  to everyone, admin actions that record who acted).
- `signed_in_user(request)`: the signed-in account, for views behind `login_required`, which
  has already sent anonymous visitors to the login page.
- `signed_in(user)`: the same test for a user object that did not come with a request (reads
  that take `user` as an argument).
- `require_perm(request, perm, obj=None)`: raises PermissionDenied (403) unless the user has
  the permission (django-rules), on `obj` if given. It does not send anonymous visitors to the
  login page; views that need that are behind `login_required`.

The account model is `settings.AUTH_USER_MODEL` (accounts.User); core sits below the accounts
app and looks it up with `get_user_model()`, naming it only for the type checker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest

if TYPE_CHECKING:
    # The stubs' alias for AUTH_USER_MODEL (the django-stubs plugin resolves it); no import of
    # the accounts app at runtime.
    from django.contrib.auth.models import _User as User


def signed_in(user: object) -> User | None:
    """`user` if it is a signed-in account, None for an anonymous user (or anything else)."""
    return user if isinstance(user, get_user_model()) and user.is_authenticated else None


def request_user(request: HttpRequest) -> User | None:
    """The signed-in account of `request`, None for an anonymous visitor."""
    return signed_in(request.user)


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in account of a request to a view behind `login_required`."""
    user = request_user(request)
    assert user is not None  # noqa: S101 - guarded by login_required
    return user


def require_perm(request: HttpRequest, perm: str, obj: Model | None = None) -> None:
    """Raise PermissionDenied unless the request's user has `perm` (on `obj` if given)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
