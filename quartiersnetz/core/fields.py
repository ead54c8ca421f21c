"""Model fields shared by the apps: text with a length limit that model validation enforces."""

from __future__ import annotations

from typing import Any

from django.db import models

from .validators import TextLengthValidator


class BoundedTextField(models.TextField):
    """A TextField whose ``max_length`` is required and also checked by ``full_clean``.

    Django passes a TextField's ``max_length`` only to its form field (the textarea's
    ``maxlength`` and the form's length check); services that validate with ``full_clean`` and
    the admin's model validation would accept any length. The database keeps an unbounded
    ``text`` column: the limit is a rule of the input, not of storage.
    """

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(TextLengthValidator(max_length))
