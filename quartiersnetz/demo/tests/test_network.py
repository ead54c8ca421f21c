"""The sample network: explicit connections across sectors, a proposal for the demo login,
and a computed network after `demo_data`."""

from __future__ import annotations

import pytest

from quartiersnetz.accounts.models import User
from quartiersnetz.demo import actors as actor_demo
from quartiersnetz.demo import network as network_demo
from quartiersnetz.demo.actors import DEMO_EMAIL
from quartiersnetz.network.models import Connection, Edge

pytestmark = pytest.mark.django_db


def test_sample_connections_bridge_sectors_and_wait_for_the_demo_login():
    actor_demo.load()
    demo_user = User.objects.get(email=DEMO_EMAIL)
    result = network_demo.load(demo_user=demo_user)

    connections = Connection.objects.select_related("from_actor", "to_actor")
    assert result["created"] == connections.count() > 30
    confirmed = connections.filter(status=Connection.Status.CONFIRMED)
    assert all(c.from_actor.sector_id != c.to_actor.sector_id for c in confirmed)
    assert connections.filter(
        status=Connection.Status.PROPOSED, to_actor__memberships__user=demo_user
    ).exists()
    assert Edge.objects.count() == result["edges"] >= confirmed.count() - 5

    again = network_demo.load(demo_user=demo_user)
    assert again["created"] == 0
    assert Connection.objects.count() == result["created"]
