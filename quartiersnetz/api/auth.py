"""Authentication of the API's personal tokens (`Authorization: Bearer qn_…`).

Reading open data needs no token. Endpoints that act for a member (their own records, writes)
declare `auth=token_auth(<scope>)`; a request then needs a valid token:

- none, an unknown, expired or revoked one → 401 with `WWW-Authenticate: Bearer` and
  `error="invalid_token"` when one was sent (RFC 6750),
- a read token on a write → 403, `error="insufficient_scope"`,
- more than API_TOKEN_RATE_LIMIT requests per token (writes: API_TOKEN_WRITE_RATE_LIMIT) →
  429 with `Retry-After`,
- an account that is no longer active (deactivated, suspended) → 401 as for a revoked token.

All of them answer with problem details (RFC 9457), like every other API error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_ratelimit.core import get_usage
from ninja.security import HttpBearer

from .models import TOKEN_PREFIX, ApiToken
from .problems import problem_response
from .services import api_token_used, hash_token

DEFAULT_RATE = "1000/h"
DEFAULT_WRITE_RATE = "100/h"


@dataclass
class TokenError(Exception):
    """A refused token: the answer's status, RFC 6750 error code and explanation."""

    status: int
    error: str
    detail: str
    retry_after: int | None = None


def token_error_response(request: HttpRequest, exc: TokenError) -> HttpResponse:
    titles = {401: "Unauthorized", 403: "Forbidden", 429: "Too Many Requests"}
    response = problem_response(
        request, status=exc.status, title=titles.get(exc.status, "Error"), detail=exc.detail
    )
    if exc.status in (401, 403):
        challenge = 'Bearer realm="quartiersnetz"'
        if exc.error:
            challenge += f', error="{exc.error}"'
        response["WWW-Authenticate"] = challenge
    if exc.retry_after is not None:
        response["Retry-After"] = str(exc.retry_after)
    return response


def _rate_key(group: str, request: HttpRequest) -> str:
    token = request.api_token  # type: ignore[attr-defined]
    return f"api-token:{token.pk}"


def _check_rate(request: HttpRequest, group: str, rate: str) -> None:
    usage = get_usage(request, group=group, key=_rate_key, rate=rate, increment=True)
    if usage and usage["should_limit"]:
        raise TokenError(
            429,
            "",
            f"Zu viele Anfragen mit diesem Schlüssel (höchstens {rate}). "
            "Bitte warten Sie, bis die Frist abgelaufen ist.",
            retry_after=max(1, int(usage["time_left"])),
        )


class TokenAuth(HttpBearer):
    """A personal token with at least `scope`; sets `request.api_token` and `request.user`."""

    openapi_scheme = "bearer"

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest) -> Any:
        if not request.headers.get("Authorization"):
            raise TokenError(401, "", "Für diese Anfrage ist ein persönlicher API-Schlüssel nötig.")
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = None
        if token.startswith(TOKEN_PREFIX) and len(token) < 100:
            found = (
                ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
            )
        now = timezone.now()
        if found is None or not found.is_active(now) or not found.user.is_active:
            raise TokenError(
                401,
                "invalid_token",
                "Der API-Schlüssel ist unbekannt, abgelaufen oder widerrufen.",
            )
        request.api_token = found  # type: ignore[attr-defined]
        request.user = found.user
        _check_rate(request, "api-token", getattr(settings, "API_TOKEN_RATE_LIMIT", DEFAULT_RATE))
        if not found.allows(self.scope):
            raise TokenError(
                403,
                "insufficient_scope",
                "Dieser API-Schlüssel darf nur lesen. Für Einreichungen brauchen Sie einen "
                "Schlüssel mit der Berechtigung „Lesen und Schreiben“.",
            )
        if self.scope == ApiToken.Scope.WRITE:
            _check_rate(
                request,
                "api-token-write",
                getattr(settings, "API_TOKEN_WRITE_RATE_LIMIT", DEFAULT_WRITE_RATE),
            )
        api_token_used(found)
        return found


read_auth = TokenAuth(ApiToken.Scope.READ)
write_auth = TokenAuth(ApiToken.Scope.WRITE)
