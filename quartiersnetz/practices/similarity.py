"""Text and context similarity: "Ähnliche Praxisbeispiele" and "Passt zu meinem Ort".

The text model
--------------
Every *published* practice becomes one document: the title (three times, so it weighs more),
the summary (twice), the description, the five guiding-question texts, the practice type and
the names of its approaches. Two TF-IDF views of it are built (smooth idf, sublinear tf, L2,
as scikit-learn's `TfidfVectorizer` computes them):

* words: German words lemmatised with simplemma (greedy, so "Erdgeschosszonen" →
  "erdgeschosszone", "Läden" → "laden"), lower-cased, German stop-words removed;
* characters: scikit-learn's `char_wb` 3–5-grams of the lower-cased content words, which
  match compounds and inflections the lemmatiser misses ("Ladenleerstand" ↔ "Leerstand").

Each document is tokenised once into surface words; both views follow from sparse products
with a surface-word → lemma and a surface-word → n-gram matrix (`char_wb` works word by word,
so this equals running it over the text, at a fraction of the time). Each view is cut to its
strongest terms per document (`WORD_TERMS_PER_DOC`, `CHAR_TERMS_PER_DOC`), normalised again
and scaled by √weight, so the text similarity of two documents is the weighted cosine
`TEXT_WORD_WEIGHT · cos_words + TEXT_CHAR_WEIGHT · cos_chars` (0 … 1). For a challenge text a
practice that shares no lemma with it needs `cos_chars ≥ CHAR_ONLY_MIN`.

Memory stays bounded at 5 000 – 50 000 practices: float32 CSR with at most
`WORD_TERMS_PER_DOC + CHAR_TERMS_PER_DOC` non-zeros per row whatever the text length,
vocabularies capped by `WORD_MAX_FEATURES` / `CHAR_MAX_FEATURES` (terms in at least two and at
most half of the documents in a large corpus), the views built in chunks of `CHUNK`
documents. The context of every row (kind, spatial field, size class, urbanisation,
Bundesland, transfer score, approaches) is kept in numpy arrays next to the matrix, so ranking
all practices needs no query; only the winners are loaded. `bench/similarity.py` measures fit
time and memory.

Caching
-------
The fitted model lives in a module-level cache of the process, keyed by the data version of
the published practices: `MAX(updated)` and `COUNT(*)` in one aggregate query. Publishing,
unpublishing, editing or deleting a published practice changes it (every save bumps
`updated`; leaving or joining the published set changes the count), and the next call in
every process rebuilds lazily. While one thread rebuilds, other threads of the same process
keep answering from the previous model (from `BACKGROUND_REBUILD_ROWS` practices on, the
rebuild runs in a background thread and no request waits for it); results are always re-read
through `published_practices()`, so a stale model can miss a new practice for that moment but never
shows an unpublished one. Like `actor_data_version`, two transactions committing in the
opposite order of their timestamps can leave the version unchanged; `MODEL_MAX_AGE` bounds
that lag.

Weights of `rank_for_context` (sum 1.0)
---------------------------------------
==========================  =====  ====================================================
component                   max    when
==========================  =====  ====================================================
size class                  0.20   same class; 0.08 for the adjacent class
degree of urbanisation      0.05   same DEGURBA class as the given municipality
Bundesland                  0.02   same state as the given municipality (tie-breaker)
spatial field               0.13   same räumliches Handlungsfeld
approach                    0.20   the practice follows the chosen Handlungsansatz
transferability             0.10   linear in the curators' transfer score 1 … 5 (none: 0)
challenge text              0.30   text similarity / `TEXT_SATURATION`, capped at 1
==========================  =====  ====================================================

A practice is a match only if at least one criterion other than transferability applies.
`Match.fit` divides the score by the maximum the given inputs allow (a search without text
cannot reach the text share), which the page shows as words ("passt sehr gut").

Weights of `similar_practices`: text similarity 0.70, shared approach 0.12 (share of the
practice's approaches), same kind 0.10, same spatial field 0.08.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import simplemma
from django.db import connections
from django.db.models import Count, Max, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from quartiersnetz.places.models import Municipality, SizeClass, State, Urbanisation
from quartiersnetz.taxonomy.models import Approach, SpatialField

from .models import HIGH_SCORE, Practice
from .selectors import published_practices

logger = logging.getLogger(__name__)

# --- text model parameters -------------------------------------------------------------------
TITLE_REPEAT = 3
SUMMARY_REPEAT = 2
TEXT_WORD_WEIGHT = 0.6
TEXT_CHAR_WEIGHT = 0.4
WORD_MAX_FEATURES = 60_000
CHAR_MAX_FEATURES = 120_000
WORD_TERMS_PER_DOC = 80
CHAR_TERMS_PER_DOC = 160
CHUNK = 2_000
MODEL_MAX_AGE = 60 * 60  # seconds; see "Caching" above
BACKGROUND_REBUILD_ROWS = 5_000  # from this size a newer model is built in a background thread
# From this size even a process's first model is built in the background (2.4 s at 5 000,
# 24 s at 50 000 practices): no request ever waits for a large fit. Web workers start that
# build when they boot (`warm_up`, called from config/gunicorn.py).
BACKGROUND_FIRST_BUILD_ROWS = 5_000

# --- ranking weights (see the module docstring) ------------------------------------------------
W_SIZE = 0.20
W_SIZE_ADJACENT = 0.08
W_URBANISATION = 0.05
W_STATE = 0.02
W_SPATIAL_FIELD = 0.13
W_APPROACH = 0.20
W_TRANSFER = 0.10
W_TEXT = 0.30
TEXT_SATURATION = 0.35  # a text similarity this high counts fully
TEXT_MIN = 0.03  # below this the challenge text is not a reason
CHAR_ONLY_MIN = 0.3  # character cosine needed when no lemma is shared
SHARED_TERMS = 4  # terms named in "ähnliche Herausforderung: …"

S_TEXT = 0.70
S_APPROACH = 0.12
S_KIND = 0.10
S_SPATIAL_FIELD = 0.08

# Largest first, so neighbours in this order are "adjacent".
SIZE_ORDER = [SizeClass.LARGE_CITY, SizeClass.MEDIUM_TOWN, SizeClass.SMALL_TOWN, SizeClass.RURAL]
_SIZE_INDEX: dict[str, int] = {str(value): index for index, value in enumerate(SIZE_ORDER)}
_URBANISATION_INDEX = {value: index + 1 for index, value in enumerate(Urbanisation.values)}
_STATE_INDEX = {value: index + 1 for index, value in enumerate(State.values)}

GERMAN_STOP_WORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes anderm andern anderr anders auch auf aus bei beim bin bis bist bzw da dabei dadurch
    dafür dagegen daher dahin damals damit danach dann daran darauf daraus darin darum darunter
    darüber das dass dasselbe dazu daß dein deine deinem deinen deiner deines dem demselben den
    denen denn denselben der derer derselbe derselben des deshalb desselben dessen dich die
    dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine
    einem einen einer eines einig einige einigem einigen einiger einiges einmal er es etwa
    etwas euch euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte
    hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins
    ist jede jedem jeden jeder jedes jedoch jene jenem jenen jener jenes jetzt kann kein keine
    keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches
    mehr mein meine meinem meinen meiner meines mich mir mit muss musste nach nicht nichts noch
    nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so
    solche solchem solchen solcher solches soll sollen sollte sondern sonst sowie sowohl um
    und uns unser unsere unserem unseren unserer unseres unter usw viel viele vom von vor
    wann war waren warst was weg weil weiter welche welchem welchen welcher welches wenn
    werde werden wie wieder will wir wird wirst wo wollen wollte während würde würden zu zum
    zur zwar zwischen über ca eher etc ggf sowie seit wurde wurden worden ebenfalls
    immer schon bereits sodass gibt geben gab stehen steht sowie beispiel beispielsweise
    http https www de com org html
    """.split()  # noqa: SIM905
)

_WORD = re.compile(r"\w+")
_CHAR_NGRAMS = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)
_char_ngrams = _CHAR_NGRAMS.build_analyzer()


@functools.lru_cache(maxsize=200_000)
def _lemma(token: str) -> str:
    """The lower-cased lemma of a content word, or "" for stop-words and short words."""
    lower = token.lower()
    if len(lower) < 3 or not lower.isalpha() or lower in GERMAN_STOP_WORDS:
        return ""
    lemma = simplemma.lemmatize(token, lang="de", greedy=True).lower()
    if len(lemma) < 3 or lemma in GERMAN_STOP_WORDS:
        return ""
    return lemma


@functools.lru_cache(maxsize=200_000)
def _parts(token: str) -> tuple[str, ...]:
    """The content words of a whitespace-separated token: „Erdgeschosszonen“, → one,
    "Mixed-Use-Immobilie" → three; stop-words, short words and numbers → none."""
    return tuple(part for part in _WORD.findall(token) if _lemma(part))


def words(text: str) -> list[str]:
    """The content words of `text`. Split at whitespace (in C) and cached per token: a regular
    expression over the whole text would cost most of the fitting time."""
    return [part for token in text.split() for part in _parts(token)]


def analyse_words(text: str) -> list[str]:
    """The word features of `text`: lemmas of its content words."""
    return [lemma for lemma in map(_lemma, words(text)) if lemma]


def _surface_forms(text: str) -> dict[str, str]:
    """lemma → the first form of it in `text`, to name shared terms as the user wrote them."""
    forms: dict[str, str] = {}
    for token in words(text):
        forms.setdefault(_lemma(token), token)
    return forms


# --- TF-IDF in chunks ----------------------------------------------------------------------------
# Equal to scikit-learn's TfidfVectorizer(sublinear_tf=True, smooth_idf=True, norm="l2"), but the
# text of each document is tokenised once: the word view maps surface words to lemmas and the
# character view maps them to their char_wb n-grams (what `char_wb` does word by word) by sparse
# matrix products, and both views are built chunk by chunk with bounded memory.


def _idf(df: npt.NDArray[Any], n_docs: int) -> npt.NDArray[np.float32]:
    return (np.log((1 + n_docs) / (1 + df)) + 1).astype(np.float32)


def _select(df: npt.NDArray[Any], n_docs: int, max_features: int) -> npt.NDArray[np.int64]:
    """Columns kept: in ≥ 2 documents (large corpora), in ≤ half of them (≥ 50 documents),
    then the `max_features` most frequent."""
    min_df = 2 if n_docs >= 1_000 else 1
    max_df = n_docs * 0.5 if n_docs >= 50 else n_docs
    keep = np.flatnonzero((df >= min_df) & (df <= max_df))
    if keep.size > max_features:
        keep = keep[np.argsort(-df[keep], kind="stable")[:max_features]]
        keep.sort()
    return keep


def _tfidf(counts: sparse.csr_matrix, idf: npt.NDArray[np.float32]) -> sparse.csr_matrix:
    counts = sparse.csr_matrix(counts, dtype=np.float32)
    counts.data = 1 + np.log(counts.data)
    return _normalise(counts @ sparse.diags(idf))


@dataclass
class _View:
    """One TF-IDF view: its vocabulary (term → column), idf and the rows' block."""

    index: dict[str, int]
    idf: npt.NDArray[np.float32]
    block: sparse.csr_matrix

    @property
    def width(self) -> int:
        return len(self.idf)


def _empty_view(n_docs: int) -> _View:
    return _View(
        {}, np.zeros(0, dtype=np.float32), sparse.csr_matrix((n_docs, 0), dtype=np.float32)
    )


def _build_view(
    chunks: list[sparse.csr_matrix],
    mapping: sparse.csr_matrix,
    terms: list[str],
    max_features: int,
    keep_per_doc: int,
    weight: float,
) -> _View:
    """chunks: documents × surface-word counts; mapping: surface words × terms."""
    n_docs = sum(chunk.shape[0] for chunk in chunks)
    if n_docs == 0 or mapping.shape[1] == 0:
        return _empty_view(n_docs)
    df = np.zeros(mapping.shape[1], dtype=np.int64)
    for chunk in chunks:
        counts = chunk @ mapping
        df += np.bincount(counts.indices, minlength=mapping.shape[1])
    columns = _select(df, n_docs, max_features)
    if columns.size == 0:
        return _empty_view(n_docs)
    mapping = sparse.csr_matrix(mapping[:, columns])
    idf = _idf(df[columns], n_docs)
    scale = np.float32(np.sqrt(weight))
    blocks = [_prune(_tfidf(chunk @ mapping, idf), keep_per_doc) * scale for chunk in chunks]
    return _View(
        index={terms[c]: i for i, c in enumerate(columns)},
        idf=idf,
        block=sparse.vstack(blocks, format="csr", dtype=np.float32),
    )


def _query_row(features: Iterable[str], view: _View) -> sparse.csr_matrix:
    counts: dict[int, int] = {}
    for feature in features:
        column = view.index.get(feature)
        if column is not None:
            counts[column] = counts.get(column, 0) + 1
    row = sparse.csr_matrix(
        (
            np.fromiter(counts.values(), dtype=np.float32, count=len(counts)),
            (np.zeros(len(counts), dtype=np.int64), np.fromiter(counts, dtype=np.int64)),
        ),
        shape=(1, view.width),
    )
    return _tfidf(row, view.idf)


# --- the fitted model ----------------------------------------------------------------------------


@dataclass
class TextModel:
    """TF-IDF matrix and context arrays of the published practices at one data version."""

    version: str
    built_at: float
    ids: npt.NDArray[np.int64]  # practice ids, ascending; row i is practice ids[i]
    word_matrix: sparse.csr_matrix  # rows × lemmas, float32, scaled by √TEXT_WORD_WEIGHT
    char_matrix: sparse.csr_matrix  # rows × n-grams, float32, scaled by √TEXT_CHAR_WEIGHT
    words: _View  # vocabulary and idf (the block moved to word_matrix)
    chars: _View
    word_terms: list[str]  # column → lemma, for naming shared terms
    kind: npt.NDArray[np.int32]
    spatial_field: npt.NDArray[np.int32]
    size: npt.NDArray[np.int8]  # index in SIZE_ORDER, -1 unknown
    urbanisation: npt.NDArray[np.int8]  # 0 unknown
    state: npt.NDArray[np.int8]  # 0 unknown
    transfer: npt.NDArray[np.float32]  # NaN when not rated
    approaches: sparse.csr_matrix  # rows × approach columns, 1.0 where the practice has it
    approach_columns: dict[int, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def n_word(self) -> int:
        return self.words.width

    def row_of(self, practice_id: int) -> int | None:
        index = int(np.searchsorted(self.ids, practice_id))
        if index < len(self.ids) and self.ids[index] == practice_id:
            return index
        return None

    def vectorise(self, text: str) -> Query:
        """The word and character rows of an arbitrary text, weighted like the matrix rows."""
        tokens = words(text)
        word_row = _query_row(map(_lemma, tokens), self.words) * np.float32(
            np.sqrt(TEXT_WORD_WEIGHT)
        )
        grams = (gram for token in tokens for gram in _char_ngrams(token))
        char_row = _query_row(grams, self.chars) * np.float32(np.sqrt(TEXT_CHAR_WEIGHT))
        return Query(sparse.csr_matrix(word_row), sparse.csr_matrix(char_row))

    def row_query(self, row: int) -> Query:
        return Query(self.word_matrix.getrow(row), self.char_matrix.getrow(row))

    def text_scores(self, query: Query, *, char_only_min: float = 0.0) -> npt.NDArray[np.float32]:
        """Weighted cosine of every row with the query. With `char_only_min`, rows sharing no
        lemma with the query count only if their character cosine reaches it (a short query
        like "Kaufhaus" otherwise matches "Gemeindehaus" on "haus")."""
        scores = np.zeros(len(self), dtype=np.float32)
        if len(self) == 0:
            return scores
        word = np.zeros(len(self), dtype=np.float32)
        if query.words.nnz:
            word = _matvec(self.word_matrix, query.words)
            scores += word
        if query.chars.nnz:
            chars = _matvec(self.char_matrix, query.chars)
            if char_only_min:
                chars[(word <= 0) & (chars < char_only_min * TEXT_CHAR_WEIGHT)] = 0
            scores += chars
        return scores

    def approach_share(self, approach_ids: Iterable[int]) -> npt.NDArray[np.float32]:
        """Per row: how many of `approach_ids` the practice follows, divided by their number."""
        wanted = set(approach_ids)
        columns = [self.approach_columns[a] for a in wanted if a in self.approach_columns]
        if not columns or len(self) == 0:
            return np.zeros(len(self), dtype=np.float32)
        hits = np.asarray(self.approaches[:, columns].sum(axis=1)).ravel()
        return (hits / len(wanted)).astype(np.float32)

    def approaches_of(self, row: int) -> list[int]:
        columns = self.approaches.indices[
            self.approaches.indptr[row] : self.approaches.indptr[row + 1]
        ]
        by_column = {c: a for a, c in self.approach_columns.items()}
        return [by_column[int(c)] for c in columns]

    def shared_terms(self, query: Query, row: int, limit: int) -> list[str]:
        """Lemmas carrying most of the word similarity between the query and `row`."""
        matrix = self.word_matrix
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        doc_weights = dict(
            zip(matrix.indices[start:end].tolist(), matrix.data[start:end].tolist(), strict=True)
        )
        products = [
            (weight * doc_weights[index], index)
            for index, weight in zip(
                query.words.indices.tolist(), query.words.data.tolist(), strict=True
            )
            if index in doc_weights
        ]
        products.sort(key=lambda pair: (-pair[0], pair[1]))
        return [self.word_terms[index] for _weight, index in products[:limit]]

    def nbytes(self) -> int:
        """Approximate memory of the arrays (vocabularies not included)."""
        total = sum(
            a.nbytes
            for a in (
                self.ids,
                self.kind,
                self.spatial_field,
                self.size,
                self.urbanisation,
                self.state,
                self.transfer,
                self.words.idf,
                self.chars.idf,
            )
        )
        for m in (self.word_matrix, self.char_matrix, self.approaches):
            total += m.data.nbytes + m.indices.nbytes + m.indptr.nbytes
        return total


@dataclass
class Query:
    words: sparse.csr_matrix  # 1 × lemmas
    chars: sparse.csr_matrix  # 1 × n-grams


def _matvec(matrix: sparse.csr_matrix, row: sparse.csr_matrix) -> npt.NDArray[np.float32]:
    dense = np.zeros(matrix.shape[1], dtype=np.float32)
    dense[row.indices] = row.data
    return np.asarray(matrix @ dense, dtype=np.float32).ravel()


def _normalise(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix, dtype=np.float32)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1), dtype=np.float32).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms).astype(np.float32) @ matrix)


def _prune(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Keep the `keep` largest entries of every row (bounded memory), then re-normalise."""
    matrix = sparse.csr_matrix(matrix, dtype=np.float32)
    lengths = np.diff(matrix.indptr)
    if lengths.size == 0 or lengths.max() <= keep:
        return _normalise(matrix)
    mask = np.ones(matrix.nnz, dtype=bool)
    for row in np.flatnonzero(lengths > keep):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        drop = np.argpartition(matrix.data[start:end], end - start - keep)[: end - start - keep]
        mask[start + drop] = False
    rows = np.repeat(np.arange(matrix.shape[0]), lengths)[mask]
    pruned = sparse.csr_matrix(
        (matrix.data[mask], (rows, matrix.indices[mask])), shape=matrix.shape, dtype=np.float32
    )
    return _normalise(pruned)


@dataclass
class _Row:
    id: int
    text: str
    kind: int
    spatial_field: int
    size: int
    urbanisation: int
    state: int
    transfer: float
    approaches: list[int]


def _document(values: Sequence[Any], type_name: str, approach_names: list[str]) -> str:
    title, summary, *texts = values
    parts = [title] * TITLE_REPEAT + [summary] * SUMMARY_REPEAT
    parts += [t for t in texts if t]
    parts.append(type_name or "")
    parts += approach_names
    return "\n".join(parts)


_TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "co_creation",
    "organisational_structure",
    "financing",
    "cultural_strategy",
    "self_sustaining_dynamics",
)


def _load_rows(queryset: QuerySet[Practice] | None = None) -> list[_Row]:
    """The published practices as plain rows: three queries whatever their number."""
    queryset = published_practices() if queryset is None else queryset
    approach_names = dict(Approach.objects.values_list("id", "name"))
    through = Practice.approaches.through.objects.filter(
        practice__in=queryset.order_by().values("id")
    ).values_list("practice_id", "approach_id")
    approaches: dict[int, list[int]] = {}
    for practice_id, approach_id in through.iterator(chunk_size=10_000):
        approaches.setdefault(practice_id, []).append(approach_id)
    rows = []
    columns = (
        "id",
        *_TEXT_FIELDS,
        "type__name",
        "kind_id",
        "spatial_field_id",
        "municipality__size_class",
        "municipality__urbanisation",
        "municipality__state",
        "transfer_score",
    )
    values = queryset.order_by("id").values_list(*columns)
    for record in values.iterator(chunk_size=CHUNK):
        pk = record[0]
        texts = record[1 : 1 + len(_TEXT_FIELDS)]
        type_name, kind, spatial, size, urban, state, transfer = record[1 + len(_TEXT_FIELDS) :]
        own = sorted(approaches.get(pk, []))
        rows.append(
            _Row(
                id=pk,
                text=_document(texts, type_name, [approach_names.get(a, "") for a in own]),
                kind=kind,
                spatial_field=spatial,
                size=_SIZE_INDEX.get(size, -1),
                urbanisation=_URBANISATION_INDEX.get(urban or "", 0),
                state=_STATE_INDEX.get(state or "", 0),
                transfer=float(transfer) if transfer is not None else np.nan,
                approaches=own,
            )
        )
    return rows


def _count_surface_words(texts: list[str]) -> tuple[list[sparse.csr_matrix], list[str]]:
    """Documents × surface-word counts, chunk by chunk, and the surface vocabulary."""
    vocabulary: dict[str, int] = {}
    chunks = []
    for start in range(0, len(texts), CHUNK):
        indptr = [0]
        indices: list[int] = []
        counts: list[int] = []
        for text in texts[start : start + CHUNK]:
            counter = Counter(text.split())
            for token in set(counter).difference(vocabulary):
                vocabulary[token] = len(vocabulary)
            indices.extend(map(vocabulary.__getitem__, counter))  # loops in C, not Python
            counts.extend(counter.values())
            indptr.append(len(indices))
        chunks.append(
            (
                np.asarray(counts, dtype=np.float32),
                np.asarray(indices, dtype=np.int32),
                np.asarray(indptr, dtype=np.int64),
            )
        )
    width = len(vocabulary)
    matrices = [
        sparse.csr_matrix((data, idx, ptr), shape=(len(ptr) - 1, width))
        for data, idx, ptr in chunks
    ]
    return matrices, list(vocabulary)


def _lemma_mapping(surface: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    lemmas: dict[str, int] = {}
    rows, columns = [], []
    for row, token in enumerate(surface):
        for part in _parts(token):
            rows.append(row)
            columns.append(lemmas.setdefault(_lemma(part), len(lemmas)))
    mapping = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(len(surface), len(lemmas))
    )
    return mapping, list(lemmas)


def _ngram_mapping(surface: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    vectorizer = CountVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), lowercase=True, dtype=np.float32
    )
    content = [" ".join(_parts(token)) for token in surface]
    try:
        mapping = vectorizer.fit_transform(content)
    except ValueError:  # no content words at all
        return sparse.csr_matrix((len(surface), 0), dtype=np.float32), []
    return sparse.csr_matrix(mapping), list(vectorizer.get_feature_names_out())


def build_model(version: str, rows: list[_Row]) -> TextModel:
    texts = [row.text for row in rows]
    chunks, surface = _count_surface_words(texts)
    del texts
    lemma_mapping, lemmas = _lemma_mapping(surface)
    word_view = _build_view(
        chunks, lemma_mapping, lemmas, WORD_MAX_FEATURES, WORD_TERMS_PER_DOC, TEXT_WORD_WEIGHT
    )
    del lemma_mapping, lemmas
    ngram_mapping, ngrams = _ngram_mapping(surface)
    char_view = _build_view(
        chunks, ngram_mapping, ngrams, CHAR_MAX_FEATURES, CHAR_TERMS_PER_DOC, TEXT_CHAR_WEIGHT
    )
    del ngram_mapping, ngrams, chunks
    word_matrix, char_matrix = word_view.block, char_view.block
    word_view.block = char_view.block = sparse.csr_matrix((0, 0), dtype=np.float32)
    word_terms = [""] * word_view.width
    for term, column in word_view.index.items():
        word_terms[column] = term

    approach_ids = sorted({a for row in rows for a in row.approaches})
    approach_columns = {a: column for column, a in enumerate(approach_ids)}
    pairs = [(index, approach_columns[a]) for index, row in enumerate(rows) for a in row.approaches]
    approaches = sparse.csr_matrix(
        (
            np.ones(len(pairs), dtype=np.float32),
            ([p[0] for p in pairs], [p[1] for p in pairs]),
        ),
        shape=(len(rows), len(approach_ids)),
    )
    return TextModel(
        version=version,
        built_at=time.monotonic(),
        ids=np.asarray([row.id for row in rows], dtype=np.int64),
        word_matrix=word_matrix,
        char_matrix=char_matrix,
        words=word_view,
        chars=char_view,
        word_terms=word_terms,
        kind=np.asarray([row.kind for row in rows], dtype=np.int32),
        spatial_field=np.asarray([row.spatial_field for row in rows], dtype=np.int32),
        size=np.asarray([row.size for row in rows], dtype=np.int8),
        urbanisation=np.asarray([row.urbanisation for row in rows], dtype=np.int8),
        state=np.asarray([row.state for row in rows], dtype=np.int8),
        transfer=np.asarray([row.transfer for row in rows], dtype=np.float32),
        approaches=approaches,
        approach_columns=approach_columns,
    )


# --- the per-process cache -----------------------------------------------------------------------

_lock = threading.Lock()
_cache: dict[str, TextModel] = {}
stats = {"builds": 0}  # read by tests and the benchmark


def data_version() -> str:
    """MAX(updated) and COUNT(*) of the published practices, in one aggregate query."""
    result = published_practices().order_by().aggregate(latest=Max("updated"), total=Count("id"))
    latest = result["latest"].isoformat() if result["latest"] else "-"
    return f"{latest}|{result['total']}"


def clear_cache() -> None:
    with _lock:
        _cache.clear()
        _SIMILAR_MEMO.clear()


def get_model() -> TextModel:
    """The model of the current data version: cached, rebuilt lazily when the data changed.

    The first model of a process is built in the request that needs it, unless the collection
    is large (`BACKGROUND_FIRST_BUILD_ROWS`): then a background thread builds it and requests
    get an empty model (no similar practices, no finder results) meanwhile. A newer one is built
    by one thread while the others keep answering from the previous model: in the request
    for small models (a fraction of a second), in a background thread from
    `BACKGROUND_REBUILD_ROWS` practices on, so no visitor waits for a large fit.
    """
    version = data_version()
    current = _cache.get("model")
    if (
        current is not None
        and current.version == version
        and time.monotonic() - current.built_at < MODEL_MAX_AGE
    ):
        return current
    if current is None and _published_count(version) >= BACKGROUND_FIRST_BUILD_ROWS:
        # A process's first large fit takes tens of seconds (24 s at 50 000): never in a
        # request. Build it in the background; until then answer from an empty model.
        if _lock.acquire(blocking=False):
            threading.Thread(
                target=_rebuild_in_background,
                args=(version,),
                name="practice-similarity-rebuild",
                daemon=True,
            ).start()
        return _empty_model()
    if current is not None and len(current) >= BACKGROUND_REBUILD_ROWS:
        if _lock.acquire(blocking=False):
            threading.Thread(
                target=_rebuild_in_background,
                args=(version,),
                name="practice-similarity-rebuild",
                daemon=True,
            ).start()
        return current
    if not _lock.acquire(blocking=current is None):
        assert current is not None  # noqa: S101 - acquire only fails when not blocking
        return current
    try:
        latest = _cache.get("model")
        if latest is not None and latest is not current and latest.version == version:
            return latest
        return _build(version)
    finally:
        _lock.release()


def warm_up() -> None:
    """Start building the model when a web worker boots, so it is ready before it is asked for
    (in the background for large collections; small ones are built right here)."""
    get_model()


@functools.cache
def _empty_model(build: Callable[[str, list[_Row]], TextModel] = build_model) -> TextModel:
    return build("empty", [])


def _published_count(version: str) -> int:
    return int(version.rpartition("|")[2] or 0)


def _build(version: str) -> TextModel:
    model = build_model(version, _load_rows())
    stats["builds"] += 1
    _cache["model"] = model
    return model


def _rebuild_in_background(version: str) -> None:
    """Runs with `_lock` held (acquired by the starting thread) and releases it."""
    try:
        _build(version)
    except Exception:
        logger.exception("Rebuilding the practice similarity model failed")
    finally:
        connections.close_all()  # this thread's own connections
        _lock.release()


# --- "Ähnliche Praxisbeispiele" ------------------------------------------------------------------


def _with_relations(ids: list[int]) -> dict[int, Practice]:
    found = (
        published_practices()
        .filter(id__in=ids)
        .select_related("kind", "type", "spatial_field", "municipality")
        .prefetch_related("approaches")
    )
    return {practice.pk: practice for practice in found}


def _top(scores: npt.NDArray[np.float32], count: int) -> list[int]:
    """Row indices of the `count` highest positive scores, best first (ties: lower id)."""
    positive = np.flatnonzero(scores > 0)
    if positive.size == 0:
        return []
    if positive.size > count:
        part = np.argpartition(-scores[positive], count - 1)[:count]
        positive = positive[part]
    order = np.lexsort((positive, -scores[positive]))
    return [int(i) for i in positive[order]]


# Candidate ids of published practices per (model version, practice, limit): the ranking is a
# pure function of the model, so a detail page computes it once per process and model version.
_SIMILAR_MEMO: dict[tuple[str, int, int], list[int]] = {}
_SIMILAR_MEMO_SIZE = 10_000


def similar_practices(practice: Practice, *, limit: int = 5) -> list[Practice]:
    """Published practices most similar to `practice` (never itself), best first."""
    model = get_model()
    if len(model) == 0 or limit <= 0:
        return []
    row = model.row_of(practice.pk) if practice.pk else None
    memo_key = (model.version, practice.pk, limit)
    if row is not None and memo_key in _SIMILAR_MEMO:
        candidates = _SIMILAR_MEMO[memo_key]
        loaded = _with_relations(candidates)
        return [loaded[pk] for pk in candidates if pk in loaded][:limit]
    if row is not None:
        query = model.row_query(row)
        own_approaches = model.approaches_of(row)
    else:  # not published (an author's preview): vectorise it on the fly
        own_approaches = (
            list(practice.approaches.values_list("id", flat=True)) if practice.pk else []
        )
        names = list(Approach.objects.filter(id__in=own_approaches).values_list("name", flat=True))
        values = [getattr(practice, name) for name in _TEXT_FIELDS]
        query = model.vectorise(_document(values, practice.type.name, names))
    scores = S_TEXT * model.text_scores(query)
    scores += S_KIND * (model.kind == practice.kind_id)
    scores += S_SPATIAL_FIELD * (model.spatial_field == practice.spatial_field_id)
    scores += S_APPROACH * model.approach_share(own_approaches)
    if row is not None:
        scores[row] = 0
    if practice.pk:
        scores[model.ids == practice.pk] = 0
    candidates = [
        pk for pk in (int(model.ids[i]) for i in _top(scores, limit + 10)) if pk != practice.pk
    ]
    if row is not None:
        if len(_SIMILAR_MEMO) >= _SIMILAR_MEMO_SIZE:
            _SIMILAR_MEMO.clear()
        _SIMILAR_MEMO[memo_key] = candidates
    loaded = _with_relations(candidates)
    return [loaded[pk] for pk in candidates if pk in loaded][:limit]


# --- "Passt zu meinem Ort" -----------------------------------------------------------------------


@dataclass
class Match:
    practice: Practice
    score: float  # 0 … 1, the weighted sum
    fit: float  # score divided by the maximum the given inputs allow
    reasons: list[str]

    @property
    def percent(self) -> int:
        return round(self.fit * 100)

    @property
    def fit_label(self) -> str:
        if self.fit >= 0.75:
            return _("passt sehr gut")
        if self.fit >= 0.5:
            return _("passt gut")
        if self.fit >= 0.25:
            return _("passt teilweise")
        return _("passt in einzelnen Punkten")


def _score_text(value: float) -> str:
    return number_format(Decimal(str(value)).quantize(Decimal("0.1")), 1)


def rank_for_context(
    *,
    municipality: Municipality | None = None,
    size_class: str | None = None,
    spatial_field: SpatialField | None = None,
    approach: Approach | None = None,
    text: str = "",
    limit: int = 10,
) -> list[Match]:
    """Published practices that fit a place, a field, an approach and a challenge, best first.

    `size_class` defaults to the municipality's. Weights: see the module docstring.
    """
    model = get_model()
    if len(model) == 0 or limit <= 0:
        return []
    n = len(model)
    size_class = size_class or (municipality.size_class if municipality else None)
    size = _SIZE_INDEX.get(size_class or "", -1)
    text = (text or "").strip()

    components: dict[str, npt.NDArray[np.float32]] = {}
    attainable = W_TRANSFER
    if size >= 0:
        distance = np.abs(model.size.astype(np.int16) - size)
        components["size"] = np.where(
            model.size < 0, 0.0, np.where(distance == 0, W_SIZE, (distance == 1) * W_SIZE_ADJACENT)
        ).astype(np.float32)
        attainable += W_SIZE
    if municipality is not None and municipality.urbanisation:
        urban = _URBANISATION_INDEX.get(municipality.urbanisation, 0)
        components["urbanisation"] = (W_URBANISATION * (model.urbanisation == urban)).astype(
            np.float32
        )
        attainable += W_URBANISATION
    if municipality is not None:
        state = _STATE_INDEX.get(municipality.state, 0)
        components["state"] = (W_STATE * (model.state == state)).astype(np.float32)
        attainable += W_STATE
    if spatial_field is not None:
        components["spatial_field"] = (
            W_SPATIAL_FIELD * (model.spatial_field == spatial_field.pk)
        ).astype(np.float32)
        attainable += W_SPATIAL_FIELD
    if approach is not None:
        components["approach"] = W_APPROACH * model.approach_share([approach.pk])
        attainable += W_APPROACH
    query = None
    if text:
        query = model.vectorise(text)
        similarity = model.text_scores(query, char_only_min=CHAR_ONLY_MIN)
        similarity[similarity < TEXT_MIN] = 0
        components["text"] = (W_TEXT * np.minimum(1.0, similarity / TEXT_SATURATION)).astype(
            np.float32
        )
        attainable += W_TEXT

    relevant = np.zeros(n, dtype=np.float32)
    for value in components.values():
        relevant += value
    transfer = np.nan_to_num((model.transfer - 1) / 4, nan=0.0).clip(0, 1) * W_TRANSFER
    # Only practices that meet at least one criterion besides transferability.
    scores = np.where(relevant > 0, relevant + transfer, 0).astype(np.float32)
    rows = _top(scores, limit + 10)
    loaded = _with_relations([int(model.ids[i]) for i in rows])
    forms = _surface_forms(text) if text else {}

    matches = []
    for index in rows:
        practice = loaded.get(int(model.ids[index]))
        if practice is None:
            continue
        reasons: list[tuple[float, str]] = []
        place = practice.municipality
        if "size" in components and components["size"][index] > 0 and place is not None:
            label = place.get_size_class_display()
            if components["size"][index] >= W_SIZE:
                reasons.append((W_SIZE, _("ähnliche Ortsgröße (%(size)s)") % {"size": label}))
            else:
                reasons.append(
                    (
                        W_SIZE_ADJACENT,
                        _("benachbarte Ortsgrößenklasse (%(size)s)") % {"size": label},
                    )
                )
        if "text" in components and components["text"][index] > 0 and query is not None:
            terms = [forms.get(t, t) for t in model.shared_terms(query, index, SHARED_TERMS)]
            if terms:
                reason = _("ähnliche Herausforderung: %(terms)s") % {"terms": ", ".join(terms)}
            else:
                reason = _("ähnliche Herausforderung")
            reasons.append((float(components["text"][index]), reason))
        if "approach" in components and components["approach"][index] > 0 and approach:
            reasons.append(
                (W_APPROACH, _("gleicher Handlungsansatz (%(name)s)") % {"name": approach.label})
            )
        if "spatial_field" in components and components["spatial_field"][index] > 0:
            reasons.append(
                (
                    W_SPATIAL_FIELD,
                    _("gleiches räumliches Handlungsfeld (%(name)s)")
                    % {"name": practice.spatial_field.label},
                )
            )
        if "urbanisation" in components and components["urbanisation"][index] > 0 and place:
            reasons.append(
                (
                    W_URBANISATION,
                    _("ähnlicher Verstädterungsgrad (%(name)s)")
                    % {"name": place.get_urbanisation_display()},
                )
            )
        if "state" in components and components["state"][index] > 0 and place:
            reasons.append(
                (W_STATE, _("gleiches Bundesland (%(name)s)") % {"name": place.get_state_display()})
            )
        score = practice.transfer_score
        if score is not None and score >= HIGH_SCORE:
            reasons.append(
                (
                    float(transfer[index]),
                    _("hohes Transferpotenzial (%(score)s von 5)")
                    % {"score": _score_text(float(score))},
                )
            )
        reasons.sort(key=lambda pair: -pair[0])
        matches.append(
            Match(
                practice=practice,
                score=float(scores[index]),
                fit=min(1.0, float(scores[index]) / attainable),
                reasons=[reason for _weight, reason in reasons],
            )
        )
    return matches[:limit]
