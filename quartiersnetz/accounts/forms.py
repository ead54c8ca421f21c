"""Sign-up with recorded consent to the terms and the participation principles.

Also the keys login throttling (django-axes) counts failures by: account and address (IPv6 by /64).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.forms import apply_kern_classes

from . import services
from .models import User


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


def _consent_label(text: Any, url: Any) -> str:
    return format_html('{} (<a class="kern-link" href="{}">{}</a>)', text, url, _("lesen"))


consent_label = lazy(_consent_label, str)


class SignupForm(forms.Form):
    """Extra fields for allauth's sign-up form (ACCOUNT_FORMS['signup'] extends this)."""

    display_name = forms.CharField(
        label=_("Ihr Name"),
        max_length=150,
        required=False,
        help_text=_("Wird nur gezeigt, wenn Sie zustimmen, auf einem Profil genannt zu werden."),
    )
    accept_terms = forms.BooleanField(
        label=consent_label(
            _("Ich akzeptiere die Nutzungsbedingungen"), reverse_lazy("core:terms")
        ),
        error_messages={"required": _("Bitte stimmen Sie den Nutzungsbedingungen zu.")},
    )
    accept_principles = forms.BooleanField(
        label=consent_label(
            _("Ich bekenne mich zu den Grundsätzen der Mitwirkung"), reverse_lazy("core:principles")
        ),
        error_messages={"required": _("Bitte stimmen Sie den Grundsätzen der Mitwirkung zu.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_kern_classes(self)

    def signup(self, request: HttpRequest, user: User) -> None:
        services.user_complete_signup(
            user=user,
            display_name=self.cleaned_data.get("display_name", ""),
            accepted_terms=self.cleaned_data["accept_terms"],
            accepted_principles=self.cleaned_data["accept_principles"],
        )


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_kern_classes(self)
