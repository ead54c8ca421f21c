"""Forms of notifications: following a term or a Bundesland, settings, the Themenradar."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.forms import EMPTY_CHOICE, KernForm, apply_kern_classes
from quartiersnetz.places.forms import MunicipalityField
from quartiersnetz.places.models import State
from quartiersnetz.taxonomy.models import ActionField, Approach, SpatialField

from .mail import NOT_MAILED
from .models import Delivery, Notification, NotificationSettings, Radar
from .radar import clean_filters


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

    language = forms.ChoiceField(
        label=_("Sprache der E-Mails"),
        choices=settings.LANGUAGES,
        required=False,  # not sent: the language stays as it is
    )

    def __init__(self, *args: Any, current: NotificationSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email_enabled"].initial = current.email_enabled
        self.fields["language"].initial = current.user.language or settings.LANGUAGE_CODE
        for kind, label in Notification.Kind.choices:
            if kind in NOT_MAILED:  # contact mails every new message itself
                continue
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


class RadarForm(KernForm):
    """A Themenradar: name, words, kinds of records, place and radius, and the e-mail choice.

    The filters of a list page travel in `filters` (JSON, only allowed names are kept) and
    are shown as a summary; `clear_filters` drops them.
    """

    name = forms.CharField(label=_("Name des Themenradars"), max_length=120)
    q = forms.CharField(
        label=_("Suchbegriffe"),
        max_length=200,
        required=False,
        help_text=_("Wörter, die in neuen Einträgen vorkommen sollen (leer: alle)."),
    )
    record_types = forms.MultipleChoiceField(
        label=_("Was soll der Themenradar beobachten?"),
        choices=Radar.RecordType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte wählen Sie mindestens eine Art von Einträgen.")},
    )
    municipality = MunicipalityField(
        label=_("Ort"),
        required=False,
        help_text=_("Name der Gemeinde oder Amtlicher Gemeindeschlüssel; nur mit Umkreis."),
    )
    radius_km = forms.IntegerField(
        label=_("Umkreis in km"),
        required=False,
        min_value=Radar.MIN_RADIUS_KM,
        max_value=Radar.MAX_RADIUS_KM,
        help_text=_("1 bis 300 km um die Gemeinde. Impulse haben keinen Ort."),
    )
    delivery = forms.ChoiceField(
        label=_("Benachrichtigung per E-Mail"),
        choices=Delivery.choices,
        initial=Delivery.WEEKLY,
        help_text=_(
            "Neue Treffer erscheinen immer unter Benachrichtigungen; E-Mails erst, wenn Sie "
            "sie in den Einstellungen eingeschaltet haben."
        ),
    )
    filters = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)
    clear_filters = forms.BooleanField(label=_("Filter entfernen"), required=False)

    def __init__(self, *args: Any, user: Any, instance: Radar | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance = instance

    def clean_filters(self) -> dict[str, dict[str, str]]:
        raw = self.cleaned_data.get("filters") or ""
        try:
            value = json.loads(raw) if raw else {}
        except ValueError:
            value = {}
        return clean_filters(value if isinstance(value, dict) else {}, Radar.RecordType.values)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("radius_km") and not data.get("municipality"):
            self.add_error(
                "municipality", _("Bitte geben Sie einen Ort an, wenn Sie einen Umkreis wählen.")
            )
        if data.get("municipality") and not data.get("radius_km"):
            self.add_error("radius_km", _("Bitte geben Sie zum Ort einen Umkreis in km an."))
        if self.instance is None and (
            Radar.objects.filter(user=self.user).count() >= Radar.MAX_PER_USER
        ):
            raise forms.ValidationError(
                _(
                    "Sie haben bereits %(limit)d Themenradare. Bitte löschen Sie einen, bevor "
                    "Sie einen neuen anlegen."
                ),
                params={"limit": Radar.MAX_PER_USER},
            )
        return data

    def radar_data(self) -> dict[str, Any]:
        """The values for `services.radar_save`."""
        data = self.cleaned_data
        types = [t for t in Radar.RecordType.values if t in data["record_types"]]
        filters = {} if data.get("clear_filters") else data.get("filters") or {}
        return {
            "name": data["name"],
            "q": data.get("q") or "",
            "record_types": types,
            "filters": {t: f for t, f in filters.items() if t in types},
            "municipality": data.get("municipality"),
            "radius_km": data.get("radius_km") if data.get("municipality") else None,
            "delivery": data["delivery"],
        }
