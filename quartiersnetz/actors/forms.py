"""Forms for profiles, members, invitations and claims. They parse input; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.forms import KernForm, KernModelForm
from quartiersnetz.core.images import reencode_image
from quartiersnetz.places.forms import MunicipalityField
from quartiersnetz.taxonomy.models import Approach

from .models import Actor, Claim, Membership

MAX_LINKS = 10


class ApproachChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Approach) -> str:
        return f"{obj.action_field.label}: {obj.label}"


class ProfileForm(KernModelForm):
    """The editable profile of an organisation or an expert."""

    municipality = MunicipalityField(required=False)
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    logo_upload = forms.FileField(
        label=_("Logo oder Bild"),
        required=False,
        help_text=_(
            "PNG, JPEG, GIF oder WebP, höchstens 5 MB; wird verkleinert und neu gespeichert."
        ),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Vorhandenes Logo entfernen"), required=False)

    class Meta:
        model = Actor
        fields = [
            "name", "sector", "municipality", "summary", "description", "offers", "seeks",
            "spatial_fields", "action_fields", "approaches", "website", "links", "contact_email",
        ]  # fmt: skip
        widgets = {
            "spatial_fields": forms.CheckboxSelectMultiple,
            "action_fields": forms.CheckboxSelectMultiple,
            "approaches": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 8}),
            "offers": forms.Textarea(attrs={"rows": 4}),
            "seeks": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"approaches": ApproachChoiceField}
        help_texts = {
            "description": _("Markdown ist erlaubt (Überschriften, Listen, Links)."),
            "offers": _("Was bringen Sie ein: Wissen, Räume, Methoden, Kontakte …"),
            "seeks": _("Wen oder was suchen Sie: Partner, Erfahrungen, Orte …"),
            "summary": _("Ein bis zwei Sätze für die Übersicht (höchstens 300 Zeichen)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        approaches = self.fields["approaches"]
        assert isinstance(approaches, forms.ModelMultipleChoiceField)  # noqa: S101
        approaches.queryset = Approach.objects.select_related("action_field")
        sector = self.fields["sector"]
        assert isinstance(sector, forms.ModelChoiceField)  # noqa: S101
        sector.empty_label = _("– bitte wählen –")
        if not (self.instance and self.instance.logo):
            del self.fields["remove_logo"]

    def clean_links(self) -> str:
        lines = [
            line.strip() for line in self.cleaned_data.get("links", "").splitlines() if line.strip()
        ]
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("Höchstens %(n)s Links.") % {"n": MAX_LINKS})
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError as exc:
                raise ValidationError(
                    _("„%(line)s“ ist keine gültige Adresse (mit http:// oder https://).")
                    % {"line": line}
                ) from exc
        return "\n".join(lines)

    def clean_logo_upload(self) -> Any:
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        return reencode_image(upload)

    def service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data
        }
        return data


class OrganisationCreateForm(ProfileForm):
    show_me_publicly = forms.BooleanField(
        label=_("Mich auf dem Profil als Mitwirkende*n zeigen"),
        required=False,
        help_text=_(
            "Ihr Name erscheint nur mit Ihrer Zustimmung; Sie können sie jederzeit zurücknehmen."
        ),
    )

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["show_me_publicly"] = self.cleaned_data.get("show_me_publicly", False)
        return data


class InvitationForm(KernForm):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices, initial="editor")


class MembershipRoleForm(KernForm):
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices)


class MembershipVisibilityForm(KernForm):
    is_public = forms.BooleanField(label=_("Mich auf dem Profil zeigen"), required=False)


class ClaimForm(KernModelForm):
    class Meta:
        model = Claim
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}


class ClaimDecisionForm(KernForm):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[("approve", _("Bestätigen")), ("reject", _("Ablehnen"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=Claim._meta.get_field("decision_note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(KernForm):
    reason = forms.CharField(label=_("Grund"), required=False, max_length=500)
