"""Forms of notifications: following a term or a Bundesland from the list of follows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.forms import EMPTY_CHOICE, KernForm, apply_kern_classes
from quartiersnetz.places.models import State
from quartiersnetz.taxonomy.models import ActionField, Approach, SpatialField

from .models import Delivery, Notification, NotificationSettings


class FollowTopicForm(KernForm):
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
        label=_("Bundesland"), choices=[("", EMPTY_CHOICE), *State.choices], required=False
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


class NotificationSettingsForm(KernForm):
    """E-mail opt-in and, per kind of notification, how it is mailed."""

    email_enabled = forms.BooleanField(
        label=_("Benachrichtigungen auch per E-Mail erhalten"), required=False
    )

    def __init__(self, *args: Any, current: NotificationSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email_enabled"].initial = current.email_enabled
        for kind, label in Notification.Kind.choices:
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=current.deliveries.get(kind, NotificationSettings.DEFAULT_DELIVERY),
            )
        apply_kern_classes(self)  # the fields added here

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("kind_")]

    def deliveries(self) -> dict[str, str]:
        return {
            name.removeprefix("kind_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("kind_")
        }
