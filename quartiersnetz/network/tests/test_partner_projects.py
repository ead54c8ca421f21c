"""Suggestions for projects: sectors the partners lack, text, never a partner; the section."""

from __future__ import annotations

import pytest

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.core.testing import count_queries
from quartiersnetz.network import matching, partner_sections
from quartiersnetz.network.models import Suggestion
from quartiersnetz.projects.tests.factories import ProjectFactory, PublicProjectFactory
from quartiersnetz.taxonomy.models import Sector

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    partner_sections.register()  # as NetworkConfig.ready() does; kept afterwards


def test_project_gets_partners_from_missing_sectors_never_its_own():
    lead = OrganisationFactory(sector=Sector.objects.get(slug="stiftungen"))
    project = PublicProjectFactory(partner=lead, challenge="Leerstand im Kaufhaus beleben")
    helper = OrganisationFactory(
        name="Kaufhausretter",
        offers="Umnutzung leerstehender Kaufhäuser und Warenhäuser",
        sector=Sector.objects.get(slug="stadt-immobilien-projektentwicklung"),
    )
    hidden_project = ProjectFactory()  # awaiting consent: no suggestions
    matching.recompute_suggestions()
    rows = list(
        Suggestion.objects.filter(target_kind="project", target_id=project.pk).order_by("rank")
    )
    assert rows
    assert lead.pk not in [r.suggested_id for r in rows]
    assert rows[0].suggested_id == helper.pk
    codes = [r["code"] for r in rows[0].reasons]
    assert "missing_sector" in codes
    assert not Suggestion.objects.filter(target_kind="project", target_id=hidden_project.pk)


def test_project_page_section(client):
    project = PublicProjectFactory()
    others = [OrganisationFactory(name=f"Vorschlag {i}") for i in range(7)]
    before = count_queries(client, project.get_absolute_url())
    for rank, other in enumerate(others, start=1):
        Suggestion.objects.create(
            target_kind="project",
            target_id=project.pk,
            suggested=other,
            rank=rank,
            score=1.0,
            reasons=[{"code": "missing_sector"}],
        )
    response = client.get(project.get_absolute_url())
    html = response.content.decode()
    assert "Passende Partner für dieses Vorhaben" in html
    assert "Vorschlag 4" in html
    assert "Vorschlag 5" not in html
    assert "Aus einem Bereich, der Ihren Partnern noch fehlt." in html
    # Constant whatever the number of suggestions.
    assert count_queries(client, project.get_absolute_url()) == before
