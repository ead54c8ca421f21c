"""Reads of the practice list (`/praxis/`): the parsed filter state, the filtered and sorted
queryset, the facets with counts, the list page and the typology matrix, each cached under the
practices' data version (`selectors.practice_data_version`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar, cast
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Page
from django.db import connection
from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import Actor
from quartiersnetz.core import params
from quartiersnetz.core.facets import (
    CountedPaginator,
    Facet,
    as_text,
    by_pk,
    choice_facet,
    facet_branch,
    grouped_counts,
    term_facet,
    union_counts,
)
from quartiersnetz.core.textquery import (
    cached_suggestion,
    keyed_with_meaning,
    ranked_by_text,
    text_search_q,
)
from quartiersnetz.places.models import SizeClass, State
from quartiersnetz.taxonomy.models import (
    ActionField,
    Approach,
    PracticeKind,
    PracticeType,
    Sector,
    SpatialField,
)

from .models import (
    HIGH_SCORE,
    Practice,
    PracticeActor,
)
from .selectors import practice_data_version, published_practices

T = TypeVar("T")


PAGE_SIZE = 20
FACET_CACHE_SECONDS = 300

SORTS: dict[str, Any] = {
    "title": _("Titel"),
    "newest": _("Neueste zuerst"),
    "transfer": _("Transferpotenzial"),
    "innovation": _("Innovationspotenzial"),
}
DEFAULT_SORT = "title"

RATINGS: dict[str, Any] = {
    "transfer": _("hohes Transferpotenzial"),
    "innovation": _("hohes Innovationspotenzial"),
}


@dataclass(frozen=True)
class PracticeFilters:
    """The parsed, validated filter state of the practice list (unknown values are ignored).

    The parameter names follow the directory (`/mitwirkende/`) where they mean the same:
    `state` is the Bundesland (not the workflow state), `spatial_field`, `action_field`,
    `approach`, `sector` and `q` as there.
    """

    q: str = ""
    kind: str = ""
    type: str = ""
    spatial_field: str = ""
    action_field: str = ""
    approach: str = ""
    sector: str = ""
    state: str = ""
    size_class: str = ""
    status: str = ""
    rating: str = ""
    sort: str = ""

    NAMES: ClassVar[tuple[str, ...]] = (
        "kind",
        "type",
        "spatial_field",
        "action_field",
        "approach",
        "sector",
        "state",
        "size_class",
        "status",
        "rating",
    )

    @classmethod
    def from_query(cls, query: QueryDict) -> PracticeFilters:
        sort = params.choice_value(query, "sort", SORTS)
        return cls(
            q=params.text_value(query, "q"),
            kind=params.slug_value(query, "kind"),
            type=params.slug_value(query, "type"),
            spatial_field=params.slug_value(query, "spatial_field"),
            action_field=params.slug_value(query, "action_field"),
            approach=params.slug_value(query, "approach"),
            sector=params.slug_value(query, "sector"),
            state=params.choice_value(query, "state", State.values),
            size_class=params.choice_value(query, "size_class", SizeClass.values),
            status=params.choice_value(query, "status", Practice.Status.values),
            rating=params.choice_value(query, "rating", RATINGS),
            sort=sort if sort != DEFAULT_SORT else "",
        )

    def filter_dict(self) -> dict[str, str]:
        """The active filters without the sort order (what counts depend on)."""
        return {name: getattr(self, name) for name in ("q", *self.NAMES) if getattr(self, name)}

    def as_dict(self) -> dict[str, str]:
        """The whole state for query strings: filters and a non-default sort order."""
        state = self.filter_dict()
        if self.sort:
            state["sort"] = self.sort
        return state

    @property
    def active(self) -> bool:
        """Whether any filter (not just a sort order) is set."""
        return bool(self.filter_dict())

    @property
    def sort_key(self) -> str:
        return self.sort or DEFAULT_SORT


def _sector_condition(slug: str) -> Q:
    """The organisation that submitted it, or a visible involved actor, is in the sector."""
    involved = PracticeActor.objects.filter(
        Actor.PUBLIC.q("actor"), actor__sector__slug=slug
    ).values("practice_id")
    return Q(organisation__sector__slug=slug) | Q(pk__in=involved)


_LOOKUPS = {
    "kind": "kind__slug",
    "type": "type__slug",
    "spatial_field": "spatial_field__slug",
    "action_field": "action_fields__slug",
    "approach": "approaches__slug",
    "state": "municipality__state",
    "size_class": "municipality__size_class",
    "status": "status",
}


def _apply_filters(
    qs: QuerySet[Practice], filters: PracticeFilters, *, skip: str = ""
) -> QuerySet[Practice]:
    if filters.q:
        qs = qs.filter(text_search_q("search_text", filters.q, kind="practice"))
    for name, lookup in _LOOKUPS.items():
        value = getattr(filters, name)
        if value and name != skip:
            # One value of a many-to-many field matches at most one row per practice:
            # no duplicates, no DISTINCT needed.
            qs = qs.filter(**{lookup: value})
    if filters.sector and skip != "sector":
        qs = qs.filter(_sector_condition(filters.sector))
    if filters.rating and skip != "rating":
        qs = qs.filter(**{f"{filters.rating}_score__gte": HIGH_SCORE})
    return qs


def _ordered(qs: QuerySet[Practice], filters: PracticeFilters) -> QuerySet[Practice]:
    """In the chosen order, after the practices with the most words of a text query."""
    sort = filters.sort_key
    order: tuple[Any, ...] = ("title", "id")
    if sort == "newest":
        order = (F("published_at").desc(nulls_last=True), "-id")
    elif sort in ("transfer", "innovation"):
        order = (F(f"{sort}_score").desc(nulls_last=True), "title", "id")
    return ranked_by_text(qs, "search_text", filters.q, order, kind="practice")


def practice_list_queryset(filters: PracticeFilters) -> QuerySet[Practice]:
    """Published practices matching `filters`, sorted, with what a list row or map point needs.

    Used by the list, the map and the GeoJSON export; keep the signature stable.
    """
    qs = _apply_filters(published_practices(), filters).select_related(
        "kind", "type", "spatial_field", "municipality"
    )
    return _ordered(qs, filters)


def matching_practices(filters: PracticeFilters) -> QuerySet[Practice]:
    """Published practices matching `filters`, unordered and without related rows: the open-data
    API orders and pages them itself (by id) and loads what its records show."""
    return _apply_filters(published_practices(), filters)


def _state_key(filters: PracticeFilters | None, version: str) -> str:
    state = json.dumps(filters.filter_dict() if filters else {}, sort_keys=True)
    return f"{version}:{hashlib.sha256(state.encode()).hexdigest()[:32]}"


def _cached(kind: str, key: str, compute: Callable[[], T]) -> T:
    full_key = f"practices:{kind}:{get_language()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, FACET_CACHE_SECONDS)
    return cast(T, value)


def practice_list_total(filters: PracticeFilters, *, version: str | None = None) -> int:
    version = version or keyed_with_meaning(practice_data_version(), filters.q)
    return _cached(
        "count",
        _state_key(filters, version),
        _apply_filters(published_practices(), filters).count,
    )


def practice_facets(filters: PracticeFilters, *, version: str | None = None) -> list[Facet]:
    """Facets with counts, cached per filter state, language and data version."""
    version = version or keyed_with_meaning(practice_data_version(), filters.q)
    return _cached("facets", _state_key(filters, version), lambda: _count_facets(filters))


def _sector_counts(base: QuerySet[Practice]) -> dict[Any, int]:
    """Per sector: matching practices whose organisation or a visible involved actor is in it.

    One pass: the UNION of (practice, sector) pairs from the submitting organisations and the
    visible involved actors removes duplicates, so counting pairs per sector counts each
    practice once. (A correlated subquery per sector took seconds at 50 000 practices.)
    """
    quote = connection.ops.quote_name
    practice, involved, actor = (
        quote(model._meta.db_table) for model in (Practice, PracticeActor, Actor)
    )
    ids_sql, ids_params = base.order_by().values("id").query.sql_with_params()
    # Our table names and Django-compiled SQL only; values travel as parameters.
    sql = (
        f"SELECT u.sector_id, COUNT(*) FROM ("  # noqa: S608
        f"SELECT p.id AS practice_id, a.sector_id AS sector_id FROM {practice} p "
        f"JOIN {actor} a ON a.id = p.organisation_id WHERE p.id IN ({ids_sql}) "
        f"UNION "
        f"SELECT pa.practice_id, a.sector_id FROM {involved} pa "
        f"JOIN {actor} a ON a.id = pa.actor_id "
        f"WHERE a.is_hidden = %s AND pa.practice_id IN ({ids_sql})"
        f") u GROUP BY u.sector_id"
    )
    with connection.cursor() as cursor:
        # nosemgrep: qn-sql-formatted -- quoted table names + Django-compiled SQL; params
        cursor.execute(sql, [*ids_params, False, *ids_params])
        return dict(cursor.fetchall())


def _flag_branch(qs: QuerySet[Practice], facet: str, key: str, condition: Q) -> QuerySet[Any]:
    """`(facet, key, n)`: how many practices in `qs` meet `condition` (one row, maybe n = 0)."""
    return facet_branch(qs.filter(condition), facet, Value(key, output_field=CharField()))


def _facet_counts(filters: PracticeFilters) -> dict[str, dict[str, int]]:
    """Counts of every facet but the sector in one UNION ALL round trip.

    Facets are disjunctive: each counts under all *other* active filters, so each branch has
    its own WHERE. Keys come back as text (PostgreSQL needs one column type across branches).
    """
    base = published_practices()

    def scoped(name: str) -> QuerySet[Practice]:
        return _apply_filters(base, filters, skip=name)

    def m2m(through: Any, name: str, column: str) -> QuerySet[Any]:
        ids = scoped(name).order_by().values("id")
        return facet_branch(
            through.objects.filter(practice_id__in=ids), name, as_text(column), "practice_id"
        )

    located = Q(municipality__isnull=False)
    branches = [
        facet_branch(scoped("kind"), "kind", as_text("kind_id")),
        facet_branch(scoped("type"), "type", as_text("type_id")),
        facet_branch(scoped("spatial_field"), "spatial_field", as_text("spatial_field_id")),
        m2m(Practice.action_fields.through, "action_field", "actionfield_id"),
        m2m(Practice.approaches.through, "approach", "approach_id"),
        facet_branch(scoped("state").filter(located), "state", as_text("municipality__state")),
        facet_branch(
            scoped("size_class").filter(located), "size_class", as_text("municipality__size_class")
        ),
        facet_branch(scoped("status"), "status", as_text("status")),
        _flag_branch(scoped("rating"), "rating", "transfer", Q(transfer_score__gte=HIGH_SCORE)),
        _flag_branch(scoped("rating"), "rating", "innovation", Q(innovation_score__gte=HIGH_SCORE)),
    ]
    return union_counts(branches)


def _count_facets(filters: PracticeFilters) -> list[Facet]:
    """Each facet counts under all *other* active filters (see `_facet_counts`)."""
    counts = _facet_counts(filters)
    sectors = _sector_counts(_apply_filters(published_practices(), filters, skip="sector"))
    facets = [
        term_facet(
            "kind",
            _("Typologie-Kategorie"),
            PracticeKind.objects.all(),
            by_pk(counts.get("kind", {})),
            filters.kind,
        ),
        term_facet(
            "type",
            _("Praxistyp"),
            PracticeType.objects.order_by("kind__position", "kind__name", "position", "name"),
            by_pk(counts.get("type", {})),
            filters.type,
        ),
        term_facet(
            "spatial_field",
            _("Räumliches Handlungsfeld"),
            SpatialField.objects.all(),
            by_pk(counts.get("spatial_field", {})),
            filters.spatial_field,
        ),
        term_facet(
            "action_field",
            _("Handlungsfeld"),
            ActionField.objects.all(),
            by_pk(counts.get("action_field", {})),
            filters.action_field,
        ),
        term_facet(
            "approach",
            _("Handlungsansatz"),
            Approach.objects.all(),
            by_pk(counts.get("approach", {})),
            filters.approach,
        ),
        term_facet(
            "sector", _("Bereich der Beteiligten"), Sector.objects.all(), sectors, filters.sector
        ),
        choice_facet(
            "state",
            _("Bundesland"),
            sorted(State.choices, key=lambda c: str(c[1])),
            counts.get("state", {}),
            filters.state,
        ),
        choice_facet(
            "size_class",
            _("Gemeindegröße"),
            list(SizeClass.choices),
            counts.get("size_class", {}),
            filters.size_class,
        ),
        choice_facet(
            "status",
            _("Stand"),
            list(Practice.Status.choices),
            counts.get("status", {}),
            filters.status,
        ),
        choice_facet(
            "rating",
            _("Bewertung"),
            list(RATINGS.items()),
            counts.get("rating", {}),
            filters.rating,
        ),
    ]
    return facets


@dataclass
class PracticeListPage:
    page: Page
    facets: Callable[[], list[Facet]]
    # Key for template fragments of this filter state and data version.
    cache_key: str
    # "Meinten Sie …?": the text query with misspelt words corrected ("" = none); a callable,
    # read (and its vocabulary built) only when the results are rendered.
    suggestion: Callable[[], str] = lambda: ""


def practice_list_page(filters: PracticeFilters, number: Any) -> PracticeListPage:
    """One page of the list and its facets; one version lookup serves every cache."""
    version = keyed_with_meaning(practice_data_version(), filters.q)
    total = practice_list_total(filters, version=version)
    page = CountedPaginator(practice_list_queryset(filters), PAGE_SIZE, count=total).get_page(
        number
    )
    state = json.dumps(filters.as_dict(), sort_keys=True)
    return PracticeListPage(
        page=page,
        facets=lambda: practice_facets(filters, version=version),
        cache_key=f"{version}:{hashlib.sha256(state.encode()).hexdigest()[:32]}",
        suggestion=lambda: practice_suggestion(filters.q, version=version),
    )


MAP_PAGE_SIZE = 100


def _place_ordered(qs: QuerySet[Practice]) -> QuerySet[Practice]:
    return qs.order_by(
        F("municipality__state").asc(nulls_last=True),
        F("municipality__name").asc(nulls_last=True),
        "municipality_id",
        "title",
        "id",
    )


def practice_map_queryset(filters: PracticeFilters) -> QuerySet[Practice]:
    """The map's list: published practices matching `filters` by Bundesland, municipality and
    title, with only what a row of the list shows (kind, type, municipality)."""
    qs = practice_list_queryset(filters).only(
        "id",
        "title",
        "slug",
        "latitude",
        "longitude",
        "kind__name",
        "kind__name_en",
        "type__name",
        "type__name_en",
        "municipality__name",
        "municipality__state",
        "municipality__latitude",
        "municipality__longitude",
    )
    return _place_ordered(qs.select_related(None).select_related("kind", "type", "municipality"))


def practice_map_page(filters: PracticeFilters, number: Any) -> PracticeListPage:
    """One page of the map's list (`MAP_PAGE_SIZE` rows in place order) and the facets, like
    `practice_list_page`: the data version is the only query until a fragment is rendered; the
    rows are read only when `page.object_list` is used (the cached fragment is missing)."""
    version = keyed_with_meaning(practice_data_version(), filters.q)
    total = practice_list_total(filters, version=version)
    page = CountedPaginator(practice_map_queryset(filters), MAP_PAGE_SIZE, count=total).get_page(
        number
    )
    state = json.dumps(filters.as_dict(), sort_keys=True)
    return PracticeListPage(
        page=page,
        facets=lambda: practice_facets(filters, version=version),
        cache_key=f"{version}:{hashlib.sha256(state.encode()).hexdigest()[:32]}",
    )


def _vocabulary_texts() -> Iterable[str]:
    for title, terms in published_practices().values_list("title", "terms"):
        yield title
        yield terms


def practice_suggestion(q: str, *, version: str | None = None) -> str:
    """`q` with the words no practice has replaced by the closest words of their titles and
    terms ("" if nothing to correct); the vocabulary is cached under the data version."""
    if not q:
        return ""
    version = version or practice_data_version()
    return cached_suggestion(q, name="practices", version=version, texts=_vocabulary_texts)


@dataclass
class TypologyCell:
    count: int
    query: str


@dataclass
class TypologyRow:
    term: Any
    cells: list[TypologyCell]
    total: TypologyCell


@dataclass
class TypologyMatrix:
    """Practice kinds (rows) × a second vocabulary (columns), counting published practices."""

    columns: list[Any]
    rows: list[TypologyRow]
    column_totals: list[TypologyCell]
    total: TypologyCell


@dataclass
class Typology:
    by_action_field: TypologyMatrix
    by_spatial_field: TypologyMatrix


def _matrix(
    kinds: list[PracticeKind],
    kind_totals: dict[Any, int],
    columns: list[Any],
    column_param: str,
    pairs: dict[tuple[Any, Any], int],
    column_totals: dict[Any, int],
) -> TypologyMatrix:
    def cell(count: int, **params: str) -> TypologyCell:
        return TypologyCell(count, urlencode(params))

    rows = [
        TypologyRow(
            term=kind,
            cells=[
                cell(pairs.get((kind.pk, c.pk), 0), kind=kind.slug, **{column_param: c.slug})
                for c in columns
            ],
            total=cell(kind_totals.get(kind.pk, 0), kind=kind.slug),
        )
        for kind in kinds
    ]
    return TypologyMatrix(
        columns=columns,
        rows=rows,
        column_totals=[cell(column_totals.get(c.pk, 0), **{column_param: c.slug}) for c in columns],
        total=cell(sum(kind_totals.values())),
    )


def _compute_typology() -> Typology:
    base = published_practices().order_by()
    kinds = list(PracticeKind.objects.all())
    action_fields = list(ActionField.objects.all())
    spatial_fields = list(SpatialField.objects.all())
    kind_totals = grouped_counts(base, "kind_id")
    through = Practice.action_fields.through
    af_rows = (
        through.objects.filter(practice__state=Practice.State.PUBLISHED)
        .order_by()
        .values_list("practice__kind_id", "actionfield_id")
        .annotate(n=Count("practice_id"))
    )
    af_pairs = {(k, a): n for k, a, n in af_rows}
    af_totals: dict[Any, int] = {}
    for (_k, a), n in af_pairs.items():
        af_totals[a] = af_totals.get(a, 0) + n
    sf_rows = base.values_list("kind_id", "spatial_field_id").annotate(n=Count("id"))
    sf_pairs = {(k, s): n for k, s, n in sf_rows}
    sf_totals: dict[Any, int] = {}
    for (_k, s), n in sf_pairs.items():
        sf_totals[s] = sf_totals.get(s, 0) + n
    return Typology(
        by_action_field=_matrix(
            kinds, kind_totals, action_fields, "action_field", af_pairs, af_totals
        ),
        by_spatial_field=_matrix(
            kinds, kind_totals, spatial_fields, "spatial_field", sf_pairs, sf_totals
        ),
    )


def practice_typology() -> Typology:
    """The typology matrices (kind × action field, kind × spatial field), cached by version."""
    return _cached("typology", practice_data_version(), _compute_typology)
