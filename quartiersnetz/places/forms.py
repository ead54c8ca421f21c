"""A municipality picker that works as a plain text search without JavaScript.

The user types a name ("Herne"), a name with Bundesland ("Neustadt (Sachsen)") or
an official key (AGS). One match is taken; several or none give a field error
that lists the candidates, so the form works without the JS autocomplete, which
only enhances the same input (static/js/municipality-autocomplete.js).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.text import fold

from .models import Municipality, State

_WITH_STATE = re.compile(r"^(?P<name>.+?)\s*\((?P<state>[^()]+)\)\s*$")
_STATE_BY_NAME = {fold(str(label)): code for code, label in State.choices}
MAX_CANDIDATES = 8


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
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Gemeinde"))
        kwargs.setdefault(
            "help_text",
            _("Name der Gemeinde, bei gleichnamigen mit Bundesland, z. B. „Neustadt (Sachsen)“."),
        )
        super().__init__(**kwargs)

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


def _candidates(qs: Any) -> str:
    return ", ".join(f"„{m.label}“" for m in qs[:MAX_CANDIDATES])


def resolve_municipality(text: str, messages: dict[str, Any]) -> Municipality:
    if re.fullmatch(r"\d{8}", text):
        found = Municipality.objects.filter(ags=text).first()
        if found:
            return found
        raise forms.ValidationError(messages["not_found"], code="not_found", params={"value": text})
    name, state = text, ""
    match = _WITH_STATE.match(text)
    if match and fold(match["state"]) in _STATE_BY_NAME:
        name, state = match["name"], _STATE_BY_NAME[fold(match["state"])]
    qs = Municipality.objects.filter(search_name=fold(name))
    if state:
        qs = qs.filter(state=state)
    matches = list(qs[:MAX_CANDIDATES + 1])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise forms.ValidationError(
            messages["ambiguous"], code="ambiguous",
            params={"value": text, "candidates": _candidates(matches)},
        )  # fmt: skip
    similar = Municipality.objects.filter(search_name__startswith=fold(name)).order_by(
        "-population"
    )
    if similar.exists():
        raise forms.ValidationError(
            messages["not_found_suggest"], code="not_found",
            params={"value": text, "candidates": _candidates(similar)},
        )  # fmt: skip
    raise forms.ValidationError(messages["not_found"], code="not_found", params={"value": text})
