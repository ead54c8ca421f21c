"""A municipality picker that works as a plain text search without JavaScript.

The user types a name ("Herne"), a name with Bundesland ("Schönberg (Sachsen)"), the
label the autocomplete offers ("Kleve (Steinburg, Schleswig-Holstein)") or an official
key (AGS). One match is taken; several or none give a field error that lists the
candidates, so the form works without the JS autocomplete, which only enhances the same
input (static/js/municipality-autocomplete.js).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.text import fold

from .models import Municipality
from .selectors import QUERY_MAX_LENGTH, split_state

MAX_CANDIDATES = 8  # suggestions for an unknown name
MAX_AMBIGUOUS = 12  # places of the same name listed (the most, "Neuenkirchen", has 11)
_AGS = re.compile(r"[0-9]{8}")


class MunicipalityInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "autocomplete": "off",
            "data-municipality-autocomplete": reverse_lazy("places:search_json"),
            "spellcheck": "false",
        }
        super().__init__({**defaults, **(attrs or {})})


class MunicipalityField(forms.Field):
    widget = MunicipalityInput
    default_error_messages = {
        "not_found": _(
            "Keine Gemeinde „%(value)s“ gefunden. Geben Sie den Namen der Gemeinde oder ihren "
            "Amtlichen Gemeindeschlüssel (8 Ziffern) ein."
        ),
        "not_found_suggest": _("Keine Gemeinde „%(value)s“ gefunden. Meinten Sie: %(candidates)s?"),
        "ambiguous": _(
            "Mehrere Gemeinden heißen „%(value)s“. Bitte geben Sie eine davon genau so ein: "
            "%(candidates)s."
        ),
        "too_long": _("Bitte geben Sie höchstens %(limit_value)d Zeichen ein."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Gemeinde"))
        kwargs.setdefault(
            "help_text",
            _(
                "Name der Gemeinde, bei gleichnamigen mit Bundesland, z. B. „Schönberg (Sachsen)“, "
                "oder der Amtliche Gemeindeschlüssel."
            ),
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["maxlength"] = str(QUERY_MAX_LENGTH)
        return attrs

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Municipality):
            return value.label
        if isinstance(value, int):
            municipality = Municipality.objects.filter(pk=value).first()
            return municipality.label if municipality else ""
        return value

    def to_python(self, value: Any) -> Municipality | None:
        if isinstance(value, Municipality):
            return value
        text = " ".join(str(value or "").split())
        if not text:
            return None
        return resolve_municipality(text, self.error_messages)

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        try:
            value = self.to_python(data)
        except forms.ValidationError:
            return True
        initial_pk = initial.pk if isinstance(initial, Municipality) else initial
        return (value.pk if value else None) != (initial_pk or None)


def _quoted(municipalities: list[Municipality], limit: int) -> str:
    text = ", ".join(f"„{m.label}“" for m in municipalities[:limit])
    return f"{text}, …" if len(municipalities) > limit else text


def _narrow(matches: list[Municipality], typed: set[str]) -> list[Municipality]:
    """Of several places with the same folded name, prefer the one spelled exactly as typed
    ("Hüsby", not "Husby"), then an inhabited one over uninhabited gemeindefreie Gebiete."""
    for keep in (
        lambda m: m.name.casefold() in typed,
        lambda m: m.population > 0,
    ):
        narrowed = [m for m in matches if keep(m)]
        if narrowed:
            matches = narrowed
    return matches


def _suggestions(name: str) -> list[Municipality]:
    """Places whose label starts with the text, else the closest names (for typos)."""
    folded = fold(name)
    ordering = ("-population", "name", "ags")
    similar = list(
        Municipality.objects.filter(search_label__startswith=folded).order_by(*ordering)[
            :MAX_CANDIDATES
        ]
    )
    if similar or len(folded) < 3:
        return similar
    pool = set(
        Municipality.objects.filter(search_name__startswith=folded[:2]).values_list(
            "search_name", flat=True
        )
    )
    close = difflib.get_close_matches(folded, pool, n=MAX_CANDIDATES, cutoff=0.75)
    rank = {search_name: index for index, search_name in enumerate(close)}
    found = Municipality.objects.filter(search_name__in=close).order_by(*ordering)
    return sorted(found, key=lambda m: rank[m.search_name])[:MAX_CANDIDATES]


def resolve_municipality(text: str, messages: Mapping[str, Any] | None = None) -> Municipality:
    """The one municipality `text` means, or a ValidationError (German) naming candidates.

    Accepted: an AGS, a label ("Herne (Nordrhein-Westfalen)"), a name ("herne", "Koln"),
    and a name with its Bundesland ("Kleve (Nordrhein-Westfalen)").
    """
    errors = {**MunicipalityField.default_error_messages, **(messages or {})}
    text = " ".join(str(text).split())
    ProhibitNullCharactersValidator()(text)
    if len(text) > QUERY_MAX_LENGTH:
        raise forms.ValidationError(
            errors["too_long"], code="too_long", params={"limit_value": QUERY_MAX_LENGTH}
        )
    if _AGS.fullmatch(text):
        found = Municipality.objects.filter(ags=text).first()
        if found:
            return found
        raise forms.ValidationError(errors["not_found"], code="not_found", params={"value": text})
    folded = fold(text)
    found = Municipality.objects.filter(search_label=folded).first()
    if found:
        return found
    name, typed = text, {text.casefold()}
    condition = Q(search_name=folded)
    with_state = split_state(text)
    if with_state:
        name = with_state[0]
        typed.add(name.casefold())
        condition |= Q(search_name=fold(name), state=with_state[1])
    matches = list(
        Municipality.objects.filter(condition).order_by("-population", "name", "ags")[
            : MAX_AMBIGUOUS + 1
        ]
    )
    narrowed = _narrow(matches, typed) if len(matches) <= MAX_AMBIGUOUS else matches
    if len(narrowed) == 1:
        return narrowed[0]
    if matches:
        raise forms.ValidationError(
            errors["ambiguous"],
            code="ambiguous",
            params={"value": text, "candidates": _quoted(matches, MAX_AMBIGUOUS)},
        )
    similar = _suggestions(name)
    if similar:
        raise forms.ValidationError(
            errors["not_found_suggest"],
            code="not_found",
            params={"value": text, "candidates": _quoted(similar, MAX_CANDIDATES)},
        )
    raise forms.ValidationError(errors["not_found"], code="not_found", params={"value": text})


class MunicipalitySearchForm(forms.Form):
    """The query of the municipality search page and its JSON twin."""

    q = forms.CharField(
        label=_("Name oder Amtlicher Gemeindeschlüssel"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        error_messages={"max_length": MunicipalityField.default_error_messages["too_long"]},
    )
