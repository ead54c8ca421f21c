"""Highlighting the terms of a query (`core.textquery`) in result texts."""

from __future__ import annotations

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from quartiersnetz.core.text import fold
from quartiersnetz.core.textquery import (
    FREE_INFIX_LENGTH,
    INFLECTION,
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    MIN_STEM_LENGTH,
    MIN_WORD_LENGTH,
    STOP_WORDS,
    WORD_RE,
    ParsedQuery,
    Term,
    infix_stem,
    parse_query,
    prefix_stem,
)

__all__ = [
    "FREE_INFIX_LENGTH",
    "INFLECTION",
    "MAX_QUERY_LENGTH",
    "MAX_TERMS",
    "MIN_STEM_LENGTH",
    "MIN_WORD_LENGTH",
    "STOP_WORDS",
    "ParsedQuery",
    "Term",
    "highlight",
    "infix_stem",
    "parse_query",
    "plain_text",
    "prefix_stem",
    "snippet",
]

# --- highlighting -----------------------------------------------------------------------

SNIPPET_WORDS = 32
SNIPPET_LEAD = 6
PLAIN_SNIPPET_CHARS = 240

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}(?:#{1,6}|>+|[-*+]|\d+\.)\s+", re.MULTILINE)
_MD_MARKS = re.compile(r"[*_`~|]+|#{2,}")


def plain_text(markdown: str) -> str:
    """Markdown source reduced to its words (for snippets; never rendered as HTML)."""
    text = _MD_IMAGE.sub(r"\1", markdown or "")
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_MARKS.sub(" ", text)
    return " ".join(text.split())


def _matched_terms(token: str, terms: tuple[Term, ...]) -> set[int]:
    folded = fold(token)
    return {i for i, term in enumerate(terms) if term.matches_token(folded)}


def _render(text: str, tokens: list[re.Match[str]], hits: dict[int, set[int]]) -> str:
    """Escape `text` (a slice spanned by `tokens`) and wrap the hit tokens in <mark>."""
    out: list[str] = []
    pos = tokens[0].start() if tokens else 0
    for index, match in enumerate(tokens):
        out.append(escape(text[pos : match.start()]))
        word = escape(match.group())
        out.append(f"<mark>{word}</mark>" if index in hits else word)
        pos = match.end()
    return "".join(out)


def highlight(text: str, terms: tuple[Term, ...]) -> SafeString:
    """The whole text, HTML-escaped, with the words the terms match in <mark>."""
    out: list[str] = []
    pos = 0
    for match in WORD_RE.finditer(text):
        out.append(escape(text[pos : match.start()]))
        word = escape(match.group())
        out.append(f"<mark>{word}</mark>" if _matched_terms(match.group(), terms) else word)
        pos = match.end()
    out.append(escape(text[pos:]))
    # nosemgrep: qn-mark-safe -- every piece escaped above, <mark> is ours
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped


def snippet(text: str, terms: tuple[Term, ...]) -> SafeString:
    """A short passage of `text` around the densest matches, escaped, matches in <mark>.

    Without a match, the beginning of the text.
    """
    text = plain_text(text)
    tokens = list(WORD_RE.finditer(text))
    found = {i: m for i, tok in enumerate(tokens) if (m := _matched_terms(tok.group(), terms))}
    if not found:
        if len(text) <= PLAIN_SNIPPET_CHARS:
            return escape(text)
        cut = text[:PLAIN_SNIPPET_CHARS].rsplit(" ", 1)[0]
        return format_html("{} …", cut)
    best_start, best_key = 0, (-1, -1)
    for index in found:
        start = max(0, index - SNIPPET_LEAD)
        window = [found[i] for i in range(start, start + SNIPPET_WORDS) if i in found]
        distinct = len(set().union(*window))
        key = (distinct, len(window))
        if key > best_key:
            best_start, best_key = start, key
    end = min(len(tokens), best_start + SNIPPET_WORDS)
    window_tokens = tokens[best_start:end]
    hits = {i - best_start: found[i] for i in found if best_start <= i < end}
    body = _render(text, window_tokens, hits)
    prefix = "… " if best_start > 0 else escape(text[: window_tokens[0].start()])
    suffix = " …" if end < len(tokens) else escape(text[window_tokens[-1].end() :])
    # nosemgrep: qn-mark-safe -- _render() and the ends are escaped, <mark> is ours
    return mark_safe(prefix + body + suffix)  # noqa: S308 - every piece is escaped
