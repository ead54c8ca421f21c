"""Text helpers: search normalisation and Markdown rendering."""

from __future__ import annotations

import unicodedata

import nh3
from markdown_it import MarkdownIt

_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "a", "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower-case, fold umlauts and strip diacritics, collapse whitespace.

    Used for the searchable text of records so that "Burger" finds "Bürger"
    on every database backend.
    """
    text = text.casefold().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


def render_markdown(source: str) -> str:
    """Render user-written Markdown to sanitised HTML (raw HTML is never passed through)."""
    html = _markdown.render(source or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def build_search_text(*parts: str | None) -> str:
    """The folded text a record is found by (name, descriptions, place …)."""
    return fold(" ".join(part for part in parts if part))
