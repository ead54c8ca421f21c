"""`Practice.search_text` has one definition, `practice_search_text`: a practice written by
any path (service, admin form, factory, demo and scale data) carries its result, which is the
text save() computed before the function existed."""

from __future__ import annotations

import pytest

from quartiersnetz.core.testing import save_through_admin
from quartiersnetz.core.text import build_search_text
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices import services
from quartiersnetz.practices.models import PRACTICE_SEARCH_FIELDS, Practice, practice_search_text
from quartiersnetz.practices.tests.factories import PracticeFactory

from .test_services import author, content, org  # noqa: F401 - fixtures and data

pytestmark = pytest.mark.django_db


def former(practice: Practice) -> str:
    """What Practice.save() computed before, then the names of its terms (issue 12)."""
    return build_search_text(
        practice.title,
        practice.summary,
        practice.description,
        practice.co_creation,
        practice.organisational_structure,
        practice.financing,
        practice.cultural_strategy,
        practice.self_sustaining_dynamics,
        practice.municipality.name if practice.municipality_id and practice.municipality else "",
        practice.terms,
    )


def stored(practice: Practice) -> str:
    return Practice.objects.values_list("search_text", flat=True).get(pk=practice.pk)


def test_created_by_factory():
    practice = PracticeFactory(
        title="Bürgerbühne", co_creation="Ko-Produktion mit Anwohnerinnen", financing="Stiftung"
    )
    assert stored(practice) == practice_search_text(practice) == former(practice)
    assert "burgerbuhne" in practice.search_text
    assert "herne" in practice.search_text


def test_created_and_updated_by_the_services(author, org):  # noqa: F811
    practice = services.practice_create(user=author, organisation=org, data=content())
    assert stored(practice) == practice_search_text(practice) == former(practice)
    practice = services.practice_update(
        practice=practice,
        user=author,
        data=content(
            cultural_strategy="Theater im Schaufenster",
            municipality=Municipality.objects.get(ags="05916000"),
        ),
    )
    practice.refresh_from_db()
    assert "theater im schaufenster" in practice.search_text
    assert stored(practice) == practice_search_text(practice) == former(practice)


def test_created_and_changed_through_the_admin(curator):
    curator.is_staff = curator.is_superuser = True
    curator.save()
    template = PracticeFactory.build(organisation=PracticeFactory().organisation)
    practice = save_through_admin(
        curator, Practice, initial_from=template, title="Zwischennutzung Süd", slug="zn-sued"
    )
    assert isinstance(practice, Practice)
    assert stored(practice) == practice_search_text(practice) == former(practice)
    save_through_admin(curator, Practice, instance=practice, financing="Städtebauförderung")
    practice.refresh_from_db()
    assert "stadtebauforderung" in practice.search_text
    assert stored(practice) == practice_search_text(practice) == former(practice)


def test_parts_and_fragments_give_the_same_text():
    practice = PracticeFactory(description="## Ausgangslage\n\nViele  Läden\nstanden leer.")
    values = {name: getattr(practice, name) for name in PRACTICE_SEARCH_FIELDS[:-2]}
    values["municipality"] = practice.municipality.name
    values["terms"] = practice.terms
    assert practice_search_text(parts=values) == practice.search_text
    fragments = {
        **values,
        "description": ("## Ausgangslage", "Viele Läden", "standen leer."),
    }
    assert practice_search_text(parts=fragments) == practice.search_text
    assert practice_search_text(practice, parts={"title": ("Stadtteilladen",)}).startswith(
        "stadtteilladen ein leerstehendes"
    )
    with pytest.raises(KeyError):
        practice_search_text(parts={"title": "ohne den Rest"})
    with pytest.raises(TypeError):
        practice_search_text()


def test_terms_hold_the_names_of_every_taxonomy_term(author, org):  # noqa: F811
    from quartiersnetz.taxonomy.models import Method, PracticeKind, PracticeType

    place = PracticeKind.objects.get(slug="place")
    third_place = PracticeType.objects.get(slug="dritter-ort")
    living_lab = Method.objects.get(slug="living-lab")
    practice = services.practice_create(
        user=author,
        organisation=org,
        data=content(kind=place, type=third_place, methods=[living_lab]),
    )
    stored_terms = Practice.objects.values_list("terms", flat=True).get(pk=practice.pk)
    for name in ("Ort", "Dritter Ort", "Third place", "Living Lab"):
        assert name in stored_terms.split(" · ")
    assert "dritter ort" in stored(practice)
    practice = services.practice_update(
        practice=practice, user=author, data=content(kind=place, type=third_place, methods=[])
    )
    assert "Living Lab" not in Practice.objects.values_list("terms", flat=True).get(pk=practice.pk)
