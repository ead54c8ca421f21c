"""Forms of the network app."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.forms import KernFormMixin

from .models import Connection


class ConnectionProposeForm(KernFormMixin, forms.Form):
    """Propose a connection from one of the user's actors to the profile's actor."""

    from_actor = forms.ModelChoiceField(
        label=_("Für"),
        queryset=Actor.objects.none(),
        empty_label=None,
        help_text=_("Die Organisation oder das Profil, für das Sie die Verbindung vorschlagen."),
    )
    kind = forms.ChoiceField(label=_("Art der Verbindung"), choices=Connection.Kind.choices)
    message = forms.CharField(
        label=_("Nachricht (freiwillig)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wird nur der anderen Seite gezeigt, höchstens 500 Zeichen."),
    )

    def __init__(self, *args: Any, acting: QuerySet[Actor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["from_actor"])
        field.queryset = acting
