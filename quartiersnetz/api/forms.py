"""The form of `/konto/api-schluessel/`: a new personal API token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from quartiersnetz.core.forms import KernForm

from .models import ApiToken


class ApiTokenForm(KernForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Wofür Sie den Schlüssel nutzen, z. B. „Import aus unserem Projektportal“."),
    )
    scope = forms.ChoiceField(
        label=_("Berechtigung"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Offene Daten lesen Sie ohne Schlüssel. Ein Schlüssel zum Lesen zeigt Ihre eigenen "
            "Einträge mit Entwürfen; zum Schreiben reicht er Praxisbeispiele und "
            "Veranstaltungsvorschläge ein – wie die Formulare der Plattform, zur Prüfung "
            "durch die Kuration."
        ),
    )
    days = forms.TypedChoiceField(
        label=_("Gültig für"),
        coerce=int,
        choices=[
            (days, ngettext_lazy("%(count)d Tag", "%(count)d Tage", days) % {"count": days})
            for days in ApiToken.LIFETIMES
        ],
        initial=90,
        widget=forms.RadioSelect,
    )
