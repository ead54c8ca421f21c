"""Forms of contact."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.forms import KernForm

from .models import MESSAGE_MAX_LENGTH

BODY_HELP = _("Einfacher Text; Markdown für Hervorhebungen und Links ist möglich.")


class ContactStartForm(KernForm):
    sender_actor = forms.ModelChoiceField(
        label=_("Schreiben als"),
        queryset=Actor.objects.none(),
        empty_label=None,
        help_text=_("Ihre Organisation oder Ihr eigenes Profil."),
    )
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    body = forms.CharField(
        label=_("Nachricht"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )

    def __init__(self, *args: Any, acting: QuerySet[Actor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["sender_actor"]).queryset = acting


class ReplyForm(KernForm):
    body = forms.CharField(
        label=_("Ihre Antwort"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
    )


class ReportForm(KernForm):
    reason = forms.CharField(
        label=_("Warum melden Sie diese Nachricht?"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Die Kuration sieht die Nachricht und Ihre Begründung."),
    )


class SuspendForm(KernForm):
    reason = forms.CharField(
        label=_("Grund der Schreibsperre"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
