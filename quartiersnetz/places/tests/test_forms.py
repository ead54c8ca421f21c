"""MunicipalityField and resolve_municipality: the no-JavaScript way to pick a municipality."""

from __future__ import annotations

import pytest
from django import forms

from quartiersnetz.places.forms import MunicipalityField, MunicipalityInput, resolve_municipality
from quartiersnetz.places.models import Municipality

pytestmark = pytest.mark.django_db


class PlaceForm(forms.Form):
    municipality = MunicipalityField()


class OptionalPlaceForm(forms.Form):
    municipality = MunicipalityField(required=False)


def error_of(text: str) -> forms.ValidationError:
    with pytest.raises(forms.ValidationError) as info:
        resolve_municipality(text)
    return info.value


def message_of(text: str) -> str:
    return error_of(text).messages[0]


@pytest.mark.parametrize(
    ("text", "ags"),
    [
        ("Herne", "05916000"),
        ("herne", "05916000"),
        ("  HERNE  ", "05916000"),
        ("Herne (Nordrhein-Westfalen)", "05916000"),
        ("herne (nordrhein-westfalen)", "05916000"),
        ("Herne  (Nordrhein-Westfalen)", "05916000"),
        ("05916000", "05916000"),
        ("Köln", "05315000"),
        ("Koln", "05315000"),  # umlaut folded
        ("KÖLN (NORDRHEIN-WESTFALEN)", "05315000"),
        ("Dusseldorf", "05111000"),
        ("Kleve (Steinburg, Schleswig-Holstein)", "01061052"),
    ],
)
def test_resolves_names_labels_and_keys(text, ags):
    assert resolve_municipality(text).ags == ags


def test_resolves_berlin_and_bracketed_names():
    assert resolve_municipality("Berlin").ags == "11000000"
    halle = Municipality.objects.get(name="Halle (Saale)")
    assert resolve_municipality("Halle (Saale)") == halle
    assert resolve_municipality("Halle (Saale) (Sachsen-Anhalt)") == halle
    # "(Hessen)" is part of the name here, and also the Land.
    neustadt = Municipality.objects.get(name="Neustadt (Hessen)")
    assert resolve_municipality("Neustadt (Hessen)") == neustadt
    assert resolve_municipality(neustadt.label) == neustadt


def test_name_with_bundesland_picks_the_one_in_that_land():
    # Schönberg exists in seven places, once in Sachsen.
    assert Municipality.objects.filter(name="Schönberg").count() == 7
    schoenberg = resolve_municipality("Schönberg (Sachsen)")
    assert (schoenberg.name, schoenberg.state) == ("Schönberg", "14")
    assert resolve_municipality("schonberg (sachsen)") == schoenberg


def test_ambiguous_name_lists_every_candidate_in_german():
    error = error_of("Kleve")
    assert error.code == "ambiguous"
    assert error.messages == [
        "Mehrere Gemeinden heißen „Kleve“. Bitte geben Sie eine davon genau so ein: "
        "„Kleve (Nordrhein-Westfalen)“, „Kleve (Steinburg, Schleswig-Holstein)“, "
        "„Kleve (Dithmarschen, Schleswig-Holstein)“."
    ]


def test_the_most_frequent_name_lists_all_its_places():
    places = Municipality.objects.filter(name="Neuenkirchen")
    assert places.count() == 11
    message = message_of("Neuenkirchen")
    assert message.startswith("Mehrere Gemeinden heißen „Neuenkirchen“.")
    for place in places:
        assert f"„{place.label}“" in message
    for place in places:  # and every listed text resolves to its place
        assert resolve_municipality(place.label) == place


def test_bundesland_narrows_an_ambiguous_name():
    message = message_of("Neuenkirchen (Niedersachsen)")
    assert message.count(", Niedersachsen)“") == 5
    assert "Mecklenburg-Vorpommern" not in message
    message = message_of("Kleve (Schleswig-Holstein)")
    assert "„Kleve (Steinburg, Schleswig-Holstein)“" in message
    assert "Nordrhein-Westfalen" not in message


def test_exact_spelling_and_inhabited_places_win_over_folded_twins():
    # "Husby" and "Hüsby" are one name after folding; the spelling tells them apart.
    assert resolve_municipality("Hüsby").ags == "01059041"
    assert resolve_municipality("Husby").ags == "01059127"
    # The town of Helmstedt, not the uninhabited gemeindefreies Gebiet of the same name.
    assert resolve_municipality("Helmstedt").official_name == "Helmstedt, Stadt"
    forest = Municipality.objects.get(official_name="Helmstedt, gemfr. Gebiet")
    assert forest.label == "Helmstedt (gemeindefreies Gebiet, Niedersachsen)"
    assert resolve_municipality(forest.label) == forest


def test_unknown_name_suggests_places_that_start_like_it():
    error = error_of("Hern")
    assert error.code == "not_found"
    assert error.messages == [
        "Keine Gemeinde „Hern“ gefunden. Meinten Sie: „Herne (Nordrhein-Westfalen)“?"
    ]


@pytest.mark.parametrize("typo", ["Müncen", "Muenchen", "Munchen (Bayern"])
def test_misspelt_name_suggests_close_names(typo):
    message = message_of(typo)
    assert message.startswith(f"Keine Gemeinde „{typo}“ gefunden. Meinten Sie: ")
    assert "„München (Bayern)“" in message


def test_name_in_the_wrong_land_suggests_the_places_of_that_name():
    message = message_of("Herne (Bayern)")
    assert "Meinten Sie: „Herne (Nordrhein-Westfalen)“?" in message


@pytest.mark.parametrize("text", ["Xyzzyqw", "12345678", "Qq"])
def test_unknown_without_suggestions(text):
    error = error_of(text)
    assert error.code == "not_found"
    assert error.messages[0].startswith(f"Keine Gemeinde „{text}“ gefunden. Geben Sie den Namen")


def test_input_limits():
    error = error_of("a" * 121)
    assert error.code == "too_long"
    assert error.messages == ["Bitte geben Sie höchstens 120 Zeichen ein."]
    assert error_of("Her\x00ne").code == "null_characters_not_allowed"


def test_custom_messages_override_the_defaults():
    with pytest.raises(forms.ValidationError) as info:
        resolve_municipality("Xyzzyqw", {"not_found": "Nicht da: %(value)s"})
    assert info.value.messages == ["Nicht da: Xyzzyqw"]


def test_every_label_of_a_shared_name_resolves_to_its_place():
    shared = Municipality.objects.filter(label__contains=", ").exclude(name__contains=",")
    assert shared.count() > 500
    for place in shared:
        assert resolve_municipality(place.label) == place
        assert resolve_municipality(place.label.upper()) == place


def test_label_lookup_takes_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        resolve_municipality("Herne (Nordrhein-Westfalen)")
    with django_assert_num_queries(1):
        resolve_municipality("05916000")
    with django_assert_num_queries(0):
        error_of("a" * 121)


def test_field_cleans_to_a_municipality():
    form = PlaceForm(data={"municipality": " herne "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipality"].ags == "05916000"


def test_field_reports_errors_in_german():
    form = PlaceForm(data={"municipality": "Kleve"})
    assert not form.is_valid()
    assert form.errors["municipality"][0].startswith("Mehrere Gemeinden heißen „Kleve“.")
    assert PlaceForm(data={"municipality": ""}).errors["municipality"] == [
        "Dieses Feld ist zwingend erforderlich."
    ]
    optional = OptionalPlaceForm(data={"municipality": "   "})
    assert optional.is_valid()
    assert optional.cleaned_data["municipality"] is None


def test_field_renders_the_label_and_the_autocomplete_hooks():
    herne = Municipality.objects.get(ags="05916000")
    html = str(PlaceForm(initial={"municipality": herne.pk})["municipality"])
    assert 'value="Herne (Nordrhein-Westfalen)"' in html
    assert 'data-municipality-autocomplete="/orte/suche.json"' in html
    assert 'autocomplete="off"' in html
    assert 'maxlength="120"' in html
    field = MunicipalityField()
    assert isinstance(field.widget, MunicipalityInput)
    assert field.prepare_value(herne) == herne.label
    assert field.prepare_value(-1) == ""
    assert field.prepare_value("frei getippt") == "frei getippt"


def test_field_has_changed_compares_municipalities():
    herne = Municipality.objects.get(ags="05916000")
    field = MunicipalityField(required=False)
    assert not field.has_changed(herne.pk, "Herne (Nordrhein-Westfalen)")
    assert not field.has_changed(herne, "herne")
    assert field.has_changed(herne.pk, "Berlin")
    assert field.has_changed(None, "Herne")
    assert field.has_changed(herne.pk, "")
    assert not field.has_changed(None, "")
    assert field.has_changed(herne.pk, "Kleve")  # invalid input counts as a change
