"""The importer on a small extract in the source format (tests/data), never on ../shared."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from quartiersnetz.core.text import fold
from quartiersnetz.places.importer import (
    COLUMNS,
    assign_labels,
    build_rows,
    display_name,
    read_rows,
    size_class_for,
    sync_municipalities,
    write_rows,
)
from quartiersnetz.places.models import Municipality, SizeClass, State

SAMPLE = Path(__file__).resolve().parent / "data" / "gemeindeverzeichnis-sample.csv"


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, str]]:
    return {row["ags"]: row for row in build_rows(SAMPLE)}


def test_sample_has_a_byte_order_mark():
    assert SAMPLE.read_bytes().startswith(b"\xef\xbb\xbf")


def test_only_municipality_records_become_rows(rows):
    assert sorted(rows) == [
        "01051060", "01053105", "01054035", "01054036", "01059041", "01059127", "01061052",
        "05154036", "05916000", "07000999", "11000000", "14522180",
    ]  # fmt: skip


def test_a_kreisfreie_stadt_row(rows):
    assert rows["05916000"] == {
        "ags": "05916000",
        "ars": "059160000000",
        "name": "Herne",
        "label": "Herne (Nordrhein-Westfalen)",
        "official_name": "Herne, Stadt",
        "state": "05",
        "district": "Herne",
        "population": "156449",
        "area_km2": "51.42",
        "postal_code": "44621",
        "latitude": "51.540365",
        "longitude": "7.222793",
        "urbanisation": "1",
        "unincorporated": "",
    }


def test_numbers_with_spaces_and_decimal_commas(rows):
    berlin = rows["11000000"]
    assert berlin["population"] == "3669491"  # "3 669 491"
    assert (berlin["latitude"], berlin["longitude"]) == ("52.51767", "13.405538")
    assert rows["01051060"]["population"] == "390"  # "  390"
    assert rows["01051060"]["area_km2"] == "12.81"


def test_a_municipality_in_a_kreis_gets_ars_district_and_urbanisation(rows):
    kleve = rows["01051060"]
    assert kleve["ars"] == "010515169060"
    assert kleve["district"] == "Dithmarschen"
    assert kleve["urbanisation"] == "3"
    assert kleve["postal_code"] == "25779"
    assert rows["05154036"]["district"] == "Kleve"
    assert rows["05154036"]["urbanisation"] == "2"


def test_all_suffixes_are_removed_from_the_name(rows):
    freiberg = rows["14522180"]
    assert freiberg["name"] == "Freiberg"
    assert freiberg["official_name"] == "Freiberg, Stadt, Universitätsstadt"
    assert freiberg["district"] == "Mittelsachsen"
    assert rows["01053105"]["name"] == "Sachsenwald (Forstgutsbez.)"  # ",gemfr.Geb."


def test_zero_coordinates_are_missing_not_null_island(rows):
    area = rows["07000999"]
    assert (area["latitude"], area["longitude"]) == ("", "")
    assert area["district"] == ""  # kreis 00 has no Kreis record
    assert area["population"] == "0"
    assert area["unincorporated"] == "1"


def test_labels_are_unique_and_as_short_as_possible(rows):
    labels = {ags: row["label"] for ags, row in rows.items()}
    assert labels == {
        "01051060": "Kleve (Dithmarschen, Schleswig-Holstein)",
        "01053105": "Sachsenwald (Forstgutsbez.) (gemeindefreies Gebiet, Schleswig-Holstein)",
        "01054035": "Garding, Kirchspiel (Nordfriesland, Schleswig-Holstein)",
        "01054036": "Garding, Stadt (Nordfriesland, Schleswig-Holstein)",
        # "Hüsby" and "Husby" are the same after folding, in the same Kreis.
        "01059041": "Hüsby (Schleswig-Flensburg, Schleswig-Holstein, 01059041)",
        "01059127": "Husby (Schleswig-Flensburg, Schleswig-Holstein, 01059127)",
        "01061052": "Kleve (Steinburg, Schleswig-Holstein)",
        "05154036": "Kleve (Nordrhein-Westfalen)",
        "05916000": "Herne (Nordrhein-Westfalen)",
        "07000999": (
            "Gemeinsames deutsch-luxemburgisches Hoheitsgebiet "
            "(gemeindefreies Gebiet, Rheinland-Pfalz)"
        ),
        "11000000": "Berlin",
        "14522180": "Freiberg (Sachsen)",
    }


@pytest.mark.parametrize(
    ("official", "name"),
    [
        ("Flensburg, Stadt", "Flensburg"),
        ("Kiel, Landeshauptstadt", "Kiel"),
        ("Erkrath, Fundort des Neanderthalers, Stadt", "Erkrath"),
        ("Homberg (Efze), Reformationsstadt, Kreisstadt", "Homberg (Efze)"),
        ("Neustadt a.d.Donau, St", "Neustadt a.d.Donau"),
        ("Sachsenwald (Forstgutsbez.),gemfr.Geb.", "Sachsenwald (Forstgutsbez.)"),
        ("Dithmarschen", "Dithmarschen"),
        ("  Halle (Saale), Stadt ", "Halle (Saale)"),
    ],
)
def test_display_name(official, name):
    assert display_name(official) == name


def test_text_shared_by_several_places_never_becomes_one_label():
    rows = [
        {"ags": "01000001", "name": "Au", "official_name": "Au", "state": "01", "district": "A"},
        {"ags": "01000002", "name": "Au", "official_name": "Au", "state": "01", "district": "B"},
        # Its own name happens to read like the ambiguous text of the two above.
        {
            "ags": "01000003",
            "name": "Au (Schleswig-Holstein)",
            "official_name": "Au (Schleswig-Holstein)",
            "state": "01",
            "district": "C",
        },
    ]
    assign_labels(rows)
    labels = [row["label"] for row in rows]
    assert "Au (Schleswig-Holstein)" not in labels
    assert labels[:2] == ["Au (A, Schleswig-Holstein)", "Au (B, Schleswig-Holstein)"]


_names = st.sampled_from(["Au", "Aü", "AU", "Berg", "Berg (Pfalz)", "Bad Au", "Neustadt"])
_row = st.fixed_dictionaries(
    {
        "name": _names,
        "state": st.sampled_from([code for code, _ in State.choices]),
        "district": st.sampled_from(["", "Kreis A", "Kreis B"]),
        "suffix": st.sampled_from(["", ", Stadt", ", Markt"]),
        "unincorporated": st.sampled_from(["", "1"]),
    }
)


@given(st.lists(_row, max_size=30))
def test_labels_are_unique_after_folding_and_start_with_the_name(generated):
    rows = [
        {
            "ags": f"{row['state']}{index:06d}",
            "name": row["name"],
            "official_name": row["name"] + row["suffix"],
            "state": row["state"],
            "district": row["district"],
            "unincorporated": row["unincorporated"],
        }
        for index, row in enumerate(generated)
    ]
    assign_labels(rows)
    folded = [fold(row["label"]) for row in rows]
    assert len(set(folded)) == len(folded)
    for row in rows:
        assert row["label"].startswith(row["name"])


@pytest.mark.parametrize(
    ("population", "size_class"),
    [
        (0, "landgemeinde"),
        (4_999, "landgemeinde"),
        (5_000, "kleinstadt"),
        (19_999, "kleinstadt"),
        (20_000, "mittelstadt"),
        (99_999, "mittelstadt"),
        (100_000, "grossstadt"),
        (3_669_491, "grossstadt"),
    ],
)
def test_size_class_boundaries(population, size_class):
    assert size_class_for(population) == size_class


@given(st.integers(min_value=0, max_value=10_000_000))
def test_size_class_matches_the_thresholds(population):
    expected = (
        SizeClass.LARGE_CITY
        if population >= 100_000
        else SizeClass.MEDIUM_TOWN
        if population >= 20_000
        else SizeClass.SMALL_TOWN
        if population >= 5_000
        else SizeClass.RURAL
    )
    assert size_class_for(population) == expected.value


@given(st.integers(min_value=0, max_value=10_000_000), st.integers(min_value=0, max_value=10_000))
def test_size_class_never_shrinks_with_more_people(population, more):
    order = [choice.value for choice in reversed(SizeClass)]  # landgemeinde … grossstadt
    assert order.index(size_class_for(population + more)) >= order.index(size_class_for(population))


def test_written_file_reads_back_as_model_values(rows, tmp_path):
    target = tmp_path / "municipalities.csv"
    assert write_rows(rows.values(), target) == 12
    assert target.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)
    read = {row["ags"]: row for row in read_rows(target)}
    herne = read["05916000"]
    assert herne["population"] == 156449
    assert herne["area_km2"] == Decimal("51.42")
    assert herne["latitude"] == pytest.approx(51.540365)
    assert herne["size_class"] == "grossstadt"
    assert herne["search_name"] == "herne"
    assert herne["search_label"] == "herne (nordrhein-westfalen)"
    assert read["07000999"]["latitude"] is None
    assert read["07000999"]["size_class"] == "landgemeinde"
    assert read["14522180"]["size_class"] == "mittelstadt"
    assert set(herne) - {"size_class", "search_name", "search_label"} <= set(COLUMNS)


def test_build_command_writes_the_data_file(tmp_path):
    target = tmp_path / "out.csv"
    call_command("build_municipality_data", str(SAMPLE), output=target)
    assert len(target.read_text(encoding="utf-8").splitlines()) == 13  # header + 12


def test_build_command_rejects_a_missing_source(tmp_path):
    with pytest.raises(CommandError):
        call_command("build_municipality_data", str(tmp_path / "missing.csv"))


def test_committed_data_file_is_in_the_table(db):
    """The migrations loaded exactly what the committed data file says."""
    assert sync_municipalities(Municipality, read_rows()) == (0, 0)


def test_sync_updates_changed_and_creates_missing_rows(db):
    wanted = {"05916000", "01061052"}
    rows = [row for row in read_rows() if row["ags"] in wanted]
    Municipality.objects.filter(ags="05916000").update(name="Herne, Stadt", latitude=0)
    Municipality.objects.filter(ags="01061052").delete()
    assert sync_municipalities(Municipality, rows) == (1, 1)
    herne = Municipality.objects.get(ags="05916000")
    assert herne.name == "Herne"
    assert herne.latitude == pytest.approx(51.540365)
    assert Municipality.objects.get(ags="01061052").label == "Kleve (Steinburg, Schleswig-Holstein)"
    assert sync_municipalities(Municipality, rows) == (0, 0)


def test_load_command_reports_no_changes_on_a_migrated_database(db):
    out = StringIO()
    call_command("load_municipalities", stdout=out)
    assert out.getvalue().startswith("created 0, updated 0 municipalities")
