"""The search index on SQLite: FTS5 tables kept by triggers.

Per kind one FTS5 *external content* table over the source table
(`unicode61 remove_diacritics 2`, ranked with bm25 and column weights) and one
contentless FTS5 `trigram` table over the folded text (parts inside compounds), both kept
by AFTER INSERT/UPDATE/DELETE triggers on the source table.

The public-only kinds (events and projects, see `sources.py`) take their place from another
table. A trigger body must not name another Django table (Django's SQLite schema editor
re-creates a table by DROP + RENAME, and SQLite refuses the RENAME while any trigger names
the dropped table), so a search-owned mirror `search_municipality (id, name)` is kept by
triggers on `places_municipality`, and the FTS tables of these kinds keep their own copy of
the text (entries are deleted by rowid, whatever the municipality is called now). A renamed
municipality reaches the index of existing events and projects with their next change or
`rebuild_search_index`.
"""

# SQL here is assembled only from the constant identifiers of sources.SOURCES; user input
# always travels as a query parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from .sources import MUNICIPALITY_MIRROR, Source, concat

# Umlauts and the most common accents folded before the trigram tokenizer
# (which folds case but, before SQLite 3.45, not diacritics).
_FOLDS = (
    ("ä", "a"), ("Ä", "a"), ("ö", "o"), ("Ö", "o"), ("ü", "u"), ("Ü", "u"),
    ("ß", "ss"), ("ẞ", "ss"), ("é", "e"), ("É", "e"), ("è", "e"), ("á", "a"), ("à", "a"),
)  # fmt: skip


def fold(expr: str) -> str:
    """The text `expr` folded for the trigram table (shared by the DDL and the queries)."""
    for char, repl in _FOLDS:
        expr = f"replace({expr}, '{char}', '{repl}')"
    return expr


def _tables(source: Source) -> list[str]:
    cols = ", ".join(source.column_names)
    if source.public_only:  # own content: entries are deleted by rowid
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {source.fts} USING fts5({cols}, "
            "tokenize='unicode61 remove_diacritics 2')",
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {source.tri} USING fts5(text, tokenize='trigram')",
        ]
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {source.fts} USING fts5({cols}, "
        f"content='{source.table}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {source.tri} USING fts5(text, content='', "
        "tokenize='trigram')",
    ]


def _public_only_sql(source: Source, alias: str) -> tuple[str, str]:
    """INSERT … SELECT of the row `alias` into both tables, if it is visible."""
    cols = ", ".join(source.column_names)
    values = ", ".join(source.expr(c, alias) for c in source.column_names)
    folded = fold(concat(source, alias))
    visible = source.visible_on(alias)
    rows = f"FROM {source.table} t WHERE {visible}" if alias == "t" else f"WHERE {visible}"
    return (
        f"INSERT INTO {source.fts}(rowid, {cols}) SELECT {alias}.id, {values} {rows};",
        f"INSERT INTO {source.tri}(rowid, text) SELECT {alias}.id, {folded} {rows};",
    )


def _triggers(source: Source) -> list[str]:
    ai, ad, au = source.triggers()
    if source.public_only:
        insert = " ".join(_public_only_sql(source, "new"))
        delete = (
            f"DELETE FROM {source.fts} WHERE rowid = old.id; "
            f"DELETE FROM {source.tri} WHERE rowid = old.id;"
        )
        watched = ", ".join(source.trigger_columns)
        return [
            f"CREATE TRIGGER IF NOT EXISTS {ai} AFTER INSERT ON {source.table} BEGIN {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON {source.table} BEGIN {delete} END",
            f"CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE OF {watched} ON {source.table} "
            f"BEGIN {delete} {insert} END",
        ]
    cols = ", ".join(source.column_names)
    new = ", ".join(f"new.{c}" for c in source.column_names)
    old = ", ".join(f"old.{c}" for c in source.column_names)
    fold_new = fold(concat(source, "new"))
    fold_old = fold(concat(source, "old"))
    insert = (
        f"INSERT INTO {source.fts}(rowid, {cols}) VALUES (new.id, {new}); "
        f"INSERT INTO {source.tri}(rowid, text) VALUES (new.id, {fold_new});"
    )
    delete = (
        f"INSERT INTO {source.fts}({source.fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {source.tri}({source.tri}, rowid, text) "
        f"VALUES ('delete', old.id, {fold_old});"
    )
    return [
        f"CREATE TRIGGER IF NOT EXISTS {ai} AFTER INSERT ON {source.table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON {source.table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE OF {cols} ON {source.table} "
        f"BEGIN {delete} {insert} END",
    ]


def _rebuild(cursor: Any, source: Source) -> None:
    if source.public_only:
        # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
        cursor.execute(f"DELETE FROM {source.fts}")
        # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
        cursor.execute(f"DELETE FROM {source.tri}")
        for sql in _public_only_sql(source, "t"):
            cursor.execute(sql)
        return
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(f"INSERT INTO {source.fts}({source.fts}) VALUES ('rebuild')")
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(f"INSERT INTO {source.tri}({source.tri}) VALUES ('delete-all')")
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(
        f"INSERT INTO {source.tri}(rowid, text) "
        f"SELECT t.id, {fold(concat(source, 't'))} FROM {source.table} t"
    )


# The mirror of the municipality names (see the module docstring).
_MIRROR_TRIGGERS = (
    f"{MUNICIPALITY_MIRROR}_ai",
    f"{MUNICIPALITY_MIRROR}_ad",
    f"{MUNICIPALITY_MIRROR}_au",
)


def _mirror() -> list[str]:
    ai, ad, au = _MIRROR_TRIGGERS
    upsert = f"INSERT OR REPLACE INTO {MUNICIPALITY_MIRROR}(id, name) VALUES (new.id, new.name);"
    delete = f"DELETE FROM {MUNICIPALITY_MIRROR} WHERE id = old.id;"
    return [
        f"CREATE TABLE IF NOT EXISTS {MUNICIPALITY_MIRROR} "
        "(id integer NOT NULL PRIMARY KEY, name text NOT NULL)",
        f"CREATE TRIGGER IF NOT EXISTS {ai} AFTER INSERT ON places_municipality BEGIN {upsert} END",
        f"CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON places_municipality BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE OF id, name ON places_municipality "
        f"BEGIN {delete} {upsert} END",
    ]


def _mirror_fill(cursor: Any) -> None:
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(f"DELETE FROM {MUNICIPALITY_MIRROR}")
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(
        f"INSERT INTO {MUNICIPALITY_MIRROR}(id, name) SELECT id, name FROM places_municipality"
    )


def _needs_mirror(sources: Iterable[Source]) -> bool:
    return any(s.derived for s in sources)


def _existing(cursor: Any) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
    return {row[0] for row in cursor.fetchall()}


# --- entry points (see schema.py) -----------------------------------------------------------


def install(connection: BaseDatabaseWrapper, sources: list[Source]) -> None:
    with connection.cursor() as cursor:
        if _needs_mirror(sources):
            for sql in _mirror():
                cursor.execute(sql)
            _mirror_fill(cursor)
        for source in sources:
            for sql in _tables(source) + _triggers(source):
                cursor.execute(sql)
            _rebuild(cursor, source)


def uninstall(connection: BaseDatabaseWrapper, sources: list[Source]) -> None:
    with connection.cursor() as cursor:
        for source in sources:
            for trigger in source.triggers():
                # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
            cursor.execute(f"DROP TABLE IF EXISTS {source.fts}")
            # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
            cursor.execute(f"DROP TABLE IF EXISTS {source.tri}")
        if _needs_mirror(sources):
            for trigger in _MIRROR_TRIGGERS:
                # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
            cursor.execute(f"DROP TABLE IF EXISTS {MUNICIPALITY_MIRROR}")


def ensure(connection: BaseDatabaseWrapper, sources: list[Source]) -> list[str]:
    repaired: list[str] = []
    with connection.cursor() as cursor:
        existing = _existing(cursor)
        mirror_repaired = False
        if _needs_mirror(sources) and "places_municipality" in existing:
            needed = [MUNICIPALITY_MIRROR, *_MIRROR_TRIGGERS]
            if not all(name in existing for name in needed):
                for sql in _mirror():
                    cursor.execute(sql)
                _mirror_fill(cursor)
                mirror_repaired = True
        for source in sources:
            if source.table not in existing:
                continue
            needed = [source.fts, source.tri, *source.triggers()]
            if all(name in existing for name in needed) and not (
                mirror_repaired and source.derived
            ):
                continue
            for sql in _tables(source) + _triggers(source):
                cursor.execute(sql)
            _rebuild(cursor, source)
            repaired.append(source.kind)
    return repaired


def rebuild(connection: BaseDatabaseWrapper, sources: list[Source]) -> None:
    with connection.cursor() as cursor:
        if _needs_mirror(sources):
            _mirror_fill(cursor)
        for source in sources:
            _rebuild(cursor, source)


def integrity_check(connection: BaseDatabaseWrapper, sources: list[Source]) -> list[str]:
    """FTS5's own check (and, for public-only kinds, one entry per visible row)."""
    problems: list[str] = []
    with connection.cursor() as cursor:
        for source in sources:
            visible = f" WHERE {source.visible}" if source.public_only else ""
            try:
                # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
                cursor.execute(
                    f"INSERT INTO {source.fts}({source.fts}, rank) VALUES ('integrity-check', 1)"
                )
            except Exception as exc:
                problems.append(f"{source.fts}: {exc}")
            if source.public_only:
                # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
                cursor.execute(
                    f"SELECT (SELECT COUNT(*) FROM {source.table} t{visible}), "
                    f"(SELECT COUNT(*) FROM {source.fts}), (SELECT COUNT(*) FROM {source.tri})"
                )
                rows, words, trigrams = cursor.fetchone()
                if not rows == words == trigrams:
                    problems.append(f"{source.fts}: {rows} rows, {words} entries")
    return problems
