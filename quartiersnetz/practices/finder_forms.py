"""The query of "Passt zu meinem Ort": a GET form, so every search is a shareable URL."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.forms import KernForm
from quartiersnetz.places.forms import MunicipalityField
from quartiersnetz.places.models import SizeClass
from quartiersnetz.taxonomy.models import Approach, SpatialField

CHALLENGE_MAX_LENGTH = 2_000
FIELD_NAMES = ("municipality", "size_class", "spatial_field", "approach", "challenge")


class TermChoiceField(forms.ModelChoiceField):
    """A taxonomy term chosen by its slug (readable URLs), shown by its label."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class FinderForm(KernForm):
    municipality = MunicipalityField(
        required=False,
        label=_("Ihre Gemeinde"),
        help_text=_(
            "Name der Gemeinde, bei gleichnamigen mit Bundesland, z. B. „Schönberg (Sachsen)“. "
            "Daraus ergeben sich Ortsgröße, Verstädterungsgrad und Bundesland."
        ),
    )
    size_class = forms.ChoiceField(
        label=_("Ortsgröße"),
        required=False,
        choices=[("", _("– aus der Gemeinde oder beliebig –")), *SizeClass.choices],
        help_text=_("Statt einer Gemeinde: die Größe des Ortes, für den Sie Anregungen suchen."),
    )
    spatial_field = TermChoiceField(
        label=_("Räumliches Handlungsfeld"),
        queryset=SpatialField.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("– beliebig –"),
    )
    approach = TermChoiceField(
        label=_("Handlungsansatz"),
        queryset=Approach.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("– beliebig –"),
    )
    challenge = forms.CharField(
        label=_("Ihre Herausforderung"),
        required=False,
        max_length=CHALLENGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Beschreiben Sie in eigenen Worten, was Sie vor Ort bewegt, z. B. „Leerstand in der "
            "Innenstadt, Erdgeschosszonen beleben“ (höchstens 2 000 Zeichen)."
        ),
        error_messages={
            "max_length": _(
                "Bitte beschreiben Sie Ihre Herausforderung in höchstens %(limit_value)d Zeichen "
                "(jetzt %(show_value)d)."
            ),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["spatial_field"].error_messages["invalid_choice"] = _(
            "Bitte wählen Sie ein räumliches Handlungsfeld aus der Liste."
        )
        self.fields["approach"].error_messages["invalid_choice"] = _(
            "Bitte wählen Sie einen Handlungsansatz aus der Liste."
        )
        self.fields["size_class"].error_messages["invalid_choice"] = _(
            "Bitte wählen Sie eine Ortsgröße aus der Liste."
        )

    def clean_challenge(self) -> str:
        return " ".join(str(self.cleaned_data.get("challenge") or "").split())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        if not any(cleaned.get(name) for name in FIELD_NAMES):
            raise forms.ValidationError(
                _(
                    "Bitte geben Sie mindestens eines an: Ihre Gemeinde oder die Ortsgröße, ein "
                    "räumliches Handlungsfeld, einen Handlungsansatz oder Ihre Herausforderung."
                ),
                code="empty",
            )
        municipality = cleaned.get("municipality")
        size_class = cleaned.get("size_class")
        if municipality is not None and size_class and size_class != municipality.size_class:
            self.add_error(
                "size_class",
                _(
                    "%(name)s ist eine %(size)s. Lassen Sie die Ortsgröße leer oder wählen Sie "
                    "„%(size)s“."
                )
                % {"name": municipality.name, "size": municipality.get_size_class_display()},
            )
        return cleaned

    @property
    def criteria(self) -> dict[str, Any]:
        """Keyword arguments of `similarity.rank_for_context` (valid form only)."""
        data = self.cleaned_data
        return {
            "municipality": data.get("municipality"),
            "size_class": data.get("size_class") or None,
            "spatial_field": data.get("spatial_field"),
            "approach": data.get("approach"),
            "text": data.get("challenge") or "",
        }
