"""Issue 12: the lists' `q` finds records by meaning too (the `search` app's sentence encoder,
registered in `core.textquery` as the lists' meaning source): "vacant shops" on /praxis/ finds
"Leerstand beleben", after the records that have the words, marked as found by meaning."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.alliances.tests.factories import AllianceFactory
from quartiersnetz.core import textquery
from quartiersnetz.events.models import Event
from quartiersnetz.events.services import event_search_text
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.practices.tests.factories import DraftPracticeFactory, PracticeFactory
from quartiersnetz.projects.tests.factories import PublicProjectFactory
from quartiersnetz.search import semantic

pytestmark = pytest.mark.django_db

VACANCY = ("Leerstand beleben", "Leere Ladenlokale in der Innenstadt werden zwischengenutzt.")
THEATRE = ("Theater auf dem Marktplatz", "Ein Ensemble spielt im öffentlichen Raum.")
SHOPS = ("Geschäfte im Ortskern", "Ein Laden für alle, die vor Ort einkaufen wollen.")


def _event(title: str, summary: str) -> None:
    event = EventFactory(title=title, summary=summary, description="")
    Event.objects.filter(pk=event.pk).update(search_text=event_search_text(event))


MAKERS = {
    "/praxis/": lambda t, s: PracticeFactory(title=t, summary=s),
    "/mitwirkende/": lambda t, s: OrganisationFactory(name=t, summary=s, description=""),
    "/werkstaetten/": _event,
    "/vorhaben/": lambda t, s: PublicProjectFactory(
        title=t, summary=s, description="", challenge=""
    ),
    "/allianzen/": lambda t, s: AllianceFactory(name=t, summary=s, goals=""),
}
BADGE = "search-hit__meaning"


@pytest.fixture
def meaning(settings, tmp_path):
    settings.SEARCH_SEMANTIC = True
    settings.SEARCH_SEMANTIC_BACKGROUND = False
    settings.VAR_DIR = tmp_path
    semantic.clear()
    cache.clear()
    yield
    semantic.clear()


def _cards(html: str) -> list[str]:
    """The result cards of a list page (each `<li class="kern-card">`)."""
    return [part.split("</li>")[0] for part in html.split('<li class="kern-card">')[1:]]


def _found(html: str, title: str) -> str:
    """The card of the record `title` ("" if not listed)."""
    return next((card for card in _cards(html) if title in card), "")


@pytest.mark.parametrize("url", list(MAKERS))
def test_every_list_finds_records_by_meaning_marked_as_such(client, meaning, url):
    for title, summary in (VACANCY, THEATRE):
        MAKERS[url](title, summary)
    page = client.get(url, {"q": "empty shops in the town centre"}).content.decode()
    cards = _cards(page)
    assert cards, f"{url}: nothing found by meaning"
    assert VACANCY[0] in cards[0], f"{url}: the Leerstand record is not the closest"
    assert BADGE in cards[0]
    # Found by its words: not marked.
    page = client.get(url, {"q": "Leerstand"}).content.decode()
    assert BADGE not in _found(page, VACANCY[0])


def test_records_with_the_words_come_first_then_the_closest_by_meaning(client, meaning):
    for title, summary in (VACANCY, THEATRE, SHOPS):
        PracticeFactory(title=title, summary=summary)
    PracticeFactory(title="Leere Läden zwischennutzen", summary="Pop-up-Läden im Zentrum.")
    page = client.get("/praxis/", {"q": "Leerstand", "sort": "title"}).content.decode()
    cards = _cards(page)
    titles = [t for card in cards for t in (VACANCY[0], SHOPS[0], "Leere Läden") if t in card]
    assert titles[0] == VACANCY[0]  # the one with the word
    assert "Leere Läden" in titles[1:]  # then by meaning, marked
    assert all(BADGE in card for card in cards[1:])
    assert BADGE not in cards[0]


def test_the_index_version_is_looked_up_at_most_every_few_seconds(meaning, monkeypatch):
    PracticeFactory(title=VACANCY[0], summary=VACANCY[1])
    source = semantic.list_meaning
    first = source.version()
    PracticeFactory(title=THEATRE[0], summary=THEATRE[1])
    assert source.version() == first  # within LIST_RECHECK_SECONDS: no query, same index
    monkeypatch.setattr(semantic, "LIST_RECHECK_SECONDS", 0.0)
    assert source.version() != first  # looked up again: the new data version's index


def test_a_list_cached_without_meaning_is_not_served_once_it_is_on(client, meaning, settings):
    PracticeFactory(title=VACANCY[0], summary=VACANCY[1])
    settings.SEARCH_SEMANTIC = False
    assert VACANCY[0] not in client.get("/praxis/", {"q": "vacant shops"}).content.decode()
    settings.SEARCH_SEMANTIC = True
    assert VACANCY[0] in client.get("/praxis/", {"q": "vacant shops"}).content.decode()


def test_private_records_are_never_found_by_meaning(client, meaning):
    DraftPracticeFactory(title=VACANCY[0], summary=VACANCY[1])
    OrganisationFactory(name=VACANCY[0], summary=VACANCY[1], description="", is_hidden=True)
    for url in ("/praxis/", "/mitwirkende/"):
        assert VACANCY[0] not in client.get(url, {"q": "vacant shops"}).content.decode()


def test_no_meaning_without_a_searchable_word(client, meaning):
    assert textquery.meaning_version("") == ""
    assert textquery.meaning_version("die") == ""  # a stop word only
    assert textquery.text_search_q("search_text", "die", kind="practice") == textquery.Q()


@pytest.mark.parametrize("extra", [0, 25])
def test_the_query_count_stays_constant(client, meaning, extra, django_assert_num_queries):
    for n in range(extra):
        PracticeFactory(title=f"Ladenlokal {n}", summary="Leere Läden im Zentrum.")
    PracticeFactory(title=VACANCY[0], summary=VACANCY[1])
    semantic.get_index()  # the worker builds it beforehand
    client.get("/praxis/", {"q": "vacant shops"})
    cache.clear()
    with django_assert_num_queries(EXPECTED_QUERIES):
        client.get("/praxis/", {"q": "vacant shops"})


# Cold caches: the practices' data version, the count, two facet queries, six vocabularies
# (taxonomy, sectors), the "Meinten Sie" vocabulary and the rows; the meaning index's version
# was looked up by the request before (`semantic.LIST_RECHECK_SECONDS`).
EXPECTED_QUERIES = 12


def test_a_booting_web_worker_builds_the_index(meaning, monkeypatch):
    """config/gunicorn.py's post_worker_init builds the index before a visitor's first query
    (settings here: in the request's thread instead of the background)."""
    import importlib.util
    from pathlib import Path

    from django.conf import settings

    from quartiersnetz.practices import similarity

    practice = PracticeFactory(title=VACANCY[0], summary=VACANCY[1])
    spec = importlib.util.spec_from_file_location(
        "gunicorn_config", Path(settings.BASE_DIR) / "config" / "gunicorn.py"
    )
    assert spec is not None
    assert spec.loader is not None
    config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(config)
    monkeypatch.setattr(similarity, "warm_up", lambda: None)
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)  # the test's connection
    builds = semantic.stats["builds"]
    config.post_worker_init(object())
    assert semantic.stats["builds"] == builds + 1
    index = semantic._cache.current()
    assert index is not None
    assert practice.pk in {int(pk) for pk in index.ids}


def test_the_geojson_export_finds_by_meaning_as_the_list_does(client, meaning):
    practice = PracticeFactory(title=VACANCY[0], summary=VACANCY[1])
    PracticeFactory(title=THEATRE[0], summary=THEATRE[1])
    url = "/api/v1/practices.geojson"
    response = client.get(url, {"q": "empty shops in the town centre"})
    body = json.loads(b"".join(response.streaming_content))
    ids = [feature["id"] for feature in body["features"]]
    assert ids[:1] == [practice.pk]
