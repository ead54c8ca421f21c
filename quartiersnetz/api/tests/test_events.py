"""`/api/v1/events` and `/api/v1/series`: records with both labels, only what the public pages
show, strict parameters, cursor pages, ETags, constant queries, sync with tombstones — and
never anything of the people who registered."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from quartiersnetz.actors.tests.factories import OrganisationFactory, PersonFactory
from quartiersnetz.events.models import (
    AgendaItem,
    Event,
    EventDocument,
    EventFormat,
    EventPartner,
    Registration,
    Series,
)
from quartiersnetz.events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    EventPartnerFactory,
    RegistrationFactory,
    SeriesFactory,
    berlin,
)
from quartiersnetz.events.tests.factories_public import SearchableEventFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.tests.factories import DraftPracticeFactory, PracticeFactory
from quartiersnetz.publications.tests.factories import PublicationFactory, RecommendationFactory
from quartiersnetz.taxonomy.models import ActionField, Approach, Method, SpatialField

from .helpers import PROBLEM
from .helpers import all_pages as _all_pages
from .helpers import count_queries as _queries
from .helpers import path_of as _path
from .helpers import tick as _tick

pytestmark = pytest.mark.django_db


def _record(client, slug, url="/api/v1/events?limit=500"):
    records, _ = _all_pages(client, url)
    return next(r for r in records if r["slug"] == slug)


def _days(days: int, hour: int = 10) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=days, hours=hour - 10)


# --- Records ---------------------------------------------------------------------------------


def test_event_record_has_codes_with_both_labels_and_links(client):
    series = SeriesFactory(slug="perspektiven", title="Perspektiven")
    field = ActionField.objects.get(slug="lebendige-quartiere")
    approach = Approach.objects.filter(action_field=field).order_by("pk").first()
    event = EventFactory(
        slug="leerstand",
        series=series,
        action_field=field,
        start=berlin(2030, 7, 1, 10, 0),
        end=berlin(2030, 7, 1, 16, 0),
    )
    event.approaches.add(approach)
    host = OrganisationFactory(slug="gastgeberin", name="Verein Gastgeberin")
    EventPartnerFactory(event=event, actor=host)
    EventPartnerFactory(
        event=event, actor=OrganisationFactory(slug="partner"), role=EventPartner.Role.LOCAL_PARTNER
    )
    response = client.get("/api/v1/events?limit=500")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    record = next(r for r in response.json()["results"] if r["slug"] == "leerstand")
    assert record["id"] == event.pk
    assert record["url"] == "http://testserver/werkstaetten/leerstand/"
    assert record["title"] == event.title
    assert record["summary"] == event.summary
    assert record["format"] == {
        "code": "praxiswerkstatt",
        "name_de": "Praxiswerkstatt",
        "name_en": "Practice workshop",
    }
    assert record["series"] == {
        "id": series.pk,
        "slug": "perspektiven",
        "name": "Perspektiven",
        "url": "http://testserver/werkstaetten/reihen/perspektiven/",
    }
    assert record["status"] == {
        "code": "published",
        "name_de": "veröffentlicht",
        "name_en": "published",
    }
    assert record["cancellation_reason"] == ""
    # Times in UTC, with the event's own time zone beside them.
    assert record["start"] == "2030-07-01T08:00:00Z"
    assert record["end"] == "2030-07-01T14:00:00Z"
    assert record["time_zone"] == "Europe/Berlin"
    assert record["mode"] == {"code": "on_site", "name_de": "vor Ort", "name_en": "on site"}
    assert record["venue"] == {"name": "Kulturzentrum", "address": "Bahnhofstraße 1, 44623 Herne"}
    herne = Municipality.objects.get(ags="05916000")
    assert record["municipality"] == {
        "ags": "05916000",
        "name": "Herne",
        "state": {
            "code": "05",
            "name_de": "Nordrhein-Westfalen",
            "name_en": "North Rhine-Westphalia",
        },
    }
    assert record["location"] == {
        "latitude": herne.latitude,
        "longitude": herne.longitude,
        "precision": "municipality",
    }
    assert record["spatial_field"]["code"] == "centres"
    assert record["spatial_field"]["name_en"] == SpatialField.objects.get(slug="centres").name_en
    assert record["action_field"] == {
        "code": field.slug,
        "name_de": field.name,
        "name_en": field.name_en or field.name,
    }
    assert [a["code"] for a in record["approaches"]] == [approach.slug]
    host_record, partner_record = record["partners"]  # hosts first, as on the page
    assert host_record == {
        "id": host.pk,
        "slug": "gastgeberin",
        "name": "Verein Gastgeberin",
        "url": "http://testserver/mitwirkende/gastgeberin/",
        "role": {"code": "host", "name_de": "Gastgeber*in", "name_en": "Host"},
    }
    assert partner_record["slug"] == "partner"
    assert partner_record["role"] == {
        "code": "local_partner",
        "name_de": "lokaler Partner",
        "name_en": "local partner",
    }
    assert record["registration"] == {
        "admission": {
            "code": "open",
            "name_de": "offene Anmeldung",
            "name_en": "open registration",
        },
        "state": {"code": "open", "name_de": "Anmeldung möglich", "name_en": "registration open"},
        "opens": None,
        "closes": "2030-07-01T08:00:00Z",  # no deadline: until the start
        "capacity": 20,
        "places_left": 20,
    }
    assert record["documented_at"] is None
    assert record["is_sample"] is False
    assert "T" in record["updated"]
    # The list row is not the page: no description, programme or documentation.
    assert "description" not in record
    assert "agenda" not in record


def test_detail_adds_description_programme_and_the_documentation_once_documented(client):
    event = EventFactory(slug="werkstatt-doku", start=_days(-10), end=_days(-10, 16))
    public, hidden = OrganisationFactory(slug="referentin"), OrganisationFactory(is_hidden=True)
    method = Method.objects.order_by("pk").first()
    shown = PracticeFactory(slug="gezeigt")
    item = AgendaItemFactory(
        event=event,
        title="Praxis-Input Ladenlokal",
        description="Ein **Laden** wird Treffpunkt.",
        practice=shown,
        method=method,
        outcome="Drei Ideen für die Innenstadt.",
    )
    item.presenters.add(public, hidden)
    AgendaItemFactory(
        event=event,
        start=event.start + dt.timedelta(hours=1),
        end=None,
        title="Austausch",
        kind=AgendaItem.Kind.EXCHANGE,
        practice=DraftPracticeFactory(slug="entwurf"),
    )
    EventDocument.objects.create(
        event=event, title="Ergebnisprotokoll", file="event-documents/2026/p.pdf", size=2048
    )
    recommendation = RecommendationFactory(publication=PublicationFactory(slug="empfehlungen"))
    unpublished = RecommendationFactory(
        publication=PublicationFactory(slug="intern", is_published=False)
    )
    event.recommendations.add(recommendation, unpublished)
    event.presented_practices.add(PracticeFactory(slug="vorgestellt"), DraftPracticeFactory())

    detail = client.get("/api/v1/events/werkstatt-doku").json()
    assert detail["id"] == event.pk
    assert detail["description"] == event.description
    assert detail["accessibility_info"] == event.accessibility_info
    first, second = detail["agenda"]
    assert first["title"] == "Praxis-Input Ladenlokal"
    assert first["kind"] == {
        "code": "practice_input",
        "name_de": "Praxis-Input",
        "name_en": "Practice input",
    }
    assert first["description"] == "Ein **Laden** wird Treffpunkt."
    assert first["start"] == event.start.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    assert [p["slug"] for p in first["presenters"]] == ["referentin"]
    assert first["practice"]["slug"] == "gezeigt"
    assert first["practice"]["url"] == "http://testserver/praxis/gezeigt/"
    assert first["method"]["code"] == method.slug
    assert second["end"] is None
    assert second["practice"] is None  # a draft practice is not linked
    assert second["kind"]["code"] == "exchange"
    assert [r["id"] for r in detail["recommendations"]] == [recommendation.pk]
    assert detail["recommendations"][0]["url"] == (
        f"http://testserver/impulse/empfehlungen/#empfehlung-{recommendation.number}"
    )
    assert detail["recommendations"][0]["publication"]["slug"] == "empfehlungen"
    # Not documented yet: no results, no documents, no presented practices.
    assert first["outcome"] is None
    assert detail["documentation"] is None
    assert detail["documented_at"] is None

    Event.objects.filter(pk=event.pk).update(
        documentation="## Ergebnisse\n\nViel gelernt.", documented_at=timezone.now()
    )
    detail = client.get(f"/api/v1/events/{event.pk}").json()
    assert detail["documented_at"] is not None
    assert detail["agenda"][0]["outcome"] == "Drei Ideen für die Innenstadt."
    documentation = detail["documentation"]
    assert documentation["summary"] == "## Ergebnisse\n\nViel gelernt."
    (document,) = documentation["documents"]
    assert document["title"] == "Ergebnisprotokoll"
    assert document["size"] == 2048
    assert document["page_count"] is None
    assert urlsplit(document["url"]).path.startswith("/werkstaetten/werkstatt-doku/dokumente/")
    assert {p["slug"] for p in documentation["presented_practices"]} == {"gezeigt", "vorgestellt"}


def test_only_public_events_and_public_profiles_appear(client):
    hidden = OrganisationFactory(is_hidden=True, slug="verborgen")
    shown = EventFactory(slug="sichtbar")
    EventPartnerFactory(event=shown, actor=hidden)
    EventFactory(slug="entwurf", state=Event.State.DRAFT)
    cancelled = EventFactory(
        slug="abgesagt", state=Event.State.CANCELLED, cancellation_reason="Krankheit"
    )
    records, _ = _all_pages(client, "/api/v1/events?limit=2")
    slugs = {r["slug"] for r in records}
    assert {"sichtbar", "abgesagt"} <= slugs
    assert "entwurf" not in slugs
    assert slugs == set(Event.objects.published().values_list("slug", flat=True))
    assert next(r for r in records if r["slug"] == "sichtbar")["partners"] == []
    withdrawn = next(r for r in records if r["slug"] == "abgesagt")
    assert withdrawn["status"] == {
        "code": "cancelled",
        "name_de": "abgesagt",
        "name_en": "cancelled",
    }
    assert withdrawn["cancellation_reason"] == "Krankheit"
    assert withdrawn["registration"]["state"]["code"] == "closed"
    assert client.get(f"/api/v1/events/{cancelled.pk}").status_code == 200
    draft = Event.objects.get(slug="entwurf")
    for url in (
        "/api/v1/events/entwurf",
        f"/api/v1/events/{draft.pk}",
        "/api/v1/events/gibt-es-nicht",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == PROBLEM
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response.json()["status"] == 404
    assert client.get("/api/v1/events/sichtbar").json()["partners"] == []


def test_an_online_event_has_no_place_and_no_access_link(client):
    EventFactory(
        slug="online",
        mode=Event.Mode.ONLINE,
        address="Geheimweg 7, 44623 Herne",
        online_url="https://meet.example.org/geheimer-raum",
    )
    EventFactory(slug="hybrid", mode=Event.Mode.HYBRID, online_url="https://meet.example.org/hyb")
    online = _record(client, "online")
    assert online["mode"]["code"] == "online"
    assert online["venue"] is None
    assert online["municipality"] is None
    assert online["location"] is None
    hybrid = _record(client, "hybrid")
    assert hybrid["venue"]["name"] == "Kulturzentrum"
    assert hybrid["municipality"]["ags"] == "05916000"
    detail = client.get("/api/v1/events/online")
    assert detail.json()["accessibility_info"] is None
    for response in (
        client.get("/api/v1/events?limit=500"),
        detail,
        client.get("/api/v1/events/hybrid"),
    ):
        body = response.content.decode()
        assert "meet.example.org" not in body
        assert "Geheimweg" not in body


def test_registration_states_as_the_page_shows_them(client):
    full = EventFactory(slug="voll", capacity=2)
    RegistrationFactory.create_batch(2, event=full)
    RegistrationFactory(event=full, status=Registration.Status.WAITLISTED)
    one_left = EventFactory(slug="fast-voll", capacity=3)
    RegistrationFactory.create_batch(2, event=one_left)
    RegistrationFactory(event=one_left, status=Registration.Status.CANCELLED)
    EventFactory(slug="frei", admission=Event.Admission.NONE)
    EventFactory(slug="unbegrenzt", capacity=None)
    EventFactory(slug="einladung", admission=Event.Admission.INVITATION, capacity=12)
    EventFactory(slug="bald", registration_opens=_days(3))
    EventFactory(slug="schluss", registration_opens=_days(-5), registration_closes=_days(-1))
    EventFactory(slug="vorbei", start=_days(-3), end=_days(-3, 16))

    def registration(slug):
        return _record(client, slug)["registration"]

    assert registration("voll")["state"] == {
        "code": "full",
        "name_de": "ausgebucht – Anmeldung auf die Warteliste",
        "name_en": "fully booked – waiting list",
    }
    assert registration("voll")["places_left"] == 0
    assert registration("fast-voll")["state"]["code"] == "open"
    assert registration("fast-voll")["places_left"] == 1  # confirmed ones only
    assert registration("fast-voll")["capacity"] == 3
    free = registration("frei")
    assert free["state"]["code"] == "none"
    assert free["admission"]["name_en"] == "no registration"
    assert (free["capacity"], free["places_left"], free["opens"], free["closes"]) == (
        None,
        None,
        None,
        None,
    )
    assert registration("unbegrenzt")["state"]["code"] == "open"
    assert registration("unbegrenzt")["places_left"] is None
    invitation = registration("einladung")
    assert invitation["admission"]["code"] == "invitation"
    assert (invitation["state"]["code"], invitation["capacity"]) == ("open", 12)
    assert invitation["places_left"] is None  # the page shows none for invitations
    assert registration("bald")["state"]["code"] == "not_yet_open"
    assert registration("bald")["places_left"] is None
    assert registration("schluss")["state"]["code"] == "closed"
    assert registration("vorbei")["state"]["code"] == "closed"
    assert client.get("/api/v1/events/voll").json()["registration"]["places_left"] == 0


def test_no_personal_data_of_registrants_in_any_answer(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    series = SeriesFactory(slug="reihe-privat")
    event = EventFactory(
        slug="mit-liste",
        series=series,
        public_attendee_list=True,
        online_url="https://meet.example.org/nur-fuer-angemeldete",
    )
    people = [
        RegistrationFactory(
            event=event,
            name="Erika Mustermann",
            email="erika.mustermann@example.org",
            organisation_name="Nachbarschaftsverein Erika",
            show_publicly=True,  # even consent to the page's list is no open data
        ),
        RegistrationFactory(
            event=event,
            name="Max Wartelist",
            email="max.wartelist@example.org",
            status=Registration.Status.WAITLISTED,
            accessibility_needs="Rollstuhlplatz",
            dietary_needs="vegan",
        ),
    ]
    EventPartnerFactory(event=event, actor=PersonFactory(is_hidden=True, name="Versteckte Person"))
    urls = [
        "/api/v1/events?limit=500",
        "/api/v1/events/mit-liste",
        f"/api/v1/events/{event.pk}",
        "/api/v1/events?updated_since=2020-01-01&limit=500",
        "/api/v1/events?q=Mustermann",
        "/api/v1/series?limit=500",
        "/api/v1/series/reihe-privat",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for person in people:
            for value in (person.name, person.email, person.organisation_name, person.token_nonce):
                if value:
                    assert value not in body, (url, value)
        for value in ("Rollstuhlplatz", "vegan", "Versteckte Person", "nur-fuer-angemeldete"):
            assert value not in body, (url, value)
        assert "@example.org" not in body, url
    # A name is no search term that finds an event.
    assert client.get("/api/v1/events?q=Mustermann").json()["results"] == []


# --- Filters and parameters ------------------------------------------------------------------


def test_filters_match_the_list_page_and_cursors_keep_their_filters(client):
    field = ActionField.objects.get(slug="lebendige-quartiere")
    inside = [EventFactory(action_field=field) for _ in range(3)]
    EventFactory()
    records, pages = _all_pages(client, f"/api/v1/events?action_field={field.slug}&limit=2")
    assert {r["id"] for r in records} == {e.pk for e in inside}
    assert pages == 2
    first = client.get(f"/api/v1/events?action_field={field.slug}&limit=2").json()
    cursor = first["next"].split("cursor=")[1]
    # The same cursor with other filters is refused, not silently mixed.
    response = client.get(f"/api/v1/events?limit=2&cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "cursor"


def test_each_filter_of_the_list_page(client):
    online = EventFormat.objects.get(slug="perspektiven-werkstatt")
    EventFactory(slug="online-werkstatt", format=online, mode=Event.Mode.ONLINE)
    EventFactory(slug="frueher", start=_days(-40), end=_days(-40, 16))
    EventFactory(slug="quartier", spatial_field=SpatialField.objects.get(slug="quarters"))
    EventFactory(
        slug="in-bayern",
        municipality=Municipality.objects.filter(state="09").order_by("pk").first(),
    )
    SearchableEventFactory(slug="gesucht", title="Zukunftswerkstatt Marktplatz")
    EventFactory(slug="entwurf-online", format=online, state=Event.State.DRAFT)

    def slugs(query):
        records, _ = _all_pages(client, f"/api/v1/events?{query}&limit=500")
        return {r["slug"] for r in records}

    assert slugs("format=perspektiven-werkstatt") == {"online-werkstatt"}
    assert slugs("mode=online") == {"online-werkstatt"}
    assert slugs("spatial_field=quarters") == {"quartier"}
    assert slugs("state=09") == {"in-bayern"}
    assert "in-bayern" not in slugs("state=05")
    assert "quartier" in slugs("state=05")
    assert slugs("q=Marktplatz") == {"gesucht"}
    upcoming, past = slugs("zeitraum=kommend"), slugs("zeitraum=vergangen")
    assert "frueher" in past
    assert "frueher" not in upcoming
    assert {"online-werkstatt", "quartier", "gesucht"} <= upcoming
    # The initiative's own events of 2021 (seed) are past ones of that year.
    seeded = slugs("zeitraum=2021")
    assert seeded
    assert seeded <= past
    assert seeded == set(
        Event.objects.published().filter(start__year=2021).values_list("slug", flat=True)
    )


def test_zeitraum_is_documented_with_the_years_it_takes(client):
    """The pattern once said four digits (0000–9999) while only 1901–2199 are taken:
    schemathesis' schema-valid `zeitraum=6909` was refused (found by `make api-fuzz`)."""
    import re

    document = client.get("/api/v1/openapi.json").json()
    parameters = document["paths"]["/api/v1/events"]["get"]["parameters"]
    pattern = next(p for p in parameters if p["name"] == "zeitraum")["schema"]["pattern"]
    years = ["0000", "1900", "1901", "1999", "2000", "2021", "2199", "2200", "6909", "9999"]
    for value in ["kommend", "vergangen", *years]:
        documented = re.search(pattern, value) is not None
        status = client.get(f"/api/v1/events?zeitraum={value}").status_code
        assert status == (200 if documented else 400), value


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("foo=1", ["foo"]),
        ("ordering=start", ["ordering"]),
        ("seite=2", ["seite"]),
        ("state=99", ["state"]),
        ("mode=irgendwo", ["mode"]),
        ("format=gibt-es-nicht", ["format"]),
        ("spatial_field=Keine Slug!", ["spatial_field"]),
        ("action_field=gibt-es-nicht", ["action_field"]),
        ("zeitraum=morgen", ["zeitraum"]),
        ("zeitraum=1800", ["zeitraum"]),
        ("zeitraum=02021", ["zeitraum"]),
        ("q=", ["q"]),
        ("limit=0", ["limit"]),
        ("limit=501", ["limit"]),
        ("cursor=erfunden", ["cursor"]),
        ("updated_since=gestern", ["updated_since"]),
        ("mode=online&mode=hybrid", ["mode"]),
        ("foo=1&limit=-3&zeitraum=x", ["foo", "limit", "zeitraum"]),
    ],
)
def test_bad_parameters_are_problem_details(client, query, names):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response["Access-Control-Allow-Origin"] == "*"
    problem = response.json()
    assert problem["status"] == 400
    assert sorted({p["name"] for p in problem["invalid-params"]}) == sorted(names)
    assert all(p["reason"] for p in problem["invalid-params"])


@pytest.mark.parametrize("query", ["format=praxiswerkstatt", "q=werkstatt", "limit=0", "foo=1"])
def test_series_take_no_filters(client, query):
    response = client.get(f"/api/v1/series?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["invalid-params"]


def test_details_refuse_parameters(client):
    event = EventFactory()
    series = SeriesFactory()
    assert client.get(f"/api/v1/events/{event.pk}?limit=3").status_code == 400
    assert client.get(f"/api/v1/series/{series.pk}?limit=3").status_code == 400
    assert client.get(f"/api/v1/events/{event.slug}").json()["id"] == event.pk
    assert client.get(f"/api/v1/series/{series.slug}").json()["id"] == series.pk


# --- Series ----------------------------------------------------------------------------------


def test_series_list_their_public_events_in_date_order(client):
    series = SeriesFactory(slug="werkstattreihe", title="Werkstattreihe", description="Mehr dazu.")
    later = EventFactory(
        slug="zweite",
        series=series,
        start=_days(60),
        end=_days(60, 16),
        spatial_field=SpatialField.objects.get(slug="quarters"),
    )
    earlier = EventFactory(slug="erste", series=series, start=_days(20), end=_days(20, 16))
    EventFactory(slug="geplant", series=series, state=Event.State.DRAFT, start=_days(90))
    cancelled = EventFactory(slug="ausgefallen", series=series, state=Event.State.CANCELLED)
    EventFactory(slug="ohne-reihe")
    records, _ = _all_pages(client, "/api/v1/series?limit=1")
    # Every series (also the initiative's own from the seed), in id order.
    assert [r["id"] for r in records] == sorted(Series.objects.values_list("pk", flat=True))
    record = next(r for r in records if r["slug"] == "werkstattreihe")
    assert record["url"] == "http://testserver/werkstaetten/reihen/werkstattreihe/"
    assert record["title"] == "Werkstattreihe"
    assert record["format"] == {
        "code": "perspektiven-werkstatt",
        "name_de": "Perspektiven-Werkstatt",
        "name_en": "Perspectives workshop",
    }
    assert record["rotates_spatial_fields"] is True
    # In 20, 30 (the factory's default) and 60 days; the draft is left out.
    assert [e["slug"] for e in record["events"]] == ["erste", "ausgefallen", "zweite"]
    by_slug = {e["slug"]: e for e in record["events"]}
    assert by_slug["erste"] == {
        "id": earlier.pk,
        "slug": "erste",
        "name": earlier.title,
        "url": "http://testserver/werkstaetten/erste/",
        "start": by_slug["erste"]["start"],
        "status": {"code": "published", "name_de": "veröffentlicht", "name_en": "published"},
    }
    assert by_slug["ausgefallen"]["status"]["code"] == "cancelled"
    assert "description" not in record
    detail = client.get("/api/v1/series/werkstattreihe").json()
    assert detail["description"] == "Mehr dazu."
    assert [e["id"] for e in detail["events"]] == [e["id"] for e in record["events"]]
    # The rotation continues after the latest public event's field (quarters → small towns).
    assert later.spatial_field.slug == "quarters"
    assert detail["next_spatial_field"]["code"] == "small_towns"
    assert cancelled.pk in {e["id"] for e in detail["events"]}
    missing = client.get("/api/v1/series/gibt-es-nicht")
    assert missing.status_code == 404
    assert missing["Content-Type"] == PROBLEM
    # The event names its series, the series its event.
    assert client.get("/api/v1/events/erste").json()["series"]["slug"] == "werkstattreihe"
    flat = SeriesFactory(slug="ohne-wechsel", rotates_spatial_fields=False)
    assert client.get(f"/api/v1/series/{flat.pk}").json()["next_spatial_field"] is None


# --- Caching and queries ---------------------------------------------------------------------


def test_etag_revalidates_until_the_data_changes(client):
    event = EventFactory()
    series = SeriesFactory()
    for url in (
        "/api/v1/events",
        f"/api/v1/events/{event.slug}",
        "/api/v1/series",
        f"/api/v1/series/{series.slug}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        etag = response["ETag"]
        assert response.has_header("Last-Modified")
        assert "public" in response["Cache-Control"]
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert unchanged.status_code == 304, url
        assert unchanged["Access-Control-Allow-Origin"] == "*"
    etag = client.get(f"/api/v1/events/{event.slug}")["ETag"]
    list_etag = client.get("/api/v1/events")["ETag"]
    # A registration changes the places left: a new document.
    RegistrationFactory(event=event)
    response = client.get(f"/api/v1/events/{event.slug}", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["registration"]["places_left"] == 19
    assert client.get("/api/v1/events", HTTP_IF_NONE_MATCH=list_etag).status_code == 200
    series_etag = client.get("/api/v1/series")["ETag"]
    Event.objects.filter(pk=event.pk).update(series=series, updated=timezone.now())
    assert client.get("/api/v1/series", HTTP_IF_NONE_MATCH=series_etag).status_code == 200
    # Another page of the same data is another document.
    assert client.get("/api/v1/events?limit=1")["ETag"] != client.get("/api/v1/events")["ETag"]


def test_query_counts_do_not_grow_with_the_data(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    field = ActionField.objects.get(slug="lebendige-quartiere")
    approaches = list(Approach.objects.order_by("pk")[:2])

    def make(n):
        for _ in range(n):
            series = SeriesFactory()
            event = EventFactory(action_field=field, series=series)
            event.approaches.add(*approaches)
            EventPartnerFactory(event=event)
            EventPartnerFactory(event=event, role=EventPartner.Role.LOCAL_PARTNER)
            RegistrationFactory(event=event)
            item = AgendaItemFactory(event=event)
            item.presenters.add(OrganisationFactory())
            EventFactory(series=series, mode=Event.Mode.ONLINE)

    make(2)
    urls = (
        "/api/v1/events?limit=5",
        f"/api/v1/events?limit=5&action_field={field.slug}",
        "/api/v1/events?limit=5&zeitraum=kommend&mode=on_site&state=05",
        "/api/v1/events?limit=5&updated_since=2020-01-01",
        "/api/v1/series?limit=5",
        "/api/v1/series?limit=5&updated_since=2020-01-01",
    )
    small = {url: _queries(client, url) for url in urls}
    make(12)
    for url, count in small.items():
        assert _queries(client, url) == count, url
    for url in urls:
        data = client.get(url).json()
        assert data["next"], url
        assert _queries(client, _path(data["next"])) == small[url], url


# --- Synchronisation -------------------------------------------------------------------------


def test_updated_since_tells_changes_in_order_with_tombstones(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    edited, unpublished, deleted, booked, partnered = (
        EventFactory(slug="bearbeitet"),
        EventFactory(slug="zurueckgezogen"),
        EventFactory(slug="geloescht"),
        EventFactory(slug="gebucht", capacity=5),
        EventFactory(slug="mit-partner"),
    )
    draft = EventFactory(slug="entwurf-alt", state=Event.State.DRAFT)
    _tick()
    since = timezone.now()
    _tick()
    edited.title = "Neuer Titel"
    edited.save()
    _tick()
    Event.objects.filter(pk=unpublished.pk).update(state=Event.State.DRAFT)  # no save()
    _tick()
    gone = deleted.pk
    deleted.delete()
    _tick()
    RegistrationFactory(event=booked)  # only the places left change
    _tick()
    EventPartnerFactory(event=partnered, actor=OrganisationFactory(slug="neue-partnerin"))
    _tick()
    added = EventFactory(slug="neu")
    _tick()
    draft.title = "Noch ein Entwurf"
    draft.save()
    url = f"/api/v1/events?updated_since={since.isoformat()}"
    data = client.get(url).json()
    expected = [edited.pk, unpublished.pk, gone, booked.pk, partnered.pk, added.pk, draft.pk]
    assert [r["id"] for r in data["results"]] == expected
    first, withdrawn, removed, places, partner, new, still_draft = data["results"]
    assert first["title"] == "Neuer Titel"
    assert places["registration"]["places_left"] == 4
    assert [p["slug"] for p in partner["partners"]] == ["neue-partnerin"]
    assert new["slug"] == "neu"
    for tombstone in (withdrawn, removed, still_draft):
        assert tombstone["deleted"] is True
        assert set(tombstone) == {"id", "deleted", "changed_at"}  # nothing else of the record
    # In pages of three, with the same result; the next pass starts at `until`.
    records, pages = _all_pages(client, url + "&limit=3")
    assert [r["id"] for r in records] == expected
    assert pages == 3
    later = client.get(f"/api/v1/events?updated_since={data['until']}").json()
    assert later["results"] == []
    # With filters: an event that no longer matches them is a tombstone too.
    filtered = client.get(f"{url}&zeitraum=vergangen").json()["results"]
    assert all(r.get("deleted") for r in filtered)


def test_a_series_changes_with_its_events(client, settings):
    settings.API_SYNC_HORIZON_SECONDS = 0
    series, other, removed = SeriesFactory(), SeriesFactory(), SeriesFactory()
    event = EventFactory(series=series)
    _tick()
    since = timezone.now()
    _tick()
    Event.objects.filter(pk=event.pk).update(state=Event.State.DRAFT)
    _tick()
    gone = removed.pk
    removed.delete()
    data = client.get(f"/api/v1/series?updated_since={since.isoformat()}").json()
    assert [r["id"] for r in data["results"]] == [series.pk, gone]
    changed, tombstone = data["results"]
    assert changed["events"] == []  # its only event left the public state
    assert tombstone == {"id": gone, "deleted": True, "changed_at": tombstone["changed_at"]}
    assert other.pk not in {r["id"] for r in data["results"]}


def test_openapi_describes_the_lists_details_and_their_parameters(client):
    document = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/events",
        "/api/v1/events/{key}",
        "/api/v1/series",
        "/api/v1/series/{key}",
    ):
        assert path in document["paths"], path
    parameters = {p["name"] for p in document["paths"]["/api/v1/events"]["get"]["parameters"]}
    expected = {"q", "zeitraum", "format", "spatial_field", "action_field", "mode", "state"}
    assert expected | {"limit", "cursor", "updated_since"} <= parameters
    series = {p["name"] for p in document["paths"]["/api/v1/series"]["get"]["parameters"]}
    assert series == {"limit", "cursor", "updated_since"}
