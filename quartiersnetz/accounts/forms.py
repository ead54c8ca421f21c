"""Sign-up with recorded consent to the terms and the participation principles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.forms import apply_kern_classes

from . import services
from .models import User


def _consent_label(text: Any, url: Any) -> str:
    return format_html('{} (<a class="kern-link" href="{}">{}</a>)', text, url, _("lesen"))


consent_label = lazy(_consent_label, str)


class SignupForm(forms.Form):
    """Extra fields for allauth's sign-up form (ACCOUNT_FORMS['signup'] extends this)."""

    display_name = forms.CharField(
        label=_("Ihr Name"),
        max_length=150,
        required=False,
        help_text=_("Wird nur gezeigt, wenn Sie zustimmen, auf einem Profil genannt zu werden."),
    )
    accept_terms = forms.BooleanField(
        label=consent_label(
            _("Ich akzeptiere die Nutzungsbedingungen"), reverse_lazy("core:terms")
        ),
        error_messages={"required": _("Bitte stimmen Sie den Nutzungsbedingungen zu.")},
    )
    accept_principles = forms.BooleanField(
        label=consent_label(
            _("Ich bekenne mich zu den Grundsätzen der Mitwirkung"), reverse_lazy("core:principles")
        ),
        error_messages={"required": _("Bitte stimmen Sie den Grundsätzen der Mitwirkung zu.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_kern_classes(self)

    def signup(self, request: HttpRequest, user: User) -> None:
        services.user_complete_signup(
            user=user,
            display_name=self.cleaned_data.get("display_name", ""),
            accepted_terms=self.cleaned_data["accept_terms"],
            accepted_principles=self.cleaned_data["accept_principles"],
        )


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_kern_classes(self)
