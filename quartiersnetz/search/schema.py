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

Events and projects (migration 0002) are *public-only* sources: only their public rows
are indexed. Their triggers also fire on the visibility column (`state`) and add or remove
the row's entry, so the index follows a project that becomes public and one that stops
being public (a partner added or a consent withdrawn); the queries still check visibility
on the source row as for the other kinds. Their place (venue and municipality name) comes
from another table: on PostgreSQL the trigger function reads `places_municipality`; on
SQLite a trigger body must not name another Django table (Django's SQLite schema editor
re-creates a table by DROP + RENAME, and SQLite refuses the RENAME while any trigger names
the dropped table), so a search-owned mirror `search_municipality (id, name)` is kept by
triggers on `places_municipality`, and the SQLite FTS tables of these kinds keep their own
copy of the text (entries are deleted by rowid, whatever the municipality is called now).
A renamed municipality reaches the index of existing events and projects with their next
change or `rebuild_search_index`.

`install()` creates everything (migrations 0001 and 0002, each for its kinds), `ensure()`
re-creates what is missing and rebuilds what may be stale (after every `migrate`: Django's
SQLite schema editor re-creates a table for many column changes and drops its triggers with
it; PostgreSQL drops a column's triggers with the column), `rebuild()` fills the index anew
(management command `rebuild_search_index`).
"""

# SQL here is assembled only from the constant identifiers of schema.SOURCES; user input
# always travels as a query parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.visibility import PublicRule
from quartiersnetz.events.models import Event
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects.models import Project
from quartiersnetz.publications.models import Publication

TS_CONFIG = "german_unaccent"
FOLD_FUNCTION = "qn_search_fold"


# Where the municipality names are read inside index expressions (see the module docstring).
MUNICIPALITY_MIRROR = "search_municipality"
MUNICIPALITY_TABLE = {"sqlite": MUNICIPALITY_MIRROR, "postgresql": "places_municipality"}
_PLACE = "coalesce((SELECT m.name FROM {municipality} m WHERE m.id = {t}.municipality_id), '')"


def _sql_literal(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + str.__str__(value).replace("'", "''") + "'"
    raise TypeError(f"No SQL literal for {value!r}.")


def visible_sql(model: type[models.Model], alias: str = "t") -> str:
    """The SQL condition (on the row `alias`) of the model's public rule (`Model.PUBLIC`).

    The same on both databases; its values are code constants (enum values, booleans), quoted
    as SQL literals. "t.state = 'published'" for one value, "t.state IN ('a', 'b')" for more.
    """
    rule: PublicRule = model.PUBLIC  # type: ignore[attr-defined]
    field = cast("models.Field[Any, Any]", model._meta.get_field(rule.field))
    column = f"{alias}.{field.column}"
    if len(rule.values) == 1:
        return f"{column} = {_sql_literal(rule.values[0])}"
    return f"{column} IN ({', '.join(_sql_literal(v) for v in rule.values)})"


@dataclass(frozen=True)
class Source:
    kind: str  # practice | actor | publication | event | project
    table: str
    visible: str  # SQL condition on alias t, the same on both databases (see visible_sql)
    # (column, SQLite bm25 weight, PostgreSQL weight letter); the first is the title, the
    # second the summary.
    columns: tuple[tuple[str, float, str], ...]
    subkind: str  # SQL expression on alias t for the badge ("''" if none)
    # Index only visible rows; the triggers follow visibility changes (see the docstring).
    public_only: bool = False
    # Index columns that are SQL expressions, not table columns: (column, expression over
    # `{t}` = the row's alias and `{municipality}` = the table of municipality names).
    derived: tuple[tuple[str, str], ...] = ()
    # Further table columns the entry depends on (visibility, the municipality …).
    watched: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.columns[0][0]

    def expr(self, column: str, alias: str, vendor: str = "sqlite") -> str:
        """The SQL for one index column of the row `alias` ("" = bare column names)."""
        for name, sql in self.derived:
            if name == column:
                return "(" + sql.format(t=alias, municipality=MUNICIPALITY_TABLE[vendor]) + ")"
        return f"{alias}.{column}" if alias else column

    def visible_on(self, alias: str) -> str:
        return self.visible.replace("t.", f"{alias}.")

    @property
    def table_columns(self) -> list[str]:
        derived = {name for name, _sql in self.derived}
        return [c for c in self.column_names if c not in derived]

    @property
    def trigger_columns(self) -> list[str]:
        """The table columns whose change changes the entry."""
        return list(dict.fromkeys([*self.table_columns, *self.watched]))

    @property
    def snippet_columns(self) -> list[str]:
        """The long texts after title and summary (table columns only)."""
        return [c for c in self.table_columns if c not in self.column_names[:2]]

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
        table=Practice._meta.db_table,
        visible=visible_sql(Practice),
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
        table=Actor._meta.db_table,
        visible=visible_sql(Actor),
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
        table=Publication._meta.db_table,
        visible=visible_sql(Publication),
        columns=(
            ("title", 10.0, "A"),
            ("summary", 5.0, "B"),
            ("body", 1.0, "C"),
            ("author_names", 3.0, "B"),
        ),
        subkind="t.kind",
    ),
    Source(
        kind="event",
        table=Event._meta.db_table,
        visible=visible_sql(Event),
        columns=(
            ("title", 10.0, "A"),
            ("summary", 5.0, "B"),
            ("description", 1.0, "C"),
            ("documentation", 1.0, "C"),
            ("place", 3.0, "B"),
        ),
        subkind="''",
        public_only=True,
        derived=(("place", "{t}.venue_name || ' ' || " + _PLACE),),
        watched=("venue_name", "municipality_id", "state"),
    ),
    Source(
        kind="project",
        table=Project._meta.db_table,
        visible=visible_sql(Project),
        columns=(
            ("title", 10.0, "A"),
            ("summary", 5.0, "B"),
            ("description", 1.0, "C"),
            ("challenge", 1.0, "C"),
            ("place", 3.0, "B"),
        ),
        subkind="''",
        public_only=True,
        derived=(("place", _PLACE),),
        watched=("municipality_id", "state"),
    ),
)
SOURCES_BY_KIND = {s.kind: s for s in SOURCES}
ALL_KINDS: tuple[str, ...] = tuple(s.kind for s in SOURCES)
# The kinds each migration of this app installs (post_migrate repairs only installed kinds).
KINDS_BY_MIGRATION: dict[str, tuple[str, ...]] = {
    "0001_search_index": ("practice", "actor", "publication"),
    "0002_events_projects": ("event", "project"),
}


def _sources(kinds: Iterable[str] | None) -> list[Source]:
    if kinds is None:
        return list(SOURCES)
    wanted = set(kinds)
    return [s for s in SOURCES if s.kind in wanted]


def installed_kinds(connection: BaseDatabaseWrapper) -> tuple[str, ...]:
    """The kinds whose migration is applied on this database."""
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return ()
    applied = {name for app, name in recorder.applied_migrations() if app == "search"}
    kinds = [k for name, ks in KINDS_BY_MIGRATION.items() if name in applied for k in ks]
    return tuple(k for k in ALL_KINDS if k in kinds)


# --- expressions shared by the DDL and the queries ----------------------------------------

# SQLite: umlauts and the most common accents folded before the trigram tokenizer
# (which folds case but, before SQLite 3.45, not diacritics).
_SQLITE_FOLDS = (
    ("ä", "a"), ("Ä", "a"), ("ö", "o"), ("Ö", "o"), ("ü", "u"), ("Ü", "u"),
    ("ß", "ss"), ("ẞ", "ss"), ("é", "e"), ("É", "e"), ("è", "e"), ("á", "a"), ("à", "a"),
)  # fmt: skip


def concat(source: Source, alias: str, sep: str = "' '", vendor: str = "sqlite") -> str:
    return f" || {sep} || ".join(source.expr(c, alias, vendor) for c in source.column_names)


def sqlite_fold(expr: str) -> str:
    for char, repl in _SQLITE_FOLDS:
        expr = f"replace({expr}, '{char}', '{repl}')"
    return expr


def pg_vector(source: Source, alias: str = "") -> str:
    """The weighted tsvector; the query must use exactly the text of the index."""
    groups: dict[str, list[str]] = {}
    for column, _weight, letter in source.columns:
        groups.setdefault(letter, []).append(source.expr(column, alias, "postgresql"))
    parts = []
    for letter, cols in sorted(groups.items()):
        text = " || ' ' || ".join(cols)
        parts.append(f"setweight(to_tsvector('{TS_CONFIG}'::regconfig, {text}), '{letter}')")
    return "(" + " || ".join(parts) + ")"


def pg_fold(source: Source, alias: str = "") -> str:
    return f"{FOLD_FUNCTION}({concat(source, alias, vendor='postgresql')})"


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_tables(source: Source) -> list[str]:
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


def _sqlite_public_only_sql(source: Source, alias: str) -> tuple[str, str]:
    """INSERT … SELECT of the row `alias` into both tables, if it is visible."""
    cols = ", ".join(source.column_names)
    values = ", ".join(source.expr(c, alias) for c in source.column_names)
    folded = sqlite_fold(concat(source, alias))
    visible = source.visible_on(alias)
    rows = f"FROM {source.table} t WHERE {visible}" if alias == "t" else f"WHERE {visible}"
    return (
        f"INSERT INTO {source.fts}(rowid, {cols}) SELECT {alias}.id, {values} {rows};",
        f"INSERT INTO {source.tri}(rowid, text) SELECT {alias}.id, {folded} {rows};",
    )


def _sqlite_triggers(source: Source) -> list[str]:
    ai, ad, au = source.triggers()
    if source.public_only:
        insert = " ".join(_sqlite_public_only_sql(source, "new"))
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
    return [
        f"CREATE TRIGGER IF NOT EXISTS {ai} AFTER INSERT ON {source.table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON {source.table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE OF {cols} ON {source.table} "
        f"BEGIN {delete} {insert} END",
    ]


def _sqlite_rebuild(cursor: Any, source: Source) -> None:
    if source.public_only:
        # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
        cursor.execute(f"DELETE FROM {source.fts}")
        # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
        cursor.execute(f"DELETE FROM {source.tri}")
        for sql in _sqlite_public_only_sql(source, "t"):
            cursor.execute(sql)
        return
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(f"INSERT INTO {source.fts}({source.fts}) VALUES ('rebuild')")
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(f"INSERT INTO {source.tri}({source.tri}) VALUES ('delete-all')")
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(
        f"INSERT INTO {source.tri}(rowid, text) "
        f"SELECT t.id, {sqlite_fold(concat(source, 't'))} FROM {source.table} t"
    )


# The SQLite mirror of the municipality names (see the module docstring).
_MIRROR_TRIGGERS = (
    f"{MUNICIPALITY_MIRROR}_ai",
    f"{MUNICIPALITY_MIRROR}_ad",
    f"{MUNICIPALITY_MIRROR}_au",
)


def _sqlite_mirror() -> list[str]:
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


def _sqlite_mirror_fill(cursor: Any) -> None:
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(f"DELETE FROM {MUNICIPALITY_MIRROR}")
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(
        f"INSERT INTO {MUNICIPALITY_MIRROR}(id, name) SELECT id, name FROM places_municipality"
    )


def _needs_mirror(sources: Iterable[Source]) -> bool:
    return any(s.derived for s in sources)


def _sqlite_existing(cursor: Any) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
    return {row[0] for row in cursor.fetchall()}


# --- PostgreSQL -----------------------------------------------------------------------------


def _pg_setup(cursor: Any) -> None:
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
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(f"DELETE FROM {PG_TABLE} WHERE kind = %s", [source.kind])
    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
    cursor.execute(
        f"INSERT INTO {PG_TABLE} (kind, object_id, vector, folded) "
        f"SELECT '{source.kind}', t.id, {pg_vector(source, 't')}, {pg_fold(source, 't')} "
        f"FROM {source.table} t" + (f" WHERE {source.visible}" if source.public_only else "")
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


def _table_exists(connection: BaseDatabaseWrapper, table: str) -> bool:
    return table in connection.introspection.table_names()


def install(connection: BaseDatabaseWrapper, kinds: Iterable[str] | None = None) -> None:
    """Create the index of `kinds` (default: all) and fill it. Idempotent."""
    sources = _sources(kinds)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if _needs_mirror(sources):
                for sql in _sqlite_mirror():
                    cursor.execute(sql)
                _sqlite_mirror_fill(cursor)
            for source in sources:
                for sql in _sqlite_tables(source) + _sqlite_triggers(source):
                    cursor.execute(sql)
                _sqlite_rebuild(cursor, source)
        elif connection.vendor == "postgresql":
            _pg_setup(cursor)
            for sql in _pg_table():
                cursor.execute(sql)
            for source in sources:
                for sql in _pg_triggers(source):
                    cursor.execute(sql)
                _pg_rebuild(cursor, source)


def uninstall(
    connection: BaseDatabaseWrapper, kinds: Iterable[str] | None = None, *, shared: bool = True
) -> None:
    """Drop the index of `kinds` (default: all); `shared` also drops what all kinds share."""
    sources = _sources(kinds)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
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
        elif connection.vendor == "postgresql":
            for source in sources:
                for trigger in _pg_trigger_names(source):
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


def ensure(connection: BaseDatabaseWrapper, kinds: Iterable[str] | None = None) -> list[str]:
    """Re-create what is missing and rebuild each kind whose triggers were missing.

    `kinds` defaults to all. Returns the kinds that were repaired (empty when all was in
    place).
    """
    repaired: list[str] = []
    sources = _sources(kinds)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            existing = _sqlite_existing(cursor)
            mirror_repaired = False
            if _needs_mirror(sources) and "places_municipality" in existing:
                needed = [MUNICIPALITY_MIRROR, *_MIRROR_TRIGGERS]
                if not all(name in existing for name in needed):
                    for sql in _sqlite_mirror():
                        cursor.execute(sql)
                    _sqlite_mirror_fill(cursor)
                    mirror_repaired = True
            for source in sources:
                if source.table not in existing:
                    continue
                needed = [source.fts, source.tri, *source.triggers()]
                if all(name in existing for name in needed) and not (
                    mirror_repaired and source.derived
                ):
                    continue
                for sql in _sqlite_tables(source) + _sqlite_triggers(source):
                    cursor.execute(sql)
                _sqlite_rebuild(cursor, source)
                repaired.append(source.kind)
        elif connection.vendor == "postgresql":
            sources = [s for s in sources if _table_exists(connection, s.table)]
            existing = _pg_existing(cursor)
            missing = [s for s in sources if not set(_pg_trigger_names(s)) <= existing]
            if PG_TABLE not in existing:
                missing = list(sources)
            if missing:
                _pg_setup(cursor)
                for sql in _pg_table():
                    cursor.execute(sql)
            # Functions and triggers are always brought to the current definition (cheap);
            # only kinds whose triggers were missing need their documents rebuilt.
            for source in sources:
                for sql in _pg_triggers(source):
                    cursor.execute(sql)
            for source in missing:
                _pg_rebuild(cursor, source)
                repaired.append(source.kind)
    return repaired


def rebuild(connection: BaseDatabaseWrapper, kinds: Iterable[str] | None = None) -> list[str]:
    """Fill the index of `kinds` (default: all) anew from the source tables."""
    done: list[str] = []
    sources = _sources(kinds)
    ensure(connection, kinds)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite" and _needs_mirror(sources):
            _sqlite_mirror_fill(cursor)
        for source in sources:
            if connection.vendor == "sqlite":
                _sqlite_rebuild(cursor, source)
            elif connection.vendor == "postgresql":
                _pg_rebuild(cursor, source)
            done.append(source.kind)
    return done


def integrity_check(
    connection: BaseDatabaseWrapper, kinds: Iterable[str] | None = None
) -> list[str]:
    """SQLite: FTS5's own check (and, for public-only kinds, one entry per visible row);
    PostgreSQL: every indexed row has its document and no document is left over."""
    problems: list[str] = []
    with connection.cursor() as cursor:
        for source in _sources(kinds):
            visible = f" WHERE {source.visible}" if source.public_only else ""
            if connection.vendor == "sqlite":
                try:
                    # nosemgrep: qn-sql-formatted -- identifiers from SOURCES/constants
                    cursor.execute(
                        f"INSERT INTO {source.fts}({source.fts}, rank) "
                        "VALUES ('integrity-check', 1)"
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
            elif connection.vendor == "postgresql":
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
