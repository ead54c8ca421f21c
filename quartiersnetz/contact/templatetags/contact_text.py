"""Rendering messages: sanitised Markdown, each link followed by its host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quartiersnetz.core.text import render_markdown

register = template.Library()

_LINK = re.compile(r'(<a href="([^"]*)"[^>]*>.*?</a>)', re.DOTALL)


def _with_host(match: re.Match[str]) -> str:
    link, href = match.group(1), match.group(2)
    host = urlsplit(href.replace("&amp;", "&")).hostname
    if not host:
        return link
    return f'{link} <span class="muted">({escape(host)})</span>'


@register.filter
def message_html(body: str) -> SafeString:
    """The message as sanitised HTML (core.text), links shown with their host."""
    html = render_markdown(body)
    # nosemgrep: qn-mark-safe -- nh3-sanitised by render_markdown; only the escaped host is added
    return mark_safe(_LINK.sub(_with_host, html))  # noqa: S308
