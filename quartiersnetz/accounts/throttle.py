"""Login throttling that holds across addresses and workers (django-axes, database handler).

Failed logins are rows of axes' `AccessAttempt` (account, address, user agent), shared by every
worker. Three counters look at the failures of the last AXES_COOLOFF_TIME, each with its limit:

========================  ==================================  =====================================
counter                   limit                               what is locked
========================  ==================================  =====================================
account and address       AXES_FAILURE_LIMIT (5)              this account from this address
account, any address      LOGIN_FAILURE_LIMIT_PER_ACCOUNT     the account, even for the right
                          (10)                                password: the owner gets a link by
                                                              e-mail that lifts it
address, any account      LOGIN_FAILURE_LIMIT_PER_ADDRESS     every login from this address (an
                          (30)                                IPv6 /64 counts as one address)
========================  ==================================  =====================================

axes compares one number with one limit, so `LoginThrottleHandler.get_failures` reports the
fullest counter scaled to AXES_FAILURE_LIMIT: it reaches that limit exactly when some counter
reaches its own. A lock ends AXES_COOLOFF_TIME after the last failure of its counter.

The account lock cannot shut an owner out for good: the lock page tells everyone (whether the
account exists or not) to look for an e-mail; for an existing account one e-mail per lock period
carries a signed, single-use, expiring link (`make_unlock_token`). Following it (or resetting the
password) deletes the account's failures and lets that browser past the account counter for
LOGIN_UNLOCK_LINK_MAX_AGE, so that an attacker who keeps guessing cannot lock the owner out again.
"""

from __future__ import annotations

import enum
import ipaddress
import secrets
import time
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from .models import User

ACCOUNT = "account"
ADDRESS = "address"
PAIR = "pair"

UNLOCK_SALT = "quartiersnetz.accounts.login-unlock"
SESSION_KEY = "login_unlocked"  # {account key: unix time until which the account counter is waived}


# --- The keys the counters count by (AXES_USERNAME_CALLABLE, AXES_CLIENT_IP_CALLABLE) -----------


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The account key django-axes counts failed logins by (AXES_USERNAME_CALLABLE).

    allauth authenticates with ``email=...``, the admin with ``username=...``; axes itself
    stores the value under AXES_USERNAME_FORM_FIELD ("login"). Without this, axes finds no
    username in allauth's credentials and counts every failure from an address under one
    key, locking all accounts from that address. Lower-cased, so that varying the case of
    an address does not get around the limit.
    """
    values: list[Any] = []
    if credentials:
        values += [credentials.get(key) for key in ("email", "login", "username")]
    values += [request.POST.get(key) for key in ("login", "username")]
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return None


def client_address_key(address: str | None) -> str | None:
    """The key an address counts under for throttling: IPv4 as it is, IPv6 by its /64.

    One IPv6 subscriber usually holds a whole /64 and can pick any address in it, so every
    address of a /64 counts as its network address (``2001:db8:1:2::``). An IPv4-mapped IPv6
    address (``::ffff:192.0.2.1``, from dual-stack sockets) counts as the IPv4 address. Anything
    that is no IP address gives None (all such requests share one counter).
    """
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Address(int(ip) & ~((1 << 64) - 1)))  # drops a zone id too
    return str(ip)


def lockout_client_ip(request: HttpRequest) -> str | None:
    """The client address login throttling (AXES_CLIENT_IP_CALLABLE) and the guests' rate
    limit count by, as `client_address_key` (IPv6 by /64).

    Directly reachable (TRUSTED_PROXY_COUNT = 0) that is REMOTE_ADDR. Behind N trusted
    reverse proxies each appends the address it saw to X-Forwarded-For, so the client is the
    N-th entry from the right; entries further left come from the client and are ignored.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= count:
            forwarded = client_address_key(hops[-count])
            if forwarded is not None:
                return forwarded
    return client_address_key(remote_addr)


def _dimension(parameter: str | list[str]) -> str:
    names = {parameter} if isinstance(parameter, str) else set(parameter)
    if names == {"username", "ip_address"}:
        return PAIR
    if names == {"username"}:
        return ACCOUNT
    if names == {"ip_address"}:
        return ADDRESS
    raise ValueError(f"unsupported lockout parameter {parameter!r}")


def limit_for(dimension: str) -> int:
    return {
        PAIR: settings.AXES_FAILURE_LIMIT,
        ACCOUNT: settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT,
        ADDRESS: settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS,
    }[dimension]


def _waived(request: HttpRequest, username: str | None) -> bool:
    """Whether this browser followed an unlock link for the account (and it still holds)."""
    session = getattr(request, "session", None)
    if session is None or not username:
        return False
    until = session.get(SESSION_KEY, {}).get(username)
    return isinstance(until, int | float) and until > time.time()


def waive_account_counter(request: HttpRequest, username: str) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    waived = {
        key: until
        for key, until in session.get(SESSION_KEY, {}).items()
        if isinstance(until, int | float) and until > time.time()
    }
    waived[username] = int(time.time()) + settings.LOGIN_UNLOCK_LINK_MAX_AGE
    session[SESSION_KEY] = dict(list(waived.items())[-5:])


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler with a limit per counter (see the module docstring)."""

    def failure_counts(self, request: Any, credentials: dict | None = None) -> dict[str, int]:
        """The failures of the current window per counter (PAIR, ACCOUNT, ADDRESS)."""
        parameters = get_lockout_parameters(request, credentials)
        attempts: list[QuerySet[AccessAttempt]] = self.get_user_attempts(request, credentials)
        username = get_client_username(request, credentials)
        counts: dict[str, int] = {}
        for parameter, queryset in zip(parameters, attempts, strict=True):
            dimension = _dimension(parameter)
            if dimension == ACCOUNT and (not username or _waived(request, username)):
                continue  # no account to count, or its owner came through the unlock link
            total = queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0
            counts[dimension] = total
        return counts

    def locked_counters(self, request: Any, credentials: dict | None = None) -> set[str]:
        counts = self.failure_counts(request, credentials)
        return {d for d, count in counts.items() if count >= limit_for(d)}

    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        scale = settings.AXES_FAILURE_LIMIT
        counts = self.failure_counts(request, credentials)
        return max((count * scale // limit_for(d) for d, count in counts.items()), default=0)

    def reset_user_attempts(self, request: Any, credentials: dict | None = None) -> int:
        """After a successful login forget only that account's failures from that address.

        axes would delete the rows of every counter, so an attacker with an account of their own
        could clear the address counter by logging in between guesses.
        """
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


# Unlock links -------------------------------------------------------------------------------


class UnlockProblem(enum.Enum):
    INVALID = "invalid"  # tampered, malformed or for an unknown account
    EXPIRED = "expired"
    USED = "used"  # the nonce changed: the link was used (or a newer one lifted the lock)


def new_unlock_nonce() -> str:
    return secrets.token_hex(16)


def make_unlock_token(user: User) -> str:
    return signing.dumps([user.pk, user.login_unlock_nonce], salt=UNLOCK_SALT, compress=False)


def check_unlock_token(token: str) -> tuple[User | None, UnlockProblem | None]:
    """The account a link lifts the lock of, or why it does not work (changes nothing)."""
    try:
        user_id, nonce = signing.loads(
            token, salt=UNLOCK_SALT, max_age=settings.LOGIN_UNLOCK_LINK_MAX_AGE
        )
    except signing.SignatureExpired:
        return None, UnlockProblem.EXPIRED
    except (signing.BadSignature, TypeError, ValueError):
        return None, UnlockProblem.INVALID
    user = None
    if isinstance(user_id, int):
        user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None, UnlockProblem.INVALID
    if user.login_unlock_nonce != nonce:
        return None, UnlockProblem.USED
    return user, None


def account_key(user: User) -> str:
    """The account key the counters use (see lockout_username)."""
    return user.email.strip().lower()


def _mail_marker(username: str) -> str:
    return f"login-unlock-mail:{salted_hmac(UNLOCK_SALT, username).hexdigest()}"


def forget_unlock_mail(username: str) -> None:
    caches[settings.RATELIMIT_USE_CACHE].delete(_mail_marker(username))


def _cooloff_seconds(request: HttpRequest) -> int:
    cool_off = get_cool_off(request)
    return int(cool_off.total_seconds()) if cool_off else 15 * 60


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None = None
) -> HttpResponse:
    """The lock page (AXES_LOCKOUT_CALLABLE): what is locked and what to do.

    It depends only on the counters, which count the typed address whether an account exists
    or not, so it reveals nothing about accounts. For an account lock the unlock e-mail is queued
    once per lock period; the task looks the account up, so the request does the same work
    either way.
    """
    from .tasks import send_login_unlock_mail

    handler = LoginThrottleHandler()
    locked = handler.locked_counters(request, credentials)
    username = get_client_username(request, credentials)
    cooloff = _cooloff_seconds(request)
    if ACCOUNT in locked and username:
        marker = _mail_marker(username)
        if caches[settings.RATELIMIT_USE_CACHE].add(marker, 1, cooloff):
            transaction.on_commit(lambda: send_login_unlock_mail.enqueue(username))
    context = {
        "account_locked": ACCOUNT in locked,
        "address_locked": ADDRESS in locked,
        "cooloff_minutes": max(1, cooloff // 60),
    }
    return render(
        request,
        "account/lockout.html",
        context,
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
