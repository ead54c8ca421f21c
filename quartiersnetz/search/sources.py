"""What the search index holds: one `Source` per indexed kind, the same for SQLite and PostgreSQL.

The indexed records belong to other apps and are written by their services, by
`bulk_create` (demo and scale data, tests) and by data migrations. So the index is
kept by the database itself, never by Python code: `sqlite_index.py` and
`postgres_index.py` build its tables and triggers from the sources defined here, and
`schema.py` installs, repairs and rebuilds it.

A source names its table, its index columns (with their weights) and its public rule: the SQL
condition `visible` derives from the model's `PUBLIC` (`visible_sql`). Events and projects
(migration 0002) are *public-only* sources: only their public rows are indexed. Their
triggers also fire on the visibility column (`state`) and add or remove the row's entry, so
the index follows a project that becomes public and one that stops being public (a partner
added or a consent withdrawn); the queries still check visibility on the source row as for
the other kinds. Their place (venue and municipality name) comes from another table, read by
a derived index column: on PostgreSQL from `places_municipality`; on SQLite from a
search-owned mirror `search_municipality (id, name)` (see `sqlite_index.py` for why).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db import models

from quartiersnetz.actors.models import Actor
from quartiersnetz.alliances.models import Alliance
from quartiersnetz.core.visibility import PublicRule
from quartiersnetz.events.models import Event
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects.models import Project
from quartiersnetz.publications.models import Publication

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
    kind: str  # practice | actor | publication | event | project | alliance
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
            # The names of its taxonomy terms (issue 12: "Dritte Orte", "Living Lab").
            ("terms", 3.0, "B"),
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
    # Allianzen (migration 0003): public-only like projects; visibility is `is_hidden`.
    Source(
        kind="alliance",
        table=Alliance._meta.db_table,
        visible=visible_sql(Alliance),
        columns=(
            ("name", 10.0, "A"),
            ("summary", 5.0, "B"),
            ("goals", 1.0, "C"),
            ("place", 3.0, "B"),
        ),
        subkind="''",
        public_only=True,
        derived=(("place", _PLACE),),
        watched=("municipality_id", "is_hidden"),
    ),
)
SOURCES_BY_KIND = {s.kind: s for s in SOURCES}
ALL_KINDS: tuple[str, ...] = tuple(s.kind for s in SOURCES)


def concat(source: Source, alias: str, sep: str = "' '", vendor: str = "sqlite") -> str:
    """The index columns of the row `alias` as one text (shared by the DDL and the queries)."""
    return f" || {sep} || ".join(source.expr(c, alias, vendor) for c in source.column_names)
