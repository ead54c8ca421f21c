"""Forms of the registration pages: register, message the registrants, filter the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.forms import KernForm

from .models import Event, EventMessage, Registration
from .registration_services import MESSAGE_STATUSES


class RegistrationForm(KernForm):
    """Name and e-mail (guests; members use their account's), and the event's questions."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("An diese Adresse senden wir die Bestätigung und den Link zur Abmeldung."),
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    accessibility_needs = forms.CharField(
        label=_("Bedarfe zur Barrierefreiheit"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Zum Beispiel Gebärdensprachdolmetschung, Induktionsschleife, stufenloser Zugang, "
            "Unterlagen in Leichter Sprache."
        ),
    )
    dietary_needs = forms.CharField(
        label=_("Verpflegungswünsche"),
        required=False,
        max_length=300,
        help_text=_("Zum Beispiel vegetarisch, vegan, Allergien."),
    )
    show_publicly = forms.BooleanField(
        label=_("Mit Name und Organisation auf der öffentlichen Teilnehmendenliste erscheinen"),
        required=False,
        help_text=_(
            "Freiwillig; Sie können die Einwilligung jederzeit mit einer Abmeldung widerrufen."
        ),
    )

    def __init__(self, *args: Any, event: Event, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.member = user is not None and user.is_authenticated
        if self.member:
            # Members register with their account's address (shown on the page).
            del self.fields["email"]
        if not event.ask_organisation:
            del self.fields["organisation_name"]
        if not event.ask_accessibility:
            del self.fields["accessibility_needs"]
        if not event.ask_dietary:
            del self.fields["dietary_needs"]
        if not event.public_attendee_list:
            del self.fields["show_publicly"]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        if "email" in self.fields:
            self.fields["email"].widget.attrs["autocomplete"] = "email"
        if "organisation_name" in self.fields:
            self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"


class MessageForm(KernForm):
    statuses = forms.MultipleChoiceField(
        label=_("An"),
        choices=[(s.value, s.label) for s in MESSAGE_STATUSES],
        initial=[Registration.Status.CONFIRMED.value],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Jede Person erhält eine eigene E-Mail; Adressen werden nicht weitergegeben."),
    )
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    body = forms.CharField(
        label=_("Nachricht"),
        max_length=EventMessage._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


STATUS_FILTER_CHOICES = [("", _("alle")), *Registration.Status.choices]


class AttendeeFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER_CHOICES, required=False)
