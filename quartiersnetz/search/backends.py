"""One search interface over practices, actors, publications, events and projects.

`search(query, kinds=…, limit=…, offset=…)` parses the query (see `query.py`), asks
the backend of the connection's vendor — SQLite FTS5 or PostgreSQL full text, see
`sqlite_index.py` and `postgres_index.py` for the indexes — and returns the counts per
kind and one page of hits ranked across kinds, with highlighted titles and snippets. Two
queries, whatever the data size: one for the counts, one for the page.

Visibility is applied here, at query time (published practices and publications,
actors not hidden, published or cancelled events, public projects), so an index entry never
makes a private record appear; events and projects are, besides, indexed only while public.
"""

# SQL here is assembled only from the constant identifiers of sources.SOURCES; user input
# always travels as a query parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import Actor
from quartiersnetz.alliances.models import Alliance
from quartiersnetz.core.versions import data_version
from quartiersnetz.events.models import Event
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects.models import Project
from quartiersnetz.publications.models import Publication

from .postgres_index import PG_TABLE, TS_CONFIG
from .query import INFLECTION, ParsedQuery, Term, highlight, parse_query, snippet
from .sources import SOURCES_BY_KIND, Source, concat

KINDS: tuple[str, ...] = ("practice", "actor", "publication", "event", "project", "alliance")
SNIPPET_SOURCE_CHARS = 20000

KIND_LABELS = {
    "practice": _("Praxisbeispiel"),
    "actor": _("Mitwirkende"),
    "publication": _("Impuls"),
    "event": _("Werkstatt"),
    "project": _("Vorhaben"),
    "alliance": _("Allianz"),
}
_DETAIL_URL = {
    "practice": "practices:detail",
    "actor": "actors:detail",
    "publication": "publications:detail",
    "event": "events:detail",
    "project": "projects:detail",
    "alliance": "alliances:detail",
}

# What the hit line shows besides title and snippet, per kind: SQL on alias t, read for the
# hits of one page only. Every kind has every key (NULL where it has none).
_MUNICIPALITY_NAME = "(SELECT m.name FROM places_municipality m WHERE m.id = t.municipality_id)"
DETAILS: dict[str, dict[str, str]] = {
    "event": {
        "start": "t.start",
        "time_zone": "t.time_zone",
        "mode": "t.mode",
        "venue": "t.venue_name",
        "municipality": _MUNICIPALITY_NAME,
        "state": "t.state",
        "format": "(SELECT f.name FROM events_eventformat f WHERE f.id = t.format_id)",
        "format_en": "(SELECT f.name_en FROM events_eventformat f WHERE f.id = t.format_id)",
    },
    "project": {"municipality": _MUNICIPALITY_NAME, "phase": "t.phase"},
    "alliance": {"municipality": _MUNICIPALITY_NAME},
}
DETAIL_KEYS: tuple[str, ...] = tuple(dict.fromkeys(k for d in DETAILS.values() for k in d))


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: int
    slug: str
    subkind: str
    title: str
    rank: float
    title_html: SafeString
    snippet_html: SafeString
    details: dict[str, Any] = field(default_factory=dict)
    # Found by meaning only (semantic.py), not by its words.
    found_by_meaning: bool = False

    def by_meaning(self) -> SearchHit:
        return replace(self, found_by_meaning=True)

    @property
    def url(self) -> str:
        return reverse(_DETAIL_URL[self.kind], kwargs={"slug": self.slug})

    @property
    def badge(self) -> str:
        """What the record is: "Praxisbeispiel", "Organisation", "Interview", "Praxiswerkstatt" …"""
        if self.kind == "actor" and self.subkind in Actor.Kind.values:
            return str(Actor.Kind(self.subkind).label)
        if self.kind == "publication" and self.subkind in Publication.Kind.values:
            return str(Publication.Kind(self.subkind).label)
        if self.kind == "event":
            english = (get_language() or "de").startswith("en")
            name = (english and self.details.get("format_en")) or self.details.get("format")
            if name:
                return str(name)
        return str(KIND_LABELS[self.kind])

    @property
    def start(self) -> dt.datetime | None:
        """An event's start in its own time zone."""
        value = self.details.get("start")
        if isinstance(value, str):  # SQLite returns the stored text (UTC)
            value = parse_datetime(value)
        if not isinstance(value, dt.datetime):
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        try:
            return value.astimezone(zoneinfo.ZoneInfo(self.details.get("time_zone") or "UTC"))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return value

    @property
    def place(self) -> str:
        """Venue and municipality of an event ("online" without a place), a project's place."""
        parts = [self.details.get("venue") or "", self.details.get("municipality") or ""]
        text = ", ".join(p for p in parts if p)
        if self.kind == "event" and not text and self.details.get("mode") == Event.Mode.ONLINE:
            return str(Event.Mode.ONLINE.label)
        return text

    @property
    def is_cancelled(self) -> bool:
        return self.kind == "event" and self.details.get("state") == Event.State.CANCELLED

    @property
    def phase(self) -> str:
        value = self.details.get("phase")
        if self.kind == "project" and value in Project.Phase.values:
            return str(Project.Phase(value).label)
        return ""


@dataclass
class SearchResults:
    query: ParsedQuery
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    hits: list[SearchHit] = field(default_factory=list)
    kinds: tuple[str, ...] = KINDS

    @property
    def total(self) -> int:
        return sum(self.counts[k] for k in self.kinds)


class Backend(Protocol):
    def counts(self, terms: Sequence[Term]) -> dict[str, int]: ...

    def page(
        self, terms: Sequence[Term], kinds: Sequence[str], limit: int, offset: int
    ) -> list[tuple[Any, ...]]: ...

    def top(
        self, terms: Sequence[Term], kinds: Sequence[str], limit: int
    ) -> list[tuple[str, int]]: ...

    def rows(self, records: Sequence[tuple[str, int]]) -> list[tuple[Any, ...]]: ...

    def matching(
        self, terms: Sequence[Term], records: Sequence[tuple[str, int]]
    ) -> set[tuple[str, int]]: ...


def _page_sql(ranked: str, kinds: Sequence[str], newline: str) -> str:
    """Texts for the few ranked hits only: ranking reads ids and titles, not bodies."""
    joins: list[str] = []
    columns: dict[str, list[str]] = {"slug": [], "subkind": [], "summary": [], "body": []}
    columns.update({f"d_{key}": [] for key in DETAIL_KEYS})
    for i, kind in enumerate(kinds):
        source = SOURCES_BY_KIND[kind]
        alias = f"x{i}"
        joins.append(f"LEFT JOIN {source.table} {alias} ON h.kind = '{kind}' AND {alias}.id = h.id")
        body = f" || {newline} || ".join(f"{alias}.{c}" for c in source.snippet_columns)
        subkind = source.subkind.replace("t.", f"{alias}.")
        when = f"WHEN '{kind}' THEN "
        columns["slug"].append(f"{when}{alias}.slug")
        columns["subkind"].append(f"{when}{subkind}")
        columns["summary"].append(f"{when}{alias}.summary")
        columns["body"].append(f"{when}substr({body}, 1, {SNIPPET_SOURCE_CHARS})")
        for key, sql in DETAILS.get(kind, {}).items():
            columns[f"d_{key}"].append(f"{when}{sql.replace('t.', f'{alias}.')}")
    selected = ", ".join(
        f"CASE h.kind {' '.join(c)} END AS {name}" if c else f"NULL AS {name}"
        for name, c in columns.items()
    )
    return (
        f"SELECT h.kind, h.id, h.title, h.rank, {selected} "
        f"FROM ({ranked}) AS h {' '.join(joins)} ORDER BY h.rank DESC, h.title, h.kind, h.id"
    )


def _fts_phrase(text: str) -> str:
    # Terms hold letters and digits only (query.WORD_RE); quoting keeps FTS5 syntax out.
    return '"' + text.replace('"', '""') + '"'


class _CountingBackend:
    """What both backends share: one statement counting the matches of every kind."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def _conditions(self, source: Source, terms: Sequence[Term]) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def _from(self, source: Source) -> str:
        raise NotImplementedError

    def _ranked(
        self, terms: Sequence[Term], kinds: Sequence[str], limit: int, offset: int
    ) -> tuple[str, list[Any]]:
        """The ranked hits (kind, id, title, rank) of one page: SQL with a "WITH" prefix where
        needed (see `_page_sql`)."""
        raise NotImplementedError

    _with: str = ""
    _newline = "char(10)"

    def page(
        self, terms: Sequence[Term], kinds: Sequence[str], limit: int, offset: int
    ) -> list[tuple[Any, ...]]:
        prefix, ranked, params = self._split(*self._ranked(terms, kinds, limit, offset))
        with self.connection.cursor() as cursor:
            # nosemgrep: qn-sql-formatted -- SOURCES identifiers; terms are params
            cursor.execute(prefix + _page_sql(ranked, kinds, self._newline), params)
            return cursor.fetchall()

    def top(self, terms: Sequence[Term], kinds: Sequence[str], limit: int) -> list[tuple[str, int]]:
        """(kind, id) of the `limit` best full-text hits, best first (one query, no texts)."""
        prefix, ranked, params = self._split(*self._ranked(terms, kinds, limit, 0))
        with self.connection.cursor() as cursor:
            # nosemgrep: qn-sql-formatted -- SOURCES identifiers; terms are params
            cursor.execute(f"{prefix}SELECT h.kind, h.id FROM ({ranked}) AS h", params)
            return [(kind, int(pk)) for kind, pk in cursor.fetchall()]

    def rows(self, records: Sequence[tuple[str, int]]) -> list[tuple[Any, ...]]:
        """The page rows (as `page`) of the given records, in no particular order."""
        kinds = [k for k in KINDS if any(kind == k for kind, _pk in records)]
        selects: list[str] = []
        params: list[Any] = []
        for kind in kinds:
            source = SOURCES_BY_KIND[kind]
            ids = [pk for k, pk in records if k == kind]
            marks = ", ".join(["%s"] * len(ids))
            selects.append(
                f"SELECT '{kind}' AS kind, t.id, t.{source.title} AS title, 0 AS rank "
                f"FROM {source.table} t WHERE t.id IN ({marks}) AND {source.visible}"
            )
            params.extend(ids)
        if not selects:
            return []
        ranked = " UNION ALL ".join(selects)
        with self.connection.cursor() as cursor:
            # nosemgrep: qn-sql-formatted -- SOURCES identifiers; ids are params
            cursor.execute(_page_sql(ranked, kinds, self._newline), params)
            return cursor.fetchall()

    def matching(
        self, terms: Sequence[Term], records: Sequence[tuple[str, int]]
    ) -> set[tuple[str, int]]:
        """Which of `records` the full-text query matches (one query)."""
        selects: list[str] = []
        params: list[Any] = []
        for kind in KINDS:
            ids = [pk for k, pk in records if k == kind]
            if not ids:
                continue
            source = SOURCES_BY_KIND[kind]
            where, p = self._conditions(source, terms)
            marks = ", ".join(["%s"] * len(ids))
            selects.append(
                f"SELECT '{kind}', t.id FROM {self._from(source)} "
                f"WHERE t.id IN ({marks}) AND {where}"
            )
            params.extend([*ids, *p])
        if not selects:
            return set()
        with self.connection.cursor() as cursor:
            # nosemgrep: qn-sql-formatted -- SOURCES identifiers; ids and terms are params
            cursor.execute(" UNION ALL ".join(selects), params)
            return {(kind, int(pk)) for kind, pk in cursor.fetchall()}

    @staticmethod
    def _split(sql: str, params: list[Any]) -> tuple[str, str, list[Any]]:
        """A ranked query "WITH … SELECT …" as its WITH prefix and the SELECT."""
        if sql.startswith("WITH "):
            head, _sep, select = sql.partition(" /*ranked*/ ")
            return head + " ", select, params
        return "", sql, params

    def counts(self, terms: Sequence[Term]) -> dict[str, int]:
        parts: list[str] = []
        params: list[Any] = []
        for kind in KINDS:
            source = SOURCES_BY_KIND[kind]
            where, p = self._conditions(source, terms)
            parts.append(f"(SELECT COUNT(*) FROM {self._from(source)} WHERE {where})")
            params.extend(p)
        with self.connection.cursor() as cursor:
            # nosemgrep: qn-sql-formatted -- SOURCES identifiers; terms are params
            cursor.execute("SELECT " + ", ".join(parts), params)
            row = cursor.fetchone()
        return dict(zip(KINDS, row, strict=True))


class SQLiteBackend(_CountingBackend):
    """FTS5: word table (prefix queries, bm25 with column weights) + trigram table."""

    def _conditions(self, source: Source, terms: Sequence[Term]) -> tuple[str, list[Any]]:
        sql: list[str] = [source.visible]
        params: list[Any] = []
        for term in terms:
            alternatives: list[str] = []
            for spelling in term.spellings:
                alternatives += self._alternatives(source, spelling, params)
            sql.append("(" + " OR ".join(alternatives) + ")")
        return " AND ".join(sql), params

    def _alternatives(self, source: Source, term: Term, params: list[Any]) -> list[str]:
        """The ways a record matches one spelling of a term (its parameters into `params`)."""
        word = f"t.id IN (SELECT rowid FROM {source.fts} WHERE {source.fts} MATCH %s)"
        params.append(_fts_phrase(term.prefix) + "*")
        alternatives = [word]
        if term.infix:
            tri = f"t.id IN (SELECT rowid FROM {source.tri} WHERE {source.tri} MATCH %s)"
            params.append(_fts_phrase(term.infix))
            if not term.infix_is_free and source.public_only:
                # These trigram tables keep their (folded) text: check the part there.
                tri = (
                    f"t.id IN (SELECT rowid FROM {source.tri} "
                    f"WHERE {source.tri} MATCH %s AND text REGEXP %s)"
                )
                params.append(sqlite_compound_regex(term))
            elif not term.infix_is_free:
                tri = f"({tri} AND {concat(source, 't')} REGEXP %s)"
                params.append(sqlite_compound_regex(term))
            alternatives.append(tri)
        return alternatives

    def _from(self, source: Source) -> str:
        return f"{source.table} t"

    def _ranked(
        self, terms: Sequence[Term], kinds: Sequence[str], limit: int, offset: int
    ) -> tuple[str, list[Any]]:
        any_term = " OR ".join(
            _fts_phrase(spelling.prefix) + "*" for t in terms for spelling in t.spellings
        )
        ctes: list[str] = []
        selects: list[str] = []
        params: list[Any] = []
        for kind in kinds:
            source = SOURCES_BY_KIND[kind]
            weights = ", ".join(str(w) for _c, w, _l in source.columns)
            ctes.append(
                f"r_{kind} AS MATERIALIZED (SELECT rowid AS id, bm25({source.fts}, {weights}) "
                f"AS score FROM {source.fts} WHERE {source.fts} MATCH %s)"
            )
            params.append(any_term)
        for kind in kinds:
            source = SOURCES_BY_KIND[kind]
            where, p = self._conditions(source, terms)
            # Word hits carry their bm25 (looked up by rowid); hits only through the
            # trigram table (parts inside compounds) rank after them.
            selects.append(
                f"SELECT '{kind}' AS kind, t.id, t.{source.title} AS title, -r.score AS rank "
                f"FROM r_{kind} r JOIN {source.table} t ON t.id = r.id WHERE {where}"
            )
            selects.append(
                f"SELECT '{kind}' AS kind, t.id, t.{source.title} AS title, 0 AS rank "
                f"FROM {source.table} t WHERE {where} "
                f"AND t.id NOT IN (SELECT id FROM r_{kind})"
            )
            params.extend(p + p)
        ranked = (
            "SELECT * FROM ("
            + " UNION ALL ".join(selects)
            + ") ORDER BY rank DESC, title, kind, id LIMIT %s OFFSET %s"
        )
        params.extend([limit, offset])
        return "WITH " + ", ".join(ctes) + " /*ranked*/ " + ranked, params


def sqlite_compound_regex(term: Term) -> str:
    """Python regex on the raw text: a short stem as the last part of a compound.

    The raw text still has its umlauts, so each folded letter also accepts its umlaut.
    """
    letters = {"a": "[aä]", "o": "[oö]", "u": "[uü]"}
    stem = term.infix.replace("ss", "\0")
    pattern = "".join(letters.get(ch, "(?:ss|ß)" if ch == "\0" else ch) for ch in stem)
    return rf"(?i)[^\W\d_]{{3,}}{pattern}{INFLECTION}\b"


# A term matches a lexeme that starts with its prefix stem, unstemmed ('simple': "burger"
# finds "burgerin" but not "burgbesicht"), or with the Snowball stem of the word itself
# ("entwicklung" → "entwickl", which the light prefix stem does not reach).
_PG_TERM_QUERY = (
    f"(to_tsquery('simple'::regconfig, %s) || to_tsquery('{TS_CONFIG}'::regconfig, %s))"
)


class PostgresBackend(_CountingBackend):
    """`search_document`: stored `german_unaccent` vectors (GIN) + folded text (pg_trgm)."""

    def _conditions(self, source: Source, terms: Sequence[Term]) -> tuple[str, list[Any]]:
        sql: list[str] = [f"d.kind = '{source.kind}'", source.visible]
        params: list[Any] = []
        for term in terms:
            alternatives: list[str] = []
            for spelling in term.spellings:
                alternatives.append(f"d.vector @@ {_PG_TERM_QUERY}")
                params.extend([f"{spelling.prefix}:*", f"{spelling.word}:*"])
                if spelling.infix:
                    if spelling.infix_is_free:
                        alternatives.append("d.folded LIKE %s")
                        params.append(f"%{spelling.infix}%")
                    else:
                        alternatives.append("(d.folded LIKE %s AND d.folded ~ %s)")
                        params.extend([f"%{spelling.infix}%", spelling.compound_head_regex + r"\M"])
            sql.append("(" + " OR ".join(alternatives) + ")")
        return " AND ".join(sql), params

    def _from(self, source: Source) -> str:
        return f"{PG_TABLE} d JOIN {source.table} t ON t.id = d.object_id"

    _newline = "chr(10)"

    def _ranked(
        self, terms: Sequence[Term], kinds: Sequence[str], limit: int, offset: int
    ) -> tuple[str, list[Any]]:
        any_prefix = " | ".join(f"{s.prefix}:*" for t in terms for s in t.spellings)
        any_word = " | ".join(f"{s.word}:*" for t in terms for s in t.spellings)
        selects: list[str] = []
        params: list[Any] = []
        for kind in kinds:
            source = SOURCES_BY_KIND[kind]
            where, p = self._conditions(source, terms)
            selects.append(
                f"SELECT '{kind}'::text AS kind, t.id, t.{source.title}::text AS title, "
                f"ts_rank_cd(d.vector, {_PG_TERM_QUERY}) AS rank "
                f"FROM {self._from(source)} WHERE {where}"
            )
            params.extend([any_prefix, any_word])
            params.extend(p)
        ranked = (
            "SELECT * FROM ("
            + " UNION ALL ".join(selects)
            + ") AS hits ORDER BY rank DESC, title, kind, id LIMIT %s OFFSET %s"
        )
        params.extend([limit, offset])
        return ranked, params


def get_backend(connection: BaseDatabaseWrapper | None = None) -> Backend:
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        return SQLiteBackend(connection)
    raise NotImplementedError(f"search: no backend for {connection.vendor}")


def _normalise_kinds(kinds: Iterable[str] | None) -> tuple[str, ...]:
    if kinds is None:
        return KINDS
    wanted = set(kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}")
    return tuple(k for k in KINDS if k in wanted)


def _hit(row: Sequence[Any], terms: tuple[Term, ...]) -> SearchHit:
    kind, pk, title, rank, slug, subkind, summary, body, *detail_values = row
    details = {
        key: value
        for key, value in zip(DETAIL_KEYS, detail_values, strict=True)
        if key in DETAILS.get(kind, {})
    }
    text = f"{summary}\n{body}" if summary else body
    return SearchHit(
        kind=kind,
        id=pk,
        slug=slug,
        subkind=subkind or "",
        title=title,
        rank=float(rank or 0),
        title_html=highlight(title, terms),
        snippet_html=snippet(text or "", terms),
        details=details,
    )


SOURCE_MODELS = {
    "practice": Practice,
    "actor": Actor,
    "publication": Publication,
    "event": Event,
    "project": Project,
    "alliance": Alliance,
}


def search_data_version() -> str:
    """The data version of every searched table (one index-only query); result caches use it."""
    return data_version(*(SOURCE_MODELS[kind] for kind in KINDS))


# Title columns of the kinds (for the vocabulary of "Meinten Sie …?").
_TITLE_FIELDS = {kind: SOURCES_BY_KIND[kind].title for kind in KINDS}


def search_vocabulary() -> Iterable[str]:
    """The texts whose words are suggested for misspellings: titles of every public record and
    the names of the practices' terms (see `core.textquery.suggestion`). Titles and names
    rather than whole texts keep it small and quick to build (once per data version)."""
    parts = [
        SOURCE_MODELS[kind]
        .objects.filter(SOURCE_MODELS[kind].PUBLIC.q())  # type: ignore[attr-defined]
        .order_by()
        .values_list(_TITLE_FIELDS[kind], flat=True)
        for kind in KINDS
    ]
    terms = Practice.objects.published().order_by().values_list("terms", flat=True)
    # One query.
    yield from parts[0].union(*parts[1:], terms, all=True)


def search_counts(query: ParsedQuery, *, backend: Backend | None = None) -> dict[str, int]:
    if not query.is_searchable:
        return dict.fromkeys(KINDS, 0)
    return (backend or get_backend()).counts(query.terms)


def search_page(
    query: ParsedQuery,
    *,
    kinds: Iterable[str] | None = None,
    limit: int = 20,
    offset: int = 0,
    backend: Backend | None = None,
) -> list[SearchHit]:
    selected = _normalise_kinds(kinds)
    if not query.is_searchable or not selected or limit <= 0:
        return []
    rows = (backend or get_backend()).page(query.terms, selected, limit, max(0, offset))
    return [_hit(row, query.terms) for row in rows]


def search(
    query: str | ParsedQuery,
    *,
    kinds: Iterable[str] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Counts per kind and one page of hits, best first (two queries)."""
    parsed = parse_query(query) if isinstance(query, str) else query
    selected = _normalise_kinds(kinds)
    results = SearchResults(query=parsed, kinds=selected)
    if not parsed.is_searchable:
        return results
    backend = get_backend()
    results.counts = search_counts(parsed, backend=backend)
    if results.total > offset:
        results.hits = search_page(
            parsed, kinds=selected, limit=limit, offset=offset, backend=backend
        )
    return results
