"""Forms for submitting contributions and for attachments. They parse input; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.core.forms import KernForm
from quartiersnetz.taxonomy.models import ActionField

from .models import Attachment, Publication
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


class PublicationSubmitForm(KernForm):
    organisation = forms.ModelChoiceField(
        label=_("Für die Organisation"),
        queryset=Actor.objects.none(),
        empty_label=None,
    )
    kind = forms.ChoiceField(label=_("Art des Beitrags"), choices=SUBMITTABLE_KINDS)
    title = forms.CharField(label=_("Titel"), max_length=300)
    summary = forms.CharField(
        label=_("Zusammenfassung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zwei bis fünf Sätze; erscheint in der Liste und im Feed."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
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
    attachment = PdfField(label=_("PDF-Datei (optional)"), required=False)
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

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Actor.objects.filter(  # type: ignore[attr-defined]
            memberships__user=user, kind=Actor.Kind.ORGANISATION
        ).order_by("name")
        self.fields["attachment"].help_text = pdf_help_text()

    def clean_title(self) -> str:
        title = str(self.cleaned_data["title"]).strip()
        if not title:
            raise ValidationError(_("Bitte geben Sie einen Titel an."))
        return title


class PublicationStatusForm(KernForm):
    action = forms.ChoiceField(
        choices=[("publish", _("veröffentlichen")), ("unpublish", _("zurückziehen"))]
    )


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
