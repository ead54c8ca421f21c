"""/werkstaetten/: the public list, its filters, facets, map island and query counts."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from quartiersnetz.core.testing import count_queries
from quartiersnetz.events.models import Event, EventFormat
from quartiersnetz.events.tests.factories import SeriesFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import ActionField, SpatialField

from .factories_public import SearchableEventFactory, bulk_events

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _without_seeded_events(db):
    """Start from no events (migration 0003 adds the initiative's own three)."""
    Event.objects.all().delete()


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def days(n: int, hour: int = 10) -> dt.datetime:
    return timezone.now().replace(hour=hour, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=n
    )


@pytest.fixture
def listed():
    upcoming = SearchableEventFactory(
        title="Praxiswerkstatt Leerstand Mannheim",
        slug="leerstand-mannheim",
        municipality=Municipality.objects.get(ags="08222000"),
        action_field=ActionField.objects.get(slug="innenstadtstrategien"),
        start=days(10),
        end=days(10, 16),
    )
    later = SearchableEventFactory(
        title="Perspektiven-Werkstatt Quartiere",
        slug="perspektiven-quartiere",
        format=EventFormat.objects.get(slug="perspektiven-werkstatt"),
        mode=Event.Mode.ONLINE,
        municipality=None,
        spatial_field=SpatialField.objects.get(slug="quarters"),
        series=SeriesFactory(title="Perspektiven-Werkstätten", slug="perspektiven"),
        start=days(40),
        end=days(40, 12),
        online_url="https://meet.example.org/geheimer-raum",
    )
    past = SearchableEventFactory(
        title="Sondierung Schlüsselimmobilien Herne",
        slug="sondierung-herne",
        format=EventFormat.objects.get(slug="sondierungsgespraech"),
        start=days(-30),
        end=days(-30, 16),
        documented_at=timezone.now(),
        documentation="Ergebnisse",
    )
    older = SearchableEventFactory(
        title="Abgesagte Werkstatt", slug="abgesagt", state=Event.State.CANCELLED,
        start=days(-60), end=days(-60, 16),
    )  # fmt: skip
    draft = SearchableEventFactory(title="Geheimer Entwurf", slug="entwurf", state="draft")
    return upcoming, later, past, older, draft


def titles_in_order(page: str) -> list[str]:
    return re.findall(
        r'<h3 class="kern-heading-small"><a class="kern-link" href="[^"]+">([^<]+)</a>', page
    )


def test_upcoming_first_then_past_and_no_drafts(client, listed):
    page = html(client, "/werkstaetten/")
    assert "4 Veranstaltungen" in page
    assert titles_in_order(page) == [
        "Praxiswerkstatt Leerstand Mannheim",
        "Perspektiven-Werkstatt Quartiere",
        "Sondierung Schlüsselimmobilien Herne",
        "Abgesagte Werkstatt",
    ]
    assert "Geheimer Entwurf" not in page
    assert "abgesagt" in page
    assert "meet.example.org" not in page


def test_entries_link_series_and_documentation(client, listed):
    page = html(client, "/werkstaetten/")
    assert 'href="/werkstaetten/reihen/perspektiven/"' in page
    assert 'href="/werkstaetten/sondierung-herne/#dokumentation"' in page
    assert 'href="/werkstaetten/leerstand-mannheim/#dokumentation"' not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "zeitraum=kommend",
            {"Praxiswerkstatt Leerstand Mannheim", "Perspektiven-Werkstatt Quartiere"},
        ),
        ("zeitraum=vergangen", {"Sondierung Schlüsselimmobilien Herne", "Abgesagte Werkstatt"}),
        ("format=sondierungsgespraech", {"Sondierung Schlüsselimmobilien Herne"}),
        ("spatial_field=quarters", {"Perspektiven-Werkstatt Quartiere"}),
        ("action_field=innenstadtstrategien", {"Praxiswerkstatt Leerstand Mannheim"}),
        ("mode=online", {"Perspektiven-Werkstatt Quartiere"}),
        ("state=08", {"Praxiswerkstatt Leerstand Mannheim"}),
        ("q=schlusselimmobilien", {"Sondierung Schlüsselimmobilien Herne"}),
        ("q=MANNHEIM leerstand", {"Praxiswerkstatt Leerstand Mannheim"}),
        ("q=entwurf", set()),
    ],
)
def test_filters(client, listed, query, expected):
    page = html(client, f"/werkstaetten/?{query}")
    assert set(titles_in_order(page)) == expected


def test_year_filter_and_facet(client, listed):
    year = timezone.localdate().year
    page = html(client, f"/werkstaetten/?zeitraum={year}")
    assert f'href="?zeitraum={year}"' in page or f"zeitraum={year}" in page
    assert "Geheimer Entwurf" not in page


def test_unknown_filter_values_are_ignored(client, listed):
    page = html(client, "/werkstaetten/?mode=teleport&state=99&zeitraum=gestern")
    assert "4 Veranstaltungen" in page


def test_facets_with_counts_as_links(client, listed):
    page = html(client, "/werkstaetten/")
    assert 'href="?zeitraum=kommend"' in page
    assert 'href="?format=sondierungsgespraech"' in page
    assert 'href="?mode=online"' in page
    assert 'href="?state=08"' in page
    assert 'href="?spatial_field=quarters"' in page
    facet = re.search(
        r'href="\?zeitraum=kommend">kommende <span class="facet__count">\((\d+)\)', page
    )
    assert facet
    assert facet.group(1) == "2"
    # Filter state kept in facet links.
    page = html(client, "/werkstaetten/?mode=on_site")
    assert (
        'href="?mode=on_site&amp;zeitraum=kommend"' in page
        or "zeitraum=kommend&amp;mode=on_site" in page
    )


def test_map_island_has_on_site_events_only(client, listed):
    response = client.get("/werkstaetten/")
    config = json.loads(
        re.search(
            r'<script id="event-map-config" type="application/json">(.*?)</script>',
            response.content.decode(),
            re.S,
        ).group(1)
    )
    titles = {p["title"] for p in config["points"]}
    assert "Praxiswerkstatt Leerstand Mannheim" in titles
    assert "Perspektiven-Werkstatt Quartiere" not in titles
    assert all(p["lat"] and p["lon"] for p in config["points"])
    # The map section is hidden without JavaScript.
    assert "data-event-map hidden" in response.content.decode()


def test_pagination_keeps_filters(client, db):
    bulk_events(90)
    page = html(client, "/werkstaetten/?mode=online")
    assert "Nächste Seite" in page
    assert 'href="?mode=online&amp;seite=2"' in page
    page2 = html(client, "/werkstaetten/?mode=online&seite=2")
    assert "Seite 2 von" in page2


def test_htmx_request_gets_the_results_partial(client, listed):
    response = client.get("/werkstaetten/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "Praxiswerkstatt Leerstand Mannheim" in body


def _cold_and_warm(client, url: str) -> tuple[int, int]:
    cache.clear()
    return count_queries(client, url), count_queries(client, url)


@pytest.mark.parametrize(
    "url",
    [
        "/werkstaetten/",
        "/werkstaetten/?zeitraum=vergangen&mode=online&q=massenwerkstatt",
        "/werkstaetten/?zeitraum=kommend&mode=on_site&state=05&seite=2",
    ],
)
def test_list_query_count_constant(client, url):
    """Cold (after any change): version, period bucket, count and facets in one UNION ALL, the
    three vocabularies, the rows, with a text query the words for "Meinten Sie …?" (once per
    data version). Warm: the data version only, at 10 and 1 000 events."""
    bulk_events(10, prefix="klein")
    small = _cold_and_warm(client, url)
    bulk_events(990, prefix="gross", agenda=True)
    assert Event.objects.count() == 1000
    assert _cold_and_warm(client, url) == small
    cold, warm = small
    assert warm == 1
    assert cold <= 8


def test_cached_counts_follow_every_change(client, listed):
    assert "4 Veranstaltungen" in html(client, "/werkstaetten/")
    SearchableEventFactory(title="Ganz neu", slug="ganz-neu")
    page = html(client, "/werkstaetten/")
    assert "5 Veranstaltungen" in page
    assert "Ganz neu" in page
    Event.objects.filter(slug="ganz-neu").update(state=Event.State.DRAFT, updated=timezone.now())
    assert "4 Veranstaltungen" in html(client, "/werkstaetten/")


def test_odd_filter_values_and_the_action_field_calendar_link(client, listed):
    # Values that cannot be slugs are ignored (core.params), as unknown choices always were.
    response = client.get("/werkstaetten/?action_field=gibt%20es%20nicht&format=%3Cb%3E")
    assert response.status_code == 200
    assert response.context["filters"].as_dict() == {}
    assert "kalender/" not in response.content.decode()
    # A slug that names nothing filters everything out, and still links no calendar.
    page = html(client, "/werkstaetten/?action_field=gibt-es-nicht")
    assert "0 Veranstaltungen" in page
    assert "kalender/" not in page
    page = html(client, "/werkstaetten/?action_field=innenstadtstrategien")
    assert 'href="/werkstaetten/kalender/innenstadtstrategien.ics"' in page


def test_english_list(client, listed):
    response = client.get("/en/werkstaetten/")
    assert response.status_code == 200


def test_warm_list_reads_no_rows_and_no_facets(client, listed, monkeypatch):
    first = html(client, "/werkstaetten/?action_field=innenstadtstrategien")

    def fail(*args, **kwargs):
        raise AssertionError("the cached list counted again")

    monkeypatch.setattr("quartiersnetz.events.list_selectors._count_list", fail)
    monkeypatch.setattr("quartiersnetz.events.list_selectors.event_when", fail)
    assert html(client, "/werkstaetten/?action_field=innenstadtstrategien") == first
    assert 'href="/werkstaetten/kalender/innenstadtstrategien.ics"' in first


def test_cached_list_shows_a_cancellation_with_its_reason(client, listed, curator):
    from quartiersnetz.events import services

    upcoming = listed[0]
    page = html(client, "/werkstaetten/")
    assert "Grund:" not in page
    services.event_cancel(event=upcoming, user=curator, reason="Die Halle ist gesperrt.")
    page = html(client, "/werkstaetten/")
    card = page[page.index(upcoming.title) :]
    card = card[: card.index("</li>")]
    assert "abgesagt" in card
    assert "Grund: Die Halle ist gesperrt." in card


def test_cached_list_follows_the_clock(client, listed, monkeypatch):
    """An event that ends moves from upcoming to past without any change of the data."""
    upcoming = listed[0]
    assert titles_in_order(html(client, "/werkstaetten/?zeitraum=kommend")) == [
        "Praxiswerkstatt Leerstand Mannheim",
        "Perspektiven-Werkstatt Quartiere",
    ]
    page = html(client, "/werkstaetten/")
    assert titles_in_order(page)[0] == "Praxiswerkstatt Leerstand Mannheim"
    after = upcoming.end + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: after)
    assert titles_in_order(html(client, "/werkstaetten/?zeitraum=kommend")) == [
        "Perspektiven-Werkstatt Quartiere"
    ]
    page = html(client, "/werkstaetten/")
    assert titles_in_order(page)[:2] == [
        "Perspektiven-Werkstatt Quartiere",
        "Praxiswerkstatt Leerstand Mannheim",
    ]
    assert "1 Veranstaltung" in html(client, "/werkstaetten/?zeitraum=kommend")


def test_period_bucket_names_the_split(listed):
    from quartiersnetz.events import list_selectors, selectors

    upcoming = listed[0]
    version = selectors.event_data_version()
    before = upcoming.end - dt.timedelta(hours=1)
    bucket = list_selectors.period_bucket(version, before)
    assert bucket == upcoming.end.isoformat()
    # Any moment up to that end gives the same bucket (and no query), a later one another.
    assert list_selectors.period_bucket(version, upcoming.end) == bucket
    assert list_selectors.period_bucket(version, upcoming.end + dt.timedelta(seconds=1)) != bucket


def _map_config(response):
    return json.loads(
        re.search(
            r'<script id="event-map-config" type="application/json">(.*?)</script>',
            response.content.decode(),
            re.S,
        ).group(1)
    )


def test_map_uses_the_tile_setting_and_allows_it_by_csp(client, listed, settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Beispiel-Kacheln"
    response = client.get("/werkstaetten/")
    config = _map_config(response)
    assert config["tileUrl"] == "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    assert config["attribution"] == "© Beispiel-Kacheln"
    assert config["stateLabels"] == []
    img_src = next(
        d for d in response["Content-Security-Policy"].split(";") if d.strip().startswith("img-src")
    )
    assert "https://*.tiles.example.org" in img_src


def test_map_without_tiles_names_the_states(client, listed, settings):
    settings.MAP_TILE_URL = ""
    response = client.get("/werkstaetten/?seite=1")
    config = _map_config(response)
    assert config["tileUrl"] == ""
    assert config["stateLabels"]
    assert "tiles.example.org" not in response["Content-Security-Policy"]
