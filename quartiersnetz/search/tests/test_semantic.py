"""Search by meaning, with the real sentence encoder (issue 12): cross-language and paraphrased
queries find records together with the full-text hits, on both databases."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.search import semantic
from quartiersnetz.search.hybrid import fuse

pytestmark = pytest.mark.django_db


@pytest.fixture
def meaning(settings, tmp_path):
    settings.SEARCH_SEMANTIC = True
    settings.SEARCH_SEMANTIC_BACKGROUND = False
    settings.VAR_DIR = tmp_path
    semantic.clear()
    cache.clear()
    yield
    semantic.clear()


@pytest.fixture
def corpus():
    return {
        "leerstand": PracticeFactory(
            title="Leerstand beleben",
            summary="Leere Ladenlokale in der Innenstadt werden zwischengenutzt.",
        ),
        "bibliothek": PracticeFactory(
            title="Die Stadtbibliothek als Wohnzimmer",
            summary="Eine Bibliothek öffnet sich als Treffpunkt für alle.",
        ),
        "theater": PracticeFactory(
            title="Theater auf dem Marktplatz",
            summary="Ein Ensemble spielt im öffentlichen Raum.",
        ),
    }


def titles(client, q: str, prefix: str = "") -> list[str]:
    page = client.get(f"{prefix}/suche/", {"q": q, "art": "praxis"}).content.decode()
    page = page.replace("<mark>", "").replace("</mark>", "")
    wanted = [
        "Leerstand beleben",
        "Die Stadtbibliothek als Wohnzimmer",
        "Theater auf dem Marktplatz",
    ]
    return sorted((t for t in wanted if t in page), key=page.index)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("vacant shops", "Leerstand beleben"),
        ("leere Läden", "Leerstand beleben"),
        ("public library", "Die Stadtbibliothek als Wohnzimmer"),
        ("street theatre", "Theater auf dem Marktplatz"),
    ],
)
def test_queries_find_records_by_meaning(client, meaning, corpus, q, expected):
    found = titles(client, q)
    assert found[:1] == [expected]


def test_english_pages_too_and_hits_by_meaning_are_marked(client, meaning, corpus):
    page = client.get("/en/suche/", {"q": "vacant shops"}).content.decode()
    assert "Leerstand beleben" in page
    assert "related meaning" in page


def test_full_text_hits_stay_first_and_are_counted_once(client, meaning, corpus):
    page = client.get("/suche/", {"q": "Leerstand", "art": "praxis"}).content.decode()
    found = titles(client, "Leerstand")
    assert found[0] == "Leerstand beleben"
    assert page.count(">Leerstand</mark> beleben") == 1


def test_query_embeddings_are_memoised_and_the_index_built_once(client, meaning, corpus):
    client.get("/suche/", {"q": "vacant shops"})
    builds, queries = semantic.stats["builds"], semantic.stats["queries"]
    cache.clear()  # results cache off: the semantic part runs again
    client.get("/suche/", {"q": "vacant shops"})
    assert semantic.stats["builds"] == builds
    assert semantic.stats["queries"] == queries


def test_index_follows_changes(client, meaning, corpus):
    assert "Bürgergarten" not in client.get("/suche/", {"q": "community garden"}).content.decode()
    PracticeFactory(title="Bürgergarten am Bahnhof", summary="Anwohner gärtnern gemeinsam.")
    assert "Bürgergarten" in client.get("/suche/", {"q": "community garden"}).content.decode()


def test_switched_off_nothing_is_encoded(client, settings, corpus):
    settings.SEARCH_SEMANTIC = False
    semantic.clear()
    before = semantic.stats["queries"]
    page = client.get("/suche/", {"q": "vacant shops"}).content.decode()
    assert "Leerstand beleben" not in page
    assert semantic.stats["queries"] == before


def test_fusion_puts_records_in_both_lists_first():
    text = [("practice", 1), ("practice", 2)]
    meaning = [("practice", 3, 0.6), ("practice", 2, 0.5)]
    fused = fuse(text, meaning)
    assert fused[0] == ("practice", 2, True)
    assert ("practice", 3, False) in fused


def test_web_processes_leave_a_large_backlog_to_the_worker(meaning, corpus):
    """Over the limit of missing texts, a web process uses only stored vectors; the worker's
    task (and the command) encode everything, then the index holds every record."""
    assert len(semantic.build_index("v", encode_limit=0)) == 0
    from quartiersnetz.search.tasks import refresh_semantic_index

    refresh_semantic_index.call()
    index = semantic.build_index("v", encode_limit=0)
    practices = {pk for kind, pk in zip(index.kinds, index.ids, strict=True) if kind == "practice"}
    assert practices == {p.pk for p in corpus.values()}


@pytest.mark.parametrize("extra", [0, 30])
def test_hybrid_query_count_is_constant(client, meaning, corpus, extra, django_assert_num_queries):
    """Version, counts, the head's full-text ids, the rows of the page (cold results cache;
    the index is built beforehand, as the worker does)."""
    for n in range(extra):
        PracticeFactory(title=f"Leerstand Nummer {n}", summary="Leere Läden im Zentrum.")
    semantic.get_index()  # built in the request otherwise (settings: not in the background)
    cache.clear()
    with django_assert_num_queries(4):
        client.get("/suche/", {"q": "Leerstand"})
