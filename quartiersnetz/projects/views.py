"""Public pages of Vorhaben: list with facets, detail with timeline, learnings, Atom feed.

Every page reads through `selectors`, whose `visible_projects(user)` keeps projects without
the consent of all partners away from everyone but partner members and curators (404).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quartiersnetz.core import sections
from quartiersnetz.core.jsonld import actor_ref, json_ld, place
from quartiersnetz.core.textquery import public_suggestion

from . import selectors
from .models import Project


@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.ProjectFilters.from_query(request.GET)
    listing = selectors.project_list_page(request.user, filters, request.GET.get("seite"))
    context = {
        "filters": filters,
        # Per-request links of higher apps ("Als Themenradar speichern"), never cached.
        "list_actions": sections.bound_actions(selectors.LIST_PAGE, request, filters),
        "facets": [f for f in listing.facets if any(v.count or v.selected for v in f.values)],
        "page": listing.page,
        # "Meinten Sie …?" (read only when rendered)
        "suggestion": lambda: public_suggestion(filters.q, Project, ("title", "summary")),
        "can_add": request.user.has_perm("projects.add_project"),
    }
    return render(request, "projects/project_list.html", context)


def _json_ld(request: HttpRequest, project: Any, partners: list[Any]) -> SafeString | str:
    """schema.org Project of a public Vorhaben with its consenting, public partners."""
    if not project.is_public:
        return ""
    data: dict[str, Any] = {
        "@type": "Project",
        "name": project.title,
        "description": project.summary,
        "url": request.build_absolute_uri(project.get_absolute_url()),
        "inLanguage": "de",
    }
    if project.municipality:
        data["location"] = place(project.municipality.name, project.municipality)
    members = [
        actor_ref(request, p.actor)
        for p in partners
        if p.consented_at is not None and not p.actor.is_hidden
    ]
    if members:
        data["member"] = members
    return json_ld(data)


@require_safe
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.project_for_detail(request.user, slug=slug)
    if project is None:
        raise Http404
    can_edit = request.user.has_perm("projects.change_project", project)
    relations = selectors.project_relations(project, request.user, can_edit=can_edit)
    steps = project.template.steps
    keys = project.template.step_keys
    current = keys.index(project.current_step) if project.current_step in keys else -1
    context = {
        "project": project,
        "json_ld": _json_ld(request, project, relations.partners),
        "relations": relations,
        "steps": [(s, i == current, i < current) for i, s in enumerate(steps)],
        "can_edit": can_edit,
        "can_manage_partners": can_edit
        and request.user.has_perm("projects.change_projectpartner", project),
        # What other apps show about the project (e.g. suggested partners); items are lazy.
        "sections": sections.bound_sections(selectors.DETAIL_SECTIONS, project),
        "actions": sections.bound_actions(selectors.DETAIL_SECTIONS, request, project),
    }
    return render(request, "projects/project_detail.html", context)


@require_safe
def learning_list(request: HttpRequest) -> HttpResponse:
    page = selectors.learning_list_page(request.user, request.GET.get("seite"))
    return render(
        request,
        "projects/learning_list.html",
        {"page": page, "filters": selectors.ProjectFilters()},
    )


class ProjectFeed(Feed[Project, None]):
    """Projects that became public, newest first (public projects only)."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Vorhaben – Quartiersnetz")

    def subtitle(self) -> str:
        return _("Lokale Vorhaben, die die Initiative mit Praxiswerkstätten begleitet.")

    def link(self) -> str:
        return reverse("projects:list")

    def items(self) -> list[Project]:
        return selectors.feed_items()

    def item_title(self, item: Project) -> str:
        return item.title

    def item_description(self, item: Project) -> str:
        return item.summary

    def item_link(self, item: Project) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Project) -> datetime.datetime | None:
        if item.public_since is None:
            return None
        return timezone.localtime(item.public_since, datetime.UTC)

    def item_updateddate(self, item: Project) -> datetime.datetime:
        return timezone.localtime(item.updated, datetime.UTC)

    def item_categories(self, item: Project) -> list[str]:
        return [item.get_phase_display(), item.spatial_field.label, item.municipality.name]
