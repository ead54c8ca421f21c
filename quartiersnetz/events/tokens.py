"""Signed, single-use cancellation links for registrations.

A token carries the registration's id and its current `token_nonce`, signed with the project's
secret key under a salt of its own. It expires when the event ends (`max_age` from the moment it
was signed) and works once: the services rotate the nonce whenever a registration changes state,
so an old link no longer matches.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets

from django.core import signing
from django.utils import timezone

from .models import Registration

SALT = "quartiersnetz.events.registration-cancel"


class TokenProblem(enum.Enum):
    INVALID = "invalid"  # tampered, malformed or for an unknown registration
    EXPIRED = "expired"  # the event is over
    USED = "used"  # the nonce no longer matches (link used, or registration changed since)


def new_nonce() -> str:
    return secrets.token_hex(16)


def make_cancel_token(registration: Registration) -> str:
    return signing.dumps([registration.pk, registration.token_nonce], salt=SALT, compress=False)


def _signed_at(token: str) -> float:
    """The signing time inside a `signing.dumps` token (payload:timestamp:signature)."""
    return float(signing.b62_decode(token.rsplit(":", 2)[1]))


def check_cancel_token(token: str) -> tuple[Registration | None, TokenProblem | None]:
    """The registration a token points to, or the reason why it does not work (nothing changes).

    The signature is checked first; the expiry (`max_age`) depends on the event, so it is
    checked once the registration is known: a link works until the event ends.
    """
    try:
        value = signing.loads(token, salt=SALT)
        registration_id, nonce = value
        registration_id = int(registration_id)
        signed_at = _signed_at(token)
    except (signing.BadSignature, ValueError, TypeError, IndexError):
        return None, TokenProblem.INVALID
    registration = (
        Registration.objects.select_related("event", "event__format", "event__municipality")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return None, TokenProblem.INVALID
    max_age = dt.timedelta(seconds=max(0.0, registration.event.end.timestamp() - signed_at))
    try:
        signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        return registration, TokenProblem.EXPIRED
    if timezone.now() >= registration.event.end:
        return registration, TokenProblem.EXPIRED
    if not registration.is_active or not secrets.compare_digest(
        str(nonce), registration.token_nonce
    ):
        return registration, TokenProblem.USED
    return registration, None
