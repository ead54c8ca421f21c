"""`Actor.search_text` has one definition, `actor_search_text`: a profile written by any path
(service, admin form, factory, demo and scale data) carries its result, which is the text the
services computed before."""

from __future__ import annotations

import pytest

from quartiersnetz.actors import services
from quartiersnetz.actors.models import ACTOR_SEARCH_FIELDS, Actor, actor_search_text
from quartiersnetz.actors.tests.factories import OrganisationFactory, PersonFactory
from quartiersnetz.core.testing import save_through_admin
from quartiersnetz.core.text import build_search_text
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import Sector

pytestmark = pytest.mark.django_db


def former(actor: Actor) -> str:
    """What services.actor_search_text computed before (the text must not change)."""
    return build_search_text(
        actor.name,
        actor.summary,
        actor.description,
        actor.offers,
        actor.seeks,
        actor.municipality.name if actor.municipality_id and actor.municipality else "",
    )


def stored(actor: Actor) -> str:
    return Actor.objects.values_list("search_text", flat=True).get(pk=actor.pk)


def test_created_by_factory():
    for actor in (
        OrganisationFactory(description="Ein Dritter Ort im Bahnhof"),
        PersonFactory(municipality=None),
    ):
        assert stored(actor) == actor_search_text(actor) == former(actor)
    assert "dritter ort" in stored(OrganisationFactory(description="Ein Dritter Ort"))
    assert OrganisationFactory(search_text="vorgegeben").search_text == "vorgegeben"


def test_created_and_updated_by_the_services(user):
    sector = Sector.objects.get(slug="stiftungen")
    actor = services.organisation_create(
        user=user,
        data={
            "name": "Bürgerstiftung Herne",
            "sector": sector,
            "municipality": Municipality.objects.get(ags="05916000"),
            "offers": "Räume",
        },
    )
    assert stored(actor) == actor_search_text(actor) == former(actor)
    actor = services.actor_update(actor=actor, user=user, data={"seeks": "Förderpartner"})
    assert "forderpartner" in stored(actor)
    assert stored(actor) == actor_search_text(actor) == former(actor)
    person = services.person_profile_save(user=user, data={"name": "Anna Weber", "sector": sector})
    assert stored(person) == actor_search_text(person) == former(person)


def test_created_and_changed_through_the_admin(curator):
    curator.is_staff = curator.is_superuser = True
    curator.save()
    template = OrganisationFactory.build(description="Werkstatt im Hinterhof")
    actor = save_through_admin(curator, Actor, initial_from=template, slug="admin-angelegt")
    assert isinstance(actor, Actor)
    assert "werkstatt im hinterhof" in stored(actor)
    assert stored(actor) == actor_search_text(actor) == former(actor)
    save_through_admin(curator, Actor, instance=actor, name="Umbenannt im Admin")
    actor.refresh_from_db()
    assert actor.search_text.startswith("umbenannt im admin")
    assert stored(actor) == actor_search_text(actor) == former(actor)


def test_parts_and_fragments_give_the_same_text():
    actor = OrganisationFactory(description="Erster Satz. Zweiter Satz.\n\n## Schwerpunkte")
    assert ACTOR_SEARCH_FIELDS[-1] == "municipality"
    fragments = {"description": ("Erster Satz.", "Zweiter Satz.", "## Schwerpunkte")}
    assert actor_search_text(actor, parts=fragments) == actor.search_text
