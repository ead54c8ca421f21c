"""Partner suggestions → `Suggestion` rows (see docs/matching.md).

For every public actor the ten best other public actors, scored by

* complementarity (weight `W_NEED` for "B offers what A seeks", `W_OFFER` for "B seeks what
  A offers"): text similarity of A's needs with B's offers (and back) by meaning, plus shared
  curated categories (`ExchangeCategory`);
* sectors: another sector than A's own, and one A is not yet connected to (`Edge` rows);
* shared approaches, spatial and action fields;
* nearness of the municipalities (great-circle distance);
* not yet connected (connected actors are damped), never dismissed, never A itself.

The text similarity is pluggable (`TEXT_METHODS`); `DEFAULT_TEXT_METHOD` is the one that won the
benchmark (`bench/matching.py`). Scores are computed in blocks of `BLOCK` rows with numpy, so
10 000 actors need memory for `BLOCK × n` floats, not `n × n`.

Reasons are stored as codes and parameters and rendered as one translated sentence at read
time (`reason_sentence`). Projects get suggestions too (`suggest_for_group`, generic: any group
of member actors with a text and a place, e.g. alliances).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import transaction
from django.utils.translation import gettext as _
from scipy import sparse

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.textmatch import TextIndex
from quartiersnetz.core.textmatch import encoder as text_encoder

from .models import DismissedSuggestion, Edge, Suggestion

TOP = 10
BLOCK = 512

W_NEED = 3.0  # B offers what A seeks
W_OFFER = 1.5  # B seeks what A offers
W_CATEGORY = 0.25  # per matching category (at most two count)
W_OTHER_SECTOR = 0.12
W_NEW_SECTOR = 0.12
W_SHARED = 0.1  # Jaccard of approaches, spatial and action fields
W_NEAR = 0.12
NEAR_KM = 60.0
CONNECTED_DAMPING = 0.5
TEXT_FLOOR = 0.3
# Above EXACT_UP_TO actors, each block of targets is scored in two steps (`Scorer.block`): an
# approximate score against everyone picks CANDIDATES per target, and only those pairs get the
# exact sentence-by-sentence text similarity — so the expensive part grows linearly.
EXACT_UP_TO = 2_000
CANDIDATES = 300
COARSE_DIMENSIONS = 32
MEAN_SAMPLE = 1_000
REASON_MIN = 0.5  # relative text similarity (or one category) that names a complementarity
# Encoder cosines of unrelated German texts lie around 0.1–0.3: only the part above this counts.

Matrix = npt.NDArray[np.float32]


# --- text similarity -------------------------------------------------------------------------


@dataclass
class TextViews:
    """Row-aligned representations of every actor's needs and offers; `pairs(rows)` gives the
    similarity of the needs of `rows` with every offer, and of their offers with every need."""

    needs: Any
    offers: Any
    index: TextIndex | None = None

    def block(self, rows: npt.NDArray[np.int64]) -> tuple[Matrix, Matrix]:
        need_offer = _dense(self.needs[rows] @ self.offers.T)
        offer_need = _dense(self.offers[rows] @ self.needs.T)
        return need_offer, offer_need

    def stage(self, rows: npt.NDArray[np.int64]) -> _Stage:
        return _ExactStage(*self.block(rows))


class _Stage:
    """The text similarities of a block of targets in two steps: `need`/`offer` (block × n)
    choose the candidates and may be approximate; `exact(columns)` gives the similarities of
    the chosen pairs (block × columns) and each row's best similarity as far as it is known."""

    need: Matrix
    offer: Matrix

    def exact(self, columns: npt.NDArray[np.int64]) -> tuple[Matrix, Matrix, Matrix, Matrix]:
        raise NotImplementedError


class _ExactStage(_Stage):
    def __init__(self, need: Matrix, offer: Matrix) -> None:
        self.need, self.offer = need, offer

    def exact(self, columns: npt.NDArray[np.int64]) -> tuple[Matrix, Matrix, Matrix, Matrix]:
        return (
            np.take_along_axis(self.need, columns, axis=1),
            np.take_along_axis(self.offer, columns, axis=1),
            self.need.max(axis=1, keepdims=True),
            self.offer.max(axis=1, keepdims=True),
        )


def _dense(product: Any) -> Matrix:
    if sparse.issparse(product):
        product = product.toarray()
    return np.asarray(product, dtype=np.float32)


def _tfidf_views(needs: Sequence[str], offers: Sequence[str], *, part: str) -> TextViews:
    n = len(needs)
    docs = [(("s", i), t) for i, t in enumerate(needs)] + [
        (("o", i), t) for i, t in enumerate(offers)
    ]
    index = TextIndex.fit(docs)
    if part == "words":
        matrix = _unit(index.word_matrix)
    elif part == "chars":
        matrix = _unit(index.char_matrix)
    else:
        matrix = sparse.hstack([index.word_matrix, index.char_matrix], format="csr")
    matrix = sparse.csr_matrix(matrix, dtype=np.float32)
    return TextViews(needs=matrix[:n], offers=matrix[n:], index=index)


def _unit(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix, dtype=np.float32)


def _sentence_vectors(
    needs: Sequence[str], offers: Sequence[str], model: str = text_encoder.DEFAULT_MODEL
) -> tuple[text_encoder.SentenceVectors, text_encoder.SentenceVectors]:
    """Needs and offers as two corpora; with a retrieval model needs are its queries and
    offers its passages."""
    directory = text_encoder.default_cache_dir()
    if text_encoder.MODELS[model].asymmetric:
        queries = text_encoder.EmbeddingCache(directory, model=model, role="query")
        passages = text_encoder.EmbeddingCache(directory, model=model, role="passage")
        return (
            text_encoder.SentenceVectors.build(list(needs), queries).centred(model, "query"),
            text_encoder.SentenceVectors.build(list(offers), passages).centred(model, "passage"),
        )
    cache = text_encoder.EmbeddingCache(directory, model=model)
    both = text_encoder.SentenceVectors.build(list(needs) + list(offers), cache)
    return both.split(len(needs))


# How each encoder's similarities (above the target's mean) are put on the scale of the others
# (`_Encoded.calibrate`): (power, floor), where `floor` is the similarity that counts as a
# match rather than noise. Centred E5 similarities of unrelated texts stay below ~0.05 and
# paraphrases reach 0.1–0.3; USE is the scale TEXT_FLOOR was chosen for. Chosen on the
# benchmark (docs/matching.md).
CALIBRATION: dict[str, tuple[float, float]] = {"e5": (1.0, 0.1), "use": (1.0, TEXT_FLOOR)}


class _Encoded:
    """Sentence vectors; a pair of texts is as similar as its best pair of sentences (cosine
    weighted by how rare both sentences are, `encoder.sentence_weights`), minus the target's
    mean similarity to everyone (what every text shares with every other is not a match),
    calibrated to the scale of the other matchers (`CALIBRATION`)."""

    def __init__(
        self,
        needs: text_encoder.SentenceVectors,
        offers: text_encoder.SentenceVectors,
        model: str = text_encoder.DEFAULT_MODEL,
    ) -> None:
        self.needs, self.offers = needs, offers
        self.power, self.floor = CALIBRATION[model]

    def calibrate(self, matrix: Matrix) -> Matrix:
        """`TEXT_FLOOR · (value / floor) ** power`: the model's floor lands on TEXT_FLOOR, so
        `_row_relative` gives `(value / max(best, floor)) ** power` — 1 for the target's best
        match when that is a match, small values when the best is noise."""
        if self.power == 1.0 and self.floor == TEXT_FLOOR:
            return matrix
        return np.asarray(TEXT_FLOOR * (matrix / self.floor) ** self.power, dtype=np.float32)

    def best_sentence(self, text: str, query: Any, doc: Any) -> str:
        """The sentence of `text` (the document `doc`, e.g. ("o", row): an offer) that matches
        the query document (e.g. ("s", row): a need) best, as written."""
        (kind, query_row), (_kind, doc_row) = query, doc
        queries, docs = (self.needs, self.offers) if kind == "s" else (self.offers, self.needs)
        if query_row >= len(queries.starts) - 1 or doc_row >= len(docs.starts) - 1:
            return text
        position = text_encoder.best_sentence(queries, query_row, docs, doc_row)
        sentences = text_encoder.display_sentences(text)
        return sentences[position] if position < len(sentences) else text

    def block(self, rows: npt.NDArray[np.int64]) -> tuple[Matrix, Matrix]:
        a = text_encoder.max_similarity(self.needs, rows, self.offers)
        b = text_encoder.max_similarity(self.offers, rows, self.needs)
        return self.calibrate(_above_mean(a)), self.calibrate(_above_mean(b))

    def stage(self, rows: npt.NDArray[np.int64]) -> _Stage:
        return _EncodedStage(self, rows)

    @cached_property
    def coarse(self) -> tuple[text_encoder.SentenceVectors, text_encoder.SentenceVectors]:
        """The weighted sentence vectors projected onto their COARSE_DIMENSIONS principal
        axes: the same best-sentence-pair similarity, a fraction of the arithmetic."""
        both = np.concatenate([self.needs.weighted, self.offers.weighted]).astype(np.float64)
        centre = both.mean(axis=0)
        both -= centre
        _values, vectors = np.linalg.eigh(both.T @ both)  # ascending eigenvalues
        axes = vectors[:, ::-1][:, :COARSE_DIMENSIONS].astype(np.float32)
        centre = centre.astype(np.float32)

        def project(vectors: text_encoder.SentenceVectors) -> text_encoder.SentenceVectors:
            weighted = np.ascontiguousarray((vectors.weighted - centre) @ axes, dtype=np.float32)
            return text_encoder.SentenceVectors(
                weighted, vectors.starts, vectors.sentences, weighted
            )

        return project(self.needs), project(self.offers)

    @cached_property
    def sample(self) -> tuple[text_encoder.SentenceVectors, text_encoder.SentenceVectors]:
        """A fixed, evenly spread sample of offers and needs: each target's mean similarity
        to everyone is estimated on it."""
        n = len(self.needs.starts) - 1
        columns = np.unique(np.linspace(0, n - 1, min(n, MEAN_SAMPLE)).astype(np.int64))
        return self.offers.subset(columns), self.needs.subset(columns)


class _EncodedStage(_Stage):
    def __init__(self, encoded: _Encoded, rows: npt.NDArray[np.int64]) -> None:
        self.encoded, self.rows = encoded, rows
        needs, offers = encoded.coarse
        sample_offers, sample_needs = encoded.sample
        self.need_mean = text_encoder.max_similarity(encoded.needs, rows, sample_offers).mean(
            axis=1, keepdims=True
        )
        self.offer_mean = text_encoder.max_similarity(encoded.offers, rows, sample_needs).mean(
            axis=1, keepdims=True
        )
        self.need = encoded.calibrate(_above_mean(text_encoder.max_similarity(needs, rows, offers)))
        self.offer = encoded.calibrate(
            _above_mean(text_encoder.max_similarity(offers, rows, needs))
        )

    def exact(self, columns: npt.NDArray[np.int64]) -> tuple[Matrix, Matrix, Matrix, Matrix]:
        encoded = self.encoded
        need = text_encoder.pair_similarity(encoded.needs, self.rows, encoded.offers, columns)
        offer = text_encoder.pair_similarity(encoded.offers, self.rows, encoded.needs, columns)
        need = encoded.calibrate(_above_mean(need, self.need_mean))
        offer = encoded.calibrate(_above_mean(offer, self.offer_mean))
        return need, offer, need.max(axis=1, keepdims=True), offer.max(axis=1, keepdims=True)


def _above_mean(matrix: Matrix, mean: Matrix | None = None) -> Matrix:
    if mean is None:
        mean = matrix.mean(axis=1, keepdims=True)
    return np.maximum(matrix - mean, 0).astype(np.float32)


def _row_relative(matrix: Matrix) -> Matrix:
    """Relative to the row's best match, but never by less than TEXT_FLOOR (so noise stays
    noise when nothing matches)."""
    return matrix / np.maximum(matrix.max(axis=1, keepdims=True), TEXT_FLOOR)


class _Sum:
    def __init__(self, parts: list[tuple[float, Any]], index: TextIndex | None) -> None:
        self.parts, self.index = parts, index

    def block(self, rows: npt.NDArray[np.int64]) -> tuple[Matrix, Matrix]:
        total_a: Matrix | None = None
        total_b: Matrix | None = None
        for weight, part in self.parts:
            a, b = part.block(rows)
            a, b = _row_relative(a), _row_relative(b)
            total_a = a * weight if total_a is None else total_a + a * weight
            total_b = b * weight if total_b is None else total_b + b * weight
        assert total_a is not None  # noqa: S101
        assert total_b is not None  # noqa: S101
        return total_a, total_b

    def best_sentence(self, text: str, query: Any, doc: Any) -> str:
        for _weight, part in self.parts:
            if hasattr(part, "best_sentence"):
                return str(part.best_sentence(text, query, doc))
        return text

    def stage(self, rows: npt.NDArray[np.int64]) -> _Stage:
        return _SumStage([(weight, part.stage(rows)) for weight, part in self.parts])


class _SumStage(_Stage):
    def __init__(self, parts: list[tuple[float, _Stage]]) -> None:
        self.parts = parts
        self.need = np.add.reduce([w * _row_relative(p.need) for w, p in parts])
        self.offer = np.add.reduce([w * _row_relative(p.offer) for w, p in parts])

    def exact(self, columns: npt.NDArray[np.int64]) -> tuple[Matrix, Matrix, Matrix, Matrix]:
        need: Any = 0
        offer: Any = 0
        for weight, part in self.parts:
            a, b, a_max, b_max = part.exact(columns)
            need = need + weight * a / np.maximum(a_max, TEXT_FLOOR)
            offer = offer + weight * b / np.maximum(b_max, TEXT_FLOOR)
        need, offer = np.asarray(need, np.float32), np.asarray(offer, np.float32)
        return need, offer, need.max(axis=1, keepdims=True), offer.max(axis=1, keepdims=True)


def _views_words(needs: Sequence[str], offers: Sequence[str]) -> Any:
    return _tfidf_views(needs, offers, part="words")


def _views_chars(needs: Sequence[str], offers: Sequence[str]) -> Any:
    return _tfidf_views(needs, offers, part="chars")


def _views_tfidf(needs: Sequence[str], offers: Sequence[str]) -> Any:
    return _tfidf_views(needs, offers, part="both")


def _views_encoder(needs: Sequence[str], offers: Sequence[str]) -> Any:
    return _Encoded(*_sentence_vectors(needs, offers, "e5"), "e5")


def _views_use(needs: Sequence[str], offers: Sequence[str]) -> Any:
    return _Encoded(*_sentence_vectors(needs, offers, "use"), "use")


def _hybrid(model: str) -> Callable[[Sequence[str], Sequence[str]], Any]:
    def views(needs: Sequence[str], offers: Sequence[str]) -> Any:
        """Character n-grams (compounds, inflections) and the encoder (meaning), each
        relative to the target's best match, averaged."""
        chars = _tfidf_views(needs, offers, part="chars")
        encoded = _Encoded(*_sentence_vectors(needs, offers, model), model)
        return _Sum([(0.5, chars), (0.5, encoded)], chars.index)

    return views


TEXT_METHODS: dict[str, Callable[[Sequence[str], Sequence[str]], Any]] = {
    "words": _views_words,
    "chars": _views_chars,
    "tfidf": _views_tfidf,
    "use": _views_use,
    "use-hybrid": _hybrid("use"),
    "encoder": _views_encoder,
    "hybrid": _hybrid("e5"),
}
DEFAULT_TEXT_METHOD = "encoder"


# --- the population ----------------------------------------------------------------------------


@dataclass
class Population:
    """Public actors as rows, with what the scores need."""

    ids: list[int]
    names: list[str]
    offers: list[str]
    seeks: list[str]
    sector: npt.NDArray[np.int64]  # sector id, -1 for none
    sector_names: dict[int, str]
    lat: npt.NDArray[np.float64]  # radians, nan if unknown
    lon: npt.NDArray[np.float64]
    places: list[str]
    offer_cats: sparse.csr_matrix  # rows × categories (0/1)
    need_cats: sparse.csr_matrix
    category_names: list[str]
    fields: sparse.csr_matrix  # rows × (approaches, spatial and action fields) (0/1)
    row: dict[int, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)


def _incidence(
    pairs: Iterable[tuple[int, int]], rows: dict[int, int], n: int
) -> tuple[sparse.csr_matrix, dict[int, int]]:
    columns: dict[int, int] = {}
    r, c = [], []
    for actor_id, term_id in pairs:
        if actor_id in rows:
            r.append(rows[actor_id])
            c.append(columns.setdefault(term_id, len(columns)))
    matrix = sparse.csr_matrix(
        (np.ones(len(r), dtype=np.float32), (r, c)), shape=(n, max(len(columns), 1))
    )
    matrix.data[:] = 1.0
    return matrix, columns


def load_population() -> Population:
    """Every public actor with its texts, sector, place, categories and fields (seven queries)."""
    from quartiersnetz.taxonomy.models import ExchangeCategory, Sector

    rows = list(
        Actor.objects.visible()
        .order_by("id")
        .values_list(
            "id",
            "name",
            "offers",
            "seeks",
            "sector_id",
            "municipality__latitude",
            "municipality__longitude",
            "municipality__name",
        )
    )
    ids = [r[0] for r in rows]
    index = {actor_id: i for i, actor_id in enumerate(ids)}
    n = len(ids)
    through = Actor.offer_categories.through
    offer_pairs = through.objects.values_list("actor_id", "exchangecategory_id")
    need_pairs = Actor.need_categories.through.objects.values_list(
        "actor_id", "exchangecategory_id"
    )
    categories = dict(ExchangeCategory.objects.values_list("id", "name"))
    category_ids = sorted(categories)
    column = {cid: i for i, cid in enumerate(category_ids)}
    k = max(len(category_ids), 1)

    def cats(pairs: Iterable[tuple[int, int]]) -> sparse.csr_matrix:
        r, c = [], []
        for actor_id, cid in pairs:
            if actor_id in index and cid in column:
                r.append(index[actor_id])
                c.append(column[cid])
        m = sparse.csr_matrix(
            (np.ones(len(r), dtype=np.float32), (r, c)), shape=(n, k), dtype=np.float32
        )
        m.data[:] = 1.0
        return m

    field_pairs: list[tuple[int, int]] = []
    for offset, relation in enumerate(
        (Actor.approaches.through, Actor.spatial_fields.through, Actor.action_fields.through)
    ):
        target = next(
            f.attname for f in relation._meta.fields if f.attname not in ("id", "actor_id")
        )
        field_pairs.extend(
            (actor_id, term_id * 4 + offset)
            for actor_id, term_id in relation._default_manager.values_list("actor_id", target)
        )
    fields, _columns = _incidence(field_pairs, index, n)
    lat = np.radians(np.array([r[5] if r[5] is not None else np.nan for r in rows], dtype=float))
    lon = np.radians(np.array([r[6] if r[6] is not None else np.nan for r in rows], dtype=float))
    return Population(
        ids=ids,
        names=[r[1] for r in rows],
        offers=[r[2] or "" for r in rows],
        seeks=[r[3] or "" for r in rows],
        sector=np.array([r[4] if r[4] is not None else -1 for r in rows], dtype=np.int64),
        sector_names=dict(Sector.objects.values_list("id", "name")),
        lat=lat,
        lon=lon,
        places=[r[7] or "" for r in rows],
        offer_cats=cats(offer_pairs),
        need_cats=cats(need_pairs),
        category_names=[categories[c] for c in category_ids],
        fields=fields,
        row=index,
    )


def load_connections(pop: Population) -> sparse.csr_matrix:
    """Rows × rows adjacency of the public network (`Edge`, symmetric)."""
    n = len(pop)
    r: list[int] = []
    c: list[int] = []
    for a, b in Edge.objects.values_list("actor_a_id", "actor_b_id"):
        if a in pop.row and b in pop.row:
            r.extend((pop.row[a], pop.row[b]))
            c.extend((pop.row[b], pop.row[a]))
    return sparse.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(n, n))


def load_dismissals(pop: Population) -> dict[int, set[int]]:
    dismissed: dict[int, set[int]] = {}
    for actor, suggested in DismissedSuggestion.objects.values_list("actor_id", "suggested_id"):
        if actor in pop.row and suggested in pop.row:
            dismissed.setdefault(pop.row[actor], set()).add(pop.row[suggested])
    return dismissed


# --- scoring ----------------------------------------------------------------------------------


EARTH_KM = 6371.0


def _on_sphere(lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]) -> Any:
    """Unit vectors (n × 3) of points given in radians; nan rows where the place is unknown."""
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)


def _great_circle_km(a: Any, b: Any) -> Matrix:
    """len(a) × len(b) great-circle distances of unit vectors, from the chord length
    (2·asin(chord / 2): exact for near points, unlike acos of the dot product); nan where a
    place is unknown. One matrix product instead of trigonometry per pair."""
    return _chord_km(a @ b.T)


def _chord_km(dot: Any) -> Matrix:
    """Great-circle distances from dot products of unit vectors (nan stays nan)."""
    chord_squared = np.maximum(2.0 - 2.0 * dot, 0.0)
    return np.asarray(
        2 * EARTH_KM * np.arcsin(np.minimum(np.sqrt(chord_squared) / 2, 1.0)), dtype=np.float32
    )


@dataclass
class Scored:
    row: int
    score: float
    parts: dict[str, float]


class Scorer:
    """Scores blocks of targets (rows of the population) against every actor."""

    def __init__(self, pop: Population, text: Any, adjacency: sparse.csr_matrix) -> None:
        self.pop, self.text, self.adjacency = pop, text, adjacency
        sectors = sorted(set(pop.sector.tolist()) - {-1})
        column = {s: i for i, s in enumerate(sectors)}
        # Each actor's sector as a column 0…S-1, S for none.
        self.sector_index = np.array(
            [column.get(s, len(sectors)) for s in pop.sector.tolist()], dtype=np.int64
        )
        onehot = np.zeros((len(pop), len(sectors) + 1), dtype=np.float32)
        onehot[np.arange(len(pop)), self.sector_index] = 1
        # The sectors each actor is connected to (rows × sectors + 1; never "none").
        self.known = np.asarray(adjacency @ onehot) > 0
        self.known[:, len(sectors)] = False
        # Categories and fields are few columns: dense, so pairs are small products.
        self.need_cats = pop.need_cats.toarray()
        self.offer_cats = pop.offer_cats.toarray()
        self.fields = pop.fields.toarray()
        self.field_counts = self.fields.sum(axis=1)
        self.sphere = _on_sphere(pop.lat, pop.lon)

    def block(self, rows: npt.NDArray[np.int64]) -> dict[str, Matrix]:
        """The parts of the scores of targets `rows` against their candidates: every actor up
        to EXACT_UP_TO actors, else the CANDIDATES best by an approximate score. Each part is
        len(rows) × candidates; `columns` holds the candidates' population rows."""
        n = len(self.pop)
        if n <= EXACT_UP_TO or not hasattr(self.text, "stage"):
            need_text, offer_text = self.text.block(rows)
            columns = np.broadcast_to(np.arange(n), (len(rows), n))
            return self._parts(rows, columns, need_text, offer_text, full=True)
        stage = self.text.stage(rows)
        # In population order, so that ties are broken as in the exact scoring (lowest row).
        columns = np.sort(
            np.argpartition(-self._approximate(rows, stage), CANDIDATES - 1, axis=1)[
                :, :CANDIDATES
            ],
            axis=1,
        )
        need_text, offer_text, _need_max, _offer_max = stage.exact(columns)
        return self._parts(rows, columns, need_text, offer_text, full=False)

    def _approximate(self, rows: npt.NDArray[np.int64], stage: _Stage) -> Matrix:
        """`combine` of the approximate text similarities, categories and sectors against
        every actor (shared fields and nearness are small bonuses and the damping of connected
        actors only lowers a score: left out, so this bounds the score from above)."""
        score = np.minimum(_row_relative(stage.need), 1) * W_NEED
        score += np.minimum(_row_relative(stage.offer), 1) * W_OFFER
        score += np.minimum(self.need_cats[rows] @ self.offer_cats.T, 2) * (W_NEED * W_CATEGORY)
        score += np.minimum(self.offer_cats[rows] @ self.need_cats.T, 2) * (W_OFFER * W_CATEGORY)
        # Sector bonus per target and sector column, looked up for every actor.
        own = self.sector_index[rows][:, None]
        sector_columns = np.arange(self.known.shape[1])[None, :]
        other = (sector_columns != own) & (sector_columns < self.known.shape[1] - 1)
        table = other * W_OTHER_SECTOR + (other & ~self.known[rows]) * W_NEW_SECTOR
        score += table.astype(np.float32)[:, self.sector_index]
        return np.asarray(score, dtype=np.float32)

    def _parts(
        self,
        rows: npt.NDArray[np.int64],
        columns: Any,
        need_text: Matrix,
        offer_text: Matrix,
        *,
        full: bool,
    ) -> dict[str, Matrix]:
        """The parts for the pairs (rows[i], columns[i, k]); `full`: columns are every actor
        in population order."""
        pop = self.pop

        def pairs(mine: Matrix, theirs: Matrix) -> Matrix:
            """Row products of `mine` (block × k) with `theirs` (actors × k) for the pairs."""
            if full:
                return np.asarray(mine @ theirs.T, dtype=np.float32)
            return np.einsum("bk,bck->bc", mine, theirs[columns]).astype(np.float32)

        # Text similarities are small in absolute terms (0.02–0.2 for paraphrases) and differ in
        # scale between methods: relative to each target's best match (at least TEXT_FLOOR),
        # so the best complementary text outweighs sector and place bonuses.
        need_text, offer_text = _row_relative(need_text), _row_relative(offer_text)
        need_cats = np.minimum(pairs(self.need_cats[rows], self.offer_cats), 2)
        offer_cats = np.minimum(pairs(self.offer_cats[rows], self.need_cats), 2)
        need = np.minimum(need_text, 1) + W_CATEGORY * need_cats
        offer = np.minimum(offer_text, 1) + W_CATEGORY * offer_cats
        other = pop.sector[None, :] if full else pop.sector[columns]
        own = pop.sector[rows][:, None]
        other_sector = ((other != own) & (other >= 0)).astype(np.float32)
        their_sector = self.sector_index[None, :] if full else self.sector_index[columns]
        known = np.take_along_axis(
            self.known[rows], np.broadcast_to(their_sector, other_sector.shape), axis=1
        )
        new_sector = other_sector * (~known)
        shared = pairs(self.fields[rows], self.fields)
        counts = self.field_counts[None, :] if full else self.field_counts[columns]
        union = self.field_counts[rows][:, None] + counts - shared
        jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        if full:
            connected = _dense(self.adjacency[rows]) > 0
        else:
            repeated = np.repeat(rows, columns.shape[1])
            flat = np.asarray(self.adjacency[repeated, columns.ravel()]).reshape(columns.shape)
            connected = flat > 0
        here = self.sphere[rows]
        if full:
            distance = _great_circle_km(here, self.sphere)
        else:
            distance = _chord_km(np.einsum("bd,bkd->bk", here, self.sphere[columns]))
        near = np.where(np.isnan(distance), 0, np.exp(-np.nan_to_num(distance) / NEAR_KM))
        return {
            "need": need,
            "offer": offer,
            "need_text": need_text,
            "offer_text": offer_text,
            "need_cats": need_cats,
            "offer_cats": offer_cats,
            "other_sector": other_sector,
            "new_sector": new_sector,
            "shared": jaccard,
            "near": near.astype(np.float32),
            "distance": distance,
            "connected": connected.astype(np.float32),
            "columns": columns,
        }


def combine(parts: dict[str, Matrix]) -> Matrix:
    score = (
        W_NEED * parts["need"]
        + W_OFFER * parts["offer"]
        + W_OTHER_SECTOR * parts["other_sector"]
        + W_NEW_SECTOR * parts["new_sector"]
        + W_SHARED * parts["shared"]
        + W_NEAR * parts["near"]
    )
    score = score * np.where(parts["connected"] > 0, CONNECTED_DAMPING, 1.0)
    return np.asarray(score, dtype=np.float32)


def _top(scores: npt.NDArray[np.float32], count: int) -> list[int]:
    candidates = np.flatnonzero(scores > 0)
    if candidates.size > count:
        candidates = candidates[np.argpartition(-scores[candidates], count - 1)[:count]]
    order = np.lexsort((candidates, -scores[candidates]))
    return [int(i) for i in candidates[order]]


# --- reasons ------------------------------------------------------------------------------------


def _terms(index: TextIndex | None, query_key: Any, doc_key: Any, limit: int = 2) -> list[str]:
    """The lemmas the query document (e.g. ("s", row): a need) shares with the document
    `doc_key` (e.g. ("o", row): an offer), strongest first; both are rows of the index."""
    if index is None:
        return []
    row, query_row = index.row_of(doc_key), index.row_of(query_key)
    if row is None or query_row is None:
        return []
    queries = index.__dict__.setdefault("_match_queries", {})  # one row query per target
    query = queries.get(query_row)
    if query is None:
        query = queries[query_row] = index.row_query(query_row)
    return index.shared_terms(query, row, limit)


def _matched(text_views: Any, text: str, query: Any, doc: Any) -> str:
    """An excerpt of `text` (document `doc`): the sentence that matched the query document
    best when the matcher can tell (encoders), else the beginning."""
    best = getattr(text_views, "best_sentence", None)
    return _excerpt(best(text, query, doc) if best is not None else text)


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def reasons_for(
    pop: Population,
    text: Any,
    parts: dict[str, Matrix],
    i: int,
    target: int,
    j: int,
    k: int | None = None,
) -> list[dict[str, Any]]:
    """The codes and parameters explaining why `j` is suggested for the target in block row
    `i` (population row `target`); `k` is `j`'s column in the parts (default: `j`)."""
    k = j if k is None else k
    reasons: list[dict[str, Any]] = []
    index = getattr(text, "index", None)

    def categories(mine: sparse.csr_matrix, theirs: sparse.csr_matrix) -> list[str]:
        if target < 0:
            return []
        a = mine.indices[mine.indptr[target] : mine.indptr[target + 1]]
        b = theirs.indices[theirs.indptr[j] : theirs.indptr[j + 1]]
        return [pop.category_names[c] for c in sorted(set(a.tolist()) & set(b.tolist()))[:2]]

    if parts["need_cats"][i, k] > 0 or parts["need_text"][i, k] >= REASON_MIN:
        cats = categories(pop.need_cats, pop.offer_cats)
        terms = [] if cats else _terms(index, ("s", target), ("o", j))
        reasons.append(
            {
                "code": "offers_what_you_seek",
                "categories": cats,
                "terms": terms,
                "excerpt": ""
                if cats or terms
                else _matched(text, pop.offers[j], ("s", target), ("o", j)),
            }
        )
    if parts["offer_cats"][i, k] > 0 or parts["offer_text"][i, k] >= REASON_MIN:
        cats = categories(pop.offer_cats, pop.need_cats)
        terms = [] if cats else _terms(index, ("o", target), ("s", j))
        reasons.append(
            {
                "code": "seeks_what_you_offer",
                "categories": cats,
                "terms": terms,
                "excerpt": ""
                if cats or terms
                else _matched(text, pop.seeks[j], ("o", target), ("s", j)),
            }
        )
    sector = pop.sector_names.get(int(pop.sector[j]), "")
    if parts["new_sector"][i, k]:
        reasons.append({"code": "new_sector", "sector": sector})
    elif parts["other_sector"][i, k]:
        reasons.append({"code": "other_sector", "sector": sector})
    if parts["shared"][i, k] > 0:
        reasons.append({"code": "shared_fields"})
    distance = parts["distance"][i, k]
    if not math.isnan(float(distance)) and distance <= NEAR_KM:
        reasons.append({"code": "nearby", "km": round(float(distance)), "place": pop.places[j]})
    return reasons


def _what(reason: dict[str, Any]) -> str:
    names = reason.get("categories") or reason.get("terms") or []
    if names:
        return ", ".join(str(n) for n in names)
    return "„{}“".format(reason.get("excerpt", ""))


def reason_sentence(reasons: Sequence[dict[str, Any]]) -> str:
    """One translated sentence from stored reason codes (unknown codes are skipped)."""
    phrases: list[str] = []
    for reason in reasons:
        code = reason.get("code")
        if code == "offers_what_you_seek":
            phrases.append(_("bietet %(what)s, was Sie suchen") % {"what": _what(reason)})
        elif code == "seeks_what_you_offer":
            phrases.append(_("sucht %(what)s, was Sie bieten") % {"what": _what(reason)})
        elif code == "new_sector":
            phrases.append(_("aus einem Bereich, mit dem Sie noch nicht verbunden sind"))
        elif code == "other_sector":
            phrases.append(_("aus einem anderen Bereich als Ihrem"))
        elif code == "missing_sector":
            phrases.append(_("aus einem Bereich, der Ihren Partnern noch fehlt"))
        elif code == "shared_fields":
            phrases.append(_("arbeitet an gleichen Handlungsfeldern und Ansätzen"))
        elif code == "nearby":
            if reason.get("km", 0) <= 1:
                phrases.append(_("am selben Ort"))
            else:
                phrases.append(_("in der Nähe (%(km)s km)") % {"km": reason.get("km")})
    if not phrases:
        return _("Könnte zu Ihnen passen.")
    sentence = "; ".join(phrases)
    return sentence[0].upper() + sentence[1:] + "."


# --- recomputation ------------------------------------------------------------------------------


def actor_suggestions(
    pop: Population,
    text: Any,
    scorer: Scorer,
    dismissed: dict[int, set[int]],
    *,
    top: int = TOP,
) -> list[Suggestion]:
    out: list[Suggestion] = []
    n = len(pop)
    for start in range(0, n, BLOCK):
        rows = np.arange(start, min(start + BLOCK, n))
        parts = scorer.block(rows)
        scores = combine(parts)
        columns = parts["columns"]
        for i, target in enumerate(rows.tolist()):
            row_scores = scores[i]
            row_scores[np.isin(columns[i], [target, *dismissed.get(target, ())])] = 0
            for rank, k in enumerate(_top(row_scores, top), start=1):
                j = int(columns[i, k])
                out.append(
                    Suggestion(
                        target_kind=Suggestion.Target.ACTOR,
                        target_id=pop.ids[target],
                        suggested_id=pop.ids[j],
                        rank=rank,
                        score=round(float(row_scores[k]), 4),
                        reasons=reasons_for(pop, text, parts, i, target, j, k),
                    )
                )
    return out


@dataclass
class Group:
    """Any group of actors that wants partners: a project, an alliance …"""

    kind: str  # Suggestion.Target value
    id: int
    member_ids: Sequence[int]
    text: str  # what the group is about / seeks
    latitude: float | None = None
    longitude: float | None = None


def suggest_for_group(
    pop: Population, text: Any, groups: Sequence[Group], *, top: int = TOP
) -> list[Suggestion]:
    """Suggestions for groups: actors whose offers match the group's text, from sectors the
    members lack, near the group's place; never a member. `text` must be the population's
    `TextViews` built with the group texts appended as extra needs (see `_group_views`)."""
    out: list[Suggestion] = []
    n = len(pop)
    sphere = _on_sphere(pop.lat, pop.lon)
    for g_index, group in enumerate(groups):
        members = [pop.row[m] for m in group.member_ids if m in pop.row]
        row = np.array([n + g_index])
        need_text, _unused = text.block(row)
        need_text = need_text[:, :n] / max(float(need_text[:, :n].max(initial=0)), TEXT_FLOOR)
        have = set(pop.sector[members].tolist()) if members else set()
        missing = np.array([s >= 0 and s not in have for s in pop.sector.tolist()], np.float32)
        if group.latitude is not None and group.longitude is not None:
            here = _on_sphere(
                np.radians([float(group.latitude)]), np.radians([float(group.longitude)])
            )
            distance = _great_circle_km(here, sphere)[0]
        else:
            distance = np.full(n, np.nan)
        near = np.where(np.isnan(distance), 0, np.exp(-np.nan_to_num(distance) / NEAR_KM))
        scores = (W_NEED * need_text[0] + 2 * W_NEW_SECTOR * missing + W_NEAR * near).astype(
            np.float32
        )
        scores[members] = 0
        for rank, j in enumerate(_top(scores, top), start=1):
            reasons: list[dict[str, Any]] = []
            if need_text[0, j] >= REASON_MIN:
                terms = _terms(getattr(text, "index", None), ("s", n + g_index), ("o", j))
                reasons.append(
                    {
                        "code": "offers_what_you_seek",
                        "categories": [],
                        "terms": terms,
                        "excerpt": ""
                        if terms
                        else _matched(text, pop.offers[j], ("s", n + g_index), ("o", j)),
                    }
                )
            if missing[j]:
                reasons.append({"code": "missing_sector"})
            if not math.isnan(float(distance[j])) and distance[j] <= NEAR_KM:
                reasons.append(
                    {"code": "nearby", "km": round(float(distance[j])), "place": pop.places[j]}
                )
            out.append(
                Suggestion(
                    target_kind=group.kind,
                    target_id=group.id,
                    suggested_id=pop.ids[j],
                    rank=rank,
                    score=round(float(scores[j]), 4),
                    reasons=reasons,
                )
            )
    return out


def _group_views(pop: Population, groups: Sequence[Group], method: str) -> Any:
    """Text views whose needs are the actors' needs followed by the groups' texts."""
    needs = list(pop.seeks) + [g.text for g in groups]
    offers = list(pop.offers) + [""] * len(groups)
    return TEXT_METHODS[method](needs, offers)


def project_groups() -> list[Group]:
    """Public projects with their partners' actor ids, text and place."""
    from quartiersnetz.projects.models import Project, ProjectPartner

    groups = []
    projects = Project.objects.public().select_related("municipality")
    partners: dict[int, list[int]] = {}

    for project_id, actor_id in ProjectPartner.objects.values_list("project_id", "actor_id"):
        partners.setdefault(project_id, []).append(actor_id)
    for project in projects:
        municipality = getattr(project, "municipality", None)
        text = " ".join(
            str(getattr(project, name, "") or "")
            for name in ("title", "summary", "challenge", "description")
        )
        groups.append(
            Group(
                kind=Suggestion.Target.PROJECT,
                id=project.pk,
                member_ids=partners.get(project.pk, []),
                text=text[:5_000],
                latitude=getattr(municipality, "latitude", None),
                longitude=getattr(municipality, "longitude", None),
            )
        )
    return groups


def alliance_groups() -> list[Group]:
    """Public alliances with their consented public members, text and place."""
    from quartiersnetz.alliances.selectors import matching_targets
    from quartiersnetz.places.models import Municipality

    targets = matching_targets()
    places = {
        pk: (lat, lon)
        for pk, lat, lon in Municipality.objects.filter(
            pk__in={t.municipality_id for t in targets}
        ).values_list("pk", "latitude", "longitude")
    }
    return [
        Group(
            kind=Suggestion.Target.ALLIANCE,
            id=target.id,
            member_ids=sorted(target.member_actor_ids),
            text=target.text[:5_000],
            latitude=places.get(target.municipality_id, (None, None))[0],
            longitude=places.get(target.municipality_id, (None, None))[1],
        )
        for target in targets
    ]


def compute_actor_suggestions(
    method: str = DEFAULT_TEXT_METHOD,
) -> tuple[Population, list[Suggestion]]:
    pop = load_population()
    text = TEXT_METHODS[method](pop.seeks, pop.offers)
    scorer = Scorer(pop, text, load_connections(pop))
    return pop, actor_suggestions(pop, text, scorer, load_dismissals(pop))


def recompute_suggestions(*, method: str = DEFAULT_TEXT_METHOD) -> int:
    """Replace the suggestions of every public actor, project and alliance; return their
    number."""
    pop, rows = compute_actor_suggestions(method)
    if len(pop):
        groups = project_groups() + alliance_groups()
        if groups:
            rows.extend(suggest_for_group(pop, _group_views(pop, groups, method), groups))
    with transaction.atomic():
        Suggestion.objects.all().delete()
        Suggestion.objects.bulk_create(rows, batch_size=2_000)
    return len(rows)
