"""Reads of Vorhaben.

`visible_projects(user)` is the one gate every channel (list, facets, search, detail, feed,
learnings) goes through: anonymous users and ordinary members see public projects (every
partner consented), members of a partner organisation additionally their own projects,
curators everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from quartiersnetz.accounts.models import User
from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.actors.models import Actor
from quartiersnetz.core import params
from quartiersnetz.core.facets import Facet, choice_facet, grouped_counts, term_facet
from quartiersnetz.core.guards import signed_in
from quartiersnetz.core.textquery import ranked_by_text, text_search_q
from quartiersnetz.events.models import Event
from quartiersnetz.places.models import State, state_choices
from quartiersnetz.practices.models import Practice
from quartiersnetz.publications.models import Publication
from quartiersnetz.taxonomy.models import ActionField, SpatialField

from .models import Learning, Method, Project, ProjectLogEntry, ProjectPartner

PAGE_SIZE = 20
# The project page's place for sections other apps contribute (`core.sections`).
DETAIL_SECTIONS = "projects.detail"
# The page of the list, for per-request actions of higher apps (core.sections).
LIST_PAGE = "projects.list"
FEED_SIZE = 50


def partner_project_ids(user: User) -> QuerySet[ProjectPartner, Any]:
    """A subquery: ids of projects one of the user's organisations is a partner of."""
    return ProjectPartner.objects.filter(actor__memberships__user=user).values("project_id")


def visible_projects(user: Any) -> QuerySet[Project]:
    """Public projects, plus the user's own (partner) projects; curators see all."""
    user = signed_in(user)
    if user is None:
        return Project.objects.public()
    if is_curator(user):
        return Project.objects.all()
    return Project.objects.filter(Project.PUBLIC.q() | Q(pk__in=partner_project_ids(user)))


# --- The list, its filters and facets --------------------------------------------------------


@dataclass(frozen=True)
class ProjectFilters:
    """The parsed filter state of the list (unknown values are ignored).

    `state` is the Bundesland, as in the other lists.
    """

    q: str = ""
    phase: str = ""
    method: str = ""
    spatial_field: str = ""
    action_field: str = ""
    state: str = ""

    NAMES: ClassVar[tuple[str, ...]] = ("phase", "method", "spatial_field", "action_field", "state")

    @classmethod
    def from_query(cls, query: QueryDict) -> ProjectFilters:
        return cls(
            q=params.text_value(query, "q"),
            phase=params.choice_value(query, "phase", Project.Phase.values),
            method=params.choice_value(query, "method", Method.values),
            spatial_field=params.slug_value(query, "spatial_field"),
            action_field=params.slug_value(query, "action_field"),
            state=params.choice_value(query, "state", State.values),
        )

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ("q", *self.NAMES) if getattr(self, name)}

    @property
    def active(self) -> bool:
        return bool(self.as_dict())


_LOOKUPS = {
    "phase": "phase",
    "method": "method",
    "spatial_field": "spatial_field__slug",
    "action_field": "action_field__slug",
    "state": "municipality__state",
}


def _apply_filters(
    qs: QuerySet[Project], filters: ProjectFilters, *, skip: str = ""
) -> QuerySet[Project]:
    if filters.q:
        qs = qs.filter(text_search_q("search_text", filters.q, kind="project"))
    for name, lookup in _LOOKUPS.items():
        value = getattr(filters, name)
        if value and name != skip:
            qs = qs.filter(**{lookup: value})
    return qs


def project_list_queryset(user: Any, filters: ProjectFilters) -> QuerySet[Project]:
    """Visible projects matching `filters`, with what a list row shows (with a text query, the
    projects with every word first)."""
    qs = _apply_filters(visible_projects(user), filters).select_related(
        "municipality", "spatial_field", "action_field"
    )
    return ranked_by_text(qs, "search_text", filters.q, ("title", "id"), kind="project")


def matching_projects(filters: ProjectFilters) -> QuerySet[Project]:
    """Public projects matching `filters`, unordered and without related rows: the open-data
    API orders and pages them itself (by id) and loads what its records show."""
    return _apply_filters(visible_projects(None), filters)


def project_facets(user: Any, filters: ProjectFilters) -> list[Facet]:
    """Each facet counts under all *other* active filters (one grouped query per facet)."""
    base = visible_projects(user)

    def scoped(name: str) -> QuerySet[Project]:
        return _apply_filters(base, filters, skip=name)

    return [
        choice_facet(
            "phase", _("Phase"), list(Project.Phase.choices),
            grouped_counts(scoped("phase"), "phase"), filters.phase,
        ),
        choice_facet(
            "method", _("Methodenvorlage"), list(Method.choices),
            grouped_counts(scoped("method"), "method"), filters.method,
        ),
        term_facet(
            "spatial_field", _("Räumliches Handlungsfeld"), SpatialField.objects.all(),
            grouped_counts(scoped("spatial_field"), "spatial_field_id"), filters.spatial_field,
        ),
        term_facet(
            "action_field", _("Handlungsfeld"), ActionField.objects.all(),
            grouped_counts(
                scoped("action_field").filter(action_field__isnull=False), "action_field_id"
            ),
            filters.action_field,
        ),
        choice_facet(
            "state", _("Bundesland"), state_choices(),
            grouped_counts(scoped("state"), "municipality__state"), filters.state,
        ),
    ]  # fmt: skip


@dataclass
class ProjectListPage:
    page: Page
    facets: list[Facet]


def project_list_page(user: Any, filters: ProjectFilters, number: Any) -> ProjectListPage:
    page = Paginator(project_list_queryset(user, filters), PAGE_SIZE).get_page(number)
    return ProjectListPage(page=page, facets=project_facets(user, filters))


# --- Detail ----------------------------------------------------------------------------------


def project_for_detail(user: Any, *, slug: str) -> Project | None:
    """The project if `user` may see it, with what the page's header shows."""
    return (
        visible_projects(user)
        .select_related("municipality", "spatial_field", "action_field")
        .filter(slug=slug)
        .first()
    )


def project_for_edit(slug: str) -> Project | None:
    """Any project by slug (the views check the permissions)."""
    return Project.objects.select_related("municipality", "spatial_field").filter(slug=slug).first()


def _published_practices() -> Prefetch:
    return Prefetch(
        "practices",
        queryset=Practice.objects.published().select_related("municipality").order_by("title"),
        to_attr="published_practices",
    )


@dataclass
class TimelineDay:
    date: Any
    entries: list[ProjectLogEntry] = field(default_factory=list)


@dataclass
class ProjectRelations:
    partners: list[ProjectPartner]
    approaches: list[Any]
    timeline: list[TimelineDay]
    learnings: list[Learning]
    # The user's partner organisations: (pending consent, consented) rows.
    my_pending: list[ProjectPartner]
    my_consented: list[ProjectPartner]
    # The user's partner organisations that may end their partnership (all but a sole lead).
    my_partners: list[ProjectPartner] = field(default_factory=list)
    # The published Handlungsempfehlungen tried in this project.
    recommendations: list[Any] = field(default_factory=list)


def project_relations(project: Project, user: Any, *, can_edit: bool) -> ProjectRelations:
    """Everything the detail page lists besides the project's own fields (constant queries).

    Unpublished learnings only for those who edit the project; linked practices only when
    published; a linked event only when it is public (or for curators).
    """
    user = signed_in(user)
    partners = project_partners(project, user)
    curator = user is not None and is_curator(user)
    learnings_qs = project.learnings.prefetch_related(_published_practices()).order_by(
        "created", "id"
    )
    if not can_edit:
        learnings_qs = learnings_qs.filter(is_published=True)
    learnings = list(learnings_qs)
    by_entry: dict[int, list[Learning]] = {}
    for learning in learnings:
        if learning.log_entry_id:
            by_entry.setdefault(learning.log_entry_id, []).append(learning)
    entries = list(
        project.log_entries.select_related("event", "event__format").order_by("date", "id")
    )
    timeline: list[TimelineDay] = []
    for entry in entries:
        entry.project = project  # the step label reads the template without a query
        event = entry.event
        entry.visible_event = (  # type: ignore[attr-defined]
            event if event is not None and (curator or Event.PUBLIC.holds(event)) else None
        )
        entry.visible_learnings = by_entry.get(entry.pk, [])  # type: ignore[attr-defined]
        if not timeline or timeline[-1].date != entry.date:
            timeline.append(TimelineDay(entry.date))
        timeline[-1].entries.append(entry)
    return ProjectRelations(
        partners=partners,
        approaches=list(project.approaches.select_related("action_field")),
        timeline=timeline,
        learnings=learnings,
        my_pending=[p for p in partners if p.is_mine and not p.has_consented],  # type: ignore[attr-defined]
        my_consented=[p for p in partners if p.is_mine and p.has_consented],  # type: ignore[attr-defined]
        my_partners=[p for p in partners if p.is_mine and not p.is_last_lead],  # type: ignore[attr-defined]
        recommendations=list(
            project.recommendations.filter(Publication.PUBLIC.q("publication"))
            .select_related("publication")
            .order_by("publication__published_on", "publication_id", "number")
        ),
    )


def project_partners(project: Project, user: Any) -> list[ProjectPartner]:
    """The partners, leads first; each with `is_mine` (the user is a member of it) and
    `is_last_lead` (the only lead: it can be neither removed, nor demoted, nor withdraw)."""
    user = signed_in(user)
    partners = list(
        project.partner_roles.select_related("actor", "actor__sector").order_by(
            "-is_lead", "role", "actor__name", "id"
        )
    )
    mine: set[int] = set()
    if user is not None:
        mine = set(
            Actor.objects.filter(
                memberships__user=user, pk__in=[p.actor_id for p in partners]
            ).values_list("pk", flat=True)
        )
    leads = sum(1 for p in partners if p.is_lead)
    for partner in partners:
        partner.is_mine = partner.actor_id in mine  # type: ignore[attr-defined]
        partner.is_last_lead = partner.is_lead and leads == 1  # type: ignore[attr-defined]
    return partners


def project_log_entry(project: Project, pk: int) -> ProjectLogEntry | None:
    return project.log_entries.filter(pk=pk).first()


def project_learning(project: Project, pk: int) -> Learning | None:
    return project.learnings.filter(pk=pk).first()


def praxiswerkstatt_choices(*, keep_id: int | None = None) -> QuerySet[Event]:
    """Public Praxiswerkstätten a log entry can be linked to, newest first.

    `keep_id`: the event an entry is already linked to stays choosable (even if it is no
    longer public), so that saving the entry does not drop the link unasked.
    """
    public = Event.objects.published().filter(format__slug="praxiswerkstatt").values("pk")
    condition = Q(pk__in=public)
    if keep_id is not None:
        condition |= Q(pk=keep_id)
    return Event.objects.filter(condition).order_by("-start", "id")


# --- Learnings across projects, practices, feed ----------------------------------------------


def published_learnings(user: Any = None) -> QuerySet[Learning]:
    """Published learnings of projects the user may see (the public ones for everybody)."""
    return (
        Learning.objects.filter(is_published=True, project__in=visible_projects(user))
        .select_related("project", "project__municipality", "log_entry")
        .prefetch_related(_published_practices())
        .order_by("-published_at", "-id")
    )


def matching_learnings(*, project: str = "") -> QuerySet[Learning]:
    """The published learnings of public projects (those of `/vorhaben/erkenntnisse/`), of the
    project with the slug `project` if given; unordered and without related rows: the
    open-data API orders and pages them itself (by id) and loads what its records show."""
    learnings = Learning.objects.filter(is_published=True, project__in=visible_projects(None))
    if project:
        learnings = learnings.filter(project__slug=project)
    return learnings


def learning_list_page(user: Any, number: Any) -> Page:
    return Paginator(published_learnings(user), PAGE_SIZE).get_page(number)


def projects_learnings_for(practice: Practice) -> list[Learning]:
    """Published learnings of public projects that are linked to `practice` (for its page)."""
    return list(
        Learning.objects.filter(Project.PUBLIC.q("project"), practices=practice, is_published=True)
        .select_related("project", "project__municipality")
        .order_by("-published_at", "-id")
    )


def feed_items() -> list[Project]:
    """The projects that became public most recently (public projects only)."""
    return list(
        Project.objects.public()
        .select_related("municipality", "spatial_field")
        .order_by("-public_since", "-id")[:FEED_SIZE]
    )


def public_partnerships() -> list[tuple[int, str, str, int]]:
    """(project id, title, slug, actor id) for each public actor that consented to its
    partnership in a public project — what the network derives shared-project connections
    from."""
    return list(
        ProjectPartner.objects.filter(
            Project.PUBLIC.q("project"), Actor.PUBLIC.q("actor"), consented_at__isnull=False
        )
        .order_by("project_id", "actor_id")
        .values_list("project_id", "project__title", "project__slug", "actor_id")
        .distinct()
    )


# --- An actor's projects (section "Vorhaben" on its profile) -------------------------------


def actor_projects(actor: Actor) -> list[ProjectPartner]:
    """The public projects the actor has consented to take part in, with its role."""
    return list(
        ProjectPartner.objects.filter(
            Project.PUBLIC.q("project"), actor=actor, consented_at__isnull=False
        )
        .select_related("project__municipality")
        .order_by("-project__updated", "project_id")[:20]
    )


def event_projects(event: Any) -> list[Project]:
    """The public projects whose log (Vorhabentagebuch) names the event: the projects a
    Praxiswerkstatt accompanies."""
    return list(
        Project.objects.filter(Project.PUBLIC.q(), log_entries__event=event)
        .select_related("municipality")
        .distinct()
        .order_by("title", "id")
    )


# --- News (decision 0011) --------------------------------------------------------------------


def news_projects(ids: list[int]) -> QuerySet[Project]:
    """The public projects among `ids` with their terms, public partners (a public project's
    partners have all consented) and municipality in a constant number of queries (the
    notifications app, the Themenradar)."""
    partners = Actor.objects.filter(Actor.PUBLIC.q())
    return (
        Project.objects.public()
        .filter(pk__in=ids)
        .select_related("municipality")
        .prefetch_related("approaches", Prefetch("partners", queryset=partners))
        .order_by("pk")
    )


def news_learnings(ids: list[int]) -> QuerySet[Learning]:
    """The learnings among `ids` that are published in a public project, with the project."""
    return (
        Learning.objects.filter(pk__in=ids, is_published=True, project__in=Project.objects.public())
        .select_related("project")
        .order_by("pk")
    )
