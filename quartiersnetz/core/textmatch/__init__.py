"""German text similarity, shared by every app that matches records by their text.

The engine knows no model: callers hand it plain `(id, text)` documents and a version string,
and combine its text scores with their own criteria. Practices use it for "Ähnliche
Praxisbeispiele" and the transfer finder (`practices/similarity.py`); the network's
matchmaking will use it next. It imports nothing from the apps (only `core`, settings and
third-party libraries).

Public API
----------
`normalize` — German text normalisation:
    `words(text)` content words as written, `analyse_words(text)` their lemmas (simplemma,
    greedy, lower-cased, stop words and words under three letters removed), `lemma(word)`,
    `surface_forms(text)` lemma → first form in the text, `GERMAN_STOP_WORDS`.
`index` — the fitted model:
    `TextIndex.fit(docs: Sequence[tuple[Hashable, str]], *, settings=TextSettings())`
    fits word (lemma) and character (`char_wb` 3–5-gram) TF-IDF views; then
    `index.query(text, k)` and `index.similar(id, k)` → `[(id, similarity), …]` best first,
    `index.vectorise(text)` / `index.row_query(row)` → `Query`, `index.text_scores(query)` →
    one similarity (0 … 1) per row for callers that add their own criteria,
    `index.shared_terms(query, row, limit)` → the lemmas that explain a match,
    `index.row_of(id)`, `len(index)`; `top_k(scores, k)` → best rows (ties: lower row).
`cache` — `VersionedCache(label=…, thread_name=…)`: one model per process under a version the
    caller computes, rebuilt lazily (in a background thread for large collections).
"""

from .cache import VersionedCache
from .index import DEFAULT_SETTINGS, Query, TextIndex, TextSettings, top_k
from .normalize import GERMAN_STOP_WORDS, analyse_words, lemma, surface_forms, words

__all__ = [
    "DEFAULT_SETTINGS",
    "GERMAN_STOP_WORDS",
    "Query",
    "TextIndex",
    "TextSettings",
    "VersionedCache",
    "analyse_words",
    "lemma",
    "surface_forms",
    "top_k",
    "words",
]
