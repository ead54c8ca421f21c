"""Search by meaning: the multilingual sentence encoder (`core.textmatch.encoder`, shipped
inside its package, nothing downloaded) ranks public records by the cosine similarity of their
embedding to the query's, so that "vacancy" or "leere Läden" finds the practices about
Leerstand and English queries find German records.

What is embedded: per public record its title, summary and (practices) the names of its terms
— the part of a record that says what it is about; long texts would blur it — as *segments*:
the whole of it, the title, each sentence of the summary and each term name. A record is as
similar to a query as its most similar segment (a one-word query such as "vacancy" is close to
the short "Leerstand", not to a paragraph that mentions it). The vectors are kept by text in a
file (`EmbeddingCache` under `VAR_DIR/textmatch/search/`), so only new or
changed texts are ever encoded:

- the worker encodes them after every change (`tasks.refresh_semantic_index`, subscribed to
  the change announcements of the indexed apps), and `manage.py embed_search_records` does it
  for a whole database (after `demo_data`, `scale_data` or a restore);
- each process holds one `SemanticIndex` (ids and a unit-vector matrix) per data version
  (`search_data_version`), built from that file; a newer one is built in a background thread
  while the previous one answers (`VersionedCache`), so no request waits for the encoder. A web
  process encodes missing texts itself only when they are few
  (`SEARCH_SEMANTIC_WEB_ENCODE_LIMIT`, default 1 000 ≈ 15 s in that thread); a larger backlog
  (bulk data) is left to the worker and the command, its records are found by their words
  meanwhile.

A query is embedded once (per process, LRU) — about 15 ms — and scored against all records
with one matrix product (10 000 records: ~1 ms). `hybrid.py` combines these scores with the
full-text hits.

`settings.SEARCH_SEMANTIC` switches it off (the test settings do, so unrelated tests never load
the encoder; the semantic tests switch it on and use the real encoder);
`SEARCH_SEMANTIC_BACKGROUND` = False builds the index in the request instead (tests, bench).
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import connections

from quartiersnetz.core.textmatch.cache import VersionedCache
from quartiersnetz.core.textmatch.encoder import (
    MODELS,
    EmbeddingCache,
    centred,
    default_cache_dir,
    encode_uncached,
)

from .backends import KINDS, SOURCE_MODELS, search_data_version
from .sources import SOURCES_BY_KIND

# Similarity (cosine) from which a record counts as a hit by meaning. Chosen on the relevance
# set (bench/relevance.py, docs/benchmarks.md): below it, the encoder's neighbours are mostly
# noise.
MIN_SIMILARITY = 0.35
# The encoder (`core.textmatch.encoder.MODELS`): USE, whose cosines a fixed threshold separates
# from noise; E5 (the matching's) found slightly more but let nonsense queries in at every
# threshold that kept its recall (docs/benchmarks.md, "Search relevance").
MODEL = "use"
# At most this many records are taken from the semantic ranking into a result list.
MAX_SEMANTIC_HITS = 50
# Longest text embedded per record (characters): title, summary and terms fit.
MAX_TEXT_CHARS = 600
QUERY_MEMO_SIZE = 2048


def enabled() -> bool:
    return bool(getattr(settings, "SEARCH_SEMANTIC", True))


@dataclass
class SemanticIndex:
    version: str
    kinds: npt.NDArray[np.str_] = field(default_factory=lambda: np.zeros(0, dtype="U12"))
    ids: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # One row per segment, `owner` its record's row in kinds/ids.
    matrix: npt.NDArray[np.float32] = field(
        default_factory=lambda: np.zeros((0, MODELS[MODEL].dimensions), dtype=np.float32)
    )
    owner: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.ids)

    def scores(self, vector: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Per record, the best cosine similarity of one of its segments to the (unit) query
        vector: one matrix product and one grouped maximum."""
        out = np.full(len(self.ids), -1.0, dtype=np.float32)
        if len(self.owner):
            np.maximum.at(out, self.owner, self.matrix @ vector)
        return out

    def nearest(
        self,
        vector: npt.NDArray[np.float32],
        *,
        kinds: Sequence[str] = KINDS,
        limit: int = MAX_SEMANTIC_HITS,
        minimum: float = MIN_SIMILARITY,
    ) -> list[tuple[str, int, float]]:
        """The records most similar to `vector` (kind, id, similarity), best first."""
        scores = self.scores(vector)
        if not scores.size:
            return []
        mask = scores >= minimum
        if set(kinds) != set(KINDS):
            mask &= np.isin(self.kinds, list(kinds))
        rows = np.flatnonzero(mask)
        rows = rows[np.argsort(-scores[rows], kind="stable")][:limit]
        return [(str(self.kinds[r]), int(self.ids[r]), float(scores[r])) for r in rows]


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
MAX_SEGMENTS = 8


def segments(text: str) -> list[str]:
    """What of a record's text is embedded: the whole, then its parts (title, summary
    sentences, term names; see `record_texts`), each once, at most MAX_SEGMENTS."""
    parts = [p.strip() for p in text.split(_PART)]
    pieces = [" ".join(text.replace(_PART, ". ").split())]
    for part in parts:
        pieces.extend(s.strip() for s in _SENTENCE.split(part) if len(s.strip()) > 2)
    return list(dict.fromkeys(p for p in pieces if p))[:MAX_SEGMENTS]


_PART = "\u241e"  # between the parts of a record's text (never typed by anyone)


def record_texts() -> Iterable[tuple[str, int, str]]:
    """(kind, id, text) of every public record: what its embedding is made of; the parts
    (title, summary, each term name) joined by _PART."""
    for kind in KINDS:
        model = SOURCE_MODELS[kind]
        title = SOURCES_BY_KIND[kind].title
        fields = [title, "summary", *(["terms"] if kind == "practice" else [])]
        rows = (
            model.objects.filter(model.PUBLIC.q())  # type: ignore[attr-defined]
            .order_by("id")
            .values_list("id", *fields)
        )
        for pk, title_text, summary, *terms in rows:
            names = terms[0].split(" · ") if terms and terms[0] else []
            parts = [title_text, summary[:MAX_TEXT_CHARS], *names]
            yield kind, pk, _PART.join(p.strip() for p in parts if p and p.strip())


def cache_dir() -> Path | None:
    base = default_cache_dir()
    return base / "search" if base is not None else None


def build_index(version: str, *, encode_limit: int | None = None) -> SemanticIndex:
    """Embed every public record: texts not in the file cache are encoded if they are at most
    `encode_limit` (default `settings.SEARCH_SEMANTIC_WEB_ENCODE_LIMIT`; None = all, the
    worker and the command); otherwise only the stored vectors are used and the records
    without one are left out until the worker has encoded them."""
    rows = list(record_texts())
    pieces: list[str] = []
    owner: list[int] = []
    for row, (_kind, _pk, text) in enumerate(rows):
        for piece in segments(text):
            pieces.append(piece)
            owner.append(row)
    # Records are the encoder's passages, search words its queries (`embed_query`).
    store = EmbeddingCache(cache_dir(), model=MODEL, role="passage")
    if encode_limit is not None:
        known = store.known(pieces)
        if known.count(False) > encode_limit:
            pieces = [p for p, k in zip(pieces, known, strict=True) if k]
            owner = [o for o, k in zip(owner, known, strict=True) if k]
    vectors = store.encode(pieces, keep_only=encode_limit is None)
    stats["builds"] += 1
    # Only records with a vector: rows renumbered.
    kept = sorted(set(owner))
    position = {row: i for i, row in enumerate(kept)}
    return SemanticIndex(
        version=version,
        kinds=np.asarray([rows[r][0] for r in kept], dtype="U12"),
        ids=np.asarray([rows[r][1] for r in kept], dtype=np.int64),
        matrix=centred(vectors.astype(np.float32), MODEL, "passage"),
        owner=np.asarray([position[o] for o in owner], dtype=np.int64),
    )


_cache: VersionedCache[SemanticIndex] = VersionedCache(
    label="the semantic search index",
    thread_name="semantic-search-rebuild",
    cleanup=lambda: connections.close_all(),  # a background build's own connections
)
stats = {"builds": 0, "queries": 0}  # read by tests and the benchmark


def get_index(version: str | None = None) -> SemanticIndex:
    """The index of the current data version (an empty one until a first background build is
    done; a stale one while a newer one is built)."""
    version = version or search_data_version()
    background = bool(getattr(settings, "SEARCH_SEMANTIC_BACKGROUND", True))
    never = 1 << 62
    limit = int(getattr(settings, "SEARCH_SEMANTIC_WEB_ENCODE_LIMIT", 1000))
    return _cache.get(
        version,
        build=lambda v: build_index(v, encode_limit=limit),
        empty=lambda: SemanticIndex(version=""),
        expected_size=1,
        max_age=float("inf"),
        background_first_from=1 if background else never,
        background_rebuild_from=1 if background else never,
    )


def clear() -> None:
    _cache.clear()
    _embed_query.cache_clear()
    list_meaning.clear()


@functools.lru_cache(maxsize=QUERY_MEMO_SIZE)
def _embed_query(text: str) -> npt.NDArray[np.float32]:
    stats["queries"] += 1
    vector: npt.NDArray[np.float32] = centred(
        encode_uncached([text], model=MODEL, role="query"), MODEL, "query"
    )[0]
    vector.setflags(write=False)
    return vector


def embed_query(text: str) -> npt.NDArray[np.float32]:
    """The query's unit vector (memoised per process: repeated queries cost nothing)."""
    return _embed_query(" ".join(text.split())[:MAX_TEXT_CHARS])


def semantic_hits(
    text: str,
    *,
    kinds: Sequence[str] = KINDS,
    version: str | None = None,
    index: SemanticIndex | None = None,
) -> list[tuple[str, int, float]]:
    """Records close in meaning to the query text (kind, id, similarity), best first; none when
    switched off or while the index is being built."""
    if not enabled() or not text.strip():
        return []
    index = index if index is not None else get_index(version)
    if not len(index):
        return []
    return index.nearest(embed_query(text), kinds=kinds)


def warm() -> int:
    """Encode the texts of every public record into the file cache (worker, command); returns
    how many records the index holds."""
    return len(build_index(search_data_version()))


# How long a web process answers the lists from the index it last looked up before it asks for
# the data version again (one query over every searched table, ~1 ms): a change reaches the
# lists' search by meaning this much later — it is rebuilt in the background anyway — and the
# lists' words part, keyed by the list's own data version, is never stale.
LIST_RECHECK_SECONDS = 5.0


class ListMeaning:
    """The lists' search by meaning (`core.textquery.MeaningSource`, registered in
    `apps.SearchConfig.ready`): `/praxis/?q=vacancy` finds the Leerstand practices as
    `/suche/` does. `version()` looks up the current index (one version query, a rebuild
    started when it is stale) at most every LIST_RECHECK_SECONDS; `ids()` does the same and
    answers from that index, memoised per kind and text (the memo emptied when
    the index changes)."""

    def __init__(self) -> None:
        self._index: SemanticIndex | None = None
        self._memo: dict[tuple[str, str], tuple[int, ...]] = {}
        self._checked = -float("inf")

    def version(self) -> str:
        if not enabled():
            return ""
        now = time.monotonic()
        if self._index is None or now - self._checked >= LIST_RECHECK_SECONDS:
            index = get_index()
            self._checked = now
            if index is not self._index:
                self._index, self._memo = index, {}
        assert self._index is not None  # noqa: S101 - set above
        return self._index.version

    def ids(self, kind: str, text: str) -> tuple[int, ...]:
        if not enabled() or kind not in KINDS:
            return ()
        self.version()  # the current index (a lookup at most every LIST_RECHECK_SECONDS)
        index, memo = self._index, self._memo
        if index is None or not len(index):
            return ()
        key = (kind, " ".join(text.split()))
        found = memo.get(key)
        if found is None:
            hits = semantic_hits(key[1], kinds=(kind,), index=index)
            found = tuple(pk for _kind, pk, _similarity in hits)
            if len(memo) >= QUERY_MEMO_SIZE:
                memo.clear()
            memo[key] = found
        return found

    def clear(self) -> None:
        self._index, self._memo, self._checked = None, {}, -float("inf")


list_meaning = ListMeaning()
