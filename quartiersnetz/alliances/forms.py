"""Forms for Allianzen. They parse input; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.forms import KernForm, KernModelForm, apply_kern_classes
from quartiersnetz.places.forms import MunicipalityField
from quartiersnetz.projects.forms import OrganisationNameField

from .models import Alliance, AllianceMember


class AllianceForm(KernModelForm):
    municipality = MunicipalityField()

    class Meta:
        model = Alliance
        fields = ["name", "summary", "municipality", "goals", "status", "founded"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 8}),
            "founded": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "status": forms.RadioSelect,
        }

    def service_data(self) -> dict[str, Any]:
        return {n: self.cleaned_data[n] for n in self.Meta.fields if n in self.cleaned_data}


class AllianceFoundForm(AllianceForm):
    """The alliance form plus the founding organisation (one of the user's own)."""

    role = forms.ChoiceField(
        label=_("Rolle Ihrer Organisation"),
        choices=AllianceMember.Role.choices,
        initial=AllianceMember.Role.CURATOR,
    )
    role_text = forms.CharField(label=_("Rolle in eigenen Worten"), max_length=300, required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Actor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("Gründende Organisation (Ihre Organisation)"),
            queryset=organisations,
            empty_label=None,
        )
        self.order_fields(["organisation", "role", "role_text"])
        apply_kern_classes(self)


class InviteForm(KernForm):
    actor = OrganisationNameField(
        label=_("Organisation (Name oder Adresse des Profils)"),
        help_text=_("Der Name, wie er im Verzeichnis der Mitwirkenden steht."),
    )
    role = forms.ChoiceField(
        label=_("Rolle"), choices=AllianceMember.Role.choices, initial=AllianceMember.Role.PARTNER
    )
    role_text = forms.CharField(label=_("Rolle in eigenen Worten"), max_length=300, required=False)

    def clean_actor(self) -> Actor:
        return Actor.objects.get(pk=self.cleaned_data["actor"])


class JoinForm(KernForm):
    role = forms.ChoiceField(
        label=_("Rolle"), choices=AllianceMember.Role.choices, initial=AllianceMember.Role.PARTNER
    )
    role_text = forms.CharField(label=_("Rolle in eigenen Worten"), max_length=300, required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Actor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("Ihre Organisation"), queryset=organisations, empty_label=None
        )
        self.order_fields(["organisation", "role", "role_text"])
        apply_kern_classes(self)
