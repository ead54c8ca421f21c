"""One answer for invalid form submissions: **400 Bad Request**, with the form, its German
errors and the input kept (docs/architecture.md, "Conventions").

`FormErrorStatusMiddleware` decides it for every view that answers with a TemplateResponse:
class-based views (django-allauth's account pages) and every function view of the apps, which
use `render` from here instead of `django.shortcuts.render`. A view never sets the status of an
invalid form itself; statuses it chooses for other reasons (403, 404, 410, 429) stay.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse

INVALID_FORM_STATUS = 400


def render(
    request: HttpRequest,
    template_name: str | list[str],
    context: Mapping[str, Any] | None = None,
    content_type: str | None = None,
    status: int | None = None,
) -> TemplateResponse:
    """Like `django.shortcuts.render`, but the answer stays a TemplateResponse until the
    middleware has looked at its forms."""
    return TemplateResponse(
        request, template_name, dict(context or {}), content_type=content_type, status=status
    )


def _forms_in(value: Any) -> Iterable[forms.BaseForm | forms.BaseFormSet]:
    if isinstance(value, forms.BaseForm | forms.BaseFormSet):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, forms.BaseForm | forms.BaseFormSet):
                yield item


def has_invalid_form(context: Mapping[str, Any] | None) -> bool:
    """Does the page show a submitted form with errors? Only forms that were already validated
    count (the check never runs a validation itself)."""
    for value in (context or {}).values():
        for form in _forms_in(value):
            if not form.is_bound or getattr(form, "_errors", None) is None:
                continue
            if isinstance(form, forms.BaseFormSet):
                if form.total_error_count():
                    return True
            elif form.errors:
                return True
    return False


class FormErrorStatusMiddleware:
    """A POST answered with 200 that shows an invalid form becomes 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_template_response(
        self, request: HttpRequest, response: TemplateResponse
    ) -> TemplateResponse:
        if (
            request.method == "POST"
            and response.status_code == 200
            and has_invalid_form(response.context_data)
        ):
            response.status_code = INVALID_FORM_STATUS
        return response
