"""The fitted text model: TF-IDF over documents keyed by ids, queries, top-k and shared terms.

Two TF-IDF views of every document (smooth idf, sublinear tf, L2, as scikit-learn's
`TfidfVectorizer` computes them):

* words: German words lemmatised with simplemma (greedy, so "Erdgeschosszonen" →
  "erdgeschosszone", "Läden" → "laden"), lower-cased, German stop-words removed;
* characters: scikit-learn's `char_wb` 3–5-grams of the lower-cased content words, which
  match compounds and inflections the lemmatiser misses ("Ladenleerstand" ↔ "Leerstand").

Each document is tokenised once into surface words; both views follow from sparse products
with a surface-word → lemma and a surface-word → n-gram matrix (`char_wb` works word by word,
so this equals running it over the text, at a fraction of the time). Each view is cut to its
strongest terms per document (`TextSettings.word_terms_per_doc`, `.char_terms_per_doc`),
normalised again and scaled by √weight, so the text similarity of two documents is the
weighted cosine `word_weight · cos_words + char_weight · cos_chars` (0 … 1).

Memory stays bounded at 5 000 – 50 000 documents: float32 CSR with at most
`word_terms_per_doc + char_terms_per_doc` non-zeros per row whatever the text length,
vocabularies capped by `word_max_features` / `char_max_features` (terms in at least two and at
most half of the documents in a large corpus), the views built in chunks of `chunk` documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from .normalize import NGRAM_RANGE, char_ngrams, lemma, parts, words

TEXT_WORD_WEIGHT = 0.6
TEXT_CHAR_WEIGHT = 0.4
WORD_MAX_FEATURES = 60_000
CHAR_MAX_FEATURES = 120_000
WORD_TERMS_PER_DOC = 80
CHAR_TERMS_PER_DOC = 160
CHUNK = 2_000


@dataclass(frozen=True)
class TextSettings:
    """How a `TextIndex` is fitted; the defaults are the ones practices use."""

    word_weight: float = TEXT_WORD_WEIGHT
    char_weight: float = TEXT_CHAR_WEIGHT
    word_max_features: int = WORD_MAX_FEATURES
    char_max_features: int = CHAR_MAX_FEATURES
    word_terms_per_doc: int = WORD_TERMS_PER_DOC
    char_terms_per_doc: int = CHAR_TERMS_PER_DOC
    chunk: int = CHUNK


DEFAULT_SETTINGS = TextSettings()


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


def _tfidf(counts: sparse.csr_matrix, idf: npt.NDArray[np.float32]) -> sparse.csr_matrix:
    counts = sparse.csr_matrix(counts, dtype=np.float32)
    counts.data = 1 + np.log(counts.data)
    return _normalise(counts @ sparse.diags(idf))


def _matvec(matrix: sparse.csr_matrix, row: sparse.csr_matrix) -> npt.NDArray[np.float32]:
    dense = np.zeros(matrix.shape[1], dtype=np.float32)
    dense[row.indices] = row.data
    return np.asarray(matrix @ dense, dtype=np.float32).ravel()


@dataclass
class View:
    """One TF-IDF view: its vocabulary (term → column), idf and the rows' block."""

    index: dict[str, int]
    idf: npt.NDArray[np.float32]
    block: sparse.csr_matrix

    @property
    def width(self) -> int:
        return len(self.idf)


def _empty_view(n_docs: int) -> View:
    return View({}, np.zeros(0, dtype=np.float32), sparse.csr_matrix((n_docs, 0), dtype=np.float32))


def _build_view(
    chunks: list[sparse.csr_matrix],
    mapping: sparse.csr_matrix,
    terms: list[str],
    max_features: int,
    keep_per_doc: int,
    weight: float,
) -> View:
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
    return View(
        index={terms[c]: i for i, c in enumerate(columns)},
        idf=idf,
        block=sparse.vstack(blocks, format="csr", dtype=np.float32),
    )


def _query_row(features: Iterable[str], view: View) -> sparse.csr_matrix:
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


def _count_surface_words(
    texts: Sequence[str], chunk: int
) -> tuple[list[sparse.csr_matrix], list[str]]:
    """Documents × surface-word counts, chunk by chunk, and the surface vocabulary."""
    vocabulary: dict[str, int] = {}
    chunks = []
    for start in range(0, len(texts), chunk):
        indptr = [0]
        indices: list[int] = []
        counts: list[int] = []
        for text in texts[start : start + chunk]:
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
        for part in parts(token):
            rows.append(row)
            columns.append(lemmas.setdefault(lemma(part), len(lemmas)))
    mapping = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(len(surface), len(lemmas))
    )
    return mapping, list(lemmas)


def _ngram_mapping(surface: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    vectorizer = CountVectorizer(
        analyzer="char_wb", ngram_range=NGRAM_RANGE, lowercase=True, dtype=np.float32
    )
    content = [" ".join(parts(token)) for token in surface]
    try:
        mapping = vectorizer.fit_transform(content)
    except ValueError:  # no content words at all
        return sparse.csr_matrix((len(surface), 0), dtype=np.float32), []
    return sparse.csr_matrix(mapping), list(vectorizer.get_feature_names_out())


def top_k(scores: npt.NDArray[np.float32], count: int) -> list[int]:
    """Row indices of the `count` highest positive scores, best first (ties: lower row)."""
    positive = np.flatnonzero(scores > 0)
    if positive.size == 0:
        return []
    if positive.size > count:
        part = np.argpartition(-scores[positive], count - 1)[:count]
        positive = positive[part]
    order = np.lexsort((positive, -scores[positive]))
    return [int(i) for i in positive[order]]


# --- the fitted index ----------------------------------------------------------------------------


@dataclass
class Query:
    """A text or a document as the index sees it: one word row and one character row."""

    words: sparse.csr_matrix  # 1 × lemmas
    chars: sparse.csr_matrix  # 1 × n-grams


@dataclass
class TextIndex:
    """The TF-IDF views of a list of documents; row i is the document with id `ids[i]`."""

    ids: list[Hashable]
    word_matrix: sparse.csr_matrix  # rows × lemmas, float32, scaled by √word_weight
    char_matrix: sparse.csr_matrix  # rows × n-grams, float32, scaled by √char_weight
    words: View  # vocabulary and idf (the block moved to word_matrix)
    chars: View
    word_terms: list[str]  # column → lemma, for naming shared terms
    settings: TextSettings = DEFAULT_SETTINGS
    rows: dict[Hashable, int] = field(default_factory=dict)  # id → row

    @classmethod
    def fit(
        cls, docs: Sequence[tuple[Hashable, str]], *, settings: TextSettings = DEFAULT_SETTINGS
    ) -> TextIndex:
        """Fit both views over `docs`, (id, text) pairs; the ids must be distinct."""
        texts = [text for _id, text in docs]
        chunks, surface = _count_surface_words(texts, settings.chunk)
        del texts
        lemma_mapping, lemmas = _lemma_mapping(surface)
        word_view = _build_view(
            chunks,
            lemma_mapping,
            lemmas,
            settings.word_max_features,
            settings.word_terms_per_doc,
            settings.word_weight,
        )
        del lemma_mapping, lemmas
        ngram_mapping, ngrams = _ngram_mapping(surface)
        char_view = _build_view(
            chunks,
            ngram_mapping,
            ngrams,
            settings.char_max_features,
            settings.char_terms_per_doc,
            settings.char_weight,
        )
        del ngram_mapping, ngrams, chunks
        word_matrix, char_matrix = word_view.block, char_view.block
        word_view.block = char_view.block = sparse.csr_matrix((0, 0), dtype=np.float32)
        word_terms = [""] * word_view.width
        for term, column in word_view.index.items():
            word_terms[column] = term
        ids = [doc_id for doc_id, _text in docs]
        return cls(
            ids=ids,
            word_matrix=word_matrix,
            char_matrix=char_matrix,
            words=word_view,
            chars=char_view,
            word_terms=word_terms,
            settings=settings,
            rows={doc_id: row for row, doc_id in enumerate(ids)},
        )

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def n_word(self) -> int:
        return self.words.width

    def row_of(self, doc_id: Hashable) -> int | None:
        return self.rows.get(doc_id)

    def vectorise(self, text: str) -> Query:
        """The word and character rows of an arbitrary text, weighted like the matrix rows."""
        tokens = words(text)
        word_row = _query_row(map(lemma, tokens), self.words) * np.float32(
            np.sqrt(self.settings.word_weight)
        )
        grams = (gram for token in tokens for gram in char_ngrams(token))
        char_row = _query_row(grams, self.chars) * np.float32(np.sqrt(self.settings.char_weight))
        return Query(sparse.csr_matrix(word_row), sparse.csr_matrix(char_row))

    def row_query(self, row: int) -> Query:
        """The query of the document in `row` (its own rows of both views)."""
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
                chars[(word <= 0) & (chars < char_only_min * self.settings.char_weight)] = 0
            scores += chars
        return scores

    def query(
        self, text: str, k: int, *, char_only_min: float = 0.0
    ) -> list[tuple[Hashable, float]]:
        """The `k` documents most similar to `text`, best first, as (id, similarity)."""
        scores = self.text_scores(self.vectorise(text), char_only_min=char_only_min)
        return [(self.ids[row], float(scores[row])) for row in top_k(scores, k)]

    def similar(self, doc_id: Hashable, k: int) -> list[tuple[Hashable, float]]:
        """The `k` documents most similar to the document `doc_id` (never itself), best first.
        Raises KeyError for an id not in the index."""
        row = self.rows[doc_id]
        scores = self.text_scores(self.row_query(row))
        scores[row] = 0
        return [(self.ids[other], float(scores[other])) for other in top_k(scores, k)]

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
        """Approximate memory of the arrays (vocabularies and ids not included)."""
        total = self.words.idf.nbytes + self.chars.idf.nbytes
        for m in (self.word_matrix, self.char_matrix):
            total += m.data.nbytes + m.indices.nbytes + m.indptr.nbytes
        return total
