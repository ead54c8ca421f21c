"""The search index on PostgreSQL: one table of documents kept by triggers.

One table `search_document` (kind, object_id, weighted
`to_tsvector('german_unaccent', …)`, `qn_search_fold(…)` = lower-cased unaccent) with a
GIN index on the vector and a GIN trigram index on the folded text, kept by plpgsql
triggers (row INSERT/UPDATE/DELETE and TRUNCATE) on the source tables. Expression indexes
on the source tables were measured first and dropped: the recheck and the ranking recompute
`to_tsvector` for every candidate row (10–46 s for a broad query over 15 000 records,
against 0.1–0.4 s with stored vectors).

The public-only kinds (events and projects, see `sources.py`) have only their public rows
indexed: the trigger function deletes the document of a row that is not public. Their place
is read from `places_municipality` inside the trigger function.
"""

# SQL here is assembled only from the constant identifiers of sources.SOURCES; user input
# always travels as a query parameter.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from .sources import Source, concat

TS_CONFIG = "german_unaccent"
FOLD_FUNCTION = "qn_search_fold"
PG_TABLE = "search_document"


def vector(source: Source, alias: str = "") -> str:
    """The weighted tsvector; the query must use exactly the text of the index."""
    groups: dict[str, list[str]] = {}
    for column, _weight, letter in source.columns:
        groups.setdefault(letter, []).append(source.expr(column, alias, "postgresql"))
    parts = []
    for letter, cols in sorted(groups.items()):
        text = " || ' ' || ".join(cols)
        parts.append(f"setweight(to_tsvector('{TS_CONFIG}'::regconfig, {text}), '{letter}')")
    return "(" + " || ".join(parts) + ")"


def fold(source: Source, alias: str = "") -> str:
    return f"{FOLD_FUNCTION}({concat(source, alias, vendor='postgresql')})"


def _setup(cursor: Any) -> None:
    cursor.execute("SELECT extname FROM pg_extension WHERE extname IN ('unaccent', 'pg_trgm')")
    present = {row[0] for row in cursor.fetchall()}
    for extension in ("unaccent", "pg_trgm"):
        if extension not in present:
            # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    )
    schema = cursor.fetchone()[0]
    # unaccent() is only STABLE (its dictionary could change); with the dictionary named
    # explicitly the result is fixed, so the wrapper may be IMMUTABLE and used in an index.
    # nosemgrep: qn-sql-formatted -- constants + unaccent's schema from pg_extension
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {FOLD_FUNCTION}(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        f"$$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$"
    )
    cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [TS_CONFIG])
    if cursor.fetchone() is None:
        # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {TS_CONFIG} (COPY = german)")
        # nosemgrep: qn-sql-formatted -- constants + unaccent's schema from pg_extension
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {TS_CONFIG} ALTER MAPPING FOR "
            f"hword, hword_part, word WITH {schema}.unaccent, german_stem"
        )


def _table() -> list[str]:
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


def _triggers(source: Source) -> list[str]:
    # No column list (UPDATE OF …) and no WHEN: either would make PostgreSQL refuse to
    # change those columns' types ("column used in a trigger definition"), which would
    # break other apps' migrations. The function skips updates of other columns itself.
    old = ", ".join(f"OLD.{c}" for c in source.trigger_columns)
    new = ", ".join(f"NEW.{c}" for c in source.trigger_columns)
    function = f"search_{source.kind}_sync"
    delete = f"DELETE FROM {PG_TABLE} WHERE kind = '{source.kind}' AND object_id = "
    hidden = (
        f"IF NOT ({source.visible_on('NEW')}) THEN {delete}NEW.id; RETURN NULL; END IF; "
        if source.public_only
        else ""
    )
    return [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        f"IF TG_OP = 'DELETE' THEN {delete}OLD.id; RETURN NULL; END IF; "
        f"IF TG_OP = 'UPDATE' AND ({old}) IS NOT DISTINCT FROM ({new}) THEN "
        "RETURN NULL; END IF; "
        f"{hidden}"
        f"INSERT INTO {PG_TABLE} (kind, object_id, vector, folded) VALUES ("
        f"'{source.kind}', NEW.id, {vector(source, 'NEW')}, {fold(source, 'NEW')}) "
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


def _rebuild(cursor: Any, source: Source) -> None:
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(f"DELETE FROM {PG_TABLE} WHERE kind = %s", [source.kind])
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(
        f"INSERT INTO {PG_TABLE} (kind, object_id, vector, folded) "
        f"SELECT '{source.kind}', t.id, {vector(source, 't')}, {fold(source, 't')} "
        f"FROM {source.table} t" + (f" WHERE {source.visible}" if source.public_only else "")
    )


def _existing(cursor: Any) -> set[str]:
    cursor.execute(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s "
        "UNION ALL SELECT relname FROM pg_class WHERE relname = %s",
        ["search\\_%", PG_TABLE],
    )
    return {row[0] for row in cursor.fetchall()}


def _trigger_names(source: Source) -> list[str]:
    return [f"search_{source.kind}_sync", f"search_{source.kind}_truncate"]


# --- entry points (see schema.py) -----------------------------------------------------------


def install(connection: BaseDatabaseWrapper, sources: list[Source]) -> None:
    with connection.cursor() as cursor:
        _setup(cursor)
        for sql in _table():
            cursor.execute(sql)
        for source in sources:
            for sql in _triggers(source):
                cursor.execute(sql)
            _rebuild(cursor, source)


def uninstall(connection: BaseDatabaseWrapper, sources: list[Source], *, shared: bool) -> None:
    with connection.cursor() as cursor:
        for source in sources:
            for trigger in _trigger_names(source):
                # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {source.table}")
            # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
            cursor.execute(f"DROP FUNCTION IF EXISTS search_{source.kind}_sync()")
            if not shared:
                # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
                cursor.execute(f"DELETE FROM {PG_TABLE} WHERE kind = %s", [source.kind])
        if shared:
            cursor.execute("DROP FUNCTION IF EXISTS search_document_truncate()")
            # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
            cursor.execute(f"DROP TABLE IF EXISTS {PG_TABLE}")
            # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
            cursor.execute(f"DROP FUNCTION IF EXISTS {FOLD_FUNCTION}(text)")
            # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {TS_CONFIG}")


def _table_exists(connection: BaseDatabaseWrapper, table: str) -> bool:
    return table in connection.introspection.table_names()


def ensure(connection: BaseDatabaseWrapper, sources: list[Source]) -> list[str]:
    repaired: list[str] = []
    with connection.cursor() as cursor:
        sources = [s for s in sources if _table_exists(connection, s.table)]
        existing = _existing(cursor)
        missing = [s for s in sources if not set(_trigger_names(s)) <= existing]
        if PG_TABLE not in existing:
            missing = list(sources)
        if missing:
            _setup(cursor)
            for sql in _table():
                cursor.execute(sql)
        # Functions and triggers are always brought to the current definition (cheap);
        # only kinds whose triggers were missing need their documents rebuilt.
        for source in sources:
            for sql in _triggers(source):
                cursor.execute(sql)
        for source in missing:
            _rebuild(cursor, source)
            repaired.append(source.kind)
    return repaired


def rebuild(connection: BaseDatabaseWrapper, sources: list[Source]) -> None:
    with connection.cursor() as cursor:
        for source in sources:
            _rebuild(cursor, source)


def integrity_check(connection: BaseDatabaseWrapper, sources: list[Source]) -> list[str]:
    """Every indexed row has its document and no document is left over."""
    problems: list[str] = []
    with connection.cursor() as cursor:
        for source in sources:
            visible = f" WHERE {source.visible}" if source.public_only else ""
            joined_visible = f" AND {source.visible}" if source.public_only else ""
            # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
            cursor.execute(
                f"SELECT (SELECT COUNT(*) FROM {source.table} t{visible}), "
                f"(SELECT COUNT(*) FROM {PG_TABLE} d JOIN {source.table} t "
                f"ON t.id = d.object_id WHERE d.kind = %s{joined_visible}), "
                f"(SELECT COUNT(*) FROM {PG_TABLE} WHERE kind = %s)",
                [source.kind, source.kind],
            )
            rows, joined, documents = cursor.fetchone()
            if not rows == joined == documents:
                problems.append(f"{PG_TABLE}/{source.kind}: {rows} rows, {documents} documents")
    return problems
