"""Text and context similarity: "Ähnliche Praxisbeispiele" and "Passt zu meinem Ort".

The text model
--------------
The text similarity comes from the shared engine `quartiersnetz.core.textmatch` (German
lemmatised word + `char_wb` 3–5-gram TF-IDF, weighted cosine 0 … 1; see its `index` module for
the model and its memory bounds). This module decides what it is fed and how it is combined:
every *published* practice becomes one document — the title (three times, so it weighs more),
the summary (twice), the description, the five guiding-question texts, the practice type and
the names of its approaches. For a challenge text a practice that shares no lemma with it
needs a character cosine `≥ CHAR_ONLY_MIN`.

The context of every row (kind, spatial field, size class, urbanisation, Bundesland, transfer
score, approaches) is kept in numpy arrays next to the text index, so ranking all practices
needs no query; only the winners are loaded. `bench/similarity.py` measures fit time and
memory.

Caching
-------
The fitted model lives in a per-process `textmatch.VersionedCache`, keyed by the data version
of the published practices: `MAX(updated)` and `COUNT(*)` in one aggregate query. Publishing,
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
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connections
from django.db.models import Count, Max, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from scipy import sparse

from quartiersnetz.core.textmatch import (
    Query,
    TextIndex,
    TextSettings,
    VersionedCache,
    surface_forms,
    top_k,
)
from quartiersnetz.places.models import Municipality, SizeClass, State, Urbanisation
from quartiersnetz.taxonomy.models import Approach, SpatialField

from .models import HIGH_SCORE, Practice
from .selectors import published_practices

# --- text model parameters -------------------------------------------------------------------
TITLE_REPEAT = 3
SUMMARY_REPEAT = 2
TEXT_SETTINGS = TextSettings()  # the engine's defaults (word 0.6, characters 0.4, …)
CHUNK = 2_000  # rows read per database round trip
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


# --- the fitted model ----------------------------------------------------------------------------


@dataclass
class TextModel:
    """Text index and context arrays of the published practices at one data version."""

    version: str
    built_at: float
    ids: npt.NDArray[np.int64]  # practice ids, ascending; row i is practice ids[i]
    text: TextIndex  # the same rows, keyed by practice id
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

    def row_of(self, practice_id: int) -> int | None:
        index = int(np.searchsorted(self.ids, practice_id))
        if index < len(self.ids) and self.ids[index] == practice_id:
            return index
        return None

    def vectorise(self, text: str) -> Query:
        return self.text.vectorise(text)

    def row_query(self, row: int) -> Query:
        return self.text.row_query(row)

    def text_scores(self, query: Query, *, char_only_min: float = 0.0) -> npt.NDArray[np.float32]:
        return self.text.text_scores(query, char_only_min=char_only_min)

    def shared_terms(self, query: Query, row: int, limit: int) -> list[str]:
        return self.text.shared_terms(query, row, limit)

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

    def nbytes(self) -> int:
        """Approximate memory of the arrays (vocabularies not included)."""
        total = self.text.nbytes() + sum(
            a.nbytes
            for a in (
                self.ids,
                self.kind,
                self.spatial_field,
                self.size,
                self.urbanisation,
                self.state,
                self.transfer,
            )
        )
        m = self.approaches
        return total + m.data.nbytes + m.indices.nbytes + m.indptr.nbytes


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


def build_model(version: str, rows: list[_Row]) -> TextModel:
    text = TextIndex.fit([(row.id, row.text) for row in rows], settings=TEXT_SETTINGS)
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
        text=text,
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

_cache: VersionedCache[TextModel] = VersionedCache(
    label="the practice similarity model",
    thread_name="practice-similarity-rebuild",
    cleanup=lambda: connections.close_all(),  # a background build's own connections
)
_lock = _cache.lock  # held while a model is built
stats = {"builds": 0}  # read by tests and the benchmark


def data_version() -> str:
    """MAX(updated) and COUNT(*) of the published practices, in one aggregate query."""
    result = published_practices().order_by().aggregate(latest=Max("updated"), total=Count("id"))
    latest = result["latest"].isoformat() if result["latest"] else "-"
    return f"{latest}|{result['total']}"


def clear_cache() -> None:
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
    return _cache.get(
        version,
        build=lambda version: _build(version),
        empty=_empty_model,
        expected_size=_published_count(version),
        max_age=MODEL_MAX_AGE,
        background_first_from=BACKGROUND_FIRST_BUILD_ROWS,
        background_rebuild_from=BACKGROUND_REBUILD_ROWS,
    )


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
    return model


# --- "Ähnliche Praxisbeispiele" ------------------------------------------------------------------


def _with_relations(ids: list[int]) -> dict[int, Practice]:
    found = (
        published_practices()
        .filter(id__in=ids)
        .select_related("kind", "type", "spatial_field", "municipality")
        .prefetch_related("approaches")
    )
    return {practice.pk: practice for practice in found}


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
        pk for pk in (int(model.ids[i]) for i in top_k(scores, limit + 10)) if pk != practice.pk
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
    rows = top_k(scores, limit + 10)
    loaded = _with_relations([int(model.ids[i]) for i in rows])
    forms = surface_forms(text) if text else {}

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
