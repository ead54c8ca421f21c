"""Validators shared by the apps."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import ngettext_lazy


@deconstructible
class TextLengthValidator(MaxLengthValidator):
    """At most ``limit_value`` characters, counted as the browser's ``maxlength`` counts them.

    A textarea submits line breaks as CR LF but its ``maxlength`` counts each as one character;
    counting the same way here means a text the browser let through is not refused for its line
    breaks. The message names the limit and the current length, with the locale's digit grouping.
    """

    message = ngettext_lazy(
        "Bitte kürzen Sie den Text auf höchstens %(limit)s Zeichen (derzeit %(count)s).",
        "Bitte kürzen Sie den Text auf höchstens %(limit)s Zeichen (derzeit %(count)s).",
        "limit_value",
    )

    def clean(self, x: Any) -> int:
        if isinstance(x, str):
            return len(x.replace("\r\n", "\n"))
        return len(x)

    def __call__(self, value: Any) -> None:
        cleaned = self.clean(value)
        limit_value = self.limit_value() if callable(self.limit_value) else self.limit_value
        if self.compare(cleaned, limit_value):
            params = {
                "limit_value": limit_value,
                "show_value": cleaned,
                "value": value,
                "limit": number_format(limit_value, force_grouping=True),
                "count": number_format(cleaned, force_grouping=True),
            }
            raise ValidationError(self.message, code=self.code, params=params)
