"""Parsing a German search query into terms: the one query language of the site search
(`search`, full-text indexes) and of the lists' `q` filter (`text_search`, over a record's
folded `search_text`).

Both database backends and the lists get the same terms, so that they find (nearly) the same
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

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from django.core.cache import cache
from django.db import models
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.expressions import OrderBy

from quartiersnetz.core.text import fold, umlaut_variant

M = TypeVar("M", bound=models.Model)

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
# English function words: dropped too, or "the" would find every "Theater" and "for" every
# "Forum" for an English query ("empty shops in the town centre"). None is a German word.
_ENGLISH_STOP = "the of and for with from into onto upon at by or is are was were be been an as"
STOP_WORDS = frozenset(fold(word) for word in (_PG_GERMAN_STOP + _ENGLISH_STOP).split())

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


# --- the lists' `q` (a record's folded `search_text`) ----------------------------------

# A word starting at the beginning of the text or after a character that is no letter/digit
# (the same regular expression on SQLite, Python's `re`, and PostgreSQL).
_WORD_START = "(^|[^a-z0-9])"
# The annotation `ranked_by_text` orders by: how many of the query's terms a record has.
TEXT_HITS = "text_hits"


def _spelling_q(field: str, spelling: Term) -> Q:
    """A folded text has the spelling: its prefix stem anywhere if long ("quarti" also in
    "stadtquartier"), else the word anywhere or the stem at the start of a word ("orte" finds
    "Dritter Ort" and "Kulturorte", not "Sport")."""
    if len(spelling.prefix) >= FREE_INFIX_LENGTH:
        return Q(**{f"{field}__contains": spelling.prefix})
    return Q(**{f"{field}__contains": spelling.word}) | Q(
        **{f"{field}__regex": _WORD_START + re.escape(spelling.prefix)}
    )


def term_q(field: str, term: Term) -> Q:
    """The folded text `field` has the term (any of its spellings)."""
    condition = Q()
    for spelling in term.spellings:
        condition |= _spelling_q(field, spelling)
    return condition


# --- search by meaning in the lists' `q` ----------------------------------------------


class MeaningSource(Protocol):
    """Finds records close in meaning to a query text (the `search` app registers its
    multilingual sentence encoder here in its `ready()`: core cannot import it)."""

    def ids(self, kind: str, text: str) -> tuple[int, ...]:
        """Public records of `kind` ("practice", "actor", "event", "project", "alliance")
        close in meaning to `text`, best first; () while switched off or being built."""

    def version(self) -> str:
        """Identifies the state the answers come from ("" = none): part of the lists' cache
        keys, so a list cached before the vectors were ready is not served after."""


_meaning_sources: list[MeaningSource] = []


def register_meaning_source(source: MeaningSource) -> None:
    _meaning_sources[:] = [source]


def _meaning_source(q: str) -> MeaningSource | None:
    """The registered source, if `q` has a searchable word."""
    if not q or not _meaning_sources or not parse_query(q).is_searchable:
        return None
    return _meaning_sources[0]


def _meaning_ids(kind: str, q: str) -> tuple[int, ...]:
    source = _meaning_source(q) if kind else None
    return source.ids(kind, q) if source is not None else ()


def meaning_version(q: str) -> str:
    """What the lists add to their cache keys for a text query: the state of the meaning
    source ("" without a query or a source)."""
    source = _meaning_source(q)
    return source.version() if source is not None else ""


def keyed_with_meaning(version: str, q: str) -> str:
    """A list's data `version` as a cache key for the text query `q`: with the meaning
    source's state when `q` is searched by meaning."""
    meaning = meaning_version(q)
    return f"{version}~{meaning}" if meaning else version


def text_search_q(field: str, q: str, *, kind: str = "") -> Q:
    """The lists' `q` filter: records whose folded text `field` has *any* of the query's terms
    (`ranked_by_text` puts those with every term first) and, given their `kind`, records
    close in meaning to it (`MeaningSource`). A query without a searchable word (too short,
    only stop words) filters nothing; an overlong one matches nothing."""
    parsed = parse_query(q)
    if parsed.error == "too_long":
        return Q(pk__in=[])
    condition = Q()
    for term in parsed.terms:
        condition |= term_q(field, term)
    if meaning := _meaning_ids(kind, q):
        condition |= Q(pk__in=meaning)
    return condition


def ranked_by_text(
    qs: QuerySet[M], field: str, q: str, order: Sequence[str | OrderBy | F], *, kind: str = ""
) -> QuerySet[M]:
    """`qs` ordered by `order`, after the records with the most of the query's terms when it
    has several (all-words hits first, then partial hits); records found only by meaning
    (`text_search_q` with a `kind`) last, the closest first. One query, annotated `text_hits`
    (0 for a record found only by meaning; not annotated for a one-word query without hits by
    meaning)."""
    terms = parse_query(q).terms if q else ()
    meaning = _meaning_ids(kind, q)
    if len(terms) < 2 and not meaning:
        return qs.order_by(*order)
    hits = sum(
        (Case(When(term_q(field, t), then=Value(1)), default=Value(0)) for t in terms),
        start=Value(0),
    )
    qs = qs.annotate(**{TEXT_HITS: hits})
    if not meaning:
        return qs.order_by(F(TEXT_HITS).desc(), *order)
    closeness = Case(
        When(
            **{TEXT_HITS: 0},
            then=Case(
                *(When(pk=pk, then=Value(rank)) for rank, pk in enumerate(meaning)),
                default=Value(len(meaning)),
            ),
        ),
        default=Value(-1),
    )
    return qs.order_by(F(TEXT_HITS).desc(), closeness.asc(), *order)


# --- "Meinten Sie …?" -------------------------------------------------------------------

# Words shorter than this are neither suggested nor corrected.
MIN_SUGGESTED_LENGTH = 4
# How alike (difflib ratio, 0 … 1) a known word must be to be suggested for an unknown one.
SUGGESTION_CUTOFF = 0.75
_RAW_WORD_RE = re.compile(r"[^\W\d_]+")


def vocabulary(texts: Iterable[str]) -> dict[str, str]:
    """The words of `texts` (at least MIN_SUGGESTED_LENGTH letters): folded → as first written."""
    words: dict[str, str] = {}
    for text in texts:
        for word in _RAW_WORD_RE.findall(text or ""):
            if len(word) >= MIN_SUGGESTED_LENGTH:
                words.setdefault(fold(word), word)
    return words


def _known(term: Term, words: Mapping[str, str]) -> bool:
    return any(term.matches_token(word) for word in words)


def _closest(word: str, words: Mapping[str, str]) -> str:
    candidates = [w for w in words if abs(len(w) - len(word)) <= 2]
    best = difflib.get_close_matches(word, candidates, n=1, cutoff=SUGGESTION_CUTOFF)
    return words[best[0]] if best else ""


def suggestion(query: ParsedQuery, words: Mapping[str, str]) -> str:
    """The query with each word that no indexed text has (`words`, see `vocabulary`) replaced
    by the most similar one that it has ("Leerstnd" → "Leerstand"); "" when there is nothing
    to correct or nothing close enough."""
    if not query.is_searchable or not words:
        return ""
    replacements: dict[str, str] = {}
    for term in query.terms:
        if len(term.word) < MIN_SUGGESTED_LENGTH or _known(term, words):
            continue
        if closest := _closest(term.word, words):
            replacements[term.word] = closest
    if not replacements:
        return ""
    # Rebuild the text as typed, only the unknown words replaced.
    return _RAW_WORD_RE.sub(lambda m: replacements.get(fold(m.group()), m.group()), query.text)


VOCABULARY_CACHE_SECONDS = 300


def cached_suggestion(
    q: str, *, name: str, version: str, texts: Callable[[], Iterable[str]]
) -> str:
    """`suggestion` for the text `q` with the vocabulary of `texts()`, kept in the cache under
    `name` and the data `version` (built at most once per version)."""
    query = parse_query(q)
    if not query.is_searchable:
        return ""
    key = f"vocabulary:{name}:{version}"
    words = cache.get(key)
    if words is None:
        words = vocabulary(texts())
        cache.set(key, words, VOCABULARY_CACHE_SECONDS)
    return suggestion(query, words)


def public_suggestion(
    q: str, model: type[models.Model], fields: Sequence[str], *, version: str = ""
) -> str:
    """`suggestion` for a list's `q` with the words of `fields` of the model's *public* records
    (never private ones: the vocabulary is shared by all visitors), cached per data version
    (`version` if the caller has it, else the model's `core.versions.data_version`)."""
    from quartiersnetz.core.versions import data_version

    if not q:
        return ""

    def texts() -> Iterable[str]:
        public = model.PUBLIC.q()  # type: ignore[attr-defined]
        for row in model._default_manager.filter(public).values_list(*fields):
            yield from (value for value in row if value)

    name = model._meta.label_lower
    version = version or data_version(model)
    return cached_suggestion(q, name=name, version=version, texts=texts)
