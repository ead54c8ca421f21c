"""Forms for submitting contributions and for attachments. They parse input; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.core.forms import KernForm
from quartiersnetz.taxonomy.models import ActionField, Approach

from .models import Attachment, Publication, Recommendation
from .pdf import DEFAULT_MAX_BYTES, max_bytes, validate_pdf_upload

SUBMITTABLE_KINDS = [
    (value, label)
    for value, label in Publication.Kind.choices
    if value != Publication.Kind.RECOMMENDATIONS
]


def pdf_help_text() -> str:
    return str(_("Nur PDF, höchstens %(mb)s MB.")) % {
        "mb": (max_bytes() or DEFAULT_MAX_BYTES) // (1024 * 1024)
    }


class PdfField(forms.FileField):
    """A file field that accepts only real PDFs (content, size and extension)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "read"):
            validate_pdf_upload(upload)
        return upload


def _summary_field(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("Zusammenfassung"),
        required=required,
        max_length=Publication._meta.get_field("summary").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zwei bis fünf Sätze; erscheint in der Liste und im Feed."),
    )


class _ContributionTextForm(KernForm):
    """The text of a partner's contribution: what submitting and revising share."""

    title = forms.CharField(label=_("Titel"), max_length=300)
    summary = _summary_field(required=True)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=Publication._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **fett**, *kursiv*, ## Zwischenüberschrift, - Aufzählung."),
    )
    action_field = forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=ActionField.objects.all(),
        required=False,
        empty_label=_("– keines –"),
    )
    author_names = forms.CharField(
        label=_("Autor:innen (Personen)"),
        required=False,
        max_length=300,
        help_text=_("Namen von Personen, durch Komma getrennt."),
    )

    def clean_title(self) -> str:
        title = str(self.cleaned_data["title"]).strip()
        if not title:
            raise ValidationError(_("Bitte geben Sie einen Titel an."))
        return title

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_summary_not_title(self, cleaned)
        return cleaned


class PublicationSubmitForm(_ContributionTextForm):
    organisation = forms.ModelChoiceField(
        label=_("Für die Organisation"),
        queryset=Actor.objects.none(),
        empty_label=None,
    )
    kind = forms.ChoiceField(label=_("Art des Beitrags"), choices=SUBMITTABLE_KINDS)
    attachment = PdfField(label=_("PDF-Datei"), required=False)
    attachment_title = forms.CharField(
        label=_("Titel der PDF-Datei"),
        required=False,
        max_length=200,
        help_text=_("Ohne Angabe wird der Titel des Beitrags verwendet."),
    )
    licence = forms.BooleanField(
        label=_(
            "Ich darf den Beitrag veröffentlichen und stelle ihn unter der Lizenz CC BY 4.0 "
            "zur Verfügung."
        ),
    )
    field_order = [
        "organisation", "kind", "title", "summary", "body", "action_field", "author_names",
        "attachment", "attachment_title", "licence",
    ]  # fmt: skip

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Actor.objects.filter(  # type: ignore[attr-defined]
            memberships__user=user, kind=Actor.Kind.ORGANISATION
        ).order_by("name")
        self.fields["attachment"].help_text = pdf_help_text()


def _check_summary_not_title(form: forms.Form, cleaned: dict[str, Any]) -> None:
    """A summary that only repeats the title tells the reader nothing."""
    title = " ".join(str(cleaned.get("title") or "").split()).casefold()
    summary = " ".join(str(cleaned.get("summary") or "").split()).casefold().rstrip(".")
    if title and summary == title.rstrip("."):
        form.add_error(
            "summary",
            _("Die Zusammenfassung wiederholt nur den Titel; beschreiben Sie kurz den Inhalt."),
        )


class PublicationReviseForm(_ContributionTextForm):
    """The submitter changes a submission before it is published and hands it in again."""

    def __init__(self, *args: Any, publication: Publication, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": publication.title,
                "summary": publication.summary,
                "body": publication.body,
                "action_field": publication.action_field_id,
                "author_names": publication.author_names,
            },
        )
        super().__init__(*args, **kwargs)


class PublicationStatusForm(KernForm):
    action = forms.ChoiceField(
        choices=[("publish", _("veröffentlichen")), ("unpublish", _("zurückziehen"))]
    )


class PublicationReviewForm(KernForm):
    """Curators publish, withdraw or return a submission with a note."""

    action = forms.ChoiceField(
        choices=[
            ("publish", _("veröffentlichen")),
            ("unpublish", _("zurückziehen")),
            ("return", _("mit Hinweis zurückgeben")),
        ]
    )
    note = forms.CharField(
        label=_("Hinweis an die Einreichenden"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Nur beim Zurückgeben: was vor der Veröffentlichung noch fehlt."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == "return" and not str(cleaned.get("note") or "").strip():
            self.add_error("note", _("Bitte schreiben Sie, was noch fehlt."))
        return cleaned


class PublicationCurationForm(_ContributionTextForm):
    """Curators write or change an Impulsbeitrag, a Handlungsempfehlungen paper and the like."""

    kind = forms.ChoiceField(label=_("Art"), choices=Publication.Kind.choices)
    summary = _summary_field(required=False)
    action_field = forms.ModelChoiceField(
        label=_("Handlungsfeld"), queryset=ActionField.objects.all(), required=False
    )
    author_organisations = forms.ModelMultipleChoiceField(
        label=_("Autor:innen (Mitwirkende)"),
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Die bisherigen Autor:innen; weitere über die Verwaltung der Mitwirkenden."),
    )
    published_on = forms.DateField(
        label=_("Veröffentlicht am"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Ohne Angabe: heute."),
    )
    is_summary_only = forms.BooleanField(
        label=_("nur Zusammenfassung – vollständiger Text folgt durch die Autor:innen"),
        required=False,
    )
    field_order = [
        "kind", "title", "summary", "body", "action_field", "author_organisations",
        "author_names", "published_on", "is_summary_only",
    ]  # fmt: skip

    def __init__(self, *args: Any, publication: Publication | None = None, **kwargs: Any) -> None:
        if publication is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": publication.kind,
                    "title": publication.title,
                    "summary": publication.summary,
                    "body": publication.body,
                    "action_field": publication.action_field_id,
                    "author_organisations": [a.pk for a in publication.author_organisations.all()],
                    "author_names": publication.author_names,
                    "published_on": publication.published_on,
                    "is_summary_only": publication.is_summary_only,
                },
            )
        super().__init__(*args, **kwargs)
        authors = self.fields["author_organisations"]
        if publication is not None:
            authors.queryset = publication.author_organisations.all()  # type: ignore[attr-defined]
        else:
            del self.fields["author_organisations"]


class ApproachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.action_field.label}: {obj.label}"


class RecommendationForm(KernForm):
    """A numbered Handlungsempfehlung with its reasoning, action field and approach."""

    number = forms.IntegerField(label=_("Nummer"), min_value=1, max_value=999)
    title = forms.CharField(label=_("Empfehlung (kurz)"), max_length=300)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **fett**, *kursiv*, - Aufzählung."),
    )
    reasoning = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Warum diese Empfehlung: was in den Beispielen und Werkstätten gezeigt hat."),
    )
    action_field = forms.ModelChoiceField(
        label=_("Handlungsfeld"), queryset=ActionField.objects.all(), required=False
    )
    approach = ApproachChoiceField(
        label=_("Handlungsansatz"),
        queryset=Approach.objects.select_related("action_field").order_by(
            "action_field__position", "position", "id"
        ),
        required=False,
    )

    def __init__(
        self, *args: Any, recommendation: Recommendation | None = None, **kwargs: Any
    ) -> None:
        if recommendation is not None:
            kwargs.setdefault(
                "initial",
                {
                    "number": recommendation.number,
                    "title": recommendation.title,
                    "text": recommendation.text,
                    "reasoning": recommendation.reasoning,
                    "action_field": recommendation.action_field_id,
                    "approach": recommendation.approach_id,
                },
            )
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        approach, field = cleaned.get("approach"), cleaned.get("action_field")
        if approach is not None and field is not None and approach.action_field_id != field.pk:
            self.add_error(
                "approach", _("Dieser Handlungsansatz gehört zu einem anderen Handlungsfeld.")
            )
        if approach is not None and field is None:
            cleaned["action_field"] = approach.action_field
        return cleaned


class AttachmentAdminForm(forms.ModelForm):
    """The admin inline: a PDF upload for new rows, title/description/position for all."""

    upload = PdfField(label=_("PDF-Datei"), required=False)

    class Meta:
        model = Attachment
        fields = ["title", "description", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text = pdf_help_text()
        self.fields["title"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is None and not cleaned.get("upload") and self.has_changed():
            self.add_error("upload", _("Bitte wählen Sie eine PDF-Datei aus."))
        if self.instance.pk is not None and cleaned.get("upload"):
            self.add_error(
                "upload",
                _(
                    "Eine vorhandene Datei wird nicht ersetzt; entfernen Sie sie und fügen Sie "
                    "die neue hinzu."
                ),
            )
        return cleaned
