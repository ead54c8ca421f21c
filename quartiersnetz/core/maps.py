"""Helpers for the pages with a map (practices, events, alliances): the tile server's CSP
origin, and which external hosts the configuration makes browsers load from."""

from __future__ import annotations

from urllib.parse import urlsplit


def tile_origin(tile_url: str) -> str:
    """The CSP source of a tile template: `https://{s}.tile.example.org/…` → `https://*.tile.example.org`."""
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc.replace("{s}", "*")
    if "{" in host or "}" in host:
        return ""
    return f"{parts.scheme}://{host}"


def external_hosts() -> list[str]:
    """The hosts other than this site that pages load content from, as configured (today only a
    map tile server, `MAP_TILE_URL`); empty by default. Named on the privacy page."""
    from django.conf import settings

    parts = urlsplit(str(getattr(settings, "MAP_TILE_URL", "") or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return []
    return [parts.hostname.replace("{s}", "*")]
