"""Form fields for the shared taxonomy, used by every app whose records carry it."""

from __future__ import annotations

from django import forms

from .models import Approach


class ApproachChoiceField(forms.ModelMultipleChoiceField):
    """Approaches, each labelled with its action field ("Handlungsfeld: Ansatz")."""

    def label_from_instance(self, obj: Approach) -> str:
        return f"{obj.action_field.label}: {obj.label}"
