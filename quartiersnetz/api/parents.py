"""`updated_since` over the rows a record depends on: a record whose publicness is decided by
a parent row (a recommendation by its publication, a project's learning by its project, a
connection by its two actors) changes when that parent changes (`Parent`,
`changes_with_parents`, `list_response_with_parents`), and `record_id` reads a numeric key.
Used by the recommendations', projects' and connections' endpoints."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation

from quartiersnetz.core.models import RowChange

from .lists import (
    DEFAULT_LIMIT,
    Conditional,
    ListParams,
    json_answer,
    list_response,
    make_sync_cursor,
)

# --- Synchronisation over the rows a record depends on ----------------------------------------


@dataclass(frozen=True)
class Parent:
    """A row a record depends on: its foreign key `column` ("publication_id") to `model`,
    whose row changes are logged (`LOG_ROW_CHANGES`). A change of that row counts as a change
    of the record (it may have made it public or not, or changed what the record shows)."""

    column: str
    model: type[Model]


def _logged_at(table: str, row: Any) -> Subquery:
    return Subquery(RowChange.objects.filter(table_name=table, row_id=row).values("changed_at")[:1])


def _outside_or_not_later(name: str, than: str, since: datetime, until: datetime) -> Q:
    """The time `name` is outside the window or not later than `than`."""
    return (
        Q(**{f"{name}__isnull": True})
        | Q(**{f"{name}__lte": since})
        | Q(**{f"{name}__gt": until})
        | Q(**{f"{name}__lte": F(than)})
    )


def _after(at: str, row: str, after: tuple[datetime, int]) -> Q:
    """(`at`, `row`) after the cursor's (time, id). Equal times are compared as "less than a
    microsecond apart": SQLite keeps the log's times as text in milliseconds ("….123") and
    Django compares them with its own text ("….123000"), which would never be equal — and a
    parent's change stamps all its records with the same time."""
    time, row_id = after
    tick = timedelta(microseconds=1)
    return Q(**{f"{at}__gte": time + tick}) | Q(
        **{f"{at}__gt": time - tick, f"{at}__lt": time + tick, f"{row}__gt": row_id}
    )


def changes_with_parents(
    model: type[Model],
    parents: Sequence[Parent],
    *,
    since: datetime,
    until: datetime,
    after: tuple[datetime, int] | None,
    limit: int,
) -> list[tuple[int, datetime]]:
    """As `core.rowlog.changes_since` for `model`'s table, where a record's change is the
    latest in the window of its own row's and its parents' rows' changes: each record once a
    pass, at that time, in (time, id) order after `after`. Deleted records come from their own
    log entries (their parents are not known any more). One query for the record's own
    changes and one per parent, each reading at most `limit` rows."""
    table = model._meta.db_table
    streams: list[list[tuple[int, datetime]]] = []
    # The record's own changes, unless a parent changed later in the window.
    own = RowChange.objects.filter(table_name=table, changed_at__gt=since, changed_at__lte=until)
    if after is not None:
        own = own.filter(_after("changed_at", "row_id", after))
    for index, parent in enumerate(parents):
        owner = model._default_manager.filter(pk=OuterRef("row_id")).values(parent.column)[:1]
        own = own.annotate(
            **{
                f"rowlog_p{index}_row": Subquery(owner),
                f"rowlog_p{index}": _logged_at(
                    parent.model._meta.db_table, OuterRef(f"rowlog_p{index}_row")
                ),
            }
        ).filter(_outside_or_not_later(f"rowlog_p{index}", "changed_at", since, until))
    streams.append(
        list(own.order_by("changed_at", "row_id").values_list("row_id", "changed_at")[:limit])
    )
    # The parents' changes, for the records that still exist, unless the record itself or
    # another parent changed later in the window.
    for index, parent in enumerate(parents):
        parent_table = parent.model._meta.db_table
        changed = RowChange.objects.filter(
            table_name=parent_table, changed_at__gt=since, changed_at__lte=until
        ).values("row_id")
        rows = (
            model._default_manager.filter(**{f"{parent.column}__in": changed})
            .annotate(
                rowlog_at=_logged_at(parent_table, OuterRef(parent.column)),
                rowlog_own=_logged_at(table, OuterRef("pk")),
            )
            .filter(rowlog_at__gt=since, rowlog_at__lte=until)
            .filter(_outside_or_not_later("rowlog_own", "rowlog_at", since, until))
        )
        for other_index, other in enumerate(parents):
            if other_index != index:
                name = f"rowlog_p{other_index}"
                rows = rows.annotate(
                    **{name: _logged_at(other.model._meta.db_table, OuterRef(other.column))}
                ).filter(_outside_or_not_later(name, "rowlog_at", since, until))
        if after is not None:
            rows = rows.filter(_after("rowlog_at", "pk", after))
        streams.append(
            list(rows.order_by("rowlog_at", "pk").values_list("pk", "rowlog_at")[:limit])
        )
    merged = sorted({change for stream in streams for change in stream}, key=lambda c: (c[1], c[0]))
    return merged[:limit]


def list_response_with_parents(
    request: HttpRequest,
    *,
    queryset: QuerySet[Any],
    list_params: ListParams,
    serialize: Callable[[list[Any]], list[dict[str, Any]]],
    models: Sequence[type[Model]],
    parents: Sequence[Parent],
) -> HttpResponse:
    """`lists.list_response`, whose `updated_since` pages also report the records whose
    parents changed (`changes_with_parents`): a record that left the list because of its
    parent comes as a tombstone. Everything else — ETag, cursors, the page's shape — is the
    shared one."""
    since, until = list_params.since, list_params.until
    if since is None or until is None:
        return list_response(
            request,
            queryset=queryset,
            list_params=list_params,
            serialize=serialize,
            models=models,
        )
    conditional = Conditional.of(
        models,
        request.path,
        list_params.filters,
        list_params.limit,
        list_params.after,
        since,
        until,
    )
    if (unchanged := conditional.not_modified(request)) is not None:
        return unchanged
    changes = changes_with_parents(
        queryset.model,
        parents,
        since=since,
        until=until,
        after=list_params.after_change,
        limit=list_params.limit + 1,
    )
    has_next = len(changes) > list_params.limit
    changes = changes[: list_params.limit]
    present = {row.pk: row for row in queryset.filter(pk__in=[pk for pk, _at in changes])}
    with translation.override("de"):
        records = dict(zip(present, serialize(list(present.values())), strict=True))
    latest = dict(changes)  # a record once a page, at its latest change
    results = [
        records.get(pk, {"id": pk, "deleted": True, "changed_at": at})
        for pk, at in changes
        if latest[pk] == at
    ]
    next_url = None
    if has_next:
        query = QueryDict(mutable=True)
        query.update(list_params.filters)
        query["updated_since"] = since.isoformat()
        if list_params.limit != DEFAULT_LIMIT:
            query["limit"] = str(list_params.limit)
        last_id, last_at = changes[-1]
        query["cursor"] = make_sync_cursor((last_at, last_id), list_params)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    body = {"results": results, "next": next_url, "limit": list_params.limit, "until": until}
    response: HttpResponse = json_answer(body)
    if next_url:
        response["Link"] = f'<{next_url}>; rel="next"'
    conditional.apply(response)
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
    return response


def record_id(key: str) -> int | None:
    """A record's id in a path (digits only), else None (a 404: these records have no slug)."""
    if key.isascii() and key.isdigit() and len(key) < 19:
        return int(key)
    return None


# --- Records ----------------------------------------------------------------------------------
