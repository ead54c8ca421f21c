"""Reads for Mitwirkende: the directory with facet counts, profiles, members."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from quartiersnetz.accounts.models import User
from quartiersnetz.core import params
from quartiersnetz.core.facets import (
    CountedPaginator,
    Facet,
    choice_facet,
    grouped_counts,
    term_facet,
)
from quartiersnetz.core.sections import section_models
from quartiersnetz.core.textquery import (
    cached_suggestion,
    keyed_with_meaning,
    ranked_by_text,
    text_search_q,
)
from quartiersnetz.core.versions import data_version
from quartiersnetz.places.models import Municipality, State, state_choices
from quartiersnetz.taxonomy.models import (
    ActionField,
    Approach,
    ExchangeCategory,
    Sector,
    SpatialField,
)

from .models import Actor, Claim, Invitation, Membership

T = TypeVar("T")

PAGE_SIZE = 20


@dataclass
class DirectoryFilters:
    """The parsed, validated filter state of the directory (unknown values are ignored)."""

    q: str = ""
    kind: str = ""
    sector: str = ""
    spatial_field: str = ""
    action_field: str = ""
    approach: str = ""
    state: str = ""
    municipality: str = ""

    NAMES = ("kind", "sector", "spatial_field", "action_field", "approach", "state", "municipality")

    @classmethod
    def from_query(cls, query: QueryDict) -> DirectoryFilters:
        return cls(
            q=params.text_value(query, "q"),
            kind=params.choice_value(query, "kind", Actor.Kind.values),
            sector=params.slug_value(query, "sector"),
            spatial_field=params.slug_value(query, "spatial_field"),
            action_field=params.slug_value(query, "action_field"),
            approach=params.slug_value(query, "approach"),
            state=params.choice_value(query, "state", State.values),
            municipality=params.digits_value(query, "municipality"),
        )

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ("q", *self.NAMES) if getattr(self, name)}

    @property
    def active(self) -> bool:
        return bool(self.as_dict())


def _apply_filters(
    qs: QuerySet[Actor], filters: DirectoryFilters, *, skip: str = ""
) -> QuerySet[Actor]:
    if filters.q:
        qs = qs.filter(text_search_q("search_text", filters.q, kind="actor"))
    lookups = {
        "kind": "kind",
        "sector": "sector__slug",
        "spatial_field": "spatial_fields__slug",
        "action_field": "action_fields__slug",
        "approach": "approaches__slug",
        "state": "municipality__state",
        "municipality": "municipality__ags",
    }
    for name, lookup in lookups.items():
        value = getattr(filters, name)
        if value and name != skip:
            qs = qs.filter(**{lookup: value})
    return qs


def public_actors() -> QuerySet[Actor]:
    return Actor.objects.visible()


def matching_actors(filters: DirectoryFilters) -> QuerySet[Actor]:
    """Public profiles matching `filters`, unordered and without related rows: the open-data
    API orders and pages them itself (by id) and loads what its records show."""
    return _apply_filters(public_actors(), filters)


def directory_queryset(filters: DirectoryFilters) -> QuerySet[Actor]:
    """The filtered directory list with everything its rows display (with a text query, the
    profiles with every word first)."""
    qs = (
        _apply_filters(public_actors(), filters)
        .select_related("sector", "municipality")
        .only(
            "id",
            "kind",
            "name",
            "slug",
            "summary",
            "logo",
            "is_unclaimed",
            "is_sample",
            "sector__name",
            "sector__name_en",
            "sector__slug",
            "municipality__name",
            "municipality__state",
            "municipality__ags",
        )
    )
    return ranked_by_text(qs, "search_text", filters.q, ("name", "id"), kind="actor")


def _m2m_counts(through: Any, column: str, base: QuerySet[Actor]) -> dict[int, int]:
    rows = (
        through.objects.filter(actor__in=base.values("id"))
        .values(column)
        .annotate(n=Count("actor_id"))
        .values_list(column, "n")
    )
    return dict(rows)


FACET_CACHE_SECONDS = 300


def actor_data_version() -> str:
    """Changes whenever a profile is added, removed, edited, hidden or shown.

    See `core.versions` for how and the one bounded lag (FACET_CACHE_SECONDS here).
    """
    return data_version(Actor)


def directory_state_key(filters: DirectoryFilters, version: str) -> str:
    """Identifies what the directory shows for a filter state at a data version."""
    state = json.dumps(filters.as_dict(), sort_keys=True)
    return f"{version}:{hashlib.sha256(state.encode()).hexdigest()[:32]}"


def _cached(kind: str, filters: DirectoryFilters, version: str, compute: Callable[[], T]) -> T:
    """Cache an aggregate of the directory per kind, filter state, language and data version."""
    key = f"actors:{kind}:{get_language()}:{directory_state_key(filters, version)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FACET_CACHE_SECONDS)
    return cast(T, value)


def directory_facets(filters: DirectoryFilters, *, version: str | None = None) -> list[Facet]:
    """Facets with counts, cached per filter state, language and data version.

    Counting is the expensive part of the directory at scale (one grouped query
    per facet over the filtered set).
    """
    version = version or keyed_with_meaning(actor_data_version(), filters.q)
    return _cached("facets", filters, version, lambda: _count_facets(filters))


def directory_total(filters: DirectoryFilters, *, version: str | None = None) -> int:
    """How many visible profiles match (cached like the facets)."""
    version = version or keyed_with_meaning(actor_data_version(), filters.q)
    return _cached("count", filters, version, directory_queryset(filters).count)


@dataclass
class DirectoryPage:
    page: Page
    facets: list[Facet]
    # Key for the template fragments (sidebar, result list) of this state and data version.
    cache_key: str
    version: str = ""  # the profiles' data version


def directory_page(filters: DirectoryFilters, number: Any) -> DirectoryPage:
    """One page of the directory and its facets; one version lookup serves every cache.

    The page's rows are fetched lazily: when the template serves the result list from
    its fragment cache (same key), the list query does not run at all.
    """
    version = keyed_with_meaning(actor_data_version(), filters.q)
    total = directory_total(filters, version=version)
    page = CountedPaginator(directory_queryset(filters), PAGE_SIZE, count=total).get_page(number)
    return DirectoryPage(
        page=page,
        facets=directory_facets(filters, version=version),
        cache_key=directory_state_key(filters, version),
        version=version,
    )


def _count_facets(filters: DirectoryFilters) -> list[Facet]:
    """Each facet counts under all *other* active filters."""
    base = public_actors()

    def scoped(name: str) -> QuerySet[Actor]:
        return _apply_filters(base, filters, skip=name)

    facets = [
        choice_facet(
            "kind",
            _("Art"),
            Actor.Kind.choices,
            grouped_counts(scoped("kind"), "kind"),
            filters.kind,
        ),
        term_facet(
            "sector",
            _("Bereich"),
            Sector.objects.all(),
            grouped_counts(scoped("sector"), "sector_id"),
            filters.sector,
        ),
    ]
    for name, label, model, column in (
        ("spatial_field", _("Räumliches Handlungsfeld"), SpatialField, "spatialfield_id"),
        ("action_field", _("Handlungsfeld"), ActionField, "actionfield_id"),
        ("approach", _("Handlungsansatz"), Approach, "approach_id"),
    ):
        through = getattr(Actor, f"{name}s" if name != "approach" else "approaches").through
        counts = _m2m_counts(through, column, scoped(name))
        facets.append(term_facet(name, label, model.objects.all(), counts, getattr(filters, name)))
    facets.append(
        choice_facet(
            "state",
            _("Bundesland"),
            state_choices(),
            grouped_counts(
                scoped("state").filter(municipality__isnull=False), "municipality__state"
            ),
            filters.state,
        )
    )
    return facets


def selected_municipality(filters: DirectoryFilters) -> Municipality | None:
    if not filters.municipality:
        return None
    return Municipality.objects.filter(ags=filters.municipality).first()


def actor_detail(*, slug: str) -> Actor | None:
    """A profile with its sector, place and user; hidden profiles are included (views decide).

    The related lists of the page come from `actor_profile_relations`, which the view
    passes lazily: the profile body is a cached fragment, so on a cache hit they are
    never queried.
    """
    return Actor.objects.select_related("sector", "municipality", "user").filter(slug=slug).first()


@dataclass
class ProfileRelations:
    spatial_fields: list[SpatialField]
    action_fields: list[ActionField]
    approaches: list[Approach]
    offer_categories: list[ExchangeCategory]
    need_categories: list[ExchangeCategory]
    public_members: list[Membership]


def actor_profile_relations(actor: Actor) -> ProfileRelations:
    """What a profile page lists besides the profile's own fields (six queries)."""
    return ProfileRelations(
        spatial_fields=list(actor.spatial_fields.all()),
        action_fields=list(actor.action_fields.all()),
        approaches=list(actor.approaches.select_related("action_field")),
        offer_categories=list(actor.offer_categories.all()),
        need_categories=list(actor.need_categories.all()),
        public_members=list(
            Membership.objects.filter(organisation=actor, is_public=True)
            .select_related("user")
            .order_by("created")
        ),
    )


def profile_cache_key(actor: Actor) -> str:
    """Changes with every write to the profile; membership services bump `updated` too."""
    return f"{actor.pk}:{actor.updated.isoformat()}"


# The profile's place for sections other apps contribute (`core.sections`), cached on its own.
PROFILE_SECTIONS = "actors.profile"


def profile_sections_version() -> str:
    """Changes whenever a section another app contributes to a profile may change (one query)."""
    return data_version(*section_models(PROFILE_SECTIONS))


def organisation_members(organisation: Actor) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__email")
    )


def open_invitations(organisation: Actor) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True)


def user_memberships(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related(
        "organisation", "organisation__sector"
    )


def user_has_pending_claim(user: User, organisation: Actor) -> bool:
    return Claim.objects.filter(
        user=user, organisation=organisation, status=Claim.Status.PENDING
    ).exists()


def pending_claims() -> QuerySet[Claim]:
    return (
        Claim.objects.filter(status=Claim.Status.PENDING)
        .select_related("organisation", "user")
        .order_by("created")
    )


def public_actors_of_users(user_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each user, the public actors that stand for them in public: their own expert
    profile and the organisations that list them as a public member."""
    ids = list(user_ids)
    found: dict[int, set[int]] = {}
    if not ids:
        return found
    for user_id, actor_id in Actor.objects.filter(Actor.PUBLIC.q(), user_id__in=ids).values_list(
        "user_id", "pk"
    ):
        found.setdefault(user_id, set()).add(actor_id)
    for user_id, actor_id in Membership.objects.filter(
        Actor.PUBLIC.q("organisation"), user_id__in=ids, is_public=True
    ).values_list("user_id", "organisation_id"):
        found.setdefault(user_id, set()).add(actor_id)
    return found


def acting_actors(user: User) -> QuerySet[Actor]:
    """The actors a user may act for: organisations they are a member of and their own expert
    profile."""
    return (
        Actor.objects.filter(Q(memberships__user=user) | Q(user=user))
        .select_related("sector")
        .distinct()
        .order_by("name")
    )


def acting_user_emails(actor: Actor, *, exclude_user_id: int | None = None) -> list[str]:
    """The addresses of the active users who act for an actor: an organisation's members, or
    the person behind an expert profile (without the user who acted)."""
    users = User.objects.filter(is_active=True).filter(
        Q(memberships__organisation=actor) | Q(pk=actor.user_id or 0)
    )
    if exclude_user_id is not None:
        users = users.exclude(pk=exclude_user_id)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _vocabulary_texts() -> Iterable[str]:
    for name, summary in public_actors().values_list("name", "summary"):
        yield name
        yield summary


def directory_suggestion(q: str, *, version: str | None = None) -> str:
    """`q` with the words no profile has replaced by the closest words of the profiles' names
    and summaries ("" if nothing to correct); the vocabulary is cached per data version."""
    if not q:
        return ""
    version = version or actor_data_version()
    return cached_suggestion(q, name="actors", version=version, texts=_vocabulary_texts)


def acting_user_ids_by_actor(actor_ids: Iterable[int]) -> dict[int, set[int]]:
    """For many actors in two queries: actor id → the ids of the active users who act for it
    (an organisation's members, the person behind an expert profile)."""
    found: dict[int, set[int]] = {pk: set() for pk in actor_ids}
    members = Membership.objects.filter(
        organisation_id__in=list(found), user__is_active=True
    ).values_list("organisation_id", "user_id")
    persons = Actor.objects.filter(
        pk__in=list(found), user__isnull=False, user__is_active=True
    ).values_list("pk", "user_id")
    for actor_id, user_id in [*members, *persons]:
        found[actor_id].add(user_id)
    return found
