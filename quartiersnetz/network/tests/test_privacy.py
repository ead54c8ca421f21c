"""Privacy across every face of the network at once: the graph page and its JSON, the sector
matrix and its CSV, partner suggestions (page and JSON), connections pages, profiles and the
alliance page.

One network is computed by the real pipeline (`recompute_all`: edges → figures → suggestions).
Some people and actors in it never agreed to be shown: an expert whose profile is not public but
who attended a Werkstatt, a member whose membership is not public, and a hidden organisation —
none of them may appear on any of those pages. Others agreed to part of it: an expert with a
public profile who did not agree to the public attendee list is shown as an actor, but her
attendance connects her to no one; an actor invited to an alliance that has not accepted is
not connected through it. A public actor hidden *after* the computation vanishes at once,
before the next recomputation."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from quartiersnetz.actors.tests.factories import MembershipFactory, PersonFactory
from quartiersnetz.alliances.tests.factories import AllianceFactory, MemberFactory
from quartiersnetz.events.tests.factories import EventFactory, RegistrationFactory
from quartiersnetz.network.models import Connection, Edge
from quartiersnetz.network.recompute import recompute_all
from quartiersnetz.practices.tests.factories import PracticeActorFactory, PracticeFactory

from .graph_factories import actor, hide_seeded_actors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def network():
    hide_seeded_actors()
    city = actor(
        "gebietskoerperschaften",
        name="Stadt Lichtenfels",
        slug="stadt-lichtenfels",
        seeks="Wir suchen Ideen für leere Läden in der Altstadt.",
        offers="Kontakte in die Verwaltung",
    )
    foundation = actor(
        "stiftungen",
        name="Bürgerstiftung Obermain",
        slug="buergerstiftung-obermain",
        offers="Zwischennutzung von Ladenlokalen und Förderung",
    )
    culture = actor(
        "kultur-soziokultur-kreativwirtschaft",
        name="Kulturkollektiv Mainbogen",
        slug="kulturkollektiv-mainbogen",
        offers="Pop-up-Kultur in leeren Geschäften",
    )
    hidden = actor(
        "stadt-immobilien-projektentwicklung",
        name="Verborgene Wohnbau GmbH",
        slug="verborgene-wohnbau",
        offers="Zwischennutzung von Ladenlokalen",
        is_hidden=True,
    )
    # Shown: a confirmed connection and a shared published practice.
    Connection.objects.create(
        from_actor=city,
        to_actor=foundation,
        kind=Connection.Kind.WORKS_WITH,
        status=Connection.Status.CONFIRMED,
    )
    practice = PracticeFactory(title="Leerstand bespielen in Lichtenfels")
    for one in (city, culture, hidden):
        PracticeActorFactory(practice=practice, actor=one)
    Connection.objects.create(
        from_actor=hidden,
        to_actor=foundation,
        kind=Connection.Kind.KNOWS,
        status=Connection.Status.CONFIRMED,
    )
    # A Werkstatt with a public attendee list: one person agreed, one did not.
    event = EventFactory(public_attendee_list=True)
    shown = PersonFactory(name="Offene Expertin Ada", slug="offene-expertin-ada")
    silent = PersonFactory(name="Stille Teilnehmerin Berta", slug="stille-teilnehmerin-berta")
    private = PersonFactory(name="Private Expertin Carla", slug="private-carla", is_hidden=True)
    RegistrationFactory(event=event, user=shown.user, show_publicly=True)
    RegistrationFactory(event=event, user=silent.user, show_publicly=False)
    RegistrationFactory(event=event, user=private.user, show_publicly=True)
    MembershipFactory(organisation=culture, user=shown.user, is_public=True)
    # A member of the city whose membership is not public.
    private_member = MembershipFactory(organisation=city, is_public=False)
    # An alliance: city and culture consented, the foundation was invited and has not answered.
    alliance = AllianceFactory(name="Allianz Altstadt Lichtenfels")
    MemberFactory(alliance=alliance, actor=city)
    MemberFactory(alliance=alliance, actor=culture)
    MemberFactory(alliance=alliance, actor=foundation, actor_consented_at=None)

    result = recompute_all()
    assert result.edges > 0
    assert result.suggestions > 0
    return {
        "city": city,
        "foundation": foundation,
        "culture": culture,
        "hidden": hidden,
        "shown": shown,
        "silent": silent,
        "private": private,
        "private_member": private_member,
        "alliance": alliance,
    }


def pages(network) -> dict[str, str]:
    city, culture = network["city"], network["culture"]
    urls = {
        "graph": reverse("network:graph"),
        "graph.json": reverse("network:graph_json"),
        "sectors": reverse("network:sectors"),
        "sectors.csv": reverse("network:sectors_csv"),
        "alliance": network["alliance"].get_absolute_url(),
    }
    for one in (city, culture, network["foundation"], network["shown"], network["silent"]):
        urls[f"profile {one.slug}"] = one.get_absolute_url()
        urls[f"partners {one.slug}"] = reverse("network:partners", args=[one.slug])
        urls[f"partners.json {one.slug}"] = reverse("network:partners_json", args=[one.slug])
        urls[f"connections {one.slug}"] = reverse("network:connections", args=[one.slug])
    return urls


def bodies(client, network) -> dict[str, str]:
    out = {}
    for name, url in pages(network).items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        out[name] = response.content.decode()
    return out


def graph_slugs(client) -> set[str]:
    data = client.get(reverse("network:graph_json")).json()
    return set(data["nodes"]["slug"])


def test_no_one_without_consent_appears_on_any_network_page(client, network):
    found = bodies(client, network)
    secrets = {
        "the expert without a public profile": network["private"].name,
        "her address": network["private"].user.email,
        "the address of the expert who kept her attendance private": network["silent"].user.email,
        "the hidden organisation": network["hidden"].name,
        "the private member's name": network["private_member"].user.display_name,
        "the private member's address": network["private_member"].user.email,
    }
    for page, body in found.items():
        for what, secret in secrets.items():
            assert secret not in body, f"{what} appears on {page}"
    graph = client.get(reverse("network:graph_json")).json()
    slugs = graph["nodes"]["slug"]
    assert network["private"].slug not in slugs
    assert network["hidden"].slug not in slugs
    assert {network["city"].slug, network["culture"].slug, network["shown"].slug} <= set(slugs)
    # The expert who kept her attendance private is a public actor without any connection.
    silent = slugs.index(network["silent"].slug)
    assert graph["nodes"]["degree"][silent] == 0
    assert silent not in graph["edges"]
    assert network["shown"].name not in found[f"connections {network['silent'].slug}"]


def test_no_edge_exists_for_what_nobody_agreed_to(network):
    involved = set(Edge.objects.values_list("actor_a_id", flat=True)) | set(
        Edge.objects.values_list("actor_b_id", flat=True)
    )
    for name in ("silent", "private", "hidden"):
        assert network[name].pk not in involved, name
    # The foundation is connected to the city (confirmed), never through the alliance it has
    # not joined: that edge has the explicit connection as its only source.
    low, high = sorted([network["city"].pk, network["foundation"].pk])
    found = Edge.objects.get(actor_a_id=low, actor_b_id=high)
    assert found.explicit_kinds == Connection.Kind.WORKS_WITH
    assert found.sources == []


def test_the_alliance_page_lists_only_members_who_consented(client, network):
    body = client.get(network["alliance"].get_absolute_url()).content.decode()
    members = body.split('id="h-members"', 1)[1].split("</section>", 1)[0]
    assert network["city"].name in members
    assert network["culture"].name in members
    assert network["foundation"].name not in members


def test_the_matrix_counts_only_public_actors_and_pairs(client, network):
    text = client.get(reverse("network:sectors_csv")).content.decode().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    property_sector = "Stadt-, Immobilien- und Projektentwicklung"
    for row in rows:
        if property_sector in (row[0], row[1]):
            # The sector's only actor is hidden: no actor and no pair counts.
            assert row[0] != property_sector or row[2] == "0", row
            assert row[4] == "0", row
    pairs = sum(int(row[4]) for row in rows if row[0] <= row[1])
    assert pairs == Edge.objects.count() > 0


def test_an_actor_hidden_after_the_computation_vanishes_before_the_next(client, network):
    culture = network["culture"]
    assert culture.name in client.get(network["city"].get_absolute_url()).content.decode()
    culture.is_hidden = True
    culture.save()

    found = bodies(client, {**network, "culture": network["city"]})
    for page, body in found.items():
        assert culture.name not in body, f"the hidden actor still appears on {page}"
    assert culture.slug not in graph_slugs(client)
    assert client.get(reverse("network:partners", args=[culture.slug])).status_code == 404
    assert client.get(reverse("network:partners_json", args=[culture.slug])).status_code == 404
