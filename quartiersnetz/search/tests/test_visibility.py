"""The search index and the models agree on what is public, on SQLite and PostgreSQL alike.

Each indexed model states its public rule once (`Model.PUBLIC`, core.visibility); its
QuerySet, its rules.py predicate and the SQL condition of the search index
(`sources.visible_sql`) all derive from it. These tests create a record for every value of
the rule's field and check that exactly the rows the QuerySet calls public are found (and,
for the public-only kinds, are in the index), also after every change of visibility.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, models
from django.utils import timezone

from quartiersnetz.actors import rules as actor_rules
from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.alliances import rules as alliance_rules
from quartiersnetz.alliances.models import Alliance
from quartiersnetz.alliances.tests.factories import AllianceFactory
from quartiersnetz.core.visibility import PublicRule
from quartiersnetz.events import rules as event_rules
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.practices import rules as practice_rules
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects import rules as project_rules
from quartiersnetz.projects.models import Project
from quartiersnetz.projects.tests.factories import ProjectFactory
from quartiersnetz.publications import rules as publication_rules
from quartiersnetz.publications.models import Publication
from quartiersnetz.publications.tests.factories import PublicationFactory
from quartiersnetz.search import sources
from quartiersnetz.search.backends import search
from quartiersnetz.search.postgres_index import PG_TABLE

WORD = "Sichtbarkeitsprobe"


def _practice(value: Any, n: int) -> Practice:
    return PracticeFactory(title=f"{WORD} {n}", state=value, published_at=timezone.now())


def _actor(value: Any, n: int) -> Actor:
    return OrganisationFactory(name=f"{WORD} {n}", is_hidden=value)


def _publication(value: Any, n: int) -> Publication:
    return PublicationFactory(title=f"{WORD} {n}", is_published=value)


def _event(value: Any, n: int) -> Event:
    return EventFactory(title=f"{WORD} {n}", state=value)


def _project(value: Any, n: int) -> Project:
    return ProjectFactory(title=f"{WORD} {n}", state=value, public_since=timezone.now())


def _alliance(value: Any, n: int) -> Alliance:
    return AllianceFactory(name=f"{WORD} {n}", is_hidden=value)


# kind → (model, factory for one value of the rule's field, public QuerySet, rules predicate)
KINDS: dict[str, tuple[type[models.Model], Callable[[Any, int], Any], str, Any]] = {
    "practice": (Practice, _practice, "published", practice_rules.is_published),
    "actor": (Actor, _actor, "visible", actor_rules.is_visible),
    "publication": (Publication, _publication, "published", publication_rules.is_published),
    "event": (Event, _event, "published", event_rules.is_public_event),
    "project": (Project, _project, "public", project_rules.is_public),
    "alliance": (Alliance, _alliance, "public", alliance_rules.is_public),
}


def _rule(model: type[models.Model]) -> PublicRule:
    return model.PUBLIC  # type: ignore[attr-defined]


def _all_values(model: type[models.Model]) -> list[Any]:
    field = model._meta.get_field(_rule(model).field)
    if isinstance(field, models.BooleanField):
        return [True, False]
    return [value for value, _label in field.choices or ()]


def _public_ids(model: type[models.Model], queryset_method: str, ids: set[int]) -> set[int]:
    queryset = getattr(model.objects, queryset_method)()  # type: ignore[attr-defined]
    return set(queryset.filter(pk__in=ids).values_list("pk", flat=True))


def _sql_ids(kind: str, ids: set[int]) -> set[int]:
    """The rows the index's own SQL condition calls visible."""
    source = sources.SOURCES_BY_KIND[kind]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.id FROM {source.table} t WHERE {source.visible}")  # noqa: S608
        return {row[0] for row in cursor.fetchall()} & ids


def _indexed_ids(kind: str) -> set[int]:
    source = sources.SOURCES_BY_KIND[kind]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT rowid FROM {source.fts}")  # noqa: S608
        else:
            cursor.execute(
                f"SELECT object_id FROM {PG_TABLE} WHERE kind = %s",  # noqa: S608
                [kind],
            )
        return {row[0] for row in cursor.fetchall()}


def _found_ids(kind: str) -> set[int]:
    results = search(WORD, kinds=[kind], limit=100)
    assert results.counts[kind] == len(results.hits)
    return {hit.id for hit in results.hits}


def _assert_agree(kind: str, ids: set[int]) -> None:
    model, _factory, queryset_method, predicate = KINDS[kind]
    public = _public_ids(model, queryset_method, ids)
    assert _sql_ids(kind, ids) == public
    assert _found_ids(kind) == public
    if sources.SOURCES_BY_KIND[kind].public_only:
        assert _indexed_ids(kind) & ids == public
    anonymous = AnonymousUser()
    for obj in model.objects.filter(pk__in=ids):  # type: ignore[attr-defined]
        assert predicate(anonymous, obj) is (obj.pk in public)
        assert _rule(model).holds(obj) is (obj.pk in public)


def test_every_indexed_kind_has_a_public_rule():
    assert set(KINDS) == set(sources.ALL_KINDS)
    for kind, (model, *_rest) in KINDS.items():
        assert sources.SOURCES_BY_KIND[kind].table == model._meta.db_table
        assert sources.SOURCES_BY_KIND[kind].visible == sources.visible_sql(model)


def test_public_rule_q_and_holds():
    one = PublicRule("state", ("public",))
    two = PublicRule("state", ("published", "cancelled"))
    assert one.q() == models.Q(state="public")
    assert two.q("event") == models.Q(event__state__in=["published", "cancelled"])
    assert one.holds(None) is False
    assert one.holds(object()) is False
    with pytest.raises(ValueError, match="at least one"):
        PublicRule("state", ())
    with pytest.raises(TypeError):
        PublicRule("state", (1,))  # type: ignore[arg-type]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(KINDS))
def test_the_index_holds_exactly_the_public_rows(kind):
    model, factory, _queryset_method, _predicate = KINDS[kind]
    values = _all_values(model)
    assert len(values) >= 2
    ids = {factory(value, n).pk for n, value in enumerate(values)}
    _assert_agree(kind, ids)
    # Every record through every value (the triggers follow each change of visibility).
    field = _rule(model).field
    for shift in range(1, len(values)):
        for n, pk in enumerate(sorted(ids)):
            model.objects.filter(pk=pk).update(  # type: ignore[attr-defined]
                **{field: values[(n + shift) % len(values)]}
            )
        _assert_agree(kind, ids)
