"""Werkstätten (events) and Vorhaben (projects) in the search, on SQLite and PostgreSQL alike.

Only public records are found: published or cancelled events (never drafts), projects whose
partners all consented. The index holds public rows only and follows every change of
visibility, in both directions, through the database triggers.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.places.models import Municipality
from quartiersnetz.projects import services as project_services
from quartiersnetz.projects.models import Project
from quartiersnetz.projects.tests.factories import ProjectFactory, PublicProjectFactory
from quartiersnetz.search import schema, sources
from quartiersnetz.search.backends import search
from quartiersnetz.search.postgres_index import PG_TABLE
from quartiersnetz.taxonomy.models import SpatialField

pytestmark = pytest.mark.django_db

NEUTRAL = "Ein Vorhaben mit vielen Beteiligten."


def titles(query: str, kind: str) -> list[str]:
    return [hit.title for hit in search(query, kinds=[kind]).hits]


def event(title: str, **kwargs) -> Event:
    kwargs.setdefault("summary", NEUTRAL)
    kwargs.setdefault("description", "")
    return EventFactory(title=title, **kwargs)


def project(title: str, **kwargs) -> Project:
    kwargs.setdefault("summary", NEUTRAL)
    kwargs.setdefault("description", "")
    kwargs.setdefault("challenge", "")
    return PublicProjectFactory(title=title, **kwargs)


def indexed_ids(kind: str) -> set[int]:
    """The ids the index holds for `kind` (whatever the query side filters)."""
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


# --- German relevance ----------------------------------------------------------------------

CASES = [
    ("Werkstatt", "Neue Werkstätten für die Innenstadt", True),
    ("Werkstätten", "Eine Werkstatt am Markt", True),
    ("Schlüsselimmobilie", "Schlüsselimmobilien im Ortskern beleben", True),
    ("Immobilie", "Schlüsselimmobilien im Ortskern beleben", True),
    ("Schlusselimmobilien", "Die Schlüsselimmobilie am Markt", True),
    ("Burger", "Treffpunkt der Bürgerinnen und Bürger", True),
    ("Strasse", "Die Straße wird zum Wohnzimmer", True),
    ("Quartier", "Das Stadtquartier lebt", True),
    ("Ort", "Ein Kulturort für die Nachbarschaft", True),
    ("Ort", "Sport im Park", False),
    ("Immobilie", "Ein leerer Laden", False),
]


@pytest.mark.parametrize(("query", "text", "expected"), CASES)
def test_german_matching_in_events(query, text, expected):
    event("Termin", summary=text)
    assert ("Termin" in titles(query, "event")) is expected  # the seed has events, too


def test_the_seeded_events_are_found():
    seeded = "Transformation kultivieren – ko-kreative und ko-produktive Entwicklung von "
    seeded += "Schlüsselimmobilien"
    assert Event.objects.filter(title=seeded).exists()
    for query in ("Schlüsselimmobilie", "Immobilie", "Schlusselimmobilien ko-kreative"):
        assert seeded in titles(query, "event"), query


@pytest.mark.parametrize(("query", "text", "expected"), CASES)
def test_german_matching_in_projects(query, text, expected):
    project("Vorhaben", summary=text)
    assert (titles(query, "project") == ["Vorhaben"]) is expected


def test_event_texts_venue_and_municipality_are_indexed():
    event("Termin A", description="Wir besuchen eine Genossenschaftsbäckerei.")
    event("Termin B", documentation="Ergebnis: ein Nachbarschaftsfonds.")
    event("Termin C", venue_name="Alte Zeche Zollern", municipality=None)
    event("Termin D", venue_name="", municipality=Municipality.objects.get(ags="05916000"))  # Herne
    assert titles("Genossenschaftsbäckerei", "event") == ["Termin A"]
    assert titles("Nachbarschaftsfonds", "event") == ["Termin B"]
    assert titles("Zeche Zollern", "event") == ["Termin C"]
    assert "Termin D" in titles("Herne", "event")


def test_project_texts_and_municipality_are_indexed():
    project("Vorhaben A", description="Ein Reallabor für Mobilität.")
    project("Vorhaben B", challenge="Leerstand im Erdgeschoss der Hauptstraße.")
    assert titles("Reallabor", "project") == ["Vorhaben A"]
    assert titles("Erdgeschoss Hauptstrasse", "project") == ["Vorhaben B"]
    assert titles("Herne Vorhaben", "project") == ["Vorhaben A", "Vorhaben B"]


def test_a_new_municipality_is_found_with_its_event():
    # SQLite reads names from the search-owned mirror, kept by triggers on the places table.
    place = Municipality.objects.get(ags="05916000")
    place.pk = None
    place.ags, place.name = "99999999", "Quarzhausen"
    place.label = place.search_label = "Quarzhausen (Test)"
    place.save()
    event("Termin im Neuen Ort", municipality=place)
    assert titles("Quarzhausen", "event") == ["Termin im Neuen Ort"]


def test_title_ranks_above_summary_and_body():
    event("Nachbarschaftsfest", summary="Ein Fest.", description="")
    event("Anderer Termin", summary="Auch ein Nachbarschaftsfest.", description="")
    event("Dritter Termin", summary="Ein Fest.", description="Mit einem Nachbarschaftsfest.")
    assert titles("Nachbarschaftsfest", "event") == [
        "Nachbarschaftsfest",
        "Anderer Termin",
        "Dritter Termin",
    ]
    project("Stadtwerkstatt Kalk", summary="Etwas.")
    project("Anderes Vorhaben", summary="Etwas.", challenge="Eine Stadtwerkstatt fehlt.")
    assert titles("Stadtwerkstatt", "project") == ["Stadtwerkstatt Kalk", "Anderes Vorhaben"]


# --- Visibility ----------------------------------------------------------------------------


def test_draft_events_are_never_found_cancelled_ones_are():
    draft = event("Geheime Zukunftswerkstatt", state=Event.State.DRAFT)
    cancelled = event("Abgesagte Zukunftswerkstatt", state=Event.State.CANCELLED)
    results = search("Zukunftswerkstatt")
    assert [h.title for h in results.hits] == ["Abgesagte Zukunftswerkstatt"]
    assert results.counts["event"] == 1
    assert draft.pk not in indexed_ids("event")
    assert cancelled.pk in indexed_ids("event")
    assert results.hits[0].is_cancelled


def test_events_follow_their_state_both_ways():
    e = event("Zukunftswerkstatt am Hafen", state=Event.State.DRAFT)
    assert titles("Zukunftswerkstatt", "event") == []
    Event.objects.filter(pk=e.pk).update(state=Event.State.PUBLISHED)
    assert titles("Zukunftswerkstatt", "event") == ["Zukunftswerkstatt am Hafen"]
    e.refresh_from_db()
    e.title = "Zukunftswerkstatt am Kanal"
    e.save()
    assert titles("Hafen", "event") == []
    assert titles("Kanal", "event") == ["Zukunftswerkstatt am Kanal"]
    Event.objects.filter(pk=e.pk).update(state=Event.State.DRAFT)
    assert titles("Zukunftswerkstatt", "event") == []
    assert e.pk not in indexed_ids("event")
    Event.objects.filter(pk=e.pk).update(state=Event.State.CANCELLED)
    assert titles("Zukunftswerkstatt", "event") == ["Zukunftswerkstatt am Kanal"]
    e.delete()
    assert titles("Zukunftswerkstatt", "event") == []
    assert e.pk not in indexed_ids("event")


def test_a_draft_never_shows_through_counts_or_snippets():
    event("Öffentliche Werkstatt", summary="Über Gemeinwohlimmobilien.")
    event("Entwurf", state=Event.State.DRAFT, summary="Gemeinwohlimmobilien und Geheimsache.")
    results = search("Gemeinwohlimmobilien")
    assert results.counts["event"] == 1
    assert results.total == 1
    assert all("Geheimsache" not in h.snippet_html for h in results.hits)
    assert search("Geheimsache").total == 0


def test_projects_awaiting_consent_are_never_found():
    waiting = ProjectFactory(title="Wartendes Quartierslabor", summary=NEUTRAL)
    results = search("Quartierslabor")
    assert results.counts["project"] == 0
    assert results.hits == []
    assert waiting.pk not in indexed_ids("project")


def test_projects_follow_consent_both_ways():
    """Public once every partner consented; not public again when a partner joins or withdraws."""
    first = MembershipFactory()
    second = MembershipFactory()
    created = project_services.project_create(
        user=first.user,
        organisation=first.organisation,
        data={
            "title": "Kaufhaus der Nachbarschaft",
            "summary": "Ein leeres Kaufhaus wird eine Schlüsselimmobilie für alle.",
            "municipality": Municipality.objects.get(ags="05916000"),
            "spatial_field": SpatialField.objects.get(slug="centres"),
            "phase": Project.Phase.PROTOTYPE,
        },
    )
    assert titles("Kaufhaus", "project") == []
    project_services.project_consent(project=created, user=first.user)
    assert titles("Kaufhaus", "project") == ["Kaufhaus der Nachbarschaft"]
    assert titles("Schlüsselimmobilien", "project") == ["Kaufhaus der Nachbarschaft"]

    # A partner joins: not public until it consents, too.
    project_services.project_partner_add(
        project=created, user=first.user, actor=second.organisation
    )
    assert titles("Kaufhaus", "project") == []
    assert search("Kaufhaus").counts["project"] == 0
    assert created.pk not in indexed_ids("project")
    project_services.project_consent(project=created, user=second.user)
    assert titles("Kaufhaus", "project") == ["Kaufhaus der Nachbarschaft"]

    # A partner withdraws its consent after the project was indexed.
    project_services.project_consent_withdraw(project=created, user=second.user)
    assert titles("Kaufhaus", "project") == []
    assert search("Schlüsselimmobilie").counts["project"] == 0
    assert created.pk not in indexed_ids("project")


def test_changes_to_a_hidden_project_stay_hidden():
    waiting = ProjectFactory(title="Verborgenes Vorhaben", summary=NEUTRAL)
    Project.objects.filter(pk=waiting.pk).update(summary="Jetzt mit Gemeinschaftsgarten")
    assert titles("Gemeinschaftsgarten", "project") == []
    assert waiting.pk not in indexed_ids("project")
    Project.objects.filter(pk=waiting.pk).update(state="public", public_since=timezone.now())
    assert titles("Gemeinschaftsgarten", "project") == ["Verborgenes Vorhaben"]


def test_bulk_created_rows_are_indexed_by_visibility():
    template = EventFactory.build()
    rows = [
        Event(
            title=f"Massenwerkstatt {state}",
            slug=f"massen-{state}",
            format=template.format,
            state=state,
            start=template.start,
            end=template.end,
            municipality=template.municipality,
        )
        for state in Event.State.values
    ]
    Event.objects.bulk_create(rows)
    assert sorted(titles("Massenwerkstatt", "event")) == [
        "Massenwerkstatt cancelled",
        "Massenwerkstatt published",
    ]


# --- Index upkeep --------------------------------------------------------------------------


def _wipe(kind: str) -> None:
    source = sources.SOURCES_BY_KIND[kind]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {source.fts}")  # noqa: S608
            cursor.execute(f"DELETE FROM {source.tri}")  # noqa: S608
        else:
            cursor.execute(f"DELETE FROM {PG_TABLE} WHERE kind = %s", [kind])  # noqa: S608


def test_rebuild_command_indexes_events_and_projects(capsys):
    event("Werkstatt Ladenlokal")
    event("Entwurf Ladenlokal", state=Event.State.DRAFT)
    project("Ladenlokal-Vorhaben")
    ProjectFactory(title="Wartendes Ladenlokal")
    _wipe("event")
    _wipe("project")
    assert search("Ladenlokal", kinds=["event", "project"]).total == 0
    with pytest.raises(Exception, match="Suchindex fehlerhaft"):
        call_command("rebuild_search_index", "--check")
    call_command("rebuild_search_index")
    assert "event, project, alliance." in capsys.readouterr().out
    call_command("rebuild_search_index", "--check")
    assert "Suchindex in Ordnung." in capsys.readouterr().out
    assert titles("Ladenlokal", "event") == ["Werkstatt Ladenlokal"]
    assert titles("Ladenlokal", "project") == ["Ladenlokal-Vorhaben"]


def test_dropped_triggers_are_recreated_and_the_index_rebuilt():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for trigger in sources.SOURCES_BY_KIND["event"].triggers():
                cursor.execute(f"DROP TRIGGER {trigger}")
        else:
            cursor.execute("DROP TRIGGER search_event_sync ON events_event")
    e = event("Ohne Trigger geplant")
    assert titles("Trigger", "event") == []
    assert schema.ensure(connection) == ["event"]
    assert titles("Trigger", "event") == ["Ohne Trigger geplant"]
    Event.objects.filter(pk=e.pk).update(state=Event.State.DRAFT)
    assert titles("Trigger", "event") == []
    assert schema.ensure(connection) == []
    assert schema.integrity_check(connection) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite mirror of municipality names")
def test_a_recreated_places_table_gets_its_mirror_triggers_back():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {sources.MUNICIPALITY_MIRROR}_ai")
    assert schema.ensure(connection) == ["event", "project", "alliance"]
    assert schema.ensure(connection) == []
    assert schema.integrity_check(connection) == []


def test_post_migrate_repairs_the_new_kinds():
    from django.core.management.sql import emit_post_migrate_signal

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER search_project_au")
        else:
            cursor.execute("DROP TRIGGER search_project_sync ON projects_project")
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert schema.ensure(connection) == []
    waiting = ProjectFactory(title="Nach der Reparatur")
    Project.objects.filter(pk=waiting.pk).update(state="public", public_since=timezone.now())
    assert titles("Reparatur", "project") == ["Nach der Reparatur"]


# --- The page ------------------------------------------------------------------------------


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_tabs_counts_badges_urls_and_hit_lines(client):
    start = timezone.make_aware(dt.datetime(2031, 3, 14, 10), dt.UTC)
    event(
        "Zukunftswerkstatt Bahnhof",
        slug="zukunftswerkstatt-bahnhof",
        start=start,
        end=start + dt.timedelta(hours=4),
        venue_name="Kulturbahnhof",
    )
    event("Zukunftswerkstatt Entwurf", state=Event.State.DRAFT)
    project("Zukunftswerkstatt als Vorhaben", slug="zw-vorhaben")
    ProjectFactory(title="Zukunftswerkstatt ohne Zustimmung")
    page = html(client.get("/suche/", {"q": "Zukunftswerkstatt"}))
    assert "2 Treffer für „Zukunftswerkstatt“" in page
    assert (
        'href="?q=Zukunftswerkstatt&amp;art=werkstaetten">Werkstätten '
        '<span class="facet__count">(1)</span>'
    ) in page
    assert (
        'href="?q=Zukunftswerkstatt&amp;art=vorhaben">Vorhaben '
        '<span class="facet__count">(1)</span>'
    ) in page
    assert 'href="/werkstaetten/zukunftswerkstatt-bahnhof/"' in page
    assert 'href="/vorhaben/zw-vorhaben/"' in page
    assert "Praxiswerkstatt</span>" in page  # the event's format
    assert "Vorhaben</span>" in page
    assert '<time datetime="2031-03-14T11:00:00+01:00">14. März 2031</time>' in page
    assert "Kulturbahnhof, Herne" in page
    assert "Herne · Projektentwicklung" in page
    assert "Entwurf" not in page
    assert "ohne Zustimmung" not in page

    only = html(client.get("/suche/", {"q": "Zukunftswerkstatt", "art": "werkstaetten"}))
    assert "1 Treffer für" in only
    assert 'aria-current="true"><strong>Werkstätten</strong>' in only
    assert "/vorhaben/zw-vorhaben/" not in only
    projects = html(client.get("/suche/", {"q": "Zukunftswerkstatt", "art": "vorhaben"}))
    assert "1 Treffer für" in projects
    assert 'aria-current="true"><strong>Vorhaben</strong>' in projects
    assert "/werkstaetten/zukunftswerkstatt-bahnhof/" not in projects


def test_cancelled_event_is_marked_and_online_event_has_no_place(client):
    event("Zukunftswerkstatt abgesagt", state=Event.State.CANCELLED)
    event(
        "Zukunftswerkstatt online",
        mode=Event.Mode.ONLINE,
        venue_name="",
        municipality=None,
        online_url="https://example.org/raum",
    )
    page = html(client.get("/suche/", {"q": "Zukunftswerkstatt", "art": "werkstaetten"}))
    assert "abgesagt</span>" in page
    assert " · online</p>" in page


def test_english_page_links_events_and_projects(client):
    event("Zukunftswerkstatt Englisch", slug="zw-en")
    project("Zukunftswerkstatt Vorhaben Englisch", slug="zwv-en")
    page = html(client.get("/en/suche/", {"q": "Zukunftswerkstatt"}))
    assert 'href="/en/werkstaetten/zw-en/"' in page
    assert 'href="/en/vorhaben/zwv-en/"' in page


def _bulk(n: int) -> None:
    template = EventFactory(title="Vorlage", state=Event.State.DRAFT)
    skip = {"id", "slug", "title", "summary", "search_text"}
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Event._meta.concrete_fields
        if f.attname not in skip
    }
    fields["state"] = Event.State.PUBLISHED
    Event.objects.bulk_create(
        [
            Event(**fields, slug=f"massen-{i}", title=f"Stadtwerkstatt {i}", summary="Im Quartier.")
            for i in range(n)
        ],
        batch_size=500,
    )
    base = PublicProjectFactory(title="Vorlage Vorhaben")
    skip = {"id", "slug", "title", "summary"}
    pfields = {
        f.attname: getattr(base, f.attname)
        for f in Project._meta.concrete_fields
        if f.attname not in skip
    }
    Project.objects.bulk_create(
        [
            Project(**pfields, slug=f"p-{i}", title=f"Stadtwerkstatt-Vorhaben {i}", summary="X.")
            for i in range(n)
        ],
        batch_size=500,
    )


@pytest.mark.parametrize("n", [10, 500])
def test_query_count_is_constant_with_events_and_projects(client, n, django_assert_num_queries):
    _bulk(n)
    # one for the data version, one for the counts per kind, one for the page
    with django_assert_num_queries(3):
        page = html(client.get("/suche/", {"q": "Stadtwerkstatt"}))
    assert f"{2 * n} Treffer" in page
    with CaptureQueriesContext(connection) as ctx:
        html(client.get("/suche/", {"q": "Quartier", "art": "werkstaetten", "seite": "2"}))
    assert len(ctx.captured_queries) == 3
    with django_assert_num_queries(1):
        again = html(client.get("/suche/", {"q": "Stadtwerkstatt"}))
    assert again == page


def test_cached_results_follow_events_and_projects(client):
    membership = MembershipFactory()
    e = event("Kiezwerkstatt am Kanal")
    p = project("Kiezwerkstatt-Vorhaben", partner=membership.organisation)
    page = html(client.get("/suche/", {"q": "Kiezwerkstatt"}))
    assert "</mark> am Kanal" in page
    assert "</mark>-Vorhaben" in page
    project_services.project_consent_withdraw(project=p, user=membership.user)
    page = html(client.get("/suche/", {"q": "Kiezwerkstatt"}))
    assert "</mark>-Vorhaben" not in page
    assert "</mark> am Kanal" in page
    e.state = Event.State.DRAFT
    e.save()
    assert "0 Treffer" in html(client.get("/suche/", {"q": "Kiezwerkstatt"}))
