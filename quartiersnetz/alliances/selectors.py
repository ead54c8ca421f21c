"""Reads of Allianzen.

`visible_alliances(user)` is the gate of every channel (list, facets, detail, feed): public
alliances for everybody, hidden ones additionally for their members' members and curators.
Members are shown publicly only with both consents and when the actor is public
(`models.PUBLIC_MEMBER`); their own organisations' pending memberships are shown to members.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.models import Actor
from quartiersnetz.core import params
from quartiersnetz.core.facets import Facet, choice_facet, grouped_counts, term_facet
from quartiersnetz.core.guards import signed_in
from quartiersnetz.core.sections import section_models
from quartiersnetz.core.textquery import (
    parse_query,
    ranked_by_text,
    term_q,
    text_search_q,
)
from quartiersnetz.core.versions import data_version
from quartiersnetz.events.models import Event
from quartiersnetz.events.selectors import public_events
from quartiersnetz.places.models import State
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.selectors import published_practices
from quartiersnetz.projects.models import Project
from quartiersnetz.projects.selectors import visible_projects
from quartiersnetz.taxonomy.models import Sector

from .models import PUBLIC_MEMBER, Alliance, AllianceMember

PAGE_SIZE = 20
FEED_SIZE = 50
# The page of `core.sections` on which higher apps (network) add parts to an alliance page.
DETAIL_SECTIONS = "alliances.detail"
# The page of the list, for per-request actions of higher apps (core.sections).
LIST_PAGE = "alliances.list"


def _member_alliance_ids(user: Any) -> QuerySet[AllianceMember, Any]:
    return AllianceMember.objects.filter(actor__memberships__user=user).values("alliance_id")


def visible_alliances(user: Any) -> QuerySet[Alliance]:
    user = signed_in(user)
    if user is None:
        return Alliance.objects.public()
    if is_curator(user):
        return Alliance.objects.all()
    return Alliance.objects.filter(Alliance.PUBLIC.q() | Q(pk__in=_member_alliance_ids(user)))


def public_members() -> QuerySet[AllianceMember]:
    """Memberships the public sees: both sides consented, actor public."""
    return AllianceMember.objects.filter(PUBLIC_MEMBER)


# --- The list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AllianceFilters:
    q: str = ""
    status: str = ""
    state: str = ""
    municipality: str = ""  # the AGS
    sector: str = ""

    NAMES: ClassVar[tuple[str, ...]] = ("status", "state", "municipality", "sector")

    @classmethod
    def from_query(cls, query: QueryDict) -> AllianceFilters:
        return cls(
            q=params.text_value(query, "q"),
            status=params.choice_value(query, "status", Alliance.Status.values),
            state=params.choice_value(query, "state", State.values),
            municipality=params.digits_value(query, "municipality", max_length=8),
            sector=params.slug_value(query, "sector"),
        )

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ("q", *self.NAMES) if getattr(self, name)}

    @property
    def active(self) -> bool:
        return bool(self.as_dict())


def _apply_filters(
    qs: QuerySet[Alliance], filters: AllianceFilters, *, skip: str = ""
) -> QuerySet[Alliance]:
    if filters.q:
        qs = qs.filter(text_search_q("search_text", filters.q, kind="alliance"))
    if filters.status and skip != "status":
        qs = qs.filter(status=filters.status)
    if filters.state and skip != "state":
        qs = qs.filter(municipality__state=filters.state)
    if filters.municipality and skip != "municipality":
        qs = qs.filter(municipality__ags=filters.municipality)
    if filters.sector and skip != "sector":
        qs = qs.filter(
            pk__in=public_members().filter(actor__sector__slug=filters.sector).values("alliance_id")
        )
    return qs


def matching_alliances(filters: AllianceFilters) -> QuerySet[Alliance]:
    """Public alliances matching `filters`, unordered and without related rows: the open-data
    API orders and pages them itself (by id) and loads what its records show."""
    return _apply_filters(visible_alliances(None), filters)


def alliance_list_queryset(user: Any, filters: AllianceFilters) -> QuerySet[Alliance]:
    qs = _apply_filters(visible_alliances(user), filters).select_related("municipality")
    return ranked_by_text(qs, "search_text", filters.q, ("name", "id"), kind="alliance")


def alliance_facets(user: Any, filters: AllianceFilters) -> list[Facet]:
    """Each facet counts under all *other* active filters (one grouped query per facet)."""
    base = visible_alliances(user)

    def scoped(name: str) -> QuerySet[Alliance]:
        return _apply_filters(base, filters, skip=name)

    places = (
        scoped("municipality")
        .order_by()
        .values_list("municipality__ags", "municipality__name")
        .distinct()
    )
    place_choices = sorted(set(places), key=lambda p: p[1])
    sector_counts = _sector_counts(scoped("sector"))
    return [
        choice_facet(
            "status", _("Status"), list(Alliance.Status.choices),
            grouped_counts(scoped("status"), "status"), filters.status,
        ),
        choice_facet(
            "municipality", _("Ort"), place_choices,
            grouped_counts(scoped("municipality"), "municipality__ags"), filters.municipality,
        ),
        choice_facet(
            "state", _("Bundesland"), sorted(State.choices, key=lambda c: str(c[1])),
            grouped_counts(scoped("state"), "municipality__state"), filters.state,
        ),
        term_facet(
            "sector", _("Vertretene Bereiche"), Sector.objects.all(), sector_counts,
            filters.sector,
        ),
    ]  # fmt: skip


def _sector_counts(alliances: QuerySet[Alliance]) -> dict[Any, int]:
    """Alliances per sector among their public members (one query)."""
    pairs = set(
        public_members()
        .filter(alliance__in=alliances.values("pk"), actor__sector__isnull=False)
        .values_list("alliance_id", "actor__sector_id")
    )
    counts: dict[Any, int] = {}
    for _alliance, sector in pairs:
        counts[sector] = counts.get(sector, 0) + 1
    return counts


@dataclass
class AllianceListPage:
    page: Page
    facets: list[Facet]


def alliance_list_page(user: Any, filters: AllianceFilters, number: Any) -> AllianceListPage:
    page = Paginator(alliance_list_queryset(user, filters), PAGE_SIZE).get_page(number)
    _attach_member_counts(list(page.object_list))
    return AllianceListPage(page=page, facets=alliance_facets(user, filters))


def _attach_member_counts(alliances: list[Alliance]) -> None:
    counts = grouped_counts(
        public_members().filter(alliance__in=[a.pk for a in alliances]), "alliance_id"
    )
    for alliance in alliances:
        alliance.member_count = counts.get(alliance.pk, 0)  # type: ignore[attr-defined]


# --- Map -------------------------------------------------------------------------------------


def map_points(alliances: list[Alliance]) -> list[dict[str, Any]]:
    """The listed alliances at their municipality's centre (for the map island; no queries)."""
    return [
        {
            "title": a.name,
            "url": a.get_absolute_url(),
            "place": a.municipality.name,
            "when": a.get_status_display(),
            "lat": a.municipality.latitude,
            "lon": a.municipality.longitude,
        }
        for a in alliances
        if a.municipality.latitude is not None and a.municipality.longitude is not None
    ]


# --- Detail ----------------------------------------------------------------------------------


def alliance_for_detail(user: Any, *, slug: str) -> Alliance | None:
    return visible_alliances(user).select_related("municipality").filter(slug=slug).first()


def alliance_for_edit(slug: str) -> Alliance | None:
    return Alliance.objects.select_related("municipality").filter(slug=slug).first()


@dataclass
class AllianceRelations:
    members: list[AllianceMember]
    pending: list[AllianceMember]
    sectors_covered: list[Sector]
    sectors_missing: list[Sector]
    projects: list[Project]
    practices: list[Practice]
    events: list[Event]
    # The user's own organisations' memberships (to accept, decline or leave).
    mine: list[AllianceMember] = field(default_factory=list)
    # The user's organisations that may ask to join (members of none yet).
    joinable: list[Actor] = field(default_factory=list)

    @property
    def sector_total(self) -> int:
        return len(self.sectors_covered) + len(self.sectors_missing)


def _member_rows(alliance: Alliance, user: Any) -> tuple[list[AllianceMember], list[Actor]]:
    """All memberships of the alliance, each marked `is_mine` (one of the user's actors) and
    `is_last_lead`; and the user's public organisations (three queries at most)."""
    user = signed_in(user)
    rows = list(
        alliance.memberships.select_related("actor", "actor__sector").order_by(
            "-is_lead", "role", "actor__name", "id"
        )
    )
    mine_ids: set[int] = set()
    own_orgs: list[Actor] = []
    if user is not None:
        own_orgs = list(
            Actor.objects.filter(
                memberships__user=user, kind=Actor.Kind.ORGANISATION, is_hidden=False
            ).order_by("name")
        )
        mine_ids = {a.pk for a in own_orgs} | set(
            Actor.objects.filter(
                memberships__user=user, pk__in=[m.actor_id for m in rows]
            ).values_list("pk", flat=True)
        )
    confirmed_leads = sum(1 for m in rows if m.is_lead and m.is_confirmed)
    for m in rows:
        m.is_mine = m.actor_id in mine_ids  # type: ignore[attr-defined]
        m.is_last_lead = m.is_lead and m.is_confirmed and confirmed_leads == 1  # type: ignore[attr-defined]
    return rows, own_orgs


def alliance_relations(alliance: Alliance, user: Any, *, can_manage: bool) -> AllianceRelations:
    """Everything the detail page lists (constant queries)."""
    rows, own_orgs = _member_rows(alliance, user)
    members = [m for m in rows if m.is_confirmed and not m.actor.is_hidden]
    pending = [
        m
        for m in rows
        if not m.is_confirmed and (can_manage or m.is_mine)  # type: ignore[attr-defined]
    ]
    sectors = list(Sector.objects.all())
    covered_ids = {m.actor.sector_id for m in members if m.actor.sector_id}
    in_alliance = {m.actor_id for m in rows}
    return AllianceRelations(
        members=members,
        pending=pending,
        sectors_covered=[s for s in sectors if s.pk in covered_ids],
        sectors_missing=[s for s in sectors if s.pk not in covered_ids],
        projects=list(alliance.projects.public().select_related("municipality").order_by("title")),
        practices=list(
            alliance.practices.published().select_related("municipality").order_by("title")
        ),
        events=list(alliance.events.published().order_by("-start", "id")),
        mine=[m for m in rows if m.is_mine],  # type: ignore[attr-defined]
        joinable=[a for a in own_orgs if a.pk not in in_alliance],
    )


def managed_members(alliance: Alliance, user: Any, *, can_manage: bool) -> list[AllianceMember]:
    """The memberships on the members page: all of them for those who manage the alliance,
    else the user's own organisations' (to describe their role). Constant queries."""
    rows, _own = _member_rows(alliance, user)
    return [m for m in rows if can_manage or m.is_mine]  # type: ignore[attr-defined]


# --- Linked projects, practices and events ---------------------------------------------------

# What an alliance links, in the order of its pages (the kinds of `services.alliance_link`).
LINK_KINDS = ("projects", "practices", "events")
# Search results per kind on the links page; more are found by refining the search.
LINK_RESULTS = 10


def linkable_records(kind: str) -> QuerySet[Any]:
    """The records of `kind` that may be linked: the public ones (the lower apps' gates)."""
    if kind == "projects":
        return visible_projects(None)
    if kind == "practices":
        return published_practices()
    if kind == "events":
        return public_events()
    raise ValueError(kind)


def _ordered(kind: str, qs: QuerySet[Any]) -> QuerySet[Any]:
    if kind == "events":
        return qs.order_by("-start", "id")
    return qs.select_related("municipality").order_by("title", "id")


@dataclass
class LinkGroup:
    kind: str
    label: str
    records: list[Any]


_LINK_LABELS = {
    "projects": _("Vorhaben"),
    "practices": _("Praxisbeispiele"),
    "events": _("Veranstaltungen"),
}


def alliance_links(alliance: Alliance) -> list[LinkGroup]:
    """Every record linked to the alliance, public or not (for those who manage it; the
    detail page shows the public ones). One query per kind."""
    groups = []
    for kind in LINK_KINDS:
        records = list(_ordered(kind, getattr(alliance, kind).all()))
        for record in records:
            record.link_is_public = type(record).PUBLIC.holds(record)
        groups.append(LinkGroup(kind, str(_LINK_LABELS[kind]), records))
    return groups


def linked_record(alliance: Alliance, kind: str, pk: int) -> Any | None:
    """A record of `kind` linked to the alliance (any visibility), or None."""
    if kind not in LINK_KINDS:
        return None
    return getattr(alliance, kind).filter(pk=pk).first()


def link_candidates(alliance: Alliance, q: str) -> list[LinkGroup]:
    """Public records matching `q` (all its words, in the records' search text) that are not
    linked yet: at most LINK_RESULTS per kind, one query per kind; none without words."""
    terms = parse_query(q).terms
    groups = []
    for kind in LINK_KINDS:
        records: list[Any] = []
        if terms:
            qs = linkable_records(kind).exclude(alliances=alliance)
            for term in terms:
                qs = qs.filter(term_q("search_text", term))
            records = list(_ordered(kind, qs)[:LINK_RESULTS])
        groups.append(LinkGroup(kind, str(_LINK_LABELS[kind]), records))
    return groups


def alliance_member(alliance: Alliance, pk: int) -> AllianceMember | None:
    return alliance.memberships.select_related("actor", "alliance").filter(pk=pk).first()


def invitable_actors(alliance: Alliance) -> QuerySet[Actor]:
    """Public organisations not yet in the alliance (for the invitation form)."""
    return (
        Actor.objects.visible()
        .filter(kind=Actor.Kind.ORGANISATION)
        .exclude(pk__in=alliance.memberships.values("actor_id"))
        .order_by("name")
    )


def feed_items() -> list[Alliance]:
    return list(
        Alliance.objects.public()
        .select_related("municipality")
        .order_by("-created", "-id")[:FEED_SIZE]
    )


# --- For the network app ---------------------------------------------------------------------


def member_pairs() -> list[tuple[int, str, str, int]]:
    """(alliance id, name, slug, actor id) for every fully consented membership of a public
    actor in a public alliance — what the network derives shared-alliance connections from."""
    return list(
        public_members()
        .filter(Alliance.PUBLIC.q("alliance"))
        .order_by("alliance_id", "actor_id")
        .values_list("alliance_id", "alliance__name", "alliance__slug", "actor_id")
    )


@dataclass(frozen=True)
class MatchingTarget:
    id: int
    municipality_id: int
    member_actor_ids: frozenset[int]
    sector_ids: frozenset[int]
    text: str


def matching_targets() -> list[MatchingTarget]:
    """Each public alliance with its public members and covered sectors, and a text for
    matching (name, summary, goals). Two queries."""
    members: dict[int, set[int]] = {}
    sectors: dict[int, set[int]] = {}
    for aid, actor_id, sector_id in public_members().values_list(
        "alliance_id", "actor_id", "actor__sector_id"
    ):
        members.setdefault(aid, set()).add(actor_id)
        if sector_id:
            sectors.setdefault(aid, set()).add(sector_id)
    return [
        MatchingTarget(
            id=aid,
            municipality_id=mid,
            member_actor_ids=frozenset(members.get(aid, ())),
            sector_ids=frozenset(sectors.get(aid, ())),
            text="\n".join(t for t in (name, summary, goals) if t),
        )
        for aid, mid, name, summary, goals in Alliance.objects.public()
        .order_by("id")
        .values_list("id", "municipality_id", "name", "summary", "goals")
    ]


def relations_version() -> str:
    """Changes whenever the public part of a detail page may change: members (their actors and
    sectors), linked projects, practices and events (one query)."""
    return data_version(Alliance, AllianceMember, Actor, Sector, Project, Practice, Event)


def detail_sections_version() -> str:
    """Changes whenever a section another app contributes to an alliance page may change."""
    return data_version(*section_models(DETAIL_SECTIONS))


# --- News (decision 0011) --------------------------------------------------------------------


def news_alliances(ids: list[int]) -> QuerySet[Alliance]:
    """The public alliances among `ids` with their municipality (the Themenradar)."""
    return (
        Alliance.objects.public().filter(pk__in=ids).select_related("municipality").order_by("pk")
    )


def news_memberships(ids: list[int]) -> QuerySet[AllianceMember]:
    """The memberships among `ids` the public sees now (both consents, public actor) in a
    public alliance, with both: whom the notifications app tells about a new member."""
    return (
        public_members()
        .filter(pk__in=ids, alliance__in=Alliance.objects.public())
        .select_related("alliance", "actor")
        .order_by("pk")
    )
