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


FILLER_OFFERS = [
    "Beratung zu Fördermitteln der Städtebauförderung",
    "Moderation von Bürgerversammlungen und Beteiligungsformaten",
    "Räume für Vereine und Initiativen im Stadtteil",
    "Architektur und Umbau von Bestandsgebäuden",
    "Kontakte zur lokalen Wirtschaft und zum Einzelhandel",
    "Kulturprogramme für Plätze und Innenhöfe",
    "Daten und Analysen zur Bevölkerungsentwicklung",
    "Ehrenamtliche Helferinnen und Helfer für Nachbarschaftsfeste",
]
FILLER_SEEKS = [
    "Partner für ein gemeinsames Quartiersfest",
    "Wir suchen Fachleute für Mobilität im ländlichen Raum",
    "Unterstützung bei der Finanzierung eines Dorfladens",
    "Ideen für die Belebung des Marktplatzes",
    "",
]


@pytest.fixture
def crowd(population):
    """The population plus 36 actors with ordinary texts, sectors, places, categories and a
    few connections: enough rows for the two-step scoring to choose."""
    sectors = list(Sector.objects.order_by("pk"))
    places = list(Municipality.objects.exclude(latitude=None).order_by("pk")[:6])
    cats = list(ExchangeCategory.objects.order_by("pk")[:4])
    actors = list(population)
    for i in range(36):
        actor = make(
            f"Mitwirkende {i:02d}",
            offers=f"{FILLER_OFFERS[i % 8]}. {FILLER_OFFERS[(i * 3 + 1) % 8]}",
            seeks=FILLER_SEEKS[i % 5],
            sector_slug=sectors[i % len(sectors)].slug,
            municipality=places[i % len(places)] if places and i % 7 else None,
        )
        if i % 4 == 0:
            actor.offer_categories.add(cats[i % len(cats)])
        if i % 5 == 0:
            actor.need_categories.add(cats[(i + 1) % len(cats)])
        actors.append(actor)
    for a, b in zip(actors[4::5], actors[5::5], strict=False):
        low, high = sorted((a.pk, b.pk))
        Edge.objects.create(actor_a_id=low, actor_b_id=high, weight=1)
    return actors


def suggestion_rows():
    return sorted(
        Suggestion.objects.filter(target_kind="actor").values_list(
            "target_id", "rank", "suggested_id", "score", "reasons"
        )
    )


def test_two_step_scoring_equals_the_exact_one_when_every_actor_is_a_candidate(crowd, monkeypatch):
    matching.recompute_suggestions()
    exact = suggestion_rows()
    n = len(matching.load_population())
    monkeypatch.setattr(matching, "EXACT_UP_TO", 0)
    monkeypatch.setattr(matching, "CANDIDATES", n)
    monkeypatch.setattr(matching, "MEAN_SAMPLE", n)
    matching.recompute_suggestions()
    two_step = suggestion_rows()
    assert [row[:2] for row in two_step] == [row[:2] for row in exact]
    assert [row[3] for row in two_step] == pytest.approx([row[3] for row in exact], abs=2e-4)
    # Equal scores (actors with equal texts) may swap by rounding noise; the rest is identical.
    scores: dict[int, list[float]] = {}
    for target, _rank, _suggested, score, _reasons in exact:
        scores.setdefault(target, []).append(score)
    compared = 0
    for mine, theirs in zip(two_step, exact, strict=True):
        if sum(abs(theirs[3] - other) < 2e-4 for other in scores[theirs[0]]) == 1:
            assert (mine[2], mine[4]) == (theirs[2], theirs[4])
            compared += 1
    assert compared > len(exact) / 2


def test_two_step_scoring_keeps_the_complementary_partner_among_few_candidates(crowd, monkeypatch):
    seeker = crowd[0]
    monkeypatch.setattr(matching, "EXACT_UP_TO", 0)
    monkeypatch.setattr(matching, "CANDIDATES", 5)
    monkeypatch.setattr(matching, "MEAN_SAMPLE", 10)
    matching.recompute_suggestions()
    names = top(seeker)
    assert names[0] == "Anbieter"
    assert len(names) <= 5  # only candidates are scored
    assert seeker.name not in names


def test_reason_quotes_the_offer_sentence_that_matched():
    seeker = make(
        "Suchende Kommune",
        seeks="Wir wollen leere Geschäfte in der Altstadt vorübergehend bespielen.",
        sector_slug="gebietskoerperschaften",
    )
    partner = make(
        "Vielseitiger Verein",
        offers=(
            "Wir organisieren Stadtführungen für Schulklassen. "
            "Zwischennutzung von Ladenlokalen durch Künstlerinnen und Künstler. "
            "Außerdem backen wir Brot für Nachbarschaftsfeste."
        ),
        sector_slug="kultur-soziokultur-kreativwirtschaft",
    )
    matching.recompute_suggestions(method="encoder")
    row = Suggestion.objects.get(target_kind="actor", target_id=seeker.pk, suggested=partner)
    reason = row.reasons[0]
    assert reason["code"] == "offers_what_you_seek"
    assert reason["excerpt"].startswith("Zwischennutzung von Ladenlokalen")
