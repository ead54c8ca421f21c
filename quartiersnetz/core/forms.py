"""Form rendering in the KERN design system: labels, hints and field-level errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .validators import TextLengthValidator


class KernFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


_CHOICE_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


EMPTY_CHOICE = "---------"  # Django's BLANK_CHOICE_DASH label


def _name_the_empty_choice(field: forms.Field) -> None:
    """Django's "---------" becomes words: "– keine Angabe –" where the field is optional,
    "– bitte wählen –" where it is required."""
    label = _("– bitte wählen –") if field.required else _("– keine Angabe –")
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == EMPTY_CHOICE:
            field.empty_label = label
    elif isinstance(field, forms.ChoiceField) and not isinstance(field.widget, _CHOICE_WIDGETS):
        choices: list[Any] = list(field.choices)  # type: ignore[arg-type]
        if choices and choices[0] == ("", EMPTY_CHOICE):
            field.choices = [("", label), *choices[1:]]


def apply_kern_classes(form: forms.BaseForm) -> None:
    """Give every widget the KERN class for its kind and name empty choices (idempotent)."""
    for field in form.fields.values():
        _name_the_empty_choice(field)
        widget = field.widget
        css = widget.attrs.get("class", "")
        if isinstance(widget, forms.CheckboxInput):
            extra = "kern-form-check__checkbox"
        elif isinstance(widget, _CHOICE_WIDGETS):
            continue
        elif isinstance(widget, forms.Select):
            extra = "kern-form-input__select"
        elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
            extra = "kern-form-input__input"
        else:
            extra = "kern-form-input__input"
        if extra not in css.split():
            widget.attrs["class"] = f"{css} {extra}".strip()


def echo_invalid_values_as_text(form: forms.BaseForm) -> None:
    """Re-render invalid URL and e-mail inputs as text inputs (keeping the keyboard hint).

    An invalid value written back into `<input type="url">` or `type="email"` makes the page
    itself invalid HTML ("Bad value … for attribute value"); as `type="text"` with
    `inputmode="url"`/`"email"` the user sees and corrects the value as before.
    """
    errors = getattr(form, "_errors", None)
    if not errors:
        return
    for name in errors:
        field = form.fields.get(name)
        if field is None:
            continue
        widget = field.widget
        input_type = getattr(widget, "input_type", "")
        if input_type in {"url", "email"}:
            widget.attrs.setdefault("inputmode", input_type)
            widget.input_type = "text"


def use_text_length_messages(form: forms.BaseForm) -> None:
    """Check every text field's length with the project's validator (idempotent).

    Its message asks to shorten the text and names the limit and the current length ("Bitte
    kürzen Sie den Text auf höchstens 20.000 Zeichen (derzeit 25.310)."); the input stays in the
    field. A field's own ``error_messages["max_length"]`` still takes precedence.
    """
    for field in form.fields.values():
        if not isinstance(field, forms.CharField) or field.max_length is None:
            continue
        field.validators = [
            TextLengthValidator(v.limit_value)
            if type(v) is MaxLengthValidator  # exactly Django's, not a subclass
            else v
            for v in field.validators
        ]


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: at its field, else above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class KernFormMixin:
    """Mix into any form so `{{ form }}` renders accessible KERN markup."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_kern_classes(self)  # type: ignore[arg-type]

    def full_clean(self) -> None:
        # Here rather than in __init__, so that fields a form adds after it are covered too.
        use_text_length_messages(self)  # type: ignore[arg-type]
        super().full_clean()  # type: ignore[misc]
        # Point each invalid field at its error message (the hint stays referenced too).
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            bound = self[name]  # type: ignore[index]
            ids = [f"{bound.auto_id}_error"]
            if bound.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            bound.field.widget.attrs["aria-describedby"] = " ".join(ids)
        echo_invalid_values_as_text(self)  # type: ignore[arg-type]


class KernForm(KernFormMixin, forms.Form):
    pass


class KernModelForm(KernFormMixin, forms.ModelForm):
    pass
