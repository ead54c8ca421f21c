"""Reads of Praxisbeispiele: the visibility gate, the data versions, the detail page and the feed.

`visible_practices(user)` is the one gate every channel (pages, lists, search,
feeds, map, exports) goes through: anonymous users and ordinary members see
published records, authors additionally their organisations' unpublished ones,
curators everything.

The list with its filters, facets and the typology matrix are in `list_selectors`, the points
of the map and the open-data GeoJSON in `point_selectors`, the curators' queues in
`curation_selectors`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from quartiersnetz.accounts.models import User
from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.models import Actor
from quartiersnetz.core.sections import section_models
from quartiersnetz.core.versions import data_version
from quartiersnetz.taxonomy.models import (
    ActionField,
    Approach,
    Method,
)

from .models import (
    INNOVATION_CRITERIA,
    TRANSFER_CRITERIA,
    Practice,
    PracticeActor,
    PracticeImage,
    PracticeRating,
)


def published_practices() -> QuerySet[Practice]:
    return Practice.objects.published()


def author_actor_ids(user: User) -> list[int]:
    """Actors whose unpublished practices the user may see and edit."""
    if not user.is_authenticated:
        return []
    ids = list(user.memberships.values_list("organisation_id", flat=True))
    ids += list(Actor.objects.filter(user=user).values_list("id", flat=True))
    return ids


def visible_practices(user: User | None) -> QuerySet[Practice]:
    """Published records, plus the user's own organisations' unpublished ones."""
    if user is None or not user.is_authenticated:
        return published_practices()
    if is_curator(user):
        return Practice.objects.all()
    own = author_actor_ids(user)
    return Practice.objects.filter(Practice.PUBLIC.q() | Q(organisation_id__in=own))


FEED_SIZE = 50
# Keyed by `practice_detail_version()`, so the lifetime only bounds memory, not staleness.
DETAIL_CACHE_SECONDS = 3600
# The page whose sections other apps contribute (`core.sections`), shown in the detail's body.
DETAIL_SECTIONS = "practices.detail"
# The page of the list, for per-request actions of higher apps (core.sections).
LIST_PAGE = "practices.list"


def practice_data_version() -> str:
    """Changes whenever a practice is added, removed or changed (incl. its ratings and roles).

    The services that write ratings, roles and images save the practice, bumping
    `updated`; see `core.versions` for the one bounded lag (FACET_CACHE_SECONDS).
    """
    return data_version(Practice)


def practice_detail_version() -> str:
    """Changes whenever anything a practice's page shows may have changed.

    Besides the practices themselves (ratings, roles, images and lineage are written through
    services that save the practice), the page lists involved actors (hidden ones drop out)
    and the sections other apps contribute (`DETAIL_SECTIONS`: the recommendations citing it,
    the events where it was presented, the published learnings of projects that refer to it).
    """
    return data_version(*section_models(DETAIL_SECTIONS, Practice, Actor))


# --- Detail page and feed -------------------------------------------------------------------


# What the detail page needs outside its cached fragments (and the permission rules).
HEAD_FIELDS = ("id", "slug", "title", "summary", "state", "organisation_id", "updated")


def practice_head(user: User | None, *, slug: str) -> Practice | None:
    """The practice if `user` may see it, with only the fields of the page's frame."""
    return visible_practices(user).filter(slug=slug).only(*HEAD_FIELDS).first()


def practice_for_detail(*, pk: int) -> Practice:
    """The full record with what the page's header and body show (visibility checked before)."""
    return Practice.objects.select_related(
        "kind",
        "type",
        "spatial_field",
        "municipality",
        "organisation",
        "organisation__sector",
        "adapted_from",
    ).get(pk=pk)


@dataclass
class PracticeRelations:
    action_fields: list[ActionField]
    approaches: list[Approach]
    methods: list[Method]
    roles: list[PracticeActor]
    images: list[PracticeImage]
    innovation_ratings: list[PracticeRating]
    transfer_ratings: list[PracticeRating]
    adapted_from: Practice | None
    adaptations: list[Practice]


def practice_relations(practice: Practice) -> PracticeRelations:
    """Everything the detail page lists besides the practice's own fields (constant queries)."""
    ratings = {r.criterion: r for r in practice.ratings.all()}
    adapted_from = practice.adapted_from
    return PracticeRelations(
        action_fields=list(practice.action_fields.all()),
        approaches=list(practice.approaches.select_related("action_field")),
        methods=list(practice.methods.all()),
        roles=list(
            practice.roles.filter(Actor.PUBLIC.q("actor"))
            .select_related("actor", "actor__sector")
            .order_by("role", "actor__name", "id")
        ),
        images=list(practice.images.all()),
        innovation_ratings=[ratings[c] for c in INNOVATION_CRITERIA if c in ratings],
        transfer_ratings=[ratings[c] for c in TRANSFER_CRITERIA if c in ratings],
        adapted_from=adapted_from if adapted_from and adapted_from.is_published else None,
        adaptations=list(
            practice.adaptations.filter(state=Practice.State.PUBLISHED)
            .select_related("municipality")
            .order_by("title", "id")
        ),
    )


def feed_items() -> list[Practice]:
    """The newest published practices for the Atom feed."""
    return list(
        published_practices()
        .select_related("kind", "type", "spatial_field", "municipality", "organisation")
        .order_by(F("published_at").desc(nulls_last=True), "-id")[:FEED_SIZE]
    )


def public_participations() -> list[tuple[int, str, str, int]]:
    """(practice id, title, slug, actor id) for each public actor involved in a published
    practice — what the network derives shared-practice connections from."""
    return list(
        PracticeActor.objects.filter(Practice.PUBLIC.q("practice"), Actor.PUBLIC.q("actor"))
        .order_by("practice_id", "actor_id")
        .values_list("practice_id", "practice__title", "practice__slug", "actor_id")
    )


# --- An actor's practices (section "Praxisbeispiele" on its profile) ------------------------

ACTOR_PRACTICES_LIMIT = 20


def actor_practices(actor: Actor) -> list[PracticeActor]:
    """The published practices the actor takes part in, with its role, newest first."""
    return list(
        PracticeActor.objects.filter(actor=actor, practice__in=published_practices())
        .select_related("practice__kind", "practice__type", "practice__municipality")
        .order_by("-practice__published_at", "practice_id")[:ACTOR_PRACTICES_LIMIT]
    )


def news_practices(ids: list[int]) -> QuerySet[Practice]:
    """The practices among `ids` that are published now, with what a follower may follow them
    by (organisation, public involved actors, terms, municipality) in a constant number of
    queries: what the notifications app tells about (decision 0011)."""
    from django.db.models import Prefetch

    return (
        Practice.objects.filter(Practice.PUBLIC.q(), pk__in=ids)
        .select_related("municipality", "organisation")
        .prefetch_related(
            "action_fields",
            "approaches",
            Prefetch("involved_actors", queryset=Actor.objects.filter(Actor.PUBLIC.q())),
        )
        .order_by("pk")
    )
