"""Which records the public sees: one rule per model, in one place.

A model states its rule once, as a class attribute (`Practice.PUBLIC`,
`Event.PUBLIC` …): a field and the values that make a row public. Everything else
derives from it — the model's QuerySet filters with `q()`, its `rules.py` predicate
asks `holds()`, and the search index (`quartiersnetz/search/schema.py`) builds its
SQL condition from `field` and `values`, so the three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class PublicRule:
    """A row is public when its `field` has one of `values` (code constants, never input)."""

    field: str
    values: tuple[str | bool, ...]

    def __post_init__(self) -> None:
        if not self.values:
            raise ValueError("A public rule needs at least one value.")
        for value in self.values:
            if not isinstance(value, str | bool):
                raise TypeError(f"Public rule values are strings or booleans, not {value!r}.")

    def q(self, prefix: str = "") -> Q:
        """The filter for public rows; `prefix` names a relation to them ("practice")."""
        name = f"{prefix}__{self.field}" if prefix else self.field
        if len(self.values) == 1:
            return Q(**{name: self.values[0]})
        return Q(**{f"{name}__in": list(self.values)})

    def holds(self, obj: object) -> bool:
        """Whether the (loaded) record `obj` is public; None (or anything without the field)
        is not."""
        return getattr(obj, self.field, _MISSING) in self.values


_MISSING = object()
