"""The Vorhaben a Handlungsempfehlung is tried in, linked by curators from the recommendation
editor (/kuration/impulse/<slug>/empfehlungen/<n>/), and shown both ways: on the project's page
(`selectors.project_relations`) and as "Erprobt in Vorhaben" on the publication's page.

The relation is `Project.recommendations` (this app is above publications, so it owns it). This
module contributes the editor's picker and the publication section (`register`), answers the
picker's form (`recommendation_projects_link`) and writes through
`recommendation_projects_set` (the service, audited). The shape they share with the editor's
other pickers lives in publications: `recommendation_picker`, `recommendation_links_set`,
`recommendation_link_view`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartiersnetz.accounts.models import User
from quartiersnetz.core import sections
from quartiersnetz.core.picker import Picker, PickerItem
from quartiersnetz.publications import selectors as publication_selectors
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.publications.selectors import RecommendationEditor, recommendation_picker
from quartiersnetz.publications.services import recommendation_links_set
from quartiersnetz.publications.views_curation import recommendation_link_view

from .models import Project

PICKER_NAME = "vorhaben"
EDITOR_SECTION_ORDER = 20
PUBLICATION_SECTION_ORDER = 20


# --- service ------------------------------------------------------------------------------


@transaction.atomic
def recommendation_projects_set(
    *, user: User | None, recommendation: Recommendation, projects: Iterable[Project]
) -> Recommendation:
    """Set the Vorhaben the recommendation is tried in. Projects not (yet) public may be
    linked; public pages show only public ones."""
    changed = recommendation_links_set(
        user=user,
        recommendation=recommendation,
        through=Project.recommendations.through,
        column="project_id",
        ids=[p.pk for p in projects],
        action="recommendation.link_projects",
    )
    # The project pages and the publication's section follow `updated`.
    if changed:
        Project.objects.filter(pk__in=changed).update(updated=timezone.now())
    return recommendation


# --- selectors ----------------------------------------------------------------------------


def _item(project: Project) -> PickerItem:
    hint = project.municipality.name if project.municipality_id else ""
    if not Project.PUBLIC.holds(project):
        state = str(project.get_state_display())
        hint = f"{hint}, {state}" if hint else state
    return PickerItem(pk=project.pk, label=project.title, hint=hint, url=project.get_absolute_url())


def project_picker(editor: RecommendationEditor) -> Picker:
    """The editor's picker: the projects linked now and those found (two queries at most)."""
    return recommendation_picker(
        editor,
        name=PICKER_NAME,
        heading=_("Vorhaben, in denen sie erprobt wird"),
        hint=_("Öffentlich erscheinen nur öffentliche Vorhaben."),
        action="projects:recommendation_projects",
        records=Project.objects.select_related("municipality").only(
            "id", "title", "slug", "state", "municipality__id", "municipality__name"
        ),
        item=_item,
        order=("title", "id"),
    )


def recommendation_projects(
    publication: Publication,
) -> list[tuple[Recommendation, list[Project]]]:
    """For each recommendation of the publication, the public projects it is tried in, in the
    recommendations' order; those without projects are left out (one query)."""
    links = (
        Project.recommendations.through.objects.filter(
            recommendation__publication=publication, project__in=Project.objects.public()
        )
        .select_related("recommendation", "project__municipality")
        .order_by("recommendation__number", "project__title", "project_id")
    )
    grouped: dict[int, tuple[Recommendation, list[Project]]] = {}
    for link in links:
        grouped.setdefault(link.recommendation_id, (link.recommendation, []))[1].append(
            link.project
        )
    return list(grouped.values())


def register() -> None:
    sections.register(
        publication_selectors.RECOMMENDATION_EDITOR_SECTIONS,
        name="projects",
        template="projects/partials/_recommendation_picker.html",
        items=project_picker,
        models=(Project,),
        order=EDITOR_SECTION_ORDER,
    )
    sections.register(
        publication_selectors.DETAIL_SECTIONS,
        name="projects",
        template="projects/partials/_publication_section.html",
        items=recommendation_projects,
        models=(Project,),
        order=PUBLICATION_SECTION_ORDER,
    )


# --- view ---------------------------------------------------------------------------------


recommendation_projects_link = recommendation_link_view(
    records=lambda ids: Project.objects.filter(pk__in=ids),
    save=lambda *, records, **kwargs: recommendation_projects_set(projects=records, **kwargs),
    saved=gettext_lazy("Die Vorhaben der Empfehlung sind gespeichert."),
    picker_name=PICKER_NAME,
)
