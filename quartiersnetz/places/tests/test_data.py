"""The municipality table as the migrations load it (from the committed data file)."""

from __future__ import annotations

import pytest
from django.db.models import Count, F, Q
from django.db.models.functions import Substr

from quartiersnetz.core.text import fold
from quartiersnetz.places.models import Municipality, SizeClass, State

pytestmark = pytest.mark.django_db


def test_all_municipalities_of_the_directory_are_loaded():
    assert Municipality.objects.count() == 11_004
    states = set(Municipality.objects.values_list("state", flat=True).distinct())
    assert states == {code for code, _ in State.choices}


def test_herne_is_a_grossstadt_in_nrw():
    herne = Municipality.objects.get(ags="05916000")
    assert herne.name == "Herne"
    assert herne.label == str(herne) == "Herne (Nordrhein-Westfalen)"
    assert herne.official_name == "Herne, Stadt"
    assert herne.get_state_display() == "Nordrhein-Westfalen"
    assert herne.district == "Herne"
    assert herne.population == 156_449
    assert herne.size_class == SizeClass.LARGE_CITY
    assert herne.get_size_class_display() == "Großstadt"
    assert herne.urbanisation == "1"
    assert herne.get_urbanisation_display() == "dicht besiedelt"
    assert herne.latitude == pytest.approx(51.540365)
    assert herne.longitude == pytest.approx(7.222793)
    assert herne.postal_code == "44621"
    assert herne.ars == "059160000000"


def test_berlin_is_one_municipality_and_its_own_land():
    berlin = Municipality.objects.get(ags="11000000")
    assert (berlin.name, berlin.label, berlin.state) == ("Berlin", "Berlin", State.BE)
    assert berlin.population == 3_669_491
    assert berlin.size_class == SizeClass.LARGE_CITY
    assert Municipality.objects.filter(state=State.BE).count() == 1


@pytest.mark.parametrize(
    ("ags", "label", "size_class", "urbanisation"),
    [
        ("05154036", "Kleve (Nordrhein-Westfalen)", SizeClass.MEDIUM_TOWN, "2"),
        ("08118078", "Freiberg am Neckar (Baden-Württemberg)", SizeClass.SMALL_TOWN, "2"),
        ("01061052", "Kleve (Steinburg, Schleswig-Holstein)", SizeClass.RURAL, "3"),
        ("14522180", "Freiberg (Sachsen)", SizeClass.MEDIUM_TOWN, "2"),
    ],
)
def test_size_classes_and_labels(ags, label, size_class, urbanisation):
    municipality = Municipality.objects.get(ags=ags)
    assert municipality.label == label
    assert municipality.size_class == size_class
    assert municipality.urbanisation == urbanisation


def test_size_classes_follow_the_population():
    thresholds = {
        SizeClass.LARGE_CITY: Q(population__gte=100_000),
        SizeClass.MEDIUM_TOWN: Q(population__gte=20_000, population__lt=100_000),
        SizeClass.SMALL_TOWN: Q(population__gte=5_000, population__lt=20_000),
        SizeClass.RURAL: Q(population__lt=5_000),
    }
    for size_class, condition in thresholds.items():
        assert not Municipality.objects.filter(condition).exclude(size_class=size_class).exists()
    counts = dict(Municipality.objects.values_list("size_class").annotate(n=Count("id")).order_by())
    assert counts == {
        "grossstadt": 81,
        "mittelstadt": 621,
        "kleinstadt": 2_251,
        "landgemeinde": 8_051,
    }


def test_keys_urbanisation_and_coordinates_are_well_formed():
    assert not Municipality.objects.exclude(ags__regex=r"^[0-9]{8}$").exists()
    assert not Municipality.objects.exclude(ars__regex=r"^[0-9]{12}$").exists()
    prefixes = Municipality.objects.annotate(land=Substr("ags", 1, 2))
    assert not prefixes.exclude(land=F("state")).exists()
    counts = dict(
        Municipality.objects.values_list("urbanisation").annotate(n=Count("id")).order_by()
    )
    assert counts == {"1": 220, "2": 2_691, "3": 8_093}
    outside_germany = Q(latitude__lt=47.2) | Q(latitude__gt=55.1)
    outside_germany |= Q(longitude__lt=5.8) | Q(longitude__gt=15.1)
    assert not Municipality.objects.filter(outside_germany).exists()
    # Only three unincorporated areas (border areas, coastal waters) have no position.
    assert Municipality.objects.filter(latitude__isnull=True).count() == 3


def test_names_carry_no_official_suffixes():
    assert not Municipality.objects.filter(name__contains=",").exists()
    assert Municipality.objects.get(ags="05111000").name == "Düsseldorf"


def test_labels_are_unique_and_folded_for_search():
    assert Municipality.objects.values("search_label").distinct().count() == 11_004
    for municipality in Municipality.objects.filter(ags__in=["05916000", "05315000", "01059041"]):
        assert municipality.search_label == fold(municipality.label)
        assert municipality.search_name == fold(municipality.name)
