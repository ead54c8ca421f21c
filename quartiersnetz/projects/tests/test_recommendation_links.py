"""The Vorhaben a recommendation is tried in: the editor's picker (a section of the
publications app's page), its POST URL (permission matrix), the audited service and the links
both ways on the public pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.core.testing import count_queries
from quartiersnetz.projects.recommendation_links import recommendation_projects_set
from quartiersnetz.projects.tests.factories import ProjectFactory, PublicProjectFactory
from quartiersnetz.publications.tests.factories import PublicationFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

URL = "/vorhaben/empfehlungen/papier/1/"
EDITOR = "/kuration/impulse/papier/empfehlungen/1/"


@pytest.fixture
def recommendation():
    return RecommendationFactory(
        publication=PublicationFactory(slug="papier"), number=1, title="Im Mikroquartier beginnen"
    )


@pytest.fixture
def curator_user():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=CURATOR_GROUP))
    return user


@pytest.mark.parametrize("role", ["anonymous", "member", "other_member", "curator"])
def test_link_url_matrix(client, recommendation, curator_user, role):
    project = PublicProjectFactory()
    users = {
        "anonymous": None,
        "member": MembershipFactory().user,
        "other_member": MembershipFactory().user,
        "curator": curator_user,
    }
    if users[role] is not None:
        client.force_login(users[role])
    response = client.post(URL, {"pick": [project.pk]})
    linked = list(recommendation.projects.all())
    if role == "curator":
        assert response.status_code == 302
        assert response["Location"] == f"{EDITOR}#picker-vorhaben"
        assert linked == [project]
        return
    assert linked == []
    assert not AuditEntry.objects.filter(action="recommendation.link_projects").exists()
    if role == "anonymous":
        assert "/konto/login/" in response["Location"]
    else:
        assert response.status_code == 403


def test_service_sets_exactly_and_audits(recommendation, curator_user):
    a, b = PublicProjectFactory(), ProjectFactory()
    recommendation_projects_set(user=curator_user, recommendation=recommendation, projects=[a, b])
    recommendation_projects_set(user=curator_user, recommendation=recommendation, projects=[a])
    assert list(recommendation.projects.all()) == [a]
    changes = list(
        AuditEntry.objects.filter(action="recommendation.link_projects")
        .order_by("pk")
        .values_list("changes", flat=True)
    )
    assert changes == [
        {"added": sorted([a.pk, b.pk]), "removed": []},
        {"added": [], "removed": [b.pk]},
    ]


def test_no_js_picker_flow(client, recommendation, curator_user):
    project = ProjectFactory(title="Quartierslabor Kalk")  # not public yet: still pickable
    client.force_login(curator_user)
    html = client.get(EDITOR, {"vorhaben": "kalk"}).content.decode()
    assert f'name="pick" value="{project.pk}"' in html
    client.post(URL, {"pick": [project.pk]})
    html = client.get(EDITOR).content.decode()
    assert f'name="keep" value="{project.pk}"' in html
    client.post(URL)  # everything unticked
    assert not recommendation.projects.exists()


def test_pages_link_both_ways(client, recommendation, curator_user):
    public = PublicProjectFactory(title="Quartierslabor Offenbach")
    hidden = ProjectFactory(title="Noch nicht öffentlich")
    recommendation_projects_set(
        user=curator_user, recommendation=recommendation, projects=[public, hidden]
    )
    publication_html = client.get("/impulse/papier/").content.decode()
    assert "Erprobt in Vorhaben" in publication_html
    assert f'href="{public.get_absolute_url()}"' in publication_html
    assert "Noch nicht öffentlich" not in publication_html
    project_html = client.get(public.get_absolute_url()).content.decode()
    assert "Handlungsempfehlungen, die hier erprobt werden" in project_html
    assert f'href="{recommendation.get_absolute_url()}"' in project_html


@pytest.mark.parametrize("n", [2, 20])
def test_publication_page_query_count_is_constant(client, curator_user, n):
    publication = PublicationFactory(slug="viele")
    for i in range(n):
        rec = RecommendationFactory(publication=publication, number=i + 1)
        recommendation_projects_set(
            user=curator_user, recommendation=rec, projects=[PublicProjectFactory()]
        )
    assert count_queries(client, "/impulse/viele/") == 7
