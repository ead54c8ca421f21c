"""System checks of the deployment settings (run by ``manage.py check --deploy``)."""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_HOST_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _is_local_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOCAL_HOST_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified or address.is_link_local


def site_url_problem(value: str) -> str | None:
    """Why ``value`` cannot be the public base URL of e-mailed links (None: it can)."""
    if not value.strip():
        return "SITE_URL is not set."
    parts = urlsplit(value.strip())
    if parts.scheme != "https":
        return f"SITE_URL {value!r} does not start with https://."
    if not parts.hostname:
        return f"SITE_URL {value!r} has no host name."
    if _is_local_host(parts.hostname):
        return f"SITE_URL {value!r} points to this machine."
    if parts.query or parts.fragment or parts.username or parts.password:
        return f"SITE_URL {value!r} must be a plain base URL (no query, fragment or login)."
    return None


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Links in e-mails (confirmations, invitations, calendars) are built from SITE_URL: a
    deployment must name its public https address, never the development default."""
    problem = site_url_problem(str(getattr(settings, "SITE_URL", "") or ""))
    if problem is None:
        return []
    return [
        Error(
            problem,
            hint="Set SITE_URL to the site's public address, e.g. https://quartiersnetz.example.org",
            id="core.E101",
        )
    ]
