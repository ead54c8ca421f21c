"""`Project.search_text` has one definition, `project_search_text`: a project written by any
path (service, admin form, factory, demo data) carries its result, which is the text save()
computed before."""

from __future__ import annotations

import pytest

from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.core.testing import save_through_admin
from quartiersnetz.core.text import build_search_text
from quartiersnetz.projects import services
from quartiersnetz.projects.models import Project, project_search_text
from quartiersnetz.projects.tests.factories import ProjectFactory

from .test_services import data

pytestmark = pytest.mark.django_db


def former(project: Project) -> str:
    """What Project.save() computed before (the text must not change)."""
    return build_search_text(
        project.title,
        project.summary,
        project.description,
        project.challenge,
        project.municipality.name if project.municipality_id and project.municipality else "",
    )


def stored(project: Project) -> str:
    return Project.objects.values_list("search_text", flat=True).get(pk=project.pk)


def test_created_by_factory():
    for project in (ProjectFactory(), ProjectFactory(challenge="", description="")):
        assert stored(project) == project_search_text(project) == former(project)


def test_created_and_updated_by_the_services():
    membership = MembershipFactory()
    project = services.project_create(
        user=membership.user, organisation=membership.organisation, data=data()
    )
    assert stored(project) == project_search_text(project) == former(project)
    project = services.project_update(
        project=project, user=membership.user, data=data(challenge="Leerstand am Bahnhof")
    )
    assert "leerstand am bahnhof" in stored(project)
    assert stored(project) == project_search_text(project) == former(project)


def test_created_and_changed_through_the_admin(curator):
    curator.is_staff = curator.is_superuser = True
    curator.save()
    template = ProjectFactory.build(challenge="Ein leeres Kaufhaus")
    project = save_through_admin(curator, Project, initial_from=template, slug="admin-vorhaben")
    assert isinstance(project, Project)
    assert stored(project) == project_search_text(project) == former(project)
    save_through_admin(curator, Project, instance=project, description="Ein Haus für Vereine")
    project.refresh_from_db()
    assert "ein haus fur vereine" in project.search_text
    assert stored(project) == project_search_text(project) == former(project)
