"""The search index inside the database, for SQLite and PostgreSQL.

The indexed records belong to other apps and are written by their services, by
`bulk_create` (demo and scale data, tests) and by data migrations. So the index is
kept by the database itself, never by Python code:

- SQLite: per kind one FTS5 *external content* table over the source table
  (`unicode61 remove_diacritics 2`, ranked with bm25 and column weights) and one
  contentless FTS5 `trigram` table over the folded text (parts inside compounds),
  both kept by AFTER INSERT/UPDATE/DELETE triggers on the source table.
- PostgreSQL: one table `search_document` (kind, object_id, weighted
  `to_tsvector('german_unaccent', …)`, `qn_search_fold(…)` = lower-cased unaccent)
  with a GIN index on the vector and a GIN trigram index on the folded text, kept by
  plpgsql triggers (row INSERT/UPDATE/DELETE and TRUNCATE) on the source tables.
  Expression indexes on the source tables were measured first and dropped: the
  recheck and the ranking recompute `to_tsvector` for every candidate row (10–46 s
  for a broad query over 15 000 records, against 0.1–0.4 s with stored vectors).

`install()` creates everything (migration 0001), `ensure()` re-creates what is
missing and rebuilds what may be stale (after every `migrate`: Django's SQLite schema
editor re-creates a table for many column changes and drops its triggers with it;
PostgreSQL drops a column's triggers with the column),
`rebuild()` fills the SQLite index anew (management command `rebuild_search_index`).
"""

# SQL here is assembled only from the constant identifiers of schema.SOURCES; user input
# always travels as a query parameter.
# ruff: noqa: S608

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

TS_CONFIG = "german_unaccent"
FOLD_FUNCTION = "qn_search_fold"


@dataclass(frozen=True)
class Source:
    kind: str  # practice | actor | publication
    table: str
    visible: str  # SQL condition on alias t, the same on both databases
    # (column, SQLite bm25 weight, PostgreSQL weight letter); the first is the title.
    columns: tuple[tuple[str, float, str], ...]
    subkind: str  # SQL expression on alias t for the badge ("''" if none)

    @property
    def title(self) -> str:
        return self.columns[0][0]

    @property
    def fts(self) -> str:
        return f"search_{self.kind}_fts"

    @property
    def tri(self) -> str:
        return f"search_{self.kind}_tri"

    @property
    def column_names(self) -> list[str]:
        return [c for c, _w, _l in self.columns]

    def triggers(self) -> list[str]:
        return [f"search_{self.kind}_ai", f"search_{self.kind}_ad", f"search_{self.kind}_au"]


SOURCES: tuple[Source, ...] = (
    Source(
        kind="practice",
        table="practices_practice",
        visible="t.state = 'published'",
        columns=(
            ("title", 10.0, "A"),
            ("summary", 5.0, "B"),
            ("description", 1.0, "C"),
            ("co_creation", 1.0, "C"),
            ("organisational_structure", 1.0, "C"),
            ("financing", 1.0, "C"),
            ("cultural_strategy", 1.0, "C"),
            ("self_sustaining_dynamics", 1.0, "C"),
        ),
        subkind="''",
    ),
    Source(
        kind="actor",
        table="actors_actor",
        visible="t.is_hidden = false",
        columns=(
            ("name", 10.0, "A"),
            ("summary", 5.0, "B"),
            ("description", 1.0, "C"),
            ("offers", 2.0, "C"),
            ("seeks", 2.0, "C"),
        ),
        subkind="t.kind",
    ),
    Source(
        kind="publication",
        table="publications_publication",
        visible="t.is_published = true",
        columns=(
            ("title", 10.0, "A"),
            ("summary", 5.0, "B"),
            ("body", 1.0, "C"),
            ("author_names", 3.0, "B"),
        ),
        subkind="t.kind",
    ),
)
SOURCES_BY_KIND = {s.kind: s for s in SOURCES}

# --- expressions shared by the DDL and the queries ----------------------------------------

# SQLite: umlauts and the most common accents folded before the trigram tokenizer
# (which folds case but, before SQLite 3.45, not diacritics).
_SQLITE_FOLDS = (
    ("ä", "a"), ("Ä", "a"), ("ö", "o"), ("Ö", "o"), ("ü", "u"), ("Ü", "u"),
    ("ß", "ss"), ("ẞ", "ss"), ("é", "e"), ("É", "e"), ("è", "e"), ("á", "a"), ("à", "a"),
)  # fmt: skip


def concat(source: Source, alias: str, sep: str = "' '") -> str:
    prefix = f"{alias}." if alias else ""
    return f" || {sep} || ".join(f"{prefix}{c}" for c in source.column_names)


def sqlite_fold(expr: str) -> str:
    for char, repl in _SQLITE_FOLDS:
        expr = f"replace({expr}, '{char}', '{repl}')"
    return expr


def pg_vector(source: Source, alias: str = "") -> str:
    """The weighted tsvector; the query must use exactly the text of the index."""
    prefix = f"{alias}." if alias else ""
    groups: dict[str, list[str]] = {}
    for column, _weight, letter in source.columns:
        groups.setdefault(letter, []).append(f"{prefix}{column}")
    parts = []
    for letter, cols in sorted(groups.items()):
        text = " || ' ' || ".join(cols)
        parts.append(f"setweight(to_tsvector('{TS_CONFIG}'::regconfig, {text}), '{letter}')")
    return "(" + " || ".join(parts) + ")"


def pg_fold(source: Source, alias: str = "") -> str:
    return f"{FOLD_FUNCTION}({concat(source, alias)})"


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_tables(source: Source) -> list[str]:
    cols = ", ".join(source.column_names)
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {source.fts} USING fts5({cols}, "
        f"content='{source.table}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {source.tri} USING fts5(text, content='', "
        "tokenize='trigram')",
    ]


def _sqlite_triggers(source: Source) -> list[str]:
    cols = ", ".join(source.column_names)
    new = ", ".join(f"new.{c}" for c in source.column_names)
    old = ", ".join(f"old.{c}" for c in source.column_names)
    fold_new = sqlite_fold(concat(source, "new"))
    fold_old = sqlite_fold(concat(source, "old"))
    insert = (
        f"INSERT INTO {source.fts}(rowid, {cols}) VALUES (new.id, {new}); "
        f"INSERT INTO {source.tri}(rowid, text) VALUES (new.id, {fold_new});"
    )
    delete = (
        f"INSERT INTO {source.fts}({source.fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {source.tri}({source.tri}, rowid, text) "
        f"VALUES ('delete', old.id, {fold_old});"
    )
    ai, ad, au = source.triggers()
    return [
        f"CREATE TRIGGER IF NOT EXISTS {ai} AFTER INSERT ON {source.table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON {source.table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE OF {cols} ON {source.table} "
        f"BEGIN {delete} {insert} END",
    ]


def _sqlite_rebuild(cursor: Any, source: Source) -> None:
    cursor.execute(f"INSERT INTO {source.fts}({source.fts}) VALUES ('rebuild')")
    cursor.execute(f"INSERT INTO {source.tri}({source.tri}) VALUES ('delete-all')")
    cursor.execute(
        f"INSERT INTO {source.tri}(rowid, text) "
        f"SELECT t.id, {sqlite_fold(concat(source, 't'))} FROM {source.table} t"
    )


def _sqlite_existing(cursor: Any) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
    return {row[0] for row in cursor.fetchall()}


# --- PostgreSQL -----------------------------------------------------------------------------


def _pg_setup(cursor: Any) -> None:
    cursor.execute("SELECT extname FROM pg_extension WHERE extname IN ('unaccent', 'pg_trgm')")
    present = {row[0] for row in cursor.fetchall()}
    for extension in ("unaccent", "pg_trgm"):
        if extension not in present:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    )
    schema = cursor.fetchone()[0]
    # unaccent() is only STABLE (its dictionary could change); with the dictionary named
    # explicitly the result is fixed, so the wrapper may be IMMUTABLE and used in an index.
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {FOLD_FUNCTION}(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        f"$$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$"
    )
    cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [TS_CONFIG])
    if cursor.fetchone() is None:
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {TS_CONFIG} (COPY = german)")
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {TS_CONFIG} ALTER MAPPING FOR "
            f"hword, hword_part, word WITH {schema}.unaccent, german_stem"
        )


PG_TABLE = "search_document"


def _pg_table() -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {PG_TABLE} ("
        "kind varchar(20) NOT NULL, object_id bigint NOT NULL, "
        "vector tsvector NOT NULL, folded text NOT NULL, PRIMARY KEY (kind, object_id))",
        f"CREATE INDEX IF NOT EXISTS {PG_TABLE}_vector ON {PG_TABLE} USING gin (vector)",
        f"CREATE INDEX IF NOT EXISTS {PG_TABLE}_folded ON {PG_TABLE} "
        "USING gin (folded gin_trgm_ops)",
        # TRUNCATE fires no row triggers (Django's test flush truncates).
        "CREATE OR REPLACE FUNCTION search_document_truncate() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"DELETE FROM {PG_TABLE} WHERE kind = TG_ARGV[0]; RETURN NULL; END $$",
    ]


def _pg_triggers(source: Source) -> list[str]:
    # No column list (UPDATE OF …) and no WHEN: either would make PostgreSQL refuse to
    # change those columns' types ("column used in a trigger definition"), which would
    # break other apps' migrations. The function skips updates of other columns itself.
    old = ", ".join(f"OLD.{c}" for c in source.column_names)
    new = ", ".join(f"NEW.{c}" for c in source.column_names)
    function = f"search_{source.kind}_sync"
    return [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "IF TG_OP = 'DELETE' THEN "
        f"DELETE FROM {PG_TABLE} WHERE kind = '{source.kind}' AND object_id = OLD.id; "
        "RETURN NULL; END IF; "
        f"IF TG_OP = 'UPDATE' AND ({old}) IS NOT DISTINCT FROM ({new}) THEN "
        "RETURN NULL; END IF; "
        f"INSERT INTO {PG_TABLE} (kind, object_id, vector, folded) VALUES ("
        f"'{source.kind}', NEW.id, {pg_vector(source, 'NEW')}, {pg_fold(source, 'NEW')}) "
        "ON CONFLICT (kind, object_id) DO UPDATE "
        "SET vector = EXCLUDED.vector, folded = EXCLUDED.folded; "
        "RETURN NULL; END $$",
        f"DROP TRIGGER IF EXISTS {function} ON {source.table}",
        f"CREATE TRIGGER {function} AFTER INSERT OR DELETE OR UPDATE "
        f"ON {source.table} FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"DROP TRIGGER IF EXISTS search_{source.kind}_truncate ON {source.table}",
        f"CREATE TRIGGER search_{source.kind}_truncate AFTER TRUNCATE ON {source.table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION search_document_truncate('{source.kind}')",
    ]


def _pg_rebuild(cursor: Any, source: Source) -> None:
    cursor.execute(f"DELETE FROM {PG_TABLE} WHERE kind = %s", [source.kind])
    cursor.execute(
        f"INSERT INTO {PG_TABLE} (kind, object_id, vector, folded) "
        f"SELECT '{source.kind}', t.id, {pg_vector(source, 't')}, {pg_fold(source, 't')} "
        f"FROM {source.table} t"
    )


def _pg_existing(cursor: Any) -> set[str]:
    cursor.execute(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s "
        "UNION ALL SELECT relname FROM pg_class WHERE relname = %s",
        ["search\\_%", PG_TABLE],
    )
    return {row[0] for row in cursor.fetchall()}


def _pg_trigger_names(source: Source) -> list[str]:
    return [f"search_{source.kind}_sync", f"search_{source.kind}_truncate"]


# --- entry points ---------------------------------------------------------------------------


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the index and fill it. Idempotent."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for source in SOURCES:
                for sql in _sqlite_tables(source) + _sqlite_triggers(source):
                    cursor.execute(sql)
                _sqlite_rebuild(cursor, source)
        elif connection.vendor == "postgresql":
            _pg_setup(cursor)
            for sql in _pg_table():
                cursor.execute(sql)
            for source in SOURCES:
                for sql in _pg_triggers(source):
                    cursor.execute(sql)
                _pg_rebuild(cursor, source)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for source in SOURCES:
                for trigger in source.triggers():
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
                cursor.execute(f"DROP TABLE IF EXISTS {source.fts}")
                cursor.execute(f"DROP TABLE IF EXISTS {source.tri}")
        elif connection.vendor == "postgresql":
            for source in SOURCES:
                for trigger in _pg_trigger_names(source):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {source.table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS search_{source.kind}_sync()")
            cursor.execute("DROP FUNCTION IF EXISTS search_document_truncate()")
            cursor.execute(f"DROP TABLE IF EXISTS {PG_TABLE}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {FOLD_FUNCTION}(text)")
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {TS_CONFIG}")


def ensure(connection: BaseDatabaseWrapper) -> list[str]:
    """Re-create what is missing and rebuild each kind whose triggers were missing.

    Returns the kinds that were repaired (empty when all was in place).
    """
    repaired: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            existing = _sqlite_existing(cursor)
            for source in SOURCES:
                if source.table not in existing:
                    continue
                needed = [source.fts, source.tri, *source.triggers()]
                if all(name in existing for name in needed):
                    continue
                for sql in _sqlite_tables(source) + _sqlite_triggers(source):
                    cursor.execute(sql)
                _sqlite_rebuild(cursor, source)
                repaired.append(source.kind)
        elif connection.vendor == "postgresql":
            existing = _pg_existing(cursor)
            missing = [s for s in SOURCES if not set(_pg_trigger_names(s)) <= existing]
            if PG_TABLE not in existing:
                missing = list(SOURCES)
            if missing:
                _pg_setup(cursor)
                for sql in _pg_table():
                    cursor.execute(sql)
            # Functions and triggers are always brought to the current definition (cheap);
            # only kinds whose triggers were missing need their documents rebuilt.
            for source in SOURCES:
                for sql in _pg_triggers(source):
                    cursor.execute(sql)
            for source in missing:
                _pg_rebuild(cursor, source)
                repaired.append(source.kind)
    return repaired


def rebuild(connection: BaseDatabaseWrapper) -> list[str]:
    """Fill the index anew from the source tables."""
    done: list[str] = []
    ensure(connection)
    with connection.cursor() as cursor:
        for source in SOURCES:
            if connection.vendor == "sqlite":
                _sqlite_rebuild(cursor, source)
            elif connection.vendor == "postgresql":
                _pg_rebuild(cursor, source)
            done.append(source.kind)
    return done


def integrity_check(connection: BaseDatabaseWrapper) -> list[str]:
    """SQLite: FTS5's own check; PostgreSQL: every source row has its document."""
    problems: list[str] = []
    with connection.cursor() as cursor:
        for source in SOURCES:
            if connection.vendor == "sqlite":
                try:
                    cursor.execute(
                        f"INSERT INTO {source.fts}({source.fts}, rank) "
                        "VALUES ('integrity-check', 1)"
                    )
                except Exception as exc:
                    problems.append(f"{source.fts}: {exc}")
            elif connection.vendor == "postgresql":
                cursor.execute(
                    f"SELECT (SELECT COUNT(*) FROM {source.table}), "
                    f"(SELECT COUNT(*) FROM {PG_TABLE} d JOIN {source.table} t "
                    f"ON t.id = d.object_id WHERE d.kind = %s), "
                    f"(SELECT COUNT(*) FROM {PG_TABLE} WHERE kind = %s)",
                    [source.kind, source.kind],
                )
                rows, joined, documents = cursor.fetchone()
                if not rows == joined == documents:
                    problems.append(f"{PG_TABLE}/{source.kind}: {rows} rows, {documents} documents")
    return problems
