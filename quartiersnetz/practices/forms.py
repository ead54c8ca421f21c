"""Forms for writing and curating Praxisbeispiele. They parse input; services write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.forms import BaseActorRoleFormSet, actor_role_formset
from quartiersnetz.actors.models import Actor
from quartiersnetz.core.forms import KernForm, KernModelForm, apply_kern_classes
from quartiersnetz.core.text import fold
from quartiersnetz.places.forms import MunicipalityField
from quartiersnetz.taxonomy.forms import ApproachChoiceField
from quartiersnetz.taxonomy.models import Approach, PracticeKind, PracticeType

from .models import (
    INNOVATION_CRITERIA,
    LICENCE_URLS,
    TRANSFER_CRITERIA,
    Licence,
    Practice,
    PracticeActor,
    RatingCriterion,
)

LICENCE_EXPLANATIONS = {
    Licence.CC_BY: _("Alle dürfen das Beispiel teilen und bearbeiten, wenn sie Sie nennen."),
    Licence.CC_BY_SA: _(
        "Wie CC BY, zusätzlich müssen Bearbeitungen unter derselben Lizenz geteilt werden."
    ),
    Licence.CC0: _("Sie verzichten auf alle Rechte; eine Nennung ist erwünscht, aber frei."),
}


_PRACTICE_PATH = re.compile(r"/praxis/([-a-zA-Z0-9_]+)/?(?:[?#].*)?$")
MAX_PRACTICE_CANDIDATES = 8


class PracticeRefField(forms.Field):
    """A published practice typed by its title, its address (slug) or its page URL.

    A text field instead of a select, because a select of every published practice would grow
    with the collection (tens of thousands of options); works without JavaScript. Ambiguous
    titles list the addresses to type instead; unknown ones suggest similar titles.
    """

    default_error_messages = {
        "not_found": _("Kein veröffentlichtes Praxisbeispiel „%(value)s“ gefunden."),
        "not_found_suggest": _(
            "Kein veröffentlichtes Praxisbeispiel „%(value)s“ gefunden. Meinten Sie: "
            "%(candidates)s?"
        ),
        "ambiguous": _(
            "Mehrere Praxisbeispiele heißen „%(value)s“. Bitte geben Sie die Adresse (in "
            "Klammern) eines davon ein: %(candidates)s."
        ),
        "self": _("Ein Praxisbeispiel kann nicht von sich selbst stammen."),
    }

    def __init__(self, **kwargs: Any) -> None:
        self.exclude_id: int | None = None
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": "300", "autocomplete": "off"}

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Practice):
            return value.slug
        if isinstance(value, int):
            practice = Practice.objects.filter(pk=value).only("slug").first()
            return practice.slug if practice else ""
        return value

    @staticmethod
    def _quoted(practices: list[Practice]) -> str:
        return ", ".join(f"„{p.title}“ ({p.slug})" for p in practices)

    def to_python(self, value: Any) -> Practice | None:
        if isinstance(value, Practice):
            return value
        text = " ".join(str(value or "").split())
        if not text:
            return None
        published = Practice.objects.published()
        path = _PRACTICE_PATH.search(text)
        found = published.filter(slug=path.group(1) if path else text).first()
        if found is None:
            matches = list(published.filter(title__iexact=text).order_by("title", "id")[:13])
            if len(matches) > 1:
                raise ValidationError(
                    self.error_messages["ambiguous"],
                    code="ambiguous",
                    params={"value": text, "candidates": self._quoted(matches)},
                )
            found = matches[0] if matches else None
        if found is None:
            similar = list(
                published.filter(search_text__startswith=fold(text)).order_by("title", "id")[
                    :MAX_PRACTICE_CANDIDATES
                ]
            )
            code = "not_found_suggest" if similar else "not_found"
            raise ValidationError(
                self.error_messages[code],
                code=code,
                params={"value": text, "candidates": self._quoted(similar)},
            )
        if self.exclude_id is not None and found.pk == self.exclude_id:
            raise ValidationError(self.error_messages["self"], code="self")
        return found


class PracticeForm(KernModelForm):
    """Every field an author edits; grouped into fieldsets by `fieldsets`."""

    organisation = forms.ModelChoiceField(
        label=_("Eingereicht für"),
        queryset=Actor.objects.none(),
        empty_label=None,
        help_text=_("Eine Ihrer Organisationen oder Ihr Expertenprofil."),
    )
    municipality = MunicipalityField(required=False)
    adapted_from = PracticeRefField(
        required=False,
        label=_("Übertragen von"),
        help_text=_(
            "Optional: das veröffentlichte Praxisbeispiel, von dem dieses angeregt oder "
            "übernommen wurde – sein Titel, seine Adresse (z. B. kaufhaus-am-markt) oder der "
            "Link zu seiner Seite."
        ),
    )

    fieldsets = (
        (_("Einordnung"), ("organisation", "kind", "type", "spatial_field", "action_fields",
                           "approaches", "methods")),
        (_("Das Praxisbeispiel"), ("title", "summary", "description")),
        (_("Ort und Zeitraum"), ("municipality", "latitude", "longitude", "status",
                                 "start_year", "end_year")),
        (_("Leitfragen"), ("co_creation_level", "co_creation", "organisational_structure",
                           "financing", "cultural_strategy", "self_sustaining_dynamics")),
        (_("Quellen, Herkunft und Lizenz"), ("sources", "adapted_from", "licence")),
    )  # fmt: skip

    class Meta:
        model = Practice
        fields = [
            "kind", "type", "title", "summary", "description", "municipality", "latitude",
            "longitude", "spatial_field", "action_fields", "approaches", "methods",
            "co_creation_level", "co_creation", "organisational_structure", "financing",
            "cultural_strategy", "self_sustaining_dynamics", "status", "start_year",
            "end_year", "sources", "licence", "adapted_from",
        ]  # fmt: skip
        widgets = {
            "action_fields": forms.CheckboxSelectMultiple,
            "approaches": forms.CheckboxSelectMultiple,
            "methods": forms.CheckboxSelectMultiple,
            "licence": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 12}),
            "co_creation": forms.Textarea(attrs={"rows": 4}),
            "organisational_structure": forms.Textarea(attrs={"rows": 4}),
            "financing": forms.Textarea(attrs={"rows": 4}),
            "cultural_strategy": forms.Textarea(attrs={"rows": 4}),
            "self_sustaining_dynamics": forms.Textarea(attrs={"rows": 4}),
            "sources": forms.Textarea(attrs={"rows": 4}),
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
        }
        field_classes = {"approaches": ApproachChoiceField}
        help_texts = {
            "description": _(
                "Ausgangslage, Vorgehen, Ergebnisse. Markdown ist erlaubt (Überschriften, "
                "Listen, Links)."
            ),
            "kind": _("ORT, FORMAT oder STRATEGIE."),
            "type": _("Der Praxistyp muss zur gewählten Kategorie gehören."),
        }

    def __init__(
        self, *args: Any, author_actors: QuerySet[Actor] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)  # noqa: S101
        queryset = author_actors if author_actors is not None else Actor.objects.none()
        choices = Q(pk__in=queryset.values("pk"))
        if self.instance.pk and self.instance.organisation_id:
            choices |= Q(pk=self.instance.organisation_id)
            self.initial.setdefault("organisation", self.instance.organisation_id)
        organisation.queryset = Actor.objects.filter(choices).order_by("kind", "name")
        approaches = self.fields["approaches"]
        assert isinstance(approaches, forms.ModelMultipleChoiceField)  # noqa: S101
        approaches.queryset = Approach.objects.select_related("action_field")
        for name in ("kind", "spatial_field"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
            field.empty_label = _("– bitte wählen –")
        self._group_types()
        adapted = self.fields["adapted_from"]
        assert isinstance(adapted, PracticeRefField)  # noqa: S101
        adapted.exclude_id = self.instance.pk
        licence = self.fields["licence"]
        assert isinstance(licence, forms.ChoiceField)  # noqa: S101
        licence.choices = [
            (value, f"{label} – {LICENCE_EXPLANATIONS[Licence(value)]}")
            for value, label in Licence.choices
        ]
        links = " · ".join(
            f'<a class="kern-link" href="{LICENCE_URLS[value]}">{value.label}</a>'
            for value in Licence
        )
        # nosemgrep: qn-mark-safe -- our gettext text + links from the Licence constants
        licence.help_text = mark_safe(  # noqa: S308 - only our own constants
            str(
                _(
                    "Unter dieser Lizenz dürfen andere Ihr Praxisbeispiel weiterverwenden; "
                    "Standard ist CC BY 4.0. Lizenztexte: "
                )
            )
            + links
        )

    def _group_types(self) -> None:
        """Offer the practice types grouped by their category (an <optgroup> each)."""
        field = self.fields["type"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = PracticeType.objects.select_related("kind")
        groups: dict[int, list[tuple[int, str]]] = {}
        for practice_type in field.queryset.order_by("kind__position", "position", "name"):
            groups.setdefault(practice_type.kind_id, []).append(
                (practice_type.pk, practice_type.label)
            )
        kinds = {k.pk: k.label for k in PracticeKind.objects.all()}
        field.choices = [("", _("– bitte wählen –"))] + [
            (kinds.get(kind_id, ""), options) for kind_id, options in groups.items()
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, practice_type = cleaned.get("kind"), cleaned.get("type")
        if kind and practice_type and practice_type.kind_id != kind.pk:
            self.add_error(
                "type",
                _("Der Praxistyp „%(type)s“ gehört nicht zur Kategorie „%(kind)s“.")
                % {"type": practice_type.label, "kind": kind.label},
            )
        return cleaned

    def _post_clean(self) -> None:
        # The model's clean() repeats the kind/type check; report it only once.
        super()._post_clean()  # type: ignore[misc]
        errors = self.errors.get("type")
        if errors and len(errors) > 1:
            del errors[1:]

    def fieldset_groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def service_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data
        }


def involved_actor_formset(data: Any, *, practice: Practice | None) -> BaseActorRoleFormSet:
    rows: list[tuple[int, str]] = []
    if practice is not None and practice.pk:
        rows = list(practice.roles.order_by("role", "actor__name").values_list("actor_id", "role"))
    return actor_role_formset(
        data,
        rows=rows,
        prefix="beteiligte",
        role_choices=PracticeActor.Role.choices,
        default_role=PracticeActor.Role.PARTNER,
        extra=3,
        max_num=50,
    )


class ReviewForm(KernForm):
    PUBLISH = "publish"
    RETURN = "return"

    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[
            (PUBLISH, _("Veröffentlichen")),
            (RETURN, _("Zur Überarbeitung zurückgeben")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Kommentar an die Autor*innen"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Beim Zurückgeben erforderlich: Was soll überarbeitet werden?"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == self.RETURN and not cleaned.get("comment", "").strip():
            self.add_error(
                "comment",
                _("Bitte schreiben Sie beim Zurückgeben, was überarbeitet werden soll."),
            )
        return cleaned


SCORE_CHOICES = [
    ("", _("keine Bewertung")),
    ("1", _("1 – gering")),
    ("2", _("2")),
    ("3", _("3 – mittel")),
    ("4", _("4")),
    ("5", _("5 – sehr hoch")),
]


class RatingForm(KernForm):
    """For every criterion a score 1–5 (or none) and a reason, required with a score."""

    groups = (
        (_("Innovationspotenzial"), INNOVATION_CRITERIA),
        (_("Transferpotenzial"), TRANSFER_CRITERIA),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in RatingCriterion:
            self.fields[f"score_{criterion.value}"] = forms.TypedChoiceField(
                label=_("%(criterion)s: Bewertung") % {"criterion": criterion.label},
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{criterion.value}"] = forms.CharField(
                label=_("%(criterion)s: Begründung") % {"criterion": criterion.label},
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Erforderlich, wenn Sie eine Bewertung wählen; wird veröffentlicht."),
            )
        apply_kern_classes(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for criterion in RatingCriterion:
            score = cleaned.get(f"score_{criterion.value}")
            reason = cleaned.get(f"reason_{criterion.value}", "")
            if score is not None and not reason.strip():
                self.add_error(
                    f"reason_{criterion.value}",
                    _("Bitte begründen Sie die Bewertung „%(criterion)s“.")
                    % {"criterion": criterion.label},
                )
        return cleaned

    def criterion_groups(self) -> list[tuple[Any, list[tuple[Any, Any, Any]]]]:
        return [
            (
                legend,
                [(c.label, self[f"score_{c.value}"], self[f"reason_{c.value}"]) for c in criteria],
            )
            for legend, criteria in self.groups
        ]

    def ratings(self) -> dict[str, tuple[int | None, str]]:
        return {
            c.value: (
                self.cleaned_data.get(f"score_{c.value}"),
                self.cleaned_data.get(f"reason_{c.value}", ""),
            )
            for c in RatingCriterion
        }


class ImageForm(KernForm):
    image = forms.FileField(
        label=_("Bild"),
        help_text=_(
            "PNG, JPEG, GIF oder WebP, höchstens 5 MB; wird verkleinert und ohne Metadaten neu "
            "gespeichert."
        ),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("Alternativtext"),
        max_length=300,
        help_text=_("Beschreiben Sie, was auf dem Bild zu sehen ist (für Screenreader)."),
    )
    caption = forms.CharField(label=_("Bildunterschrift"), max_length=300, required=False)
    credit = forms.CharField(
        label=_("Bildnachweis"),
        max_length=200,
        help_text=_("Wer hat das Bild gemacht? Sie brauchen das Recht, es zu veröffentlichen."),
    )

    def clean_alt_text(self) -> str:
        value = self.cleaned_data.get("alt_text", "").strip()
        if not value:
            raise ValidationError(_("Bitte geben Sie einen Alternativtext ein."))
        return value
