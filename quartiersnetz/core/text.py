"""Text helpers: search normalisation and Markdown rendering."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence

import nh3
from markdown_it import MarkdownIt

_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "a", "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip

# User text always sits below a page's h1 and usually in a section with an h2: its own headings
# start at h3 — its highest level becomes h3, the others follow (at most h6) — never competing
# with ours, whether the author began with "#" or "##".
TOP_USER_HEADING = 3


# ASCII spellings of umlauts ("Kleinstaedte", "Fussgaengerzone"): folded texts hold "kleinstadte",
# so a folded word is also looked for with ae/oe/ue read as ä/ö/ü ("ss" needs nothing: ß folds
# to "ss"). Only as an alternative — "neue", "Feuer" and "Michael" are real words — and never
# "ue" after "q" ("Quelle").
_ASCII_UMLAUT = re.compile(r"(?<!q)(ae|oe|ue)")


def umlaut_variant(word: str) -> str:
    """The folded word with ae/oe/ue read as umlauts ("" if it has none)."""
    variant = _ASCII_UMLAUT.sub(lambda m: m.group()[0], word)
    return variant if variant != word and len(variant) >= 2 else ""


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
    tokens = _markdown.parse(source or "")
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    offset = TOP_USER_HEADING - min(levels) if levels else 0
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + offset, 6)}"
    html = _markdown.renderer.render(tokens, _markdown.options, {})
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


@functools.lru_cache(maxsize=65536)
def _fold_fragment(fragment: str) -> str:
    return fold(fragment)


def build_search_text_from_fragments(*parts: str | Sequence[str] | None) -> str:
    """`build_search_text(*parts)` for bulk generators, where a part may also be given as the
    fragments it was joined from by whitespace.

    Every fragment is folded once through a cache: fold() works character by character and
    collapses whitespace, so folding the fragments one by one and joining them with a space is
    the same as folding the joined text; records made of a few hundred distinct fragments come
    out about 30 times faster.
    """
    folded: list[str] = []
    for part in parts:
        if not part:
            continue
        for fragment in (part,) if isinstance(part, str) else part:
            if fragment and (text := _fold_fragment(fragment)):
                folded.append(text)
    return " ".join(folded)


# A record's searchable parts by name: each its text, or the fragments it was joined from.
SearchParts = Mapping[str, str | Sequence[str] | None]


def record_search_text(
    fields: Sequence[str], values: SearchParts | None, parts: SearchParts | None = None
) -> str:
    """The search text of a record from its `values` (by the names in `fields`, in that order).

    `parts` (bulk generators) replace values and may give fragments, folded through the cache
    of build_search_text_from_fragments; without `values` they must name every field.
    """
    if parts is None:
        if values is None:
            raise TypeError("A search text needs the record's values or its parts.")
        return build_search_text(*(_as_text(values[name]) for name in fields))
    merged = {**(values or {}), **parts}
    return build_search_text_from_fragments(*(merged[name] for name in fields))


def _as_text(value: str | Sequence[str] | None) -> str | None:
    return value if value is None or isinstance(value, str) else " ".join(value)
