"""Writes for accounts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Consent, User


@transaction.atomic
def consent_record(*, user: User, kind: str, version: str) -> Consent:
    consent, _created = Consent.objects.get_or_create(user=user, kind=kind, version=version)
    return consent


@transaction.atomic
def user_complete_signup(
    *, user: User, display_name: str, accepted_terms: bool, accepted_principles: bool
) -> User:
    """Record the sign-up consents (version and time). Both are required."""
    if not (accepted_terms and accepted_principles):
        raise ValidationError(_("Nutzungsbedingungen und Grundsätze müssen angenommen werden."))
    if display_name:
        user.display_name = display_name
        user.save(update_fields=["display_name"])
    consent_record(user=user, kind=Consent.Kind.TERMS, version=settings.TERMS_VERSION)
    consent_record(user=user, kind=Consent.Kind.PRINCIPLES, version=settings.PRINCIPLES_VERSION)
    return user


@transaction.atomic
def user_update(*, user: User, display_name: str) -> User:
    user.display_name = display_name
    user.save(update_fields=["display_name"])
    return user


@transaction.atomic
def user_login_unlock(*, user: User, expected_nonce: str | None = None) -> bool:
    """Lift the login lock of an account: forget its failed logins (from every address) and
    end every unlock link sent so far (a new nonce). Used by the unlock link (with the nonce it
    carries: a link works once, also when followed twice at the same moment) and after a
    password reset. False if the nonce no longer matched (nothing changed)."""
    from axes.models import AccessAttempt

    from .throttle import account_key, forget_unlock_mail, new_unlock_nonce

    users = User.objects.filter(pk=user.pk)
    if expected_nonce is not None:
        users = users.filter(login_unlock_nonce=expected_nonce)
    if not users.update(login_unlock_nonce=new_unlock_nonce()):
        return False
    user.refresh_from_db(fields=["login_unlock_nonce"])
    key = account_key(user)
    AccessAttempt.objects.filter(username=key).delete()
    forget_unlock_mail(key)  # the next lock sends a new link
    return True
