"""Forms of notifications: following a term or a Bundesland from the list of follows."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartiersnetz.places.models import State
from quartiersnetz.taxonomy.models import ActionField, Approach, SpatialField


class FollowTopicForm(forms.Form):
    """One topic to follow: a term of one of the vocabularies, or a Bundesland (any one)."""

    action_field = forms.ModelChoiceField(
        ActionField.objects.all(), label=_("Handlungsfeld"), required=False
    )
    approach = forms.ModelChoiceField(
        Approach.objects.all(), label=_("Handlungsansatz"), required=False
    )
    spatial_field = forms.ModelChoiceField(
        SpatialField.objects.all(), label=_("Räumliches Handlungsfeld"), required=False
    )
    state = forms.ChoiceField(
        label=_("Bundesland"), choices=[("", "---------"), *State.choices], required=False
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if not any(data.get(name) for name in self.fields):
            raise forms.ValidationError(_("Bitte wählen Sie ein Thema oder ein Bundesland."))
        return data

    def topics(self) -> list[tuple[str, str]]:
        """The chosen (target, key) pairs."""
        data = self.cleaned_data
        chosen = []
        for name in ("action_field", "approach", "spatial_field"):
            if data.get(name):
                chosen.append((name, str(data[name].pk)))
        if data.get("state"):
            chosen.append(("state", data["state"]))
        return chosen
