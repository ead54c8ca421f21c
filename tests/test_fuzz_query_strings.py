"""Fuzz every GET-able page with malformed query strings: no input may answer with a 5xx.

The URLs come from the URLconf (German prefix only; /en/ runs the same views), so a new page is
covered without touching this file. Path arguments are filled from a small set of records built
with the factories; an argument this file does not know gets a placeholder (the page then answers
404, which still exercises the view's decorators).

Which parameters are fuzzed: a fixed list of every name the code reads (grep `request.GET` and the
`from_query` methods), plus every name the page itself reads from `request.GET` during a plain
request (recorded by wrapping `QueryDict`'s accessors), so a new filter is covered as well.

For each page and each malformed value there is one request with all parameters set to it; on
the pages a client can open, each parameter the page reads also gets one value of each kind alone
(the others absent), so that a parameter the page only reads when the others are valid is still
reached. A page that reads no parameter gets a few values and a malformed key (the middleware and
templates that echo the URL). Anonymous visitors fuzz every page; the curator repeats only what
curators see differently (pages closed to visitors, pages that read other parameters for them).
Every 5xx is collected and reported with its URL, query and exception; the test fails if there is
any. About 2 400 requests, some 30 s of CPU per database.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, transaction
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import translation

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.models import Membership
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    RegistrationFactory,
    SeriesFactory,
)
from quartiersnetz.opendata.dump import build_dump
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.tests.factories import (
    LearningFactory,
    LogEntryFactory,
    PublicProjectFactory,
)
from quartiersnetz.publications.tests.factories import (
    AttachmentFactory,
    PublicationFactory,
    RecommendationFactory,
)
from quartiersnetz.taxonomy.models import ActionField, Approach

# Routes that are not fuzzed, each with its reason. Everything else in the URLconf is.
SKIP_PREFIXES = {
    "/en/": "the English prefix runs the same views as the German URLs",
}
SKIP_NAMESPACES = {
    "admin": "the Django admin (/verwaltung/): its own forms and lookups, staff only",
}
SKIP_NAMES = {
    # allauth: logging out changes the session (GET only shows a confirmation today, but a
    # setting could turn GET into the action); the fuzzed clients must stay logged in.
    "account_logout",
    # allauth endpoints that act on a one-time key from an e-mail (confirm, reset): a GET with
    # a made-up key only renders "invalid link", and a real key would be consumed.
    "account_confirm_email",
    "account_reset_password_from_key",
}

# Every query parameter name the application reads (grep `request.GET`, `from_query`, the
# filter forms and the API parsers); the pages' own reads are added per page at run time.
KNOWN_PARAMS = (
    "q",
    "seite",
    "page",
    "kind",
    "type",
    "sector",
    "spatial_field",
    "action_field",
    "approach",
    "state",
    "municipality",
    "size_class",
    "status",
    "rating",
    "sort",
    "format",
    "mode",
    "zeitraum",
    "period",
    "year",
    "phase",
    "method",
    "art",
    "aktion",
    "reihe",
    "feld",
    "variante",
    "bbox",
    "fields",
    "limit",
    "offset",
    "size",
    "next",
)

# Raw (already percent-encoded) values. A Python str such as "\ud800" can only reach a server
# as the bytes ED A0 80 (WTF-8/CESU-8), which is what the surrogate cases send.
VALUES: dict[str, str] = {
    "NUL": "%00",
    "unpaired high surrogate": "%ED%A0%80",
    "invalid UTF-8": "%FF",
    "huge number": "1" + "0" * 30,
    "huge negative number": "-" + "9" * 30,
    "negative number": "-1",
    "zero": "0",
    "float": "1.5",
    "exponent": "1e309",
    "non-ASCII digits": "%C2%B2%C2%B2%C2%B2%C2%B2",  # "²²²²": str.isdigit() but not int()
    "Arabic-Indic digits": "%D9%A1%D9%A9%D9%A9%D9%A9",  # "١٩٩٩": int() accepts these
    "long string": "x" * 10_000,
    "letters": "abc",
    "number for a slug": "12345",
    "list-like": "1,2,3,4",
    "nan bbox": "nan,nan,inf,inf",
    "empty": "",
}
# The values sent to each parameter alone (the others absent): one of each kind.
SINGLE_VALUES = (
    "NUL",
    "huge number",
    "negative number",
    "float",
    "non-ASCII digits",
    "letters",
)
# Values that need their own query shape (the name is substituted for {n}).
SHAPES: dict[str, str] = {
    "repeated key": "{n}=a&{n}=b",
    "repeated key, NUL and number": "{n}=%00&{n}=1",
    "key without value": "{n}",
}
# Malformed keys, sent once per page.
KEYS: dict[str, str] = {
    "NUL in the key": "%00=1",
    "NUL inside a known key": "q%00=1",
    "invalid UTF-8 key": "%FF=1",
    "surrogate key": "%ED%A0%80=1",
    "many keys": "&".join(f"k{i}=1" for i in range(500)),
}


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: tuple[tuple[str, bool], ...]  # (name, is an int converter)


def _routes() -> Iterator[Route]:
    def walk(patterns: list[Any], namespace: str) -> Iterator[Route]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIP_NAMESPACES:
                    continue
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                converters = getattr(pattern.pattern, "converters", {})
                names = list(converters) or list(pattern.pattern.regex.groupindex)
                yield Route(
                    name,
                    tuple((k, isinstance(converters.get(k), IntConverter)) for k in names),
                )

    yield from walk(get_resolver().url_patterns, "")


@dataclass
class World:
    slugs: dict[str, str]  # namespace or route name → slug
    ids: dict[str, Any]  # route name or kwarg name → value


@pytest.fixture
def world(db) -> World:
    action_field = ActionField.objects.order_by("id").first()
    approach = Approach.objects.filter(action_field=action_field).first()
    curator = UserFactory(email="kuration@example.org")
    curator.groups.add(Group.objects.get(name=CURATOR_GROUP))
    organisation = OrganisationFactory()
    membership = MembershipFactory(organisation=organisation, user=curator)
    other = MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR)
    practice = PracticeFactory(
        organisation=organisation, action_fields=[action_field], approaches=[approach]
    )
    practice.title = "Geändert"
    practice.save()  # a second history row
    series = SeriesFactory()
    event = EventFactory(series=series)
    agenda_item = AgendaItemFactory(event=event)
    registration = RegistrationFactory(event=event)
    publication = PublicationFactory(authors=[organisation])
    recommendation = RecommendationFactory(publication=publication)
    attachment = AttachmentFactory(publication=publication)
    project = PublicProjectFactory(partner=organisation)
    log_entry = LogEntryFactory(project=project)
    learning = LearningFactory(project=project)
    partner = project.partners.first()
    history_id = practice.history.order_by("history_id").first().history_id
    return World(
        slugs={
            "actors": organisation.slug,
            "practices": practice.slug,
            "events": event.slug,
            "projects": project.slug,
            "publications": publication.slug,
            "events:series": series.slug,
            "events:series_plan": series.slug,
        },
        ids={
            "curator": curator,
            "action_field": action_field.slug,
            "action_field_slug": action_field.slug,
            "history_id": history_id,
            "number": recommendation.number,
            "file_name": attachment.file_name,
            "actors:membership_visibility": membership.pk,
            "actors:membership_role": other.pk,
            "actors:membership_remove": other.pk,
            "events:agenda_item": agenda_item.pk,
            "events:my_registration_cancel": registration.pk,
            "events:attendee_action": registration.pk,
            "projects:partner_remove": partner.pk,
            "projects:log_edit": log_entry.pk,
            "projects:log_delete": log_entry.pk,
            "projects:learning_edit": learning.pk,
            "projects:learning_publish": learning.pk,
            "publications:attachment": attachment.pk,
        },
    )


def _url(route: Route, world: World) -> str:
    kwargs: dict[str, Any] = {}
    for name, is_int in route.kwargs:
        if name == "slug":
            value = world.slugs.get(route.name, world.slugs.get(route.name.split(":")[0], "x"))
        elif name == "pk":
            value = world.ids.get(route.name, 1)
        else:
            value = world.ids.get(name, 1 if is_int else "x")
        kwargs[name] = value
    return reverse(route.name, kwargs=kwargs)


def _fuzz_urls(world: World) -> list[str]:
    with translation.override("de"):
        urls = [_url(route, world) for route in _routes() if route.name not in SKIP_NAMES]
    return sorted(
        {url for url in urls if not any(url.startswith(prefix) for prefix in SKIP_PREFIXES)}
    )


class _Recorder:
    """Records what a request reads from its query string.

    Only immutable QueryDicts count (request.GET and request.POST); the mutable ones are built
    by the code itself (a login redirect's `next`, a copy for a pagination link).

    `names`: the parameters it asks for by name (`get`, `in`, `[]`, …); `reads_all`: whether it
    also walks the whole query string (iterates, copies or re-encodes it), so that any name may
    matter.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: set[str] = set()
        self.reads_all = False
        for method in ("get", "getlist", "__getitem__", "__contains__", "pop"):
            monkeypatch.setattr(QueryDict, method, self._by_name(getattr(QueryDict, method)))
        for method in ("__iter__", "items", "lists", "keys", "values", "copy", "urlencode", "dict"):
            monkeypatch.setattr(QueryDict, method, self._whole(getattr(QueryDict, method)))

    def _by_name(self, original: Any) -> Any:
        def recording(qd: QueryDict, key: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(key, str) and not qd._mutable:
                self.names.add(key)
            return original(qd, key, *args, **kwargs)

        return recording

    def _whole(self, original: Any) -> Any:
        def recording(qd: QueryDict, *args: Any, **kwargs: Any) -> Any:
            self.reads_all = self.reads_all or not qd._mutable
            return original(qd, *args, **kwargs)

        return recording


_SAFE_NAME = re.compile(r"^[\w.-]{1,40}$")


@dataclass(frozen=True)
class Reads:
    status: int
    names: tuple[str, ...]
    reads_all: bool


@dataclass
class Fuzzer:
    client: Client
    monkeypatch: pytest.MonkeyPatch
    failures: list[str]
    requests: int = 0

    def get(self, url: str, query: str = "") -> int:
        self.requests += 1
        # Each request in a savepoint: on PostgreSQL a failed query aborts the transaction, and
        # every later request would fail for that reason instead of its own.
        try:
            with transaction.atomic():
                response = self.client.get(f"{url}?{query}" if query else url)
        except DatabaseError:
            pass  # the savepoint could not be released after a failed query: already a 500
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            reason = f"{exc[0].__name__}: {str(exc[1])[:160]}" if exc else ""
            shown = query if len(query) < 200 else query[:200] + "…"
            self.failures.append(f"{response.status_code} GET {url}?{shown}  {reason}")
        # A streamed answer (the open-data dump's file) is read to its end, which closes it as a
        # server would. Not through `response.close()`: its "request finished" signal would
        # close the database connection (the test client's wrapper keeps it open).
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
        return response.status_code

    def probe(self, url: str) -> Reads:
        """A plain GET: its status and what the page reads from the query string."""
        with self.monkeypatch.context() as patch:
            recorder = _Recorder(patch)
            status = self.get(url)
        names = tuple(sorted(name for name in recorder.names if _SAFE_NAME.match(name)))
        return Reads(status, names, recorder.reads_all)

    def fuzz(self, url: str, reads: Reads, *, deep: bool) -> None:
        """Malformed keys always; every value for the parameters the page reads, all at once;
        with `deep`, also each parameter it asks for by name alone."""
        if not reads.names and not reads.reads_all:
            # The page reads no parameter: what remains is the request machinery (middleware,
            # templates that echo the URL), which a few values reach.
            for label in ("NUL", "invalid UTF-8", "long string"):
                self.get(url, "&".join(f"{name}={VALUES[label]}" for name in KNOWN_PARAMS))
            self.get(url, KEYS["NUL in the key"])
            return
        for key in KEYS.values():
            self.get(url, key)
        names = sorted(set(KNOWN_PARAMS) | set(reads.names))
        for value in VALUES.values():
            self.get(url, "&".join(f"{name}={value}" for name in names))
        for shape in SHAPES.values():
            self.get(url, "&".join(shape.format(n=name) for name in names))
        if deep:
            # One parameter at a time (the others absent) reaches what a page reads only when
            # the rest is valid (the GeoJSON API rejects a bad bbox before it pages).
            for name in reads.names:
                for label in SINGLE_VALUES:
                    self.get(url, f"{name}={VALUES[label]}")


@pytest.mark.django_db
def test_no_query_string_makes_a_server_error(
    world: World, monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path
) -> None:
    # The open-data dump exists, so that its download (a file answer) is fuzzed too.
    settings.OPENDATA_DUMP_DIR = tmp_path
    build_dump()
    urls = _fuzz_urls(world)
    # The walk found the pages that matter (guards against a broken walk passing vacuously).
    for expected in ("/praxis/", "/mitwirkende/", "/api/v1/practices.geojson", "/suche/"):
        assert expected in urls
    failures: list[str] = []
    anonymous = Fuzzer(Client(raise_request_exception=False), monkeypatch, failures)
    curator = Fuzzer(Client(raise_request_exception=False), monkeypatch, failures)
    curator.client.force_login(world.ids["curator"])
    # Thousands of expected 4xx would each be logged (and captured) otherwise; a 5xx is
    # reported below with its exception.
    logging.disable(logging.CRITICAL)

    try:
        for url in urls:
            public = anonymous.probe(url)
            if public.status != 405:  # 405: not GET-able (a POST-only action)
                anonymous.fuzz(url, public, deep=public.status == 200)
            # The curator fuzzes what only curators see: pages closed to visitors (in depth)
            # and public pages that read other parameters for curators.
            own = curator.probe(url)
            if own.status != 405 and (public.status != 200 or own != public):
                curator.fuzz(url, own, deep=public.status != 200)
    finally:
        logging.disable(logging.NOTSET)
    assert anonymous.requests > 1000
    assert curator.requests > 500
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)


# --- The reported cases, one by one -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/praxis/?q=%00",
        "/praxis/karte/?sector=%00",
        "/mitwirkende/?q=a%00b&kind=%00&approach=%00",
        "/werkstaetten/?format=%00&spatial_field=%00",
        "/vorhaben/?action_field=%00",
        "/impulse/handlungsempfehlungen/?action_field=%00",
        "/suche/?q=%00",
    ],
)
def test_nul_in_a_filter_is_dropped(client, url: str) -> None:
    assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["1.5", "%00", "a%2Fb", "%C2%B2"])
def test_a_value_that_is_no_slug_is_ignored_by_the_publication_list(client, value: str) -> None:
    response = client.get(f"/impulse/?action_field={value}")
    assert response.status_code == 200
    assert response.context["filters"].action_field == ""


@pytest.mark.django_db
def test_a_year_in_other_digits_is_ignored_by_the_event_list(client) -> None:
    response = client.get("/werkstaetten/?zeitraum=%C2%B2%C2%B2%C2%B2%C2%B2")
    assert response.status_code == 200
    assert response.context["filters"].zeitraum == ""
    assert client.get("/werkstaetten/?zeitraum=2024").context["filters"].zeitraum == "2024"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["offset=" + "9" * 30, "offset=-1", "offset=1.5", "limit=" + "9" * 30, "limit=%C2%B2"]
)
def test_the_geojson_api_answers_bad_numbers_with_problem_details(client, query: str) -> None:
    response = client.get(f"/api/v1/practices.geojson?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    name = query.split("=")[0]
    assert [p["name"] for p in response.json()["invalid-params"]] == [name]


@pytest.mark.django_db
def test_the_geojson_api_still_pages_within_bounds(client) -> None:
    PracticeFactory(latitude=51.5, longitude=7.2)
    response = client.get("/api/v1/practices.geojson?offset=100000000&limit=10")
    assert response.status_code == 200
    assert b'"features":[]' in b"".join(response.streaming_content).replace(b" ", b"")
