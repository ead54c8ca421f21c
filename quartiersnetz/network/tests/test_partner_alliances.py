"""Suggested members for an alliance: stored by the recomputation, shown on the alliance page,
never a member, favouring the sectors it lacks."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.alliances.tests.factories import AllianceFactory, MemberFactory
from quartiersnetz.network import partner_sections
from quartiersnetz.network.matching import recompute_suggestions
from quartiersnetz.network.models import Suggestion
from quartiersnetz.taxonomy.models import Sector

pytestmark = pytest.mark.django_db


def test_an_alliance_gets_suggestions_from_missing_sectors_on_its_page(client):
    partner_sections.register()
    culture = Sector.objects.get(slug="kultur-soziokultur-kreativwirtschaft")
    housing = Sector.objects.get(slug="stadt-immobilien-projektentwicklung")
    alliance = AllianceFactory(
        name="Allianz Kaufhausviertel",
        goals="Wir suchen Eigentümer und Projektentwickler für leere Ladenlokale.",
    )
    member = MemberFactory(
        alliance=alliance,
        actor=OrganisationFactory(sector=culture, offers="Kulturprogramm im Leerstand"),
    ).actor
    developer = OrganisationFactory(
        name="Projektentwicklung Kaufhausviertel GmbH",
        sector=housing,
        offers="Wir entwickeln leere Ladenlokale und Kaufhäuser mit Eigentümern.",
    )
    for index in range(4):
        OrganisationFactory(name=f"Kulturverein {index}", sector=culture, offers="Theater")

    recompute_suggestions()
    suggested = list(
        Suggestion.objects.filter(target_kind=Suggestion.Target.ALLIANCE, target_id=alliance.pk)
        .order_by("rank")
        .values_list("suggested_id", flat=True)
    )
    assert member.pk not in suggested
    assert suggested[0] == developer.pk

    cache.clear()
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "Wer die Allianz ergänzen könnte" in page
    assert "Projektentwicklung Kaufhausviertel GmbH" in page
