"""The own area lists the connection proposals that wait for the user's answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.network import services as network_services

pytestmark = pytest.mark.django_db


def test_proposals_to_my_organisation_are_listed_with_a_link_to_answer(client):
    mine = MembershipFactory(organisation__name="Kulturverein Süd")
    theirs = MembershipFactory(organisation__name="Stadtwerke Mitte")
    connection = network_services.connection_propose(
        user=theirs.user, from_actor=theirs.organisation, to_actor=mine.organisation, kind="knows"
    )
    client.force_login(mine.user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Vorgeschlagene Verbindungen" in page
    assert "Stadtwerke Mitte" in page
    assert reverse("network:connections", args=[mine.organisation.slug]) in page

    # The proposing side sees no answer to give.
    client.force_login(theirs.user)
    assert (
        "Vorgeschlagene Verbindungen"
        not in client.get(reverse("accounts:dashboard")).content.decode()
    )
    assert connection.pk
