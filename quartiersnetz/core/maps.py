"""Helpers for the pages with a map (practices, events): the tile server's CSP origin."""

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
