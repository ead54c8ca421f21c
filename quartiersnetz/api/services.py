"""Writes of the `api` app: personal API tokens (made, revoked, noted as used)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.audit.services import audit_log

from .models import TOKEN_PREFIX, ApiToken

# `last_used_at` is written at most this often per token (not on every request).
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def active_tokens(user: User) -> int:
    now = timezone.now()
    return ApiToken.objects.filter(user=user, revoked_at=None, expires_at__gt=now).count()


@transaction.atomic
def api_token_create(*, user: User, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token for `user`; the token itself (returned once, never stored) and its row."""
    if days not in ApiToken.LIFETIMES:
        raise ValidationError({"days": _("Bitte wählen Sie eine der angebotenen Laufzeiten.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Bitte wählen Sie eine Berechtigung.")})
    # The user's row is locked so that two requests at once cannot pass the limit together.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if active_tokens(user) >= ApiToken.MAX_ACTIVE_PER_USER:
        raise ValidationError(
            _(
                "Sie haben bereits %(limit)d gültige API-Schlüssel. Bitte widerrufen Sie einen, "
                "bevor Sie einen neuen erstellen."
            )
            % {"limit": ApiToken.MAX_ACTIVE_PER_USER}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        scope=scope,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        key_hash=hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit_log(
        user=user, action="api_token.create", target=token,
        changes={"name": token.name, "scope": scope, "days": days},
    )  # fmt: skip
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken, operator: bool = False) -> ApiToken:
    """Revoke one of the user's tokens (`operator`: an operator revokes another's in the
    admin)."""
    if token.user_id != user.pk and not operator:
        raise ValidationError(_("Dieser API-Schlüssel gehört nicht zu Ihrem Konto."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        changes = {"name": token.name, **({"by": "operator"} if operator else {})}
        audit_log(user=user, action="api_token.revoke", target=token, changes=changes)
    return token


def api_token_used(token: ApiToken) -> None:
    """Note the use (at most once per LAST_USED_RESOLUTION, so reads stay reads)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
