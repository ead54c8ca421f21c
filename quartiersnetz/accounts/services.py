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
