"""Parsing a German search query into terms, and highlighting them in result texts.

Both database backends get the same terms, so that they find (nearly) the same
records and the snippets look the same:

- every word is folded (lower case, umlauts and diacritics removed: "Bürger" → "burger"),
- common German stop words are dropped ("die", "und" …; the list is PostgreSQL's
  `german.stop`, folded, so that PostgreSQL never sees a stop word and drops a term),
- a *prefix stem* strips one inflection or derivation ending ("Bürgerinnen" → "burger",
  "Dritte" → "dritt", "Orte" → "ort") and is matched as the start of an indexed word
  ("dritt*" finds "Dritter", "quartier*" finds "Quartiersentwicklung"),
- an *infix stem* strips only plural and case endings ("Orte" → "ort") and finds the word
  as a part inside a compound through the trigram index: a stem of five or more letters
  anywhere in a word ("quartier" in "Stadtquartier"); a shorter stem only as the last part
  of a compound after at least three letters ("ort" in "Kulturort", "Standorte", not in
  "Sport" or "Verantwortung"); a word of five or more letters whose stem is shorter is
  searched whole ("Gärten": "garten" in "Kleingartenanlage").

A query matches a record when every term matches (AND), each through its prefix stem or its
infix stem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from quartiersnetz.core.text import fold, umlaut_variant

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MIN_WORD_LENGTH = 2
MIN_STEM_LENGTH = 3
# Stems shorter than this match inside a compound only as its last part.
FREE_INFIX_LENGTH = 5
# Endings allowed after a short compound part ("Kulturort-e", "Kulturort-es").
INFLECTION = "(?:e|en|er|es|n|s)?"

# PostgreSQL's german.stop (Snowball), folded.
_PG_GERMAN_STOP = """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die das
daß derselbe derselben denselben desselben demselben dieselbe dieselben dasselbe dazu dein deine
deinem deinen deiner deines denn derer dessen dich dir du dies diese diesem diesen dieser dieses
doch dort durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges
einmal er ihn ihm es etwas euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat
hatte hatten hier hin hinter ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins
ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen
keiner keines können könnte machen man manche manchem manchen mancher manches mein meine meinem
meinen meiner meines mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine
seinem seinen seiner seines selbst sich sie ihnen sind so solche solchem solchen solcher solches
soll sollte sondern sonst über um und uns unse unsem unsen unser unses unter viel vom von vor
während war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde
werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen
"""
STOP_WORDS = frozenset(fold(word) for word in _PG_GERMAN_STOP.split())

# One ending is stripped, the longest first, if at least MIN_STEM_LENGTH letters remain.
_PREFIX_ENDINGS = ("innen", "ern", "em", "en", "er", "es", "in", "e", "n", "s")
_INFIX_ENDINGS = ("en", "es", "e", "n", "s")

WORD_RE = re.compile(r"[^\W_]+")


def _strip(word: str, endings: tuple[str, ...]) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM_LENGTH:
            return word[: -len(ending)]
    return word


def prefix_stem(word: str) -> str:
    """The start every form of a (folded) word shares: "burgerinnen" → "burger"."""
    return _strip(word, _PREFIX_ENDINGS)


def infix_stem(word: str) -> str:
    """The word without plural and case endings, to find it inside compounds."""
    if word.endswith("innen") and len(word) - 3 >= MIN_STEM_LENGTH:
        return word[:-3]  # Bürgerinnen → bürgerin
    return _strip(word, _INFIX_ENDINGS)


@dataclass(frozen=True)
class Term:
    word: str  # folded
    prefix: str  # folded prefix stem, matched as the start of a word
    infix: str  # folded infix stem, matched inside compounds ("" = not at all)
    # Other spellings the word may stand for, each a Term matched instead of this one:
    # "kleinstaedte" also as "kleinstadte" (the indexed, folded "Kleinstädte").
    variants: tuple[Term, ...] = ()

    @property
    def spellings(self) -> tuple[Term, ...]:
        """This term and its variants: a record matches the term if it matches any of them."""
        return (self, *self.variants)

    @property
    def infix_is_free(self) -> bool:
        return len(self.infix) >= FREE_INFIX_LENGTH

    @property
    def compound_head_regex(self) -> str:
        """For short infix stems: the stem as the last part of a folded compound."""
        return rf"[a-z]{{3,}}{re.escape(self.infix)}{INFLECTION}"

    def matches_token(self, token: str) -> bool:
        """Whether a folded word of a text is one the databases find for this term."""
        if any(variant.matches_token(token) for variant in self.variants):
            return True
        if token.startswith(self.prefix):
            return True
        if not self.infix:
            return False
        if self.infix_is_free:
            return self.infix in token
        return re.fullmatch(self.compound_head_regex, token) is not None


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[Term, ...] = ()
    error: str = ""  # "too_long" | "too_short" | "stop_words_only" | ""
    dropped: tuple[str, ...] = field(default=())

    @property
    def is_searchable(self) -> bool:
        return bool(self.terms) and not self.error

    def any_word(self) -> ParsedQuery:
        """The same words, a record matching any of them (one term whose spellings are all the
        words' spellings); ranked by relevance, so records with more of the words come first.
        For when no record has every word ("Leerstand Fußgängerzone")."""
        if len(self.terms) < 2:
            return self
        first, *rest = self.terms
        spellings = tuple(s for term in (first, *rest) for s in term.spellings)
        merged = Term(
            word=first.word, prefix=first.prefix, infix=first.infix, variants=spellings[1:]
        )
        return ParsedQuery(text=self.text, terms=(merged,), dropped=self.dropped)


# ASCII spellings of umlauts: "kleinstaedte" is also searched as "kleinstadte" (the folded
# "Kleinstädte"), as an alternative spelling (`core.text.umlaut_variant`).
def _term(word: str, *, with_variants: bool = True) -> Term:
    variants: tuple[Term, ...] = ()
    if with_variants and (variant := umlaut_variant(word)):
        variants = (_term(variant, with_variants=False),)
    prefix = prefix_stem(word)
    if prefix in STOP_WORDS:
        prefix = word
    infix = infix_stem(word)
    if len(infix) < FREE_INFIX_LENGTH <= len(word):
        infix = word  # "gärten": "garten" anywhere rather than "gart" only as a last part
    if len(infix) < MIN_STEM_LENGTH or not infix.isascii() or not infix.isalnum():
        infix = ""
    return Term(word=word, prefix=prefix, infix=infix, variants=variants)


def parse_query(text: str) -> ParsedQuery:
    text = (text or "").strip()
    if not text:
        return ParsedQuery(text="")
    if len(text) > MAX_QUERY_LENGTH:
        return ParsedQuery(text=text, error="too_long")
    # Fold first, then split: folding can turn one character into several ("½" → "1⁄2").
    words = WORD_RE.findall(fold(text))
    long_enough = [w for w in words if len(w) >= MIN_WORD_LENGTH]
    if not long_enough:
        return ParsedQuery(text=text, error="too_short")
    kept: list[str] = []
    dropped: list[str] = []
    for word in long_enough:
        if word in STOP_WORDS:
            dropped.append(word)
        elif word not in kept:
            kept.append(word)
    if not kept:
        return ParsedQuery(text=text, error="stop_words_only", dropped=tuple(dropped))
    terms = tuple(_term(w) for w in kept[:MAX_TERMS])
    return ParsedQuery(text=text, terms=terms, dropped=tuple(dropped))


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
