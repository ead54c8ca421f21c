"""Nothing unpublished, hidden, private or personal in any open-data channel — one test per
channel, driven by the one list of channels (api/channels.py) and the OpenAPI document, and a
test that no machine-readable URL of the site is missing from that list."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory, PersonFactory
from quartiersnetz.alliances.tests.factories import AllianceFactory, MemberFactory
from quartiersnetz.api.channels import CHANNELS, NOT_OPEN_DATA
from quartiersnetz.api.v1 import api
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import (
    EventFactory,
    EventPartnerFactory,
    RegistrationFactory,
)
from quartiersnetz.practices.tests.factories import (
    DraftPracticeFactory,
    PracticeActorFactory,
    PracticeFactory,
)
from quartiersnetz.projects.tests.factories import (
    ProjectFactory,
    ProjectPartnerFactory,
    PublicProjectFactory,
)
from quartiersnetz.publications.tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db

# Everything with one of these in it must never reach a channel.
SECRETS = ("GEHEIM", "geheim-person@example.org", "teilnahme-geheim@example.org")
MACHINE_SUFFIXES = (".atom", ".ics", ".json", ".geojson", ".csv", "feed/", ".ttl", ".jsonld")


@pytest.fixture
def world(settings):
    settings.API_SYNC_HORIZON_SECONDS = 0  # synchronisations see the world just made
    hidden = OrganisationFactory(name="GEHEIM Verein", slug="geheim-verein", is_hidden=True)
    public = OrganisationFactory(name="Offener Verein", slug="offener-verein")
    PersonFactory(
        name="Person Offen", slug="person-offen", contact_email="geheim-person@example.org"
    )
    practice = PracticeFactory(slug="offene-praxis", organisation=public)
    PracticeActorFactory(practice=practice, actor=hidden)
    draft = DraftPracticeFactory(title="GEHEIM Entwurf", slug="geheim-entwurf", organisation=public)
    publication = PublicationFactory(slug="offener-impuls", authors=[public, hidden])
    unpublished = PublicationFactory(
        title="GEHEIM Impuls", slug="geheim-impuls", is_published=False
    )
    event = EventFactory(slug="offene-werkstatt")
    EventPartnerFactory(event=event, actor=hidden)
    RegistrationFactory(
        event=event, name="GEHEIM Teilnehmerin", email="teilnahme-geheim@example.org"
    )
    draft_event = EventFactory(
        title="GEHEIM Werkstatt", slug="geheim-werkstatt", state=Event.State.DRAFT
    )
    project = PublicProjectFactory(slug="offenes-vorhaben", partner=public)
    ProjectPartnerFactory(project=project, actor=hidden, consented_at=timezone.now())
    private = ProjectFactory(title="GEHEIM Vorhaben", slug="geheim-vorhaben")
    alliance = AllianceFactory(slug="offene-allianz")
    MemberFactory(alliance=alliance, actor=public)
    MemberFactory(alliance=alliance, actor=hidden)
    hidden_alliance = AllianceFactory(name="GEHEIM Allianz", slug="geheim-allianz", is_hidden=True)
    return {
        "keys": {
            "actor": public.slug,
            "practice": practice.slug,
            "publication": publication.slug,
            "event": event.slug,
            "project": project.slug,
            "alliance": alliance.slug,
        },
        # Records no detail may answer (by id and by slug).
        "hidden": {
            "/api/v1/actors/{key}": hidden,
            "/api/v1/practices/{key}": draft,
            "/api/v1/publications/{key}": unpublished,
            "/api/v1/events/{key}": draft_event,
            "/api/v1/projects/{key}": private,
            "/api/v1/alliances/{key}": hidden_alliance,
        },
    }


def _assert_clean(url, response):
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    for secret in SECRETS:
        assert secret not in text, f"{secret} in {url}"
    return text


def _api_lists():
    """Paths of the API's paged lists (those with a `limit`)."""
    document = api.get_openapi_schema()
    return [
        path
        for path, item in document["paths"].items()
        if "{" not in path
        and any(p["name"] == "limit" for p in item.get("get", {}).get("parameters", []))
    ]


def _api_documents():
    """Paths of the API's other public documents (the taxonomy). Not `/api/v1/me…`: those
    answer only with a personal token, with its owner's own records (test_writes.py)."""
    document = api.get_openapi_schema()
    return [
        path
        for path, item in document["paths"].items()
        if "{" not in path
        and path not in _api_lists()
        and "get" in item
        and not item["get"].get("security")
    ]


def _api_details():
    document = api.get_openapi_schema()
    return [p for p, item in document["paths"].items() if "get" in item and "{" in p]


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.name)
def test_no_secret_in_a_channel(client, world, channel):
    for template in channel.paths:
        url = template.format(**world["keys"])
        _assert_clean(url, client.get(url))


@pytest.mark.parametrize("path", _api_lists())
def test_no_secret_in_an_api_list_at_any_page_or_sync(client, world, path):
    # Every record (pages of 500), the cursor pages of small pages (up to 20) and a
    # synchronisation from the beginning.
    starts = (
        (f"{path}?limit=500", None),
        (f"{path}?limit=2", 20),
        (f"{path}?limit=500&updated_since=2000-01-01", None),
    )
    for start, most in starts:
        url, seen = start, 0
        while url and (most is None or seen < most):
            response = client.get(url)
            if response.status_code == 400 and "updated_since" in url:
                break  # a list without a change log (places) says so
            data = response.json()
            _assert_clean(url, response)
            seen += 1
            url = data["next"] and f"{urlsplit(data['next']).path}?{urlsplit(data['next']).query}"
        assert seen or "updated_since" in start, start


@pytest.mark.parametrize("path", _api_documents())
def test_no_secret_in_an_api_document(client, world, path):
    _assert_clean(path, client.get(path))


@pytest.mark.parametrize("path", _api_details())
def test_api_records_answer_public_keys_only(client, world, path, settings):
    parent = path.rsplit("/", 1)[0]
    answer = client.get(parent + ("?limit=1" if parent in _api_lists() else "")).json()
    listing = answer.get("results") or next((v for v in answer.values() if isinstance(v, list)), [])
    if listing:
        first = listing[0]
        key = first.get("slug") or first.get("ags") or first.get("code") or first["id"]
        _assert_clean(path, client.get(path.replace(path[path.index("{") :], str(key))))
    hidden = world["hidden"].get(path)
    if hidden is not None:
        for key in (hidden.pk, hidden.slug):
            assert client.get(path.format(key=key)).status_code == 404, (path, key)


def _patterns(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}:{entry.name}".lstrip(":")


def test_every_machine_readable_url_is_a_channel_or_explained():
    covered = set()
    for channel in CHANNELS:
        for template in channel.paths:
            path = urlsplit(
                template.format(
                    **dict.fromkeys(
                        ("actor", "practice", "publication", "event", "project", "alliance"), "x"
                    )
                )
            ).path
            match = resolve(path)
            covered.add(f"{match.namespace}:{match.url_name}".lstrip(":"))
    missing = []
    for route, name in _patterns(get_resolver()):
        if name.startswith("api_v1:"):
            continue  # the OpenAPI operations: every one is read by the tests above
        if route.rstrip("$").endswith(MACHINE_SUFFIXES) and name not in covered | set(
            NOT_OPEN_DATA
        ):
            missing.append(f"{name} ({route})")
    assert not missing, f"machine-readable URLs missing from api/channels.py: {missing}"
