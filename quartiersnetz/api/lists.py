"""Lists and records of the open-data API (decision 0012): strict parameters, keyset pages with
signed cursors, ETags from the trigger-kept data versions, one JSON shape for every type.

A list answers

    {"results": [...], "next": "<absolute URL of the next page>" | null, "limit": 50}

in ascending `id` order (stable while records are added: a new record lands on the last page),
with `Link: <…>; rel="next"`. Every page costs the same number of queries at any depth: the
data version (ETag), the page's rows (`id > last id of the previous page`, one row more than the
page to know whether another follows) and one query per related list its records show.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core import params
from quartiersnetz.core.rowlog import changes_since
from quartiersnetz.core.versions import data_version_and_latest

from .problems import InvalidParam, InvalidParametersError, open_data_headers

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_AGE = 60  # seconds; clients revalidate with the ETag afterwards
CURSOR_SALT = "quartiersnetz.api.cursor"
# Answers kept in the cache under their ETag (api:v1:answer:<etag>).
ANSWER_CACHE_SECONDS = 600
ANSWER_CACHE_MAX_BYTES = 2_000_000
PAGING = ("cursor", "limit", "updated_since")


# --- Parameters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """One filter of a list: its name, what it accepts (`check` returns the normalised value or
    raises ValueError with the reason) and a description for the API documentation."""

    name: str
    check: Callable[[str], str]
    description: Any  # text or a lazy translation (the API page shows it in its language)


SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"


@dataclass(frozen=True)
class Check:
    """A parameter check with the OpenAPI schema of what it accepts (documented, so that
    generated requests — schemathesis in the tests — know which values are valid)."""

    fn: Callable[[str], str]
    schema: dict[str, Any]

    def __call__(self, raw: str) -> str:
        return self.fn(raw)


def text(max_length: int = params.MAX_TEXT_LENGTH) -> Check:
    def check(raw: str) -> str:
        value = " ".join(raw.split())
        if not value:
            raise ValueError("Leer: ein Suchbegriff wird erwartet.")
        if len(value) > max_length:
            raise ValueError(f"Höchstens {max_length} Zeichen.")
        return value

    schema = {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": r"\S"}
    return Check(check, schema)


def one_of(choices: Collection[str] | Callable[[], Collection[str]]) -> Check:
    """One of fixed `choices` (documented as an enum), or of a callable's (read when used)."""
    if callable(choices):
        return _one_of_dynamic(choices)
    return _one_of(choices)


def _one_of_dynamic(choices: Callable[[], Collection[str]]) -> Check:
    def check(raw: str) -> str:
        return _one_of(choices())(raw)

    return Check(check, {"type": "string"})


def _one_of(choices: Collection[str]) -> Check:
    """A code of a fixed list, or of a vocabulary (a callable, asked only when the filter is
    used: one query)."""

    def check(raw: str) -> str:
        value = raw.strip()
        if value not in choices:
            shown = ", ".join(sorted(choices)[:12])
            raise ValueError(
                f"Unbekannter Wert „{value[:80]}“. Bekannt sind z. B.: {shown}. "
                "Siehe /api/v1/taxonomy."
            )
        return value

    return Check(check, {"type": "string", "enum": sorted(str(c) for c in choices)})


def term_of(model: type[Model]) -> Check:
    """The code (slug) of an existing term of a curated vocabulary."""

    def check(raw: str) -> str:
        value = raw.strip()
        if not params.slug_value({"v": value}, "v"):
            raise ValueError("Ein Code aus Kleinbuchstaben, Ziffern und Bindestrichen.")
        if not model._default_manager.filter(slug=value).exists():
            raise ValueError(f"Unbekannter Code „{value}“. Siehe /api/v1/taxonomy.")
        return value

    # The codes themselves change with the curated vocabularies: /api/v1/taxonomy lists them.
    return Check(check, {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 100})


def digits(length: int) -> Check:
    def check(raw: str) -> str:
        value = raw.strip()
        if len(value) != length or not (value.isascii() and value.isdigit()):
            raise ValueError(f"Genau {length} Ziffern.")
        return value

    return Check(check, {"type": "string", "pattern": f"^[0-9]{{{length}}}$"})


def list_parameters(filters: Sequence[Filter]) -> list[dict[str, Any]]:
    """The OpenAPI description of a list's query parameters (the views read them themselves,
    strictly: see `parse_list_params`)."""
    described: list[dict[str, Any]] = [
        {
            "name": f.name,
            "in": "query",
            "required": False,
            "schema": getattr(f.check, "schema", {"type": "string"}),
            "description": f.description,
        }
        for f in filters
    ]
    described += [
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            "description": format_lazy(
                _("Einträge je Seite (Vorgabe {default})"), default=DEFAULT_LIMIT
            ),
        },
        {
            "name": "cursor",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "minLength": 1},
            "description": _("Aus dem `next`-Link der vorigen Seite"),
        },
        {
            "name": "updated_since",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "format": "date-time"},
            "description": _(
                "Abgleich: was sich seit diesem Zeitpunkt geändert hat, in der Reihenfolge der "
                "Änderungen; Gelöschtes und nicht mehr Öffentliches als "
                '`{"id": …, "deleted": true}`. Der nächste Abgleich beginnt bei `until`.'
            ),
        },
    ]
    return described


# RFC 9457 problem details, as every error of the API answers (problems.py).
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalid-params": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
                "required": ["name", "reason"],
            },
        },
    },
    "required": ["type", "title", "status"],
}
_PROBLEMS = {
    400: "Ungültige Parameter (problem details mit `invalid-params`)",
    401: "Kein, ein unbekannter, abgelaufener oder widerrufener API-Schlüssel",
    403: "Der API-Schlüssel hat nicht die nötige Berechtigung (scope)",
    404: "Kein öffentlicher Eintrag unter diesem Schlüssel",
    422: "Die Angaben sind unvollständig oder ungültig (`invalid-params`); nichts gespeichert",
    429: "Zu viele Anfragen mit diesem Schlüssel (`Retry-After`)",
}


def problem_responses(*codes: int) -> dict[int, Any]:
    return {
        code: {
            "description": _PROBLEMS[code],
            "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
        }
        for code in codes
    }


def list_openapi(filters: Sequence[Filter]) -> dict[str, Any]:
    """`openapi_extra` of a list operation: its parameters and its error answers."""
    return {"parameters": list_parameters(filters), "responses": problem_responses(400)}


def detail_openapi() -> dict[str, Any]:
    """`openapi_extra` of a record operation (any query parameter is an error too)."""
    return {"responses": problem_responses(400, 404)}


def record_lookup(key: str) -> dict[str, Any]:
    """A record's id (digits) or slug."""
    if key.isascii() and key.isdigit() and len(key) < 19:
        return {"pk": int(key)}
    return {"slug": key}


@dataclass(frozen=True)
class ListParams:
    filters: dict[str, str]  # validated, normalised
    limit: int
    after: int  # the id after which the page starts (0: the first page)
    # Synchronisation (`updated_since`): changes after `since` up to `until` (the horizon, the
    # same on every page of one pass), continuing after the change `after_change`.
    since: datetime | None = None
    until: datetime | None = None
    after_change: tuple[datetime, int] | None = None

    def filter_query(self) -> QueryDict:
        """The filters as the pages' parsers read them (`…Filters.from_query`)."""
        query = QueryDict(mutable=True)
        query.update(self.filters)
        return query


def _filter_digest(filters: Mapping[str, str]) -> str:
    state = json.dumps(sorted(filters.items()), ensure_ascii=False)
    return hashlib.sha256(state.encode()).hexdigest()[:12]


def _state(filters: Mapping[str, str], since: datetime | None) -> dict[str, str]:
    """What a cursor belongs to: the filters and the synchronisation's start."""
    return {**filters, "updated_since": since.isoformat()} if since else dict(filters)


def make_cursor(after: int, filters: Mapping[str, str]) -> str:
    return signing.dumps({"a": after, "f": _filter_digest(filters)}, salt=CURSOR_SALT)


def make_sync_cursor(change: tuple[datetime, int], list_params: ListParams) -> str:
    at, row_id = change
    state = {
        "a": row_id,
        "t": at.isoformat(),
        "u": list_params.until.isoformat() if list_params.until else "",
        "f": _filter_digest(_state(list_params.filters, list_params.since)),
    }
    return signing.dumps(state, salt=CURSOR_SALT)


def sync_horizon() -> datetime:
    """Changes newer than this are left for the next pass: their transactions may still be
    open (a change is stamped before it commits). `API_SYNC_HORIZON_SECONDS`, default 300."""
    seconds = int(getattr(settings, "API_SYNC_HORIZON_SECONDS", 300))
    horizon = timezone.now() - timedelta(seconds=seconds)
    if not seconds:
        return horizon  # the tests: everything up to now
    # Whole seconds (ten with the default): the same pass within them is the same answer, kept
    # under its ETag.
    step = 10 if seconds >= 60 else 1
    return horizon.replace(second=horizon.second - horizon.second % step, microsecond=0)


def parse_since(raw: str) -> datetime:
    """An ISO 8601 time (a date means its midnight in UTC; no offset means UTC). A `+` of an
    offset that arrived as a space (unencoded in the query string) is read as `+`."""
    text = raw.strip().replace(" ", "+")
    try:
        value = parse_datetime(text)
        if value is None and (day := parse_date(text)) is not None:
            value = datetime.combine(day, time.min)
    except ValueError:
        value = None
    if value is None:
        raise ValueError("Ein Zeitpunkt nach ISO 8601, z. B. 2026-12-01T08:00:00Z.")
    if timezone.is_naive(value):
        return timezone.make_aware(value, UTC)
    # In UTC: an offset is compared, not kept (PostgreSQL takes offsets only up to 15:59).
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("Ein Zeitpunkt nach ISO 8601, z. B. 2026-12-01T08:00:00Z.") from None


def parse_list_params(request: HttpRequest, filters: Sequence[Filter]) -> ListParams:
    """Every parameter checked: unknown names, repeated values, malformed or unknown values and
    a cursor of another filter state are errors (400, problem details), never ignored."""
    by_name = {f.name: f for f in filters}
    errors: list[InvalidParam] = []
    for name in sorted(set(request.GET) - set(by_name) - set(PAGING)):
        allowed = ", ".join([*by_name, *PAGING])
        errors.append(InvalidParam(name, f"Unbekannter Parameter. Möglich sind: {allowed}."))
    values: dict[str, str] = {}
    for name in request.GET:
        if len(request.GET.getlist(name)) > 1:
            errors.append(InvalidParam(name, "Nur ein Wert je Parameter."))
    for name, spec in by_name.items():
        raw = request.GET.get(name)
        if raw is None:
            continue
        try:
            values[name] = spec.check(raw)
        except ValueError as error:
            errors.append(InvalidParam(name, str(error)))
    limit = DEFAULT_LIMIT
    if (raw_limit := request.GET.get("limit")) is not None:
        parsed = params.bounded_int(raw_limit, minimum=1, maximum=MAX_LIMIT)
        if parsed is None:
            errors.append(InvalidParam("limit", f"Eine ganze Zahl von 1 bis {MAX_LIMIT}."))
        else:
            limit = parsed
    since = None
    if (raw_since := request.GET.get("updated_since")) is not None:
        try:
            since = parse_since(raw_since)
        except ValueError as error:
            errors.append(InvalidParam("updated_since", str(error)))
    after, until, after_change = 0, None, None
    if (raw_cursor := request.GET.get("cursor")) is not None:
        try:
            state = signing.loads(raw_cursor, salt=CURSOR_SALT)
            after = int(state["a"])
            digest = str(state["f"])
            if since is not None:
                after_change = (datetime.fromisoformat(state["t"]), after)
                until = datetime.fromisoformat(state["u"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            errors.append(InvalidParam("cursor", "Ungültig: nur `next`-Links weiterverwenden."))
        else:
            if digest != _filter_digest(_state(values, since)):
                errors.append(
                    InvalidParam("cursor", "Gehört zu anderen Filtern: `next`-Link verwenden.")
                )
    if errors:
        raise InvalidParametersError(errors)
    if since is not None and until is None:
        until = sync_horizon()
    return ListParams(
        filters=values,
        limit=limit,
        after=after,
        since=since,
        until=until,
        after_change=after_change,
    )


# --- Answers ---------------------------------------------------------------------------------


@dataclass
class Conditional:
    """ETag and Last-Modified of an answer, from the data versions of the tables it reads."""

    etag: str
    last_modified: datetime | None = None

    @classmethod
    def of(cls, models: Iterable[type[Model]], *state: Any) -> Conditional:
        # One query for every table and its many-to-many tables.
        version, latest = data_version_and_latest(*models)
        raw = json.dumps([version, *state], sort_keys=True, default=str)
        etag = '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'
        return cls(etag=etag, last_modified=latest)

    def not_modified(self, request: HttpRequest) -> HttpResponse | None:
        stamp = int(self.last_modified.timestamp()) if self.last_modified else None
        response = get_conditional_response(request, etag=self.etag, last_modified=stamp)
        if response is not None:
            self.apply(response)
        return response

    def apply(self, response: HttpResponse) -> HttpResponse:
        response["ETag"] = self.etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return open_data_headers(response)


def clock_state() -> list[str]:
    """For answers that change with time alone (a registration closes, an event becomes past):
    the current minute, so that an ETag stays valid for at most a minute."""
    return [timezone.now().strftime("%Y-%m-%dT%H:%M")]


def json_answer(data: Any) -> JsonResponse:
    """`data` as compact UTF-8 JSON (times in ISO 8601)."""
    return JsonResponse(
        data,
        encoder=DjangoJSONEncoder,
        safe=False,
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )


def list_response(
    request: HttpRequest,
    *,
    queryset: QuerySet[Any],
    list_params: ListParams,
    serialize: Callable[[list[Any]], list[dict[str, Any]]],
    models: Iterable[type[Model]],
    state: Sequence[Any] = (),
) -> HttpResponse:
    """One page of `queryset` (ordered by id after the cursor), or 304 for a client that has it.

    `serialize` turns the page's model instances into records (it may load related rows for all
    of them at once). `state`: whatever else the answer depends on (for records that change
    with the clock, such as a registration that closes: `clock_state()`)."""
    conditional = Conditional.of(
        models,
        *state,
        request.build_absolute_uri("/"),  # the records' links are absolute
        request.path,
        list_params.filters,
        list_params.limit,
        list_params.after,
        list_params.since,
        list_params.until,
    )
    if (unchanged := conditional.not_modified(request)) is not None:
        return unchanged
    if list_params.since is not None and list_params.until is not None:
        window = (list_params.since, list_params.until)
        return _cached(
            conditional,
            lambda: _sync_page(request, queryset, list_params, window, serialize, conditional),
        )
    return _cached(
        conditional, lambda: _list_page(request, queryset, list_params, serialize, conditional)
    )


def _list_page(
    request: HttpRequest,
    queryset: QuerySet[Any],
    list_params: ListParams,
    serialize: Callable[[list[Any]], list[dict[str, Any]]],
    conditional: Conditional,
) -> HttpResponse:
    rows = list(queryset.filter(pk__gt=list_params.after).order_by("pk")[: list_params.limit + 1])
    has_next = len(rows) > list_params.limit
    rows = rows[: list_params.limit]
    next_url = None
    if has_next:
        query = QueryDict(mutable=True)
        query.update(list_params.filters)
        if list_params.limit != DEFAULT_LIMIT:
            query["limit"] = str(list_params.limit)
        query["cursor"] = make_cursor(rows[-1].pk, list_params.filters)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    with translation.override("de"):
        records = serialize(rows)
    body = {"results": records, "next": next_url, "limit": list_params.limit}
    response: HttpResponse = json_answer(body)
    if next_url:
        response["Link"] = f'<{next_url}>; rel="next"'
    conditional.apply(response)
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
    return response


def _sync_page(
    request: HttpRequest,
    queryset: QuerySet[Any],
    list_params: ListParams,
    window: tuple[datetime, datetime],
    serialize: Callable[[list[Any]], list[dict[str, Any]]],
    conditional: Conditional,
) -> HttpResponse:
    """A page of changes in the order they happened: the record as it is now while it is in
    the list, else a tombstone `{"id": …, "deleted": true, "changed_at": …}` (deleted, no longer
    public, or no longer matching the filters)."""
    since, until = window
    changes = changes_since(
        queryset.model._meta.db_table,
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
    results = [records.get(pk, {"id": pk, "deleted": True, "changed_at": at}) for pk, at in changes]
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
    body = {
        "results": results,
        "next": next_url,
        "limit": list_params.limit,
        # Where the next pass starts: `updated_since` = this, once `next` is null.
        "until": until,
    }
    response: HttpResponse = json_answer(body)
    if next_url:
        response["Link"] = f'<{next_url}>; rel="next"'
    conditional.apply(response)
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
    return response


def record_response(
    request: HttpRequest,
    *,
    record: Callable[[], dict[str, Any]],
    models: Iterable[type[Model]],
    key: str,
    state: Sequence[Any] = (),
) -> HttpResponse:
    """One record (built by `record`, which raises Http404 for anything not public)."""
    conditional = Conditional.of(models, *state, request.build_absolute_uri("/"), request.path, key)
    if (unchanged := conditional.not_modified(request)) is not None:
        return unchanged

    def build() -> HttpResponse:
        with translation.override("de"):
            data = record()
        return conditional.apply(json_answer(data))

    return _cached(conditional, build)


def _cached(conditional: Conditional, build: Callable[[], HttpResponse]) -> HttpResponse:
    """The answer kept in the cache under its ETag, which names the data versions and the whole
    request: a kept answer is never stale, and a repeated request costs the version lookup."""
    key = f"api:v1:answer:{conditional.etag.strip(chr(34))}"
    kept = cache.get(key)
    if kept is not None:
        body, link = kept
        response = HttpResponse(body, content_type="application/json")
        if link:
            response["Link"] = link
            response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
        return conditional.apply(response)
    response = build()
    if response.status_code == 200 and len(response.content) <= ANSWER_CACHE_MAX_BYTES:
        cache.set(key, (response.content, response.get("Link", "")), ANSWER_CACHE_SECONDS)
    return response
