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

from . import selectors
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


class LinkSearchForm(KernForm):
    """The search for records to link (GET; works without JavaScript)."""

    q = forms.CharField(
        label=_("Vorhaben, Praxisbeispiel oder Veranstaltung suchen"),
        help_text=_("Titel, Ort oder Stichwort. Nur öffentliche Einträge können verknüpft werden."),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class LinkForm(KernForm):
    """One record to link, chosen from the search results (hidden inputs); `record` in the
    cleaned data is the public record itself."""

    kind = forms.ChoiceField(
        choices=[(k, k) for k in selectors.LINK_KINDS], widget=forms.HiddenInput
    )
    record = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, pk = data.get("kind"), data.get("record")
        if not kind or not pk:
            raise forms.ValidationError(_("Bitte wählen Sie einen Eintrag aus der Trefferliste."))
        record = selectors.linkable_records(kind).filter(pk=pk).first()
        if record is None:
            raise forms.ValidationError(
                _(
                    "Diesen Eintrag gibt es nicht oder er ist nicht öffentlich. Nur öffentliche "
                    "Einträge können verknüpft werden."
                )
            )
        data["record"] = record
        return data


class MemberForm(KernForm):
    """A member's role, role in own words and lead. Those who manage the alliance change all
    three; the members of the member's own actor only the role in own words."""

    role = forms.ChoiceField(label=_("Rolle"), choices=AllianceMember.Role.choices)
    role_text = forms.CharField(
        label=_("Rolle in eigenen Worten"),
        help_text=_("Was bringt die Organisation in die Allianz ein?"),
        max_length=300,
        required=False,
    )
    is_lead = forms.BooleanField(
        label=_("Federführung (koordiniert die Allianz)"),
        help_text=_("Die Mitglieder federführender Organisationen verwalten die Allianz."),
        required=False,
    )

    def __init__(self, *args: Any, member: AllianceMember, can_manage: bool, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"role": member.role, "role_text": member.role_text, "is_lead": member.is_lead},
        )
        # Names are shared by every member's form on the page; ids are not.
        kwargs.setdefault("auto_id", f"id_m{member.pk}_%s")
        super().__init__(*args, **kwargs)
        self.member = member
        if not can_manage:
            del self.fields["role"]
            del self.fields["is_lead"]

    def service_data(self) -> dict[str, Any]:
        names = ("role", "role_text", "is_lead")
        return {n: self.cleaned_data[n] for n in names if n in self.fields}
