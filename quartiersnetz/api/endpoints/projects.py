"""`/api/v1/projects` and `/api/v1/learnings`: the public Vorhaben and their published
Erkenntnisse.

Projects are read through `projects.selectors.matching_projects` (what `/vorhaben/` shows to
everybody: the projects all of whose partners consented), a project's log, learnings and
recommendations through `projects.selectors.project_relations` as its page shows them to a
visitor. Partners appear only while their profiles are public (and with their consent, which
every partner of a public project has given), practices — those the project's published
learnings name — only while they are published, a log entry's Praxiswerkstatt only while it is
public. Nothing of who consented or wrote an entry, and no unpublished learning.

Learnings are read through `projects.selectors.matching_learnings` (what
`/vorhaben/erkenntnisse/` shows: the published learnings of public projects). Whether a learning
is public also depends on its project, so `updated_since` counts a change of the project as a
change of its learnings (tombstones for the learnings of a project that stopped being public).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from ninja import Router, Schema

from quartiersnetz.actors.models import Actor
from quartiersnetz.core import params
from quartiersnetz.events.models import Event
from quartiersnetz.places.models import Municipality, State
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.selectors import published_practices
from quartiersnetz.projects import selectors
from quartiersnetz.projects.models import (
    Learning,
    Method,
    Project,
    ProjectLogEntry,
    ProjectPartner,
    method_template,
)
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.taxonomy import models as taxonomy

from ..lists import (
    SLUG_PATTERN,
    Check,
    Filter,
    detail_openapi,
    digits,
    list_openapi,
    list_response,
    one_of,
    parse_list_params,
    record_lookup,
    record_response,
)
from ..lists import term_of as term_filter
from ..lists import text as text_filter
from ..parents import Parent, list_response_with_parents, record_id
from ..records import (
    ChoiceLabels,
    CodedOut,
    LinkOut,
    LocationOut,
    MunicipalityOut,
    PageOut,
    RelatedTerms,
    TombstoneOut,
    Urls,
    location,
    municipality,
    state_labels,
    term,
    terms,
)
from ..responses import reject_unknown

projects_router = Router(tags=["projects"])
learnings_router = Router(tags=["learnings"])

FILTERS = [
    Filter("q", text_filter(), "Volltext (Titel, Beschreibung, Herausforderung, Ort)"),
    Filter("phase", one_of(Project.Phase.values), "Phase des Vorhabens"),
    Filter("method", one_of(Method.values), "Methodenvorlage der Begleitung"),
    Filter("spatial_field", term_filter(taxonomy.SpatialField), "Räumliches Handlungsfeld"),
    Filter("action_field", term_filter(taxonomy.ActionField), "Handlungsfeld"),
    Filter("state", one_of(State.values), "Bundesland (Schlüssel, z. B. 05)"),
    Filter("municipality", digits(8), "Gemeinde (AGS, 8 Ziffern)"),
]
# The tables a project record reads (their data versions make the ETag; Learning brings its
# practices' table along).
MODELS = [
    Project,
    ProjectPartner,
    Learning,
    Actor,
    Practice,
    Municipality,
    taxonomy.SpatialField,
    taxonomy.ActionField,
    taxonomy.Approach,
]
# The detail adds the log with its Praxiswerkstätten and the recommendations tried.
DETAIL_MODELS = [*MODELS, ProjectLogEntry, Event, Recommendation, Publication]
# What a list row never needs.
LIST_DEFERRED = ("description", "challenge", "search_text")


def _public_project(raw: str) -> str:
    """The slug of a public project (one that is not public is as unknown as one that does not
    exist)."""
    value = raw.strip()
    if not params.slug_value({"v": value}, "v"):
        raise ValueError("Ein Kurzname aus Kleinbuchstaben, Ziffern und Bindestrichen.")
    if not selectors.matching_projects(selectors.ProjectFilters()).filter(slug=value).exists():
        raise ValueError(f"Kein öffentliches Vorhaben „{value}“. Siehe /api/v1/projects.")
    return value


public_project = Check(_public_project, {"type": "string", "pattern": SLUG_PATTERN})

LEARNING_FILTERS = [
    Filter("project", public_project, "Vorhaben (Kurzname eines öffentlichen Vorhabens)"),
]
LEARNING_MODELS = [Learning, Project, ProjectLogEntry, Practice, Municipality]
# A learning is public only while its project is: a change of the project counts for it.
LEARNING_PARENTS = [Parent("project_id", Project)]


# --- Schemas ----------------------------------------------------------------------------------


class ProjectPartnerOut(LinkOut):
    role: CodedOut
    is_lead: bool  # federführend


class ProjectOut(Schema):
    id: int
    slug: str
    url: str
    title: str
    summary: str
    phase: CodedOut
    method: CodedOut  # the method template: design_thinking, living_lab or none
    current_step: CodedOut | None  # the template's step the accompaniment is in
    spatial_field: CodedOut
    action_field: CodedOut | None
    approaches: list[CodedOut]
    municipality: MunicipalityOut
    location: LocationOut | None  # the municipality's centre
    partners: list[ProjectPartnerOut]
    practices: list[LinkOut]  # named by its published learnings, while published
    public_since: datetime.datetime | None
    is_sample: bool
    updated: datetime.datetime


class MethodStepOut(CodedOut):
    description: str
    current: bool
    done: bool


class LearningLinkOut(Schema):
    id: int
    title: str
    url: str


class LogEntryOut(Schema):
    id: int
    date: datetime.date
    title: str
    body: str
    step: CodedOut | None
    event: LinkOut | None  # a public Praxiswerkstatt
    learnings: list[LearningLinkOut]


class TriedRecommendationOut(Schema):
    id: int
    number: int
    title: str
    url: str
    publication: LinkOut


class ProjectDetailOut(ProjectOut):
    description: str
    challenge: str
    steps: list[MethodStepOut]
    log: list[LogEntryOut]
    learnings: list[LearningLinkOut]
    recommendations: list[TriedRecommendationOut]


class ProjectListOut(PageOut):
    results: list[ProjectOut | TombstoneOut]


class LearningLogEntryOut(Schema):
    id: int
    date: datetime.date
    title: str


class LearningOut(Schema):
    id: int
    url: str
    title: str
    body: str
    project: LinkOut
    municipality: MunicipalityOut  # the project's
    log_entry: LearningLogEntryOut | None
    practices: list[LinkOut]  # published ones only
    published_at: datetime.datetime | None
    updated: datetime.datetime


class LearningListOut(PageOut):
    results: list[LearningOut | TombstoneOut]


# --- Records ----------------------------------------------------------------------------------


def _labels(code: str, label: Any) -> dict[str, str]:
    with translation.override("de"):
        german = str(label)
    with translation.override("en"):
        english = str(label)
    return {"code": code, "name_de": german, "name_en": english}


def _public_partner(partner: ProjectPartner) -> bool:
    return partner.consented_at is not None and Actor.PUBLIC.holds(partner.actor)


class _Serializer:
    def __init__(self, request: HttpRequest) -> None:
        self.urls = Urls(request)
        self.states = state_labels()
        self.phases = ChoiceLabels(Project.Phase)
        self.methods = ChoiceLabels(Method)
        self.roles = ChoiceLabels(ProjectPartner.Role)
        self.steps: dict[tuple[str, str], dict[str, str] | None] = {}

    def link(self, view: str, pk: int, slug: str, name: str) -> dict[str, Any]:
        return {"id": pk, "slug": slug, "name": name, "url": self.urls(view, slug)}

    def practice_link(self, practice: Practice) -> dict[str, Any]:
        return self.link("practices:detail", practice.pk, practice.slug, practice.title)

    def practice_links(self, practices: Iterable[tuple[int, str, str]]) -> list[dict[str, Any]]:
        return [self.link("practices:detail", pk, slug, title) for pk, slug, title in practices]

    def step(self, method: str, key: str) -> dict[str, str] | None:
        """A step of the method template as a coded value (its label in both languages)."""
        if (method, key) not in self.steps:
            found = method_template(method).step(key) if key else None
            self.steps[method, key] = _labels(found.key, found.label) if found else None
        return self.steps[method, key]

    def learning_link(self, project: Project, learning: Learning) -> dict[str, Any]:
        url = self.urls("projects:detail", project.slug) + f"#erkenntnis-{learning.pk}"
        return {"id": learning.pk, "title": learning.title, "url": url}

    def record(
        self,
        project: Project,
        *,
        approaches: list[dict[str, str]],
        partners: Iterable[ProjectPartner],
        practices: list[dict[str, Any]],
    ) -> dict[str, Any]:
        return {
            "id": project.pk,
            "slug": project.slug,
            "url": self.urls("projects:detail", project.slug),
            "title": project.title,
            "summary": project.summary,
            "phase": self.phases(project.phase),
            "method": self.methods(project.method),
            "current_step": self.step(project.method, project.current_step),
            "spatial_field": term(project.spatial_field),
            "action_field": term(project.action_field),
            "approaches": approaches,
            "municipality": municipality(project.municipality, self.states),
            "location": location(None, None, project.municipality),
            "partners": [
                {
                    **self.link(
                        "actors:detail", partner.actor.pk, partner.actor.slug, partner.actor.name
                    ),
                    "role": self.roles(partner.role),
                    "is_lead": partner.is_lead,
                }
                for partner in partners
            ],
            "practices": practices,
            "public_since": project.public_since,
            "is_sample": project.is_sample,
            "updated": project.updated,
        }

    def detail(self, project: Project) -> dict[str, Any]:
        """The record with what the project page shows a visitor (`project_relations`)."""
        relations = selectors.project_relations(project, None, can_edit=False)
        practices = {
            practice.pk: practice
            for learning in relations.learnings
            for practice in getattr(learning, "published_practices", [])
        }
        keys = project.template.step_keys
        current = keys.index(project.current_step) if project.current_step in keys else -1
        steps = [
            {
                **_labels(step.key, step.label),
                "description": _german(step.description),
                "current": index == current,
                "done": index < current,
            }
            for index, step in enumerate(project.template.steps)
        ]
        log = []
        for day in relations.timeline:
            for entry in day.entries:
                event = getattr(entry, "visible_event", None)
                log.append(
                    {
                        "id": entry.pk,
                        "date": entry.date,
                        "title": entry.title,
                        "body": entry.body,
                        "step": self.step(project.method, entry.step),
                        "event": (
                            self.link("events:detail", event.pk, event.slug, event.title)
                            if event is not None
                            else None
                        ),
                        "learnings": [
                            self.learning_link(project, learning)
                            for learning in getattr(entry, "visible_learnings", [])
                        ],
                    }
                )
        recommendations = []
        for recommendation in relations.recommendations:
            publication = recommendation.publication
            link = self.link(
                "publications:detail", publication.pk, publication.slug, publication.title
            )
            recommendations.append(
                {
                    "id": recommendation.pk,
                    "number": recommendation.number,
                    "title": recommendation.title,
                    "url": f"{link['url']}#{recommendation.anchor}",
                    "publication": link,
                }
            )
        return {
            **self.record(
                project,
                approaches=terms(relations.approaches),
                partners=[p for p in relations.partners if _public_partner(p)],
                practices=[
                    self.practice_link(practice)
                    for practice in sorted(practices.values(), key=lambda p: (p.title, p.pk))
                ],
            ),
            "description": project.description,
            "challenge": project.challenge,
            "steps": steps,
            "log": log,
            "learnings": [
                self.learning_link(project, learning) for learning in relations.learnings
            ],
            "recommendations": recommendations,
        }

    def learning(self, learning: Learning) -> dict[str, Any]:
        project = learning.project
        entry = learning.log_entry
        return {
            **self.learning_link(project, learning),
            "body": learning.body,
            "project": self.link("projects:detail", project.pk, project.slug, project.title),
            "municipality": municipality(project.municipality, self.states),
            "log_entry": (
                {"id": entry.pk, "date": entry.date, "title": entry.title}
                if entry is not None
                else None
            ),
            "practices": [
                self.practice_link(practice)
                for practice in getattr(learning, "published_practices", [])
            ],
            "published_at": learning.published_at,
            "updated": learning.updated,
        }


def _german(text: Any) -> str:
    with translation.override("de"):
        return str(text)


class _PageRelations:
    """What the records of a page of projects list, for all of them at once: approaches,
    public partners (leads first, as the page orders them) and the published practices their
    published learnings name (one query each)."""

    def __init__(self, rows: Sequence[Project]) -> None:
        ids = [row.pk for row in rows]
        self.approaches = RelatedTerms(Project, ("approaches",), rows)
        self.partners: dict[int, list[ProjectPartner]] = defaultdict(list)
        partners = (
            ProjectPartner.objects.filter(project_id__in=ids, consented_at__isnull=False)
            .filter(Actor.PUBLIC.q("actor"))
            .select_related("actor")
            .only(
                "id",
                "project_id",
                "role",
                "is_lead",
                "consented_at",
                "actor__id",
                "actor__slug",
                "actor__name",
                "actor__is_hidden",
            )
            .order_by("-is_lead", "role", "actor__name", "id")
        )
        for partner in partners:
            self.partners[partner.project_id].append(partner)
        # (id, slug, title) of each project's practices, by title, each once.
        self.practices: dict[int, dict[int, tuple[int, str, str]]] = defaultdict(dict)
        # Both conditions in one filter(): the same learning is of a page's project and
        # published, and `values_list` reads that learning's project (the join is reused).
        practices = (
            published_practices()
            .filter(project_learnings__project_id__in=ids, project_learnings__is_published=True)
            .order_by("title", "id")
            .values_list("project_learnings__project_id", "id", "slug", "title")
        )
        for project_id, pk, slug, title in practices:
            self.practices[project_id].setdefault(pk, (pk, slug, title))

    def record(self, serializer: _Serializer, project: Project) -> dict[str, Any]:
        return serializer.record(
            project,
            approaches=self.approaches("approaches", project.pk),
            partners=self.partners.get(project.pk, []),
            practices=serializer.practice_links(self.practices.get(project.pk, {}).values()),
        )


def _projects(filters: selectors.ProjectFilters) -> QuerySet[Project]:
    return selectors.matching_projects(filters).select_related(
        "municipality", "spatial_field", "action_field"
    )


def _learnings(project: str = "") -> QuerySet[Learning]:
    return (
        selectors.matching_learnings(project=project)
        .select_related("project__municipality", "log_entry")
        .defer(
            "project__description",
            "project__challenge",
            "project__search_text",
            "log_entry__body",
        )
    )


def _learning_practices() -> Prefetch[Any]:
    # Published ones only, by title (as the pages list them).
    return Prefetch(
        "practices",
        queryset=published_practices().only("id", "slug", "title").order_by("title", "id"),
        to_attr="published_practices",
    )


# --- Projects ---------------------------------------------------------------------------------


@projects_router.get(
    "",
    response=ProjectListOut,
    summary="Vorhaben / projects",
    openapi_extra=list_openapi(FILTERS),
)
def project_list(request: HttpRequest) -> HttpResponse:
    """Public projects in ascending id order, filtered as on `/vorhaben/`."""
    list_params = parse_list_params(request, FILTERS)
    filters = selectors.ProjectFilters.from_query(list_params.filter_query())
    queryset = _projects(filters).defer(*LIST_DEFERRED)
    if ags := list_params.filters.get("municipality"):
        queryset = queryset.filter(municipality__ags=ags)
    serializer = _Serializer(request)

    def serialize(rows: list[Project]) -> list[dict[str, Any]]:
        related = _PageRelations(rows)
        return [related.record(serializer, row) for row in rows]

    return list_response(
        request, queryset=queryset, list_params=list_params, serialize=serialize, models=MODELS
    )


@projects_router.get(
    "/{key}",
    response=ProjectDetailOut,
    summary="Ein Vorhaben / one project",
    openapi_extra=detail_openapi(),
)
def project_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One public project by its id or slug, with its description, method steps, log,
    learnings and the recommendations tried in it."""
    reject_unknown(request, set())
    lookup = record_lookup(key)

    def record() -> dict[str, Any]:
        project = _projects(selectors.ProjectFilters()).filter(**lookup).first()
        if project is None:
            raise Http404(f"Kein öffentliches Vorhaben „{key}“.")
        return _Serializer(request).detail(project)

    return record_response(request, record=record, models=DETAIL_MODELS, key=key)


# --- Learnings --------------------------------------------------------------------------------


@learnings_router.get(
    "",
    response=LearningListOut,
    summary="Erkenntnisse aus den Vorhaben / learnings",
    openapi_extra=list_openapi(LEARNING_FILTERS),
)
def learning_list(request: HttpRequest) -> HttpResponse:
    """Published learnings of public projects in ascending id order, as on
    `/vorhaben/erkenntnisse/`."""
    list_params = parse_list_params(request, LEARNING_FILTERS)
    serializer = _Serializer(request)

    def serialize(rows: list[Learning]) -> list[dict[str, Any]]:
        prefetch_related_objects(rows, _learning_practices())
        return [serializer.learning(row) for row in rows]

    return list_response_with_parents(
        request,
        queryset=_learnings(list_params.filters.get("project", "")),
        list_params=list_params,
        serialize=serialize,
        models=LEARNING_MODELS,
        parents=LEARNING_PARENTS,
    )


@learnings_router.get(
    "/{key}",
    response=LearningOut,
    summary="Eine Erkenntnis / one learning",
    openapi_extra=detail_openapi(),
)
def learning_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One published learning of a public project, by its id."""
    reject_unknown(request, set())
    pk = record_id(key)

    def record() -> dict[str, Any]:
        learning = _learnings().filter(pk=pk).first() if pk is not None else None
        if learning is None:
            raise Http404(f"Keine veröffentlichte Erkenntnis „{key}“.")
        prefetch_related_objects([learning], _learning_practices())
        return _Serializer(request).learning(learning)

    return record_response(request, record=record, models=LEARNING_MODELS, key=key)
