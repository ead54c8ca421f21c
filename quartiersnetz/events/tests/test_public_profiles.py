"""Speakers, hosts and partners see their Werkstätten on their profile ("In Werkstätten")."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.events.models import AgendaItem, Event, EventPartner
from quartiersnetz.events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    EventPartnerFactory,
)

from .factories_public import bulk_events

pytestmark = pytest.mark.django_db


def test_profile_lists_public_events(client):
    actor = OrganisationFactory(name="Stadtlabor", slug="stadtlabor")
    AgendaItemFactory(event=EventFactory(title="Mit Vortrag")).presenters.add(actor)
    EventPartnerFactory(event=EventFactory(title="Als Gastgeberin"), actor=actor)
    EventPartnerFactory(event=EventFactory(title="Geheimer Entwurf", state="draft"), actor=actor)
    page = client.get(actor.get_absolute_url()).content.decode()
    assert "In Werkstätten" in page
    assert "Mit Vortrag" in page
    assert "Vortrag im Programm" in page
    assert "Als Gastgeberin" in page
    assert "Gastgeber*in" in page
    assert "Geheimer Entwurf" not in page


def test_profile_without_events_has_no_section(client):
    actor = OrganisationFactory()
    assert "In Werkstätten" not in client.get(actor.get_absolute_url()).content.decode()


def test_profile_query_count_constant(client, django_assert_num_queries):
    actor = OrganisationFactory(slug="viel-unterwegs")
    first = bulk_events(10, prefix="klein", agenda=True)
    for event in first[:5]:
        EventPartner.objects.create(event=event, actor=actor)
    for item in AgendaItem.objects.filter(event__in=first[5:]):
        item.presenters.add(actor)
    cache.clear()  # the profile's own part is cached: measure both requests cold
    with CaptureQueriesContext(connection) as ctx:
        client.get(actor.get_absolute_url())
    many = bulk_events(990, prefix="gross", agenda=True)
    EventPartner.objects.bulk_create(
        [EventPartner(event=e, actor=actor, role="local_partner") for e in many[:300]]
    )
    through = AgendaItem.presenters.through
    through.objects.bulk_create(
        [
            through(agendaitem_id=pk, actor_id=actor.pk)
            for pk in AgendaItem.objects.filter(event__in=many[300:600]).values_list(
                "pk", flat=True
            )
        ]
    )
    cache.clear()
    with django_assert_num_queries(len(ctx.captured_queries)):
        page = client.get(actor.get_absolute_url()).content.decode()
    assert page.count("/werkstaetten/gross-") <= 50
    assert Event.objects.count() >= 1000


def test_cached_profile_section_follows_new_talks_and_withdrawn_events(client):
    actor = OrganisationFactory(name="Stadtlabor", slug="stadtlabor-cache")
    url = actor.get_absolute_url()
    assert "In Werkstätten" not in client.get(url).content.decode()
    event = EventFactory(title="Neue Praxiswerkstatt")
    AgendaItemFactory(event=event).presenters.add(actor)  # an M2M row only
    assert "Neue Praxiswerkstatt" in client.get(url).content.decode()
    Event.objects.filter(pk=event.pk).update(state="draft")
    assert "Neue Praxiswerkstatt" not in client.get(url).content.decode()
    # Warm: the profile and the events' version only.
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx.captured_queries) == 2
