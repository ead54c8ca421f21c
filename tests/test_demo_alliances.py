"""The sample alliances: grown around sample projects, several sectors, one lacking sectors,
idempotent. (Top-level: needs the demo app and the alliances app.)"""

from __future__ import annotations

import pytest

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.alliances.models import Alliance
from quartiersnetz.alliances.selectors import matching_targets
from quartiersnetz.demo import alliances as demo
from quartiersnetz.demo import projects as project_demo
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import Sector

pytestmark = pytest.mark.django_db

PLACES = ["04011000", "13003000", "14713000", "01004000", "09461000", "05916000", "06413000"]


@pytest.fixture
def samples(curator):
    places = list(Municipality.objects.filter(ags__in=PLACES).order_by("ags"))
    sectors = list(Sector.objects.order_by("position", "id"))
    slugs = sorted({slug for spec in project_demo.PROJECTS for slug, _role in spec.partners})
    for i, slug in enumerate(slugs):
        OrganisationFactory(
            slug=slug, name=slug, is_sample=True, municipality=places[i % 7],
            sector=sectors[i % 7],
        )  # fmt: skip
    project_demo.load(curator=curator, demo_user=None)


def test_load_is_idempotent_and_varied(samples, curator):
    first = demo.load(curator=curator)
    assert first["created"] >= 3
    assert demo.load(curator=curator) == {"created": 0, "skipped": len(demo.ALLIANCES)}
    targets = {t.id: t for t in matching_targets()}
    for alliance in Alliance.objects.all():
        assert alliance.is_sample
        assert alliance.memberships.filter(is_lead=True).count() == 1
        assert alliance.projects.count() == 1
        members = set(alliance.memberships.values_list("actor_id", flat=True))
        project_partners = set(
            Actor.objects.filter(project_roles__project__in=alliance.projects.all()).values_list(
                "pk", flat=True
            )
        )
        assert members & project_partners
    lacking = Alliance.objects.filter(slug="kulturachse-rostock").first()
    if lacking is not None:
        assert len(targets[lacking.pk].sector_ids) <= 2
    assert max(len(t.sector_ids) for t in targets.values()) >= 3
