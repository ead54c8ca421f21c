"""Reads for publications: the filtered list with counts, detail pages and feeds."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import Actor
from quartiersnetz.core import params
from quartiersnetz.core.facets import Facet, FacetValue, grouped_counts, term_facet
from quartiersnetz.core.picker import MAX_RESULTS, Picker, PickerItem, picker_query, without_linked
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.selectors import published_practices
from quartiersnetz.taxonomy.models import ActionField, Approach

from .models import Attachment, Publication, Recommendation

PAGE_SIZE = 20
FEED_SIZE = 50


@dataclass
class PublicationFilters:
    """The parsed filter state of the list (unknown values are ignored)."""

    kind: str = ""
    action_field: str = ""

    NAMES = ("kind", "action_field")

    @classmethod
    def from_query(cls, query: QueryDict) -> PublicationFilters:
        return cls(
            kind=params.choice_value(query, "kind", Publication.Kind.values),
            action_field=params.slug_value(query, "action_field"),
        )

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.NAMES if getattr(self, name)}

    @property
    def active(self) -> bool:
        return bool(self.as_dict())


def _authors() -> Prefetch[Any]:
    return Prefetch(
        "author_organisations",
        queryset=Actor.objects.only("id", "name", "slug", "is_hidden").order_by("name", "id"),
    )


def _apply_filters(
    qs: QuerySet[Publication], filters: PublicationFilters, *, skip: str = ""
) -> QuerySet[Publication]:
    if filters.kind and skip != "kind":
        qs = qs.filter(kind=filters.kind)
    if filters.action_field and skip != "action_field":
        qs = qs.filter(action_field__slug=filters.action_field)
    return qs


def published_publications() -> QuerySet[Publication]:
    return Publication.objects.published()


def matching_publications(filters: PublicationFilters) -> QuerySet[Publication]:
    """Published publications matching `filters`, unordered and without related rows: the
    open-data API orders and pages them itself (by id) and loads what its records show."""
    return _apply_filters(published_publications(), filters)


def list_queryset(filters: PublicationFilters) -> QuerySet[Publication]:
    """The filtered list with everything its rows display (authors prefetched)."""
    return (
        _apply_filters(published_publications(), filters)
        .select_related("action_field")
        .prefetch_related(_authors())
        .defer("body", "search_text")
        .order_by("-published_on", "title", "id")
    )


def _facets(filters: PublicationFilters) -> list[Facet]:
    """Each facet counts under the other active filter."""
    base = published_publications()
    kind_counts = dict(
        _apply_filters(base, filters, skip="kind").values_list("kind").annotate(n=Count("id"))
    )
    field_counts = dict(
        _apply_filters(base, filters, skip="action_field")
        .filter(action_field__isnull=False)
        .values_list("action_field_id")
        .annotate(n=Count("id"))
    )
    return [
        Facet(
            "kind",
            _("Art"),
            [
                FacetValue(value, str(label), kind_counts.get(value, 0), filters.kind == value)
                for value, label in Publication.Kind.choices
            ],
        ),
        Facet(
            "action_field",
            _("Handlungsfeld"),
            [
                FacetValue(
                    f.slug, f.label, field_counts.get(f.pk, 0), filters.action_field == f.slug
                )
                for f in ActionField.objects.all()
            ],
        ),
    ]


@dataclass
class ListPage:
    page: Page
    facets: list[Facet]


def list_page(filters: PublicationFilters, number: Any) -> ListPage:
    page = Paginator(list_queryset(filters), PAGE_SIZE).get_page(number)
    return ListPage(page=page, facets=_facets(filters))


def _published_linked_practices() -> Prefetch[Any]:
    """Only *published* practices, never drafts, in `recommendation.published_practices`."""
    return Prefetch(
        "practices",
        queryset=published_practices()
        .select_related("municipality", "type")
        .only(
            "id",
            "title",
            "slug",
            "state",
            "municipality__id",
            "municipality__name",
            "type__id",
            "type__name",
            "type__name_en",
        )
        .order_by("title", "id"),
        to_attr="published_practices",
    )


def publication_detail(*, slug: str) -> Publication | None:
    """A publication with its action field, authors, attachments and recommendations (each with
    its published practices); unpublished included — the caller checks the permission."""
    return (
        Publication.objects.select_related("action_field")
        .prefetch_related(
            _authors(),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("action_field", "approach")
                .order_by("number")
                .prefetch_related(_published_linked_practices()),
            ),
            Prefetch("attachments", queryset=Attachment.objects.order_by("position", "id")),
        )
        .filter(slug=slug)
        .first()
    )


def recommendation_for_edit(*, slug: str, number: int) -> Recommendation | None:
    return (
        Recommendation.objects.select_related("publication")
        .filter(publication__slug=slug, number=number)
        .first()
    )


def linked_practices(recommendation: Recommendation) -> QuerySet[Practice]:
    """All linked practices, drafts included (for curators)."""
    return recommendation.practices.only("id", "title", "slug", "state").order_by("title", "id")


def practice_recommendations(practice: Practice) -> list[Recommendation]:
    """Published Handlungsempfehlungen citing the practice, for the section on its page."""
    return list(
        Recommendation.objects.filter(Publication.PUBLIC.q("publication"), practices=practice)
        .select_related("publication")
        .order_by("publication__published_on", "publication_id", "number")
    )


def attachment_for_download(*, slug: str, pk: int) -> Attachment | None:
    return (
        Attachment.objects.select_related("publication")
        .filter(pk=pk, publication__slug=slug)
        .first()
    )


@dataclass
class RecommendationFilters:
    """The filter state of the recommendations overview (unknown values are ignored)."""

    action_field: str = ""
    approach: str = ""

    NAMES = ("action_field", "approach")

    @classmethod
    def from_query(cls, query: QueryDict) -> RecommendationFilters:
        return cls(
            action_field=params.slug_value(query, "action_field"),
            approach=params.slug_value(query, "approach"),
        )

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.NAMES if getattr(self, name)}

    @property
    def active(self) -> bool:
        return bool(self.as_dict())


def matching_recommendations(filters: RecommendationFilters) -> QuerySet[Recommendation]:
    """The recommendations of published publications that match `filters` as the overview
    (`recommendations_page`) reads them — the action field is the recommendation's own, else
    its publication's; the approach its own —, unordered and without related rows: the
    open-data API orders and pages them itself (by id) and loads what its records show."""
    qs = Recommendation.objects.filter(Publication.PUBLIC.q("publication"))
    if filters.action_field:
        qs = qs.filter(
            Q(action_field__slug=filters.action_field)
            | Q(action_field__isnull=True, publication__action_field__slug=filters.action_field)
        )
    if filters.approach:
        qs = qs.filter(approach__slug=filters.approach)
    return qs


RECOMMENDATIONS_PAGE_SIZE = 20


def _recommendation_publications() -> QuerySet[Publication]:
    """Published publications that have recommendations or are a recommendations paper."""
    has_recommendations = Exists(Recommendation.objects.filter(publication=OuterRef("pk")))
    return published_publications().filter(
        Q(kind=Publication.Kind.RECOMMENDATIONS) | Q(has_recommendations)
    )


def _approaches() -> list[Approach]:
    """The approaches for a facet, grouped by their action field in the taxonomy's order."""
    return list(
        Approach.objects.order_by(
            "action_field__position", "action_field__name", "position", "name"
        )
    )


def _recommendation_facets(
    filters: RecommendationFilters,
    fields: Iterable[ActionField],
    field_counts: dict[Any, int],
    approaches: Iterable[Approach],
    approach_counts: dict[Any, int],
) -> list[Facet]:
    """The two facets of a recommendations list, each with its "alle" link."""
    return [
        term_facet(
            "action_field",
            _("Handlungsfeld"),
            fields,
            field_counts,
            filters.action_field,
            all_label=_("alle Handlungsfelder"),
        ),
        term_facet(
            "approach",
            _("Handlungsansatz"),
            approaches,
            approach_counts,
            filters.approach,
            all_label=_("alle Handlungsansätze"),
        ),
    ]


@dataclass
class RecommendationsPage:
    page: Page
    facets: list[Facet]
    total_recommendations: int
    # The approach asked for in the query does not exist (the filter is left out).
    unknown_approach: str = ""


def recommendations_page(filters: RecommendationFilters, number: Any) -> RecommendationsPage:
    """Publications (20 per page), each with its recommendations and the number of *published*
    practices linked to each; a constant number of queries at any data size.

    Both filters select recommendations: by their action field (a recommendation without one
    has its publication's) and by their approach; a publication is listed if one of its
    recommendations matches, and shows only those. A recommendations paper without any
    recommendation yet is listed under its own action field while no approach is chosen. Each
    facet counts under the other filter: action fields count the publications listed,
    approaches count recommendations. An unknown approach is ignored (and named in
    `unknown_approach`), as is an unknown action field."""
    approaches = _approaches()
    approach = next((a for a in approaches if a.slug == filters.approach), None)
    unknown = filters.approach if approach is None else ""
    if unknown:
        filters.approach = ""
    fields = list(ActionField.objects.all())
    field = next((f for f in fields if f.slug == filters.action_field), None)
    base = _recommendation_publications()
    in_field = Recommendation.objects.annotate(
        field_ref=Coalesce("action_field", "publication__action_field")
    )

    def matching(*, by_field: bool = True, by_approach: bool = True) -> QuerySet[Recommendation]:
        qs = in_field
        if by_field and field is not None:
            qs = qs.filter(field_ref=field.pk)
        if by_approach and approach is not None:
            qs = qs.filter(approach=approach)
        return qs

    without_recommendations = ~Exists(Recommendation.objects.filter(publication=OuterRef("pk")))
    listed = base
    if field is not None or approach is not None:
        condition: Q | Exists = Exists(matching().filter(publication=OuterRef("pk")))
        if approach is None:
            condition |= without_recommendations & Q(action_field=field)
        listed = base.filter(condition)
    shown = (
        matching()
        .select_related("action_field", "approach")
        .annotate(
            practice_count=Count("practices", filter=Practice.PUBLIC.q("practices"), distinct=True)
        )
        .order_by("number")
    )
    qs = (
        listed.select_related("action_field")
        .prefetch_related(_authors(), Prefetch("recommendations", queryset=shown))
        .defer("body", "search_text")
        .order_by("-published_on", "title", "id")
    )
    page = Paginator(qs, RECOMMENDATIONS_PAGE_SIZE).get_page(number)
    published = base.values("pk")
    # Publications per action field of their recommendations (an annotation: untyped here).
    by_field: Any = matching(by_field=False).filter(publication__in=published)
    field_counts = dict(
        by_field.filter(field_ref__isnull=False)
        .order_by()
        .values_list("field_ref")
        .annotate(n=Count("publication", distinct=True))
        .values_list("field_ref", "n")
    )
    if approach is None:
        papers = base.filter(without_recommendations, action_field__isnull=False)
        for key, n in grouped_counts(papers, "action_field_id").items():
            field_counts[key] = field_counts.get(key, 0) + n
    approach_counts = grouped_counts(
        matching(by_approach=False).filter(publication__in=published, approach__isnull=False),
        "approach_id",
    )
    total = matching().filter(publication__in=published).count()
    facets = _recommendation_facets(filters, fields, field_counts, approaches, approach_counts)
    return RecommendationsPage(
        page=page, facets=facets, total_recommendations=total, unknown_approach=unknown
    )


def feed_items(*, action_field: ActionField | None = None) -> list[Publication]:
    qs = published_publications()
    if action_field is not None:
        qs = qs.filter(action_field=action_field)
    return list(
        qs.select_related("action_field")
        .prefetch_related(_authors())
        .order_by("-published_on", "-id")[:FEED_SIZE]
    )


def action_field_by_slug(slug: str) -> ActionField | None:
    return ActionField.objects.filter(slug=slug).first()


# --- An actor's publications (section "Impulsbeiträge" on its profile) ----------------------


def actor_publications(actor: Actor) -> list[Publication]:
    """The published publications the actor (an organisation) is an author of, newest first."""
    return list(
        published_publications()
        .filter(author_organisations=actor)
        .order_by("-published_on", "-id")[:20]
    )


# The place on a publication's page where higher apps add sections (core.sections), e.g. the
# Werkstätten its recommendations came from.
DETAIL_SECTIONS = "publications.detail"
# The page of the list, for per-request actions of higher apps (core.sections).
LIST_PAGE = "publications.list"


# --- The curators' area (/kuration/impulse/) -----------------------------------------------

CURATION_PAGE_SIZE = 30


@dataclass
class CurationLists:
    """Submissions waiting for review, returned ones, other drafts, published (paginated)."""

    waiting: list[Publication]
    returned: list[Publication]
    drafts: list[Publication]
    published: Page


def _curation_rows() -> QuerySet[Publication]:
    return (
        Publication.objects.select_related("submitted_for", "submitted_by")
        .annotate(recommendation_count=Count("recommendations"))
        .defer("body", "search_text", "review_note")
    )


def curation_lists(number: Any) -> CurationLists:
    """Four queries at any data size (plus the paginator's count)."""
    unpublished = _curation_rows().filter(is_published=False)
    waiting = unpublished.filter(submitted_at__isnull=False, returned_at__isnull=True)
    returned = unpublished.filter(returned_at__isnull=False)
    drafts = unpublished.filter(submitted_at__isnull=True)
    published = _curation_rows().filter(is_published=True).order_by("-published_on", "title", "id")
    return CurationLists(
        waiting=list(waiting.order_by("submitted_at", "id")[:100]),
        returned=list(returned.order_by("-returned_at", "id")[:100]),
        drafts=list(drafts.order_by("-updated", "id")[:100]),
        published=Paginator(published, CURATION_PAGE_SIZE).get_page(number),
    )


CURATION_RECOMMENDATIONS_PAGE_SIZE = 50


@dataclass
class RecommendationGroup:
    """Consecutive recommendations of one action field and approach (either may be None)."""

    action_field: ActionField | None
    approach: Approach | None
    recommendations: list[Recommendation]


@dataclass
class CurationRecommendations:
    page: Page
    groups: list[RecommendationGroup]
    facets: list[Facet]
    # Values asked for in the query that name no term (those filters are left out).
    unknown: list[str]


def curation_recommendations(
    filters: RecommendationFilters, number: Any
) -> CurationRecommendations:
    """Every recommendation, of drafts too, grouped by its own action field and approach (in
    the taxonomy's order; those without come last), filtered by both; each facet counts
    recommendations under the other filter. Six queries at any data size."""
    fields = list(ActionField.objects.all())
    approaches = _approaches()
    field = next((f for f in fields if f.slug == filters.action_field), None)
    approach = next((a for a in approaches if a.slug == filters.approach), None)
    unknown = [
        value
        for value, term in ((filters.action_field, field), (filters.approach, approach))
        if value and term is None
    ]
    if field is None:
        filters.action_field = ""
    if approach is None:
        filters.approach = ""
    by_field = Recommendation.objects.all()
    if field is not None:
        by_field = by_field.filter(action_field=field)
    by_approach = Recommendation.objects.all()
    if approach is not None:
        by_approach = by_approach.filter(approach=approach)
    rows = by_field if approach is None else by_field.filter(approach=approach)
    rows = (
        rows.select_related("publication", "action_field", "approach")
        .annotate(practice_count=Count("practices", distinct=True))
        .defer("text", "reasoning", "publication__body", "publication__search_text")
        .order_by(
            F("action_field__position").asc(nulls_last=True),
            "action_field__name",
            F("approach__position").asc(nulls_last=True),
            "approach__name",
            "-publication__published_on",
            "publication__title",
            "publication_id",
            "number",
        )
    )
    page = Paginator(rows, CURATION_RECOMMENDATIONS_PAGE_SIZE).get_page(number)
    groups: list[RecommendationGroup] = []
    for recommendation in page.object_list:
        key = (recommendation.action_field_id, recommendation.approach_id)
        last = groups[-1] if groups else None
        if last is None or key != (
            getattr(last.action_field, "pk", None),
            getattr(last.approach, "pk", None),
        ):
            last = RecommendationGroup(recommendation.action_field, recommendation.approach, [])
            groups.append(last)
        last.recommendations.append(recommendation)
    facets = _recommendation_facets(
        filters,
        fields,
        grouped_counts(by_approach.filter(action_field__isnull=False), "action_field_id"),
        approaches,
        grouped_counts(by_field.filter(approach__isnull=False), "approach_id"),
    )
    return CurationRecommendations(page=page, groups=groups, facets=facets, unknown=unknown)


def waiting_submissions_count() -> int:
    return Publication.objects.filter(
        is_published=False, submitted_at__isnull=False, returned_at__isnull=True
    ).count()


def publication_for_curation(*, slug: str) -> Publication | None:
    return (
        Publication.objects.select_related("action_field", "submitted_for", "submitted_by")
        .prefetch_related(
            _authors(),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("action_field", "approach").order_by(
                    "number"
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def user_submissions(user: Any) -> list[Publication]:
    """The contributions a user submitted, newest first (their own area)."""
    return list(
        Publication.objects.filter(submitted_by=user)
        .defer("body", "search_text")
        .order_by("-submitted_at", "-id")[:50]
    )


# The recommendation editor (/kuration/impulse/<slug>/empfehlungen/<number>/): higher apps add
# their pickers here (events: where it was developed; projects: where it is tried).
RECOMMENDATION_EDITOR_SECTIONS = "publications.recommendation_editor"


@dataclass(frozen=True)
class RecommendationEditor:
    """The page object the editor's sections get: the recommendation, the GET query (the
    pickers' search texts) and the page's own address (where the pickers search)."""

    recommendation: Recommendation
    query: QueryDict
    page_url: str


def recommendation_picker(
    editor: RecommendationEditor,
    *,
    name: str,
    heading: str,
    hint: str,
    action: str,
    records: QuerySet[Any],
    item: Callable[[Any], PickerItem],
    order: Sequence[str],
) -> Picker:
    """A picker of the recommendation editor (core/picker.py): the `records` linked to the
    recommendation now (through their `recommendations` relation) and, for the search text of
    GET parameter `name`, those whose title contains it; two queries at most. `action` is the
    name of the URL that saves the picker (it takes the publication's slug and the number)."""
    recommendation = editor.recommendation
    linked = [item(r) for r in records.filter(recommendations=recommendation).order_by(*order)]
    query = picker_query(editor.query, name)
    found: list[PickerItem] = []
    if query:
        qs = records.filter(title__icontains=query).exclude(recommendations=recommendation)
        found = without_linked([item(r) for r in qs.order_by(*order)[:MAX_RESULTS]], linked)
    return Picker(
        name=name,
        heading=heading,
        hint=hint,
        action=reverse(
            action,
            kwargs={"slug": recommendation.publication.slug, "number": recommendation.number},
        ),
        page_url=editor.page_url,
        linked=linked,
        results=found,
        query=query,
    )


def practice_picker_item(practice: Practice) -> PickerItem:
    """A practice in the editor's picker: its place, and its state unless published."""
    hint = practice.municipality.name if practice.municipality is not None else ""
    if not Practice.PUBLIC.holds(practice):
        state = str(practice.get_state_display())
        hint = f"{hint}, {state}" if hint else state
    return PickerItem(
        pk=practice.pk, label=practice.title, hint=hint, url=practice.get_absolute_url()
    )


def practice_picker_records() -> QuerySet[Practice]:
    """The practices a recommendation may link, drafts included, with what their items show."""
    return Practice.objects.select_related("municipality").only(
        "id", "title", "slug", "state", "municipality__id", "municipality__name"
    )


def news_publications(ids: list[int]) -> QuerySet[Publication]:
    """The published publications among `ids` with their action field and public author
    organisations: what the notifications app tells about (decision 0011)."""
    return published_publications().filter(pk__in=ids).prefetch_related(_authors()).order_by("pk")
