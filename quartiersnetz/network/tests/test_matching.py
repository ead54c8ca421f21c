"""The matcher: ranking, reasons, dismissals, privacy."""

from __future__ import annotations

import pytest
from django.utils import translation

from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.network import matching
from quartiersnetz.network.models import DismissedSuggestion, Edge, Suggestion
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import ExchangeCategory, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def sector(slug):
    return Sector.objects.get(slug=slug)


def make(name, *, offers="", seeks="", sector_slug="stiftungen", **kwargs):
    return OrganisationFactory(
        name=name, offers=offers, seeks=seeks, sector=sector(sector_slug), **kwargs
    )


def top(actor):
    return list(
        Suggestion.objects.filter(target_kind="actor", target_id=actor.pk)
        .order_by("rank")
        .values_list("suggested__name", flat=True)
    )


@pytest.fixture
def population():
    seeker = make(
        "Sucher",
        seeks="Wir wollen leere Geschäfte in der Altstadt vorübergehend bespielen.",
        offers="Kontakte zu Händlern",
        sector_slug="gebietskoerperschaften",
    )
    partner = make(
        "Anbieter",
        offers="Zwischennutzung von Ladenlokalen, Pop-up-Konzepte für leerstehende Läden",
        sector_slug="kultur-soziokultur-kreativwirtschaft",
    )
    same_sector = make(
        "Gleicher Bereich",
        offers="Zwischennutzung von Ladenlokalen, Pop-up-Konzepte für leerstehende Läden",
        sector_slug="gebietskoerperschaften",
    )
    unrelated = make(
        "Fremd",
        offers="Wir backen Brot und verkaufen Kuchen",
        sector_slug="kultur-soziokultur-kreativwirtschaft",
    )
    return seeker, partner, same_sector, unrelated


def test_complementary_and_other_sector_rank_first(population):
    seeker = population[0]
    count = matching.recompute_suggestions()
    assert count == Suggestion.objects.count() > 0
    names = top(seeker)
    assert names[0] == "Anbieter"
    assert names.index("Gleicher Bereich") < names.index("Fremd")
    assert seeker.name not in names


def test_every_method_finds_the_paraphrase(population):
    seeker = population[0]
    for method in matching.TEXT_METHODS:
        matching.recompute_suggestions(method=method)
        assert top(seeker)[0] in {"Anbieter", "Gleicher Bereich"}, method


def test_categories_match_without_text():
    cat = ExchangeCategory.objects.get(slug="foerdermittel")
    a = make("A", sector_slug="gebietskoerperschaften")
    b = make("B", sector_slug="stiftungen")
    make("C", sector_slug="stiftungen")
    a.need_categories.add(cat)
    b.offer_categories.add(cat)
    matching.recompute_suggestions()
    row = Suggestion.objects.get(target_kind="actor", target_id=a.pk, rank=1)
    assert row.suggested_id == b.pk
    assert row.reasons[0]["code"] == "offers_what_you_seek"
    assert row.reasons[0]["categories"] == ["Fördermittel und Finanzierung"]


def test_reason_sentence_is_one_translated_sentence(population):
    seeker, partner = population[:2]
    matching.recompute_suggestions()
    row = Suggestion.objects.get(target_kind="actor", target_id=seeker.pk, suggested=partner)
    codes = [r["code"] for r in row.reasons]
    assert codes[0] == "offers_what_you_seek"
    assert "new_sector" in codes
    sentence = matching.reason_sentence(row.reasons)
    assert sentence.startswith("Bietet ")
    assert "was Sie suchen" in sentence
    assert "aus einem Bereich, mit dem Sie noch nicht verbunden sind" in sentence
    assert sentence.endswith(".")
    with translation.override("en"):
        assert "you are not yet connected" in matching.reason_sentence(row.reasons)


def test_connected_sector_is_not_new(population):
    seeker, partner, _same_sector, unrelated = population
    a, b = sorted([seeker.pk, unrelated.pk])
    Edge.objects.create(actor_a_id=a, actor_b_id=b)
    matching.recompute_suggestions()
    row = Suggestion.objects.get(target_kind="actor", target_id=seeker.pk, suggested=partner)
    codes = [r["code"] for r in row.reasons]
    assert "other_sector" in codes
    assert "new_sector" not in codes


def test_dismissed_and_hidden_never_suggested(population):
    seeker, partner, _same_sector, unrelated = population
    DismissedSuggestion.objects.create(actor=seeker, suggested=partner)
    unrelated.is_hidden = True
    unrelated.save()
    matching.recompute_suggestions()
    names = top(seeker)
    assert "Anbieter" not in names
    assert "Fremd" not in names
    assert not Suggestion.objects.filter(target_id=unrelated.pk, target_kind="actor").exists()
    assert not Suggestion.objects.filter(suggested=unrelated).exists()


def test_nearness_counts():
    herne = Municipality.objects.get(ags="05916000")
    berlin = Municipality.objects.get(ags="11000000")
    a = make("A", seeks="Beratung zu Förderprogrammen", municipality=herne)
    make("Nah", offers="Beratung zu Förderprogrammen", municipality=herne)
    make("Fern", offers="Beratung zu Förderprogrammen", municipality=berlin)
    matching.recompute_suggestions()
    assert top(a)[:2] == ["Nah", "Fern"]
    row = Suggestion.objects.get(target_kind="actor", target_id=a.pk, rank=1)
    assert any(r["code"] == "nearby" for r in row.reasons)


def test_recompute_replaces_rows(population):
    first = matching.recompute_suggestions()
    assert matching.recompute_suggestions() == first == Suggestion.objects.count()


def test_empty_population():
    Suggestion.objects.all().delete()
    matching.recompute_suggestions()
    from quartiersnetz.actors.models import Actor

    Actor.objects.all().delete()
    assert matching.recompute_suggestions() == 0


def test_great_circle_distances_near_far_and_unknown():
    import numpy as np

    lat = np.radians([52.52, 48.137, 52.5201, np.nan])
    lon = np.radians([13.405, 11.575, 13.405, np.nan])
    sphere = matching._on_sphere(lat, lon)
    km = matching._great_circle_km(sphere[:1], sphere)[0]
    assert km[0] == 0
    assert 500 < km[1] < 508  # Berlin – München
    assert 0.005 < km[2] < 0.02  # 11 m: near points keep their precision
    assert np.isnan(km[3])
