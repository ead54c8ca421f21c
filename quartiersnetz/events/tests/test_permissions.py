"""Role × permission matrix over every curation URL of the Werkstätten, GET and POST.

Roles: anonymous, a plain member (account without organisation), an organisation member, a
curator and a superuser. Each URL is tried for a draft and for a published (past) event.
Refused requests answer 302 to the login (anonymous), 404 (drafts stay secret) or 403
(visible, but not allowed), and leave the database exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.events.models import (
    AgendaItem,
    Event,
    EventDocument,
    EventFormat,
    EventPartner,
    Series,
)
from quartiersnetz.events.tests.factories import AgendaItemFactory, EventFactory, SeriesFactory
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications.tests.pdfs import simple_pdf

ROLES = ["anonymous", "member", "org_member", "curator", "superuser"]
CURATORS = {"curator", "superuser"}
STATES = ["draft", "published"]


@dataclass
class World:
    users: dict[str, Any]
    series: Series
    event: Event = field(init=False)
    item: AgendaItem = field(init=False)
    document: EventDocument = field(init=False)


@pytest.fixture
def world(db, curator) -> World:
    superuser = UserFactory(is_superuser=True, is_staff=True)
    users = {
        "anonymous": None,
        "member": UserFactory(),
        "org_member": MembershipFactory().user,
        "curator": curator,
        "superuser": superuser,
    }
    return World(users=users, series=SeriesFactory(slug="reihe-matrix"))


def make_event(w: World, state: str) -> None:
    start = timezone.now() - dt.timedelta(days=2)
    w.event = EventFactory(state=state, start=start, end=start + dt.timedelta(hours=5))
    w.item = AgendaItemFactory(event=w.event, title="Begrüßung")
    AgendaItemFactory(
        event=w.event, title="Austausch", start=start + dt.timedelta(hours=1), end=None
    )
    w.document = EventDocument(event=w.event, title="Protokoll", size=100)
    w.document.file.save("protokoll.pdf", ContentFile(simple_pdf(1)), save=True)


def snapshot() -> tuple:
    return (
        tuple(
            Event.objects.order_by("pk").values_list(
                "pk", "state", "title", "updated", "documented_at", "documentation"
            )
        ),
        tuple(AgendaItem.objects.order_by("pk").values_list("pk", "start", "title", "outcome")),
        EventPartner.objects.count(),
        EventDocument.objects.count(),
        Event.presented_practices.through.objects.count(),
        tuple(Series.objects.values_list("pk", "title")),
        AuditEntry.objects.count(),
    )


def local(w: World) -> tuple[str, str]:
    start = timezone.localtime(w.event.start)
    return start.date().isoformat(), start.strftime("%H:%M")


def event_post(w: World) -> dict[str, Any]:
    day, _time = local(w)
    return {
        "format": EventFormat.objects.get(slug="praxiswerkstatt").pk,
        "title": "Geänderter Titel",
        "start_date": day, "start_time": "08:00", "end_date": day, "end_time": "18:00",
        "time_zone": "Europe/Berlin", "mode": "on_site", "venue_name": "Halle",
        "address": "Markt 1", "municipality": "05916000", "admission": "open",
        "partner-TOTAL_FORMS": "0", "partner-INITIAL_FORMS": "0",
        "partner-MIN_NUM_FORMS": "0", "partner-MAX_NUM_FORMS": "30",
    }  # fmt: skip


def item_post(w: World) -> dict[str, Any]:
    day, time = local(w)
    return {"action": "add", "day": day, "start_time": time, "title": "Input", "kind": "impulse"}


def plan_post(w: World) -> dict[str, Any]:
    return {
        "title": "Nächste Werkstatt", "date": "2027-02-03", "start_time": "10:00",
        "end_time": "12:00", "time_zone": "Europe/Berlin", "mode": "online",
    }  # fmt: skip


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("ergebnis.pdf", simple_pdf(2), content_type="application/pdf")


@dataclass
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    # The status a curator gets per event state; a write changes the database when 302.
    ok: dict[str, int]
    event_bound: bool = True
    writes: bool = True


def ev(path: str) -> Callable[[World], str]:
    return lambda w: f"/werkstaetten/{w.event.slug}/{path}"


def nothing(w: World) -> dict[str, Any]:
    return {}


GET_OK = {"draft": 200, "published": 200}
POST_OK = {"draft": 302, "published": 302}

CASES = [
    Case("planning GET", "get", lambda w: "/werkstaetten/planung/", nothing, GET_OK,
         event_bound=False, writes=False),
    Case("create GET", "get", lambda w: "/werkstaetten/neu/", nothing, GET_OK,
         event_bound=False, writes=False),
    Case("create POST", "post", lambda w: "/werkstaetten/neu/", event_post, POST_OK,
         event_bound=False),
    Case("series create GET", "get", lambda w: "/werkstaetten/reihen/neu/", nothing, GET_OK,
         event_bound=False, writes=False),
    Case("series create POST", "post", lambda w: "/werkstaetten/reihen/neu/",
         lambda w: {"title": "Neue Reihe"}, POST_OK, event_bound=False),
    Case("series plan GET", "get", lambda w: f"/werkstaetten/reihen/{w.series.slug}/planen/",
         nothing, GET_OK, event_bound=False, writes=False),
    Case("series plan POST", "post", lambda w: f"/werkstaetten/reihen/{w.series.slug}/planen/",
         plan_post, POST_OK, event_bound=False),
    Case("edit GET", "get", ev("bearbeiten/"), nothing, GET_OK, writes=False),
    Case("edit POST", "post", ev("bearbeiten/"), event_post, POST_OK),
    Case("publish POST", "post", ev("veroeffentlichen/"), nothing, POST_OK),
    Case("cancel GET", "get", ev("absagen/"), nothing, GET_OK, writes=False),
    Case("cancel POST", "post", ev("absagen/"), lambda w: {"reason": "Sturm"},
         {"draft": 400, "published": 302}),
    Case("agenda GET", "get", ev("programm/"), nothing, GET_OK, writes=False),
    Case("agenda POST add", "post", ev("programm/"), item_post, POST_OK),
    Case("agenda POST delete", "post", ev("programm/"),
         lambda w: {"action": "delete", "item": w.item.pk}, POST_OK),
    Case("agenda POST move", "post", ev("programm/"),
         lambda w: {"action": "down", "item": w.item.pk}, POST_OK),
    Case("agenda item GET", "get", lambda w: f"/werkstaetten/{w.event.slug}/programm/{w.item.pk}/",
         nothing, GET_OK, writes=False),
    Case("agenda item POST", "post",
         lambda w: f"/werkstaetten/{w.event.slug}/programm/{w.item.pk}/",
         lambda w: {**item_post(w), "title": "Willkommen"}, POST_OK),
    Case("documentation GET", "get", ev("dokumentation/"), nothing, GET_OK, writes=False),
    Case("documentation POST save", "post", ev("dokumentation/"),
         lambda w: {"action": "save", "documentation": "Ergebnisse",
                    "more_practices": PracticeFactory().slug},
         {"draft": 400, "published": 302}),
    Case("documentation POST upload", "post", ev("dokumentation/"),
         lambda w: {"action": "upload", "title": "Fotoprotokoll", "file": pdf()},
         {"draft": 400, "published": 302}),
    Case("documentation POST remove", "post", ev("dokumentation/"),
         lambda w: {"action": "remove", "document": w.document.pk}, POST_OK),
]  # fmt: skip


def check_refused(response: Any, role: str, state: str, case: Case) -> None:
    if role == "anonymous":
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith("/konto/login/")
    elif case.event_bound and state == "draft":
        assert response.status_code == 404, response.status_code  # drafts stay secret
    else:
        assert response.status_code == 403, response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_permission_matrix(client, world, case, state, role, django_capture_on_commit_callbacks):
    make_event(world, state)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    data = case.data(world)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, case.method)(case.url(world), data)
    if role in CURATORS:
        expected = case.ok[state]
        if case.name == "publish POST" and state == "published":
            # Allowed, but nothing to do: the message explains it.
            assert response.status_code == 302
            assert snapshot() == before
            return
        assert response.status_code == expected, response.content.decode()[:3000]
        if response.status_code == 302:
            assert "/konto/login/" not in response["Location"]
            if case.writes:
                assert snapshot() != before, "an allowed write changed nothing"
        else:
            if case.method == "post":
                assert snapshot() == before
    else:
        check_refused(response, role, state, case)
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", ["draft", "published", "cancelled"])
def test_document_download(client, world, role, state):
    """Documents of public events are public; those of drafts only for curators (else 404)."""
    make_event(world, state)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = client.get(f"/werkstaetten/{world.event.slug}/dokumente/{world.document.pk}/")
    if state != "draft" or role in CURATORS:
        assert response.status_code == 200
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_download_post_is_refused(client, world, role):
    make_event(world, "published")
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    before = snapshot()
    response = client.post(f"/werkstaetten/{world.event.slug}/dokumente/{world.document.pk}/")
    assert response.status_code == 405
    assert snapshot() == before


def test_unknown_records_answer_404_for_curators(client, world):
    make_event(world, "published")
    client.force_login(world.users["curator"])
    assert client.get("/werkstaetten/gibt-es-nicht/bearbeiten/").status_code == 404
    assert client.get("/werkstaetten/reihen/gibt-es-nicht/planen/").status_code == 404
    other = AgendaItemFactory()
    url = f"/werkstaetten/{world.event.slug}/programm/{other.pk}/"
    assert client.get(url).status_code == 404
    before = snapshot()
    response = client.post(
        f"/werkstaetten/{world.event.slug}/programm/", {"action": "delete", "item": other.pk}
    )
    assert response.status_code == 404
    assert snapshot() == before


# Members' proposals (/werkstaetten/vorschlagen/) --------------------------------------------

PROPOSAL_ROLES = ["anonymous", "member", "org_member", "expert", "curator", "curator_with_org",
                  "superuser"]  # fmt: skip
# Who acts for an organisation or an expert profile may propose (rule and page).
PROPOSERS = {"org_member", "expert", "curator_with_org"}


@pytest.fixture
def proposal_users(world) -> dict[str, Any]:
    from quartiersnetz.actors.tests.factories import PersonFactory

    curator_with_org = MembershipFactory().user
    curator_with_org.groups.add(*world.users["curator"].groups.all())
    return {
        **world.users,
        "expert": PersonFactory().user,
        "curator_with_org": curator_with_org,
    }


def proposal_post(user: Any) -> dict[str, Any]:
    from quartiersnetz.practices.curation_selectors import author_actors

    actor = author_actors(user).first() if user is not None else None
    day = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    return {
        "actor": actor.pk if actor else "",
        "format": EventFormat.objects.get(slug="praxiswerkstatt").pk,
        "title": "Vorschlag aus der Matrix",
        "start_date": day, "start_time": "10:00", "end_date": day, "end_time": "12:00",
        "time_zone": "Europe/Berlin", "mode": "online",
    }  # fmt: skip


@pytest.mark.parametrize("role", PROPOSAL_ROLES)
def test_propose_matrix(client, world, proposal_users, role, django_capture_on_commit_callbacks):
    user = proposal_users[role]
    may = role in PROPOSERS
    if user is not None:
        client.force_login(user)
        if role != "superuser":  # Django's ModelBackend grants superusers every permission
            assert user.has_perm("events.propose_event") is may
    else:
        from django.contrib.auth.models import AnonymousUser

        assert AnonymousUser().has_perm("events.propose_event") is False
    response = client.get("/werkstaetten/vorschlagen/")
    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")
    else:
        assert response.status_code == 200
        assert (b'name="proposal_note"' in response.content) is may
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/werkstaetten/vorschlagen/", proposal_post(user))
    if may:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == "/werkstaetten/"
        assert snapshot() != before
        event = Event.objects.get(title="Vorschlag aus der Matrix")
        assert event.state == Event.State.DRAFT
        assert event.created_by == user
    else:
        assert response.status_code == (302 if user is None else 200)
        assert snapshot() == before
