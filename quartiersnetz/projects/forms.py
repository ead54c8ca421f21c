"""Forms for Vorhaben. They parse input; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.forms import ActorNameField
from quartiersnetz.actors.models import Actor
from quartiersnetz.core.forms import KernForm, KernModelForm, apply_kern_classes
from quartiersnetz.core.validators import TextLengthValidator
from quartiersnetz.places.forms import MunicipalityField
from quartiersnetz.practices.forms import PracticeRefField
from quartiersnetz.practices.models import Practice
from quartiersnetz.taxonomy.forms import ApproachChoiceField
from quartiersnetz.taxonomy.models import Approach

from .models import METHOD_TEMPLATES, Learning, Method, Project, ProjectLogEntry, ProjectPartner
from .selectors import praxiswerkstatt_choices


def step_choices() -> list[tuple[Any, Any]]:
    """The steps of every method template, grouped by template (an <optgroup> each)."""
    choices: list[tuple[Any, Any]] = [("", _("– kein Schritt –"))]
    for key, template in METHOD_TEMPLATES.items():
        if template.steps:
            label = Method(key).label
            choices.append((label, [(s.key, s.label) for s in template.steps]))
    return choices


class OrganisationNameField(ActorNameField):
    """An organisation (not an expert profile) typed by its name or address."""

    def _candidates(self) -> QuerySet[Actor]:
        return super()._candidates().filter(kind=Actor.Kind.ORGANISATION)


class ProjectForm(KernModelForm):
    municipality = MunicipalityField()
    current_step = forms.ChoiceField(
        label=_("Aktueller Schritt"),
        required=False,
        help_text=_("Der Schritt der gewählten Methodenvorlage, in dem das Vorhaben gerade ist."),
    )

    class Meta:
        model = Project
        fields = [
            "title", "summary", "municipality", "challenge", "description", "phase", "method",
            "current_step", "spatial_field", "action_field", "approaches",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "challenge": forms.Textarea(attrs={"rows": 5}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "approaches": forms.CheckboxSelectMultiple,
            "method": forms.RadioSelect,
        }
        field_classes = {"approaches": ApproachChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        step = self.fields["current_step"]
        assert isinstance(step, forms.ChoiceField)  # noqa: S101
        step.choices = step_choices()
        approaches = self.fields["approaches"]
        assert isinstance(approaches, forms.ModelMultipleChoiceField)  # noqa: S101
        approaches.queryset = Approach.objects.select_related("action_field")
        spatial = self.fields["spatial_field"]
        assert isinstance(spatial, forms.ModelChoiceField)  # noqa: S101
        spatial.empty_label = _("– bitte wählen –")
        action = self.fields["action_field"]
        assert isinstance(action, forms.ModelChoiceField)  # noqa: S101
        action.empty_label = _("– keines –")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        method, step = cleaned.get("method"), cleaned.get("current_step")
        if method and step and step not in METHOD_TEMPLATES[method].step_keys:
            self.add_error(
                "current_step",
                _("Dieser Schritt gehört nicht zur gewählten Methodenvorlage."),
            )
        return cleaned

    def _post_clean(self) -> None:
        # The model's clean() repeats the step check; report it only once.
        super()._post_clean()  # type: ignore[misc]
        errors = self.errors.get("current_step")
        if errors and len(errors) > 1:
            del errors[1:]

    def service_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.cleaned_data and name != "approaches"
        }


class ProjectCreateForm(ProjectForm):
    """The project form plus its first partner: one of the user's organisations (curators: any)."""

    role = forms.ChoiceField(
        label=_("Rolle dieser Organisation"),
        choices=ProjectPartner.Role.choices,
        initial=ProjectPartner.Role.SPONSOR,
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Actor] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            self.fields["organisation"] = OrganisationNameField(
                label=_("Erster Partner (Organisation)"),
                help_text=_("Der Name der Organisation, wie er im Verzeichnis steht."),
            )
        else:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Erster Partner (Ihre Organisation)"),
                queryset=organisations,
                empty_label=None,
            )
        self.order_fields(["organisation", "role"])
        apply_kern_classes(self)

    def clean_organisation(self) -> Actor:
        value = self.cleaned_data["organisation"]
        if isinstance(value, Actor):
            return value
        return Actor.objects.get(pk=value)


class PartnerForm(KernForm):
    actor = OrganisationNameField(
        label=_("Organisation (Name oder Adresse des Profils)"),
        help_text=_("Der Name, wie er im Verzeichnis der Mitwirkenden steht."),
    )
    role = forms.ChoiceField(
        label=_("Rolle"), choices=ProjectPartner.Role.choices, initial=ProjectPartner.Role.PARTNER
    )

    def clean_actor(self) -> Actor:
        return Actor.objects.get(pk=self.cleaned_data["actor"])


class PartnerUpdateForm(KernForm):
    """Change a partner's role and/or its lead (Federführung); empty fields stay as they are."""

    LEAD = "ja"
    NOT_LEAD = "nein"
    role = forms.ChoiceField(label=_("Rolle"), choices=ProjectPartner.Role.choices, required=False)
    lead = forms.ChoiceField(
        choices=[(LEAD, LEAD), (NOT_LEAD, NOT_LEAD)], required=False, widget=forms.HiddenInput
    )

    def service_kwargs(self) -> dict[str, Any]:
        lead = self.cleaned_data.get("lead")
        return {
            "role": self.cleaned_data.get("role") or None,
            "is_lead": None if not lead else lead == self.LEAD,
        }


class LogEntryForm(KernModelForm):
    class Meta:
        model = ProjectLogEntry
        fields = ["date", "title", "body", "step", "event"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.project = project
        step = self.fields["step"]
        steps = [(s.key, s.label) for s in project.template.steps]
        self.fields["step"] = forms.ChoiceField(
            label=step.label,
            help_text=step.help_text,
            required=False,
            choices=[("", _("– kein Schritt –")), *steps],
        )
        if not steps:
            self.fields["step"].widget = forms.HiddenInput()
        event = self.fields["event"]
        assert isinstance(event, forms.ModelChoiceField)  # noqa: S101
        event.queryset = praxiswerkstatt_choices(keep_id=self.instance.event_id)
        event.empty_label = _("– keine –")
        event.help_text = _("Optional: die Praxiswerkstatt, über die der Eintrag berichtet.")
        apply_kern_classes(self)

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PracticeRefsField(forms.CharField):
    """Published practices, one per line: title, address (slug) or link; no JS needed."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 5_000)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[Practice]:  # type: ignore[override]
        text = super().to_python(value) or ""
        # The length applies to the text; the validators after to_python see the list.
        if self.max_length is not None:
            TextLengthValidator(self.max_length)(text)
        ref = PracticeRefField(required=False)
        found: list[Practice] = []
        errors: list[ValidationError] = []
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                practice = ref.clean(line)
            except ValidationError as exc:
                errors.append(exc)
                continue
            if practice is not None and practice not in found:
                found.append(practice)
        if errors:
            raise ValidationError(errors)
        return found

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(p.slug if isinstance(p, Practice) else str(p) for p in value)
        return value


class LearningForm(KernModelForm):
    practices = PracticeRefsField(
        label=_("Verknüpfte Praxisbeispiele"),
        required=False,
        help_text=_(
            "Optional: veröffentlichte Praxisbeispiele, auf die die Erkenntnis übertragbar ist "
            "oder aus denen sie stammt – eines je Zeile, mit Titel, Adresse oder Link."
        ),
    )
    publish = forms.BooleanField(
        label=_("Als übertragbare Erkenntnis veröffentlichen"),
        required=False,
        help_text=_(
            "Veröffentlichte Erkenntnisse erscheinen öffentlich, sobald das Vorhaben "
            "öffentlich ist."
        ),
    )

    class Meta:
        model = Learning
        fields = ["title", "body", "log_entry"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.project = project
        entry = self.fields["log_entry"]
        assert isinstance(entry, forms.ModelChoiceField)  # noqa: S101
        entry.queryset = project.log_entries.order_by("date", "id")
        entry.empty_label = _("– keinem Eintrag zugeordnet –")
        if self.instance.pk:
            self.initial["practices"] = list(self.instance.practices.order_by("title"))
            del self.fields["publish"]

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ConsentForm(KernForm):
    """Give or withdraw the consent of the user's partner organisations."""

    GIVE = "zustimmen"
    WITHDRAW = "zurueckziehen"
    action = forms.ChoiceField(
        choices=[(GIVE, GIVE), (WITHDRAW, WITHDRAW)], required=False, widget=forms.HiddenInput
    )
