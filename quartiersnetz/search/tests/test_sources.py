"""The index's sources: the SQL condition of each kind's public rule (see also test_visibility)."""

from __future__ import annotations

from typing import Any

from quartiersnetz.core.visibility import PublicRule
from quartiersnetz.search import sources


def test_the_index_conditions_are_the_ones_installed_before():
    """The derived SQL is the text the triggers were installed with: no migration needed."""
    assert {s.kind: s.visible for s in sources.SOURCES} == {
        "practice": "t.state = 'published'",
        "actor": "t.is_hidden = false",
        "publication": "t.is_published = true",
        "event": "t.state IN ('published', 'cancelled')",
        "project": "t.state = 'public'",
        "alliance": "t.is_hidden = false",
    }


def test_visible_sql_quotes_its_values():
    class Quoted:
        PUBLIC = PublicRule("state", ("it's", "b"))

        class _meta:  # noqa: N801 - stands in for a model's options
            @staticmethod
            def get_field(name: str) -> Any:
                return type("Field", (), {"column": name})

    assert sources.visible_sql(Quoted, "new") == "new.state IN ('it''s', 'b')"  # type: ignore[arg-type]
