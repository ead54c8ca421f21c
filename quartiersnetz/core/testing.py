"""Helpers shared by the test suites (not imported by the application)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.db import models


def require(condition: bool, message: str) -> None:
    """Skip the test unless `condition`; fail instead when REQUIRE_BROWSER_TESTS=1 (CI)."""
    if condition:
        return
    if os.environ.get("REQUIRE_BROWSER_TESTS", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{message} (REQUIRE_BROWSER_TESTS=1, so this is an error, not a skip)")
    pytest.skip(message)


def save_through_admin(
    user: Any,
    model: type[models.Model],
    *,
    instance: models.Model | None = None,
    initial_from: models.Model | None = None,
    **changes: Any,
) -> models.Model:
    """Save a record through its registered ModelAdmin as the add/change view does (form,
    save_form, save_model, save_related; no inlines): `instance` is changed, otherwise a new
    record is added from the fields of `initial_from` (an unsaved record, m2m left empty).
    `changes` override the form data."""
    from django.contrib import admin
    from django.forms.models import model_to_dict
    from django.test import RequestFactory

    model_admin = admin.site._registry[model]
    request = RequestFactory().post("/")
    request.user = user
    form_class = model_admin.get_form(request, instance, change=instance is not None)
    source = instance if instance is not None else initial_from
    data: dict[str, Any] = {}
    if source is not None:
        names = [
            name
            for name in form_class.base_fields
            if instance is not None or not model._meta.get_field(name).many_to_many
        ]
        for name, value in model_to_dict(source, fields=names).items():
            if isinstance(value, list):
                value = [item.pk if isinstance(item, models.Model) else item for item in value]
            if value is not None and not isinstance(value, models.fields.files.FieldFile):
                data[name] = value
    data.update(changes)
    form = form_class(data=data, instance=instance)
    if not form.is_valid():
        pytest.fail(f"The admin form is invalid: {form.errors.as_json()}")
    change = instance is not None
    obj = model_admin.save_form(request, form, change=change)
    model_admin.save_model(request, obj, form, change=change)
    model_admin.save_related(request, form, [], change=change)
    return obj


def count_queries(client: Any, url: str, *, status: int | None = 200) -> int:
    """The number of database queries a GET of `url` makes (asserting its status code, unless
    `status` is None), for the tests that a page's queries do not grow with its rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    if status is not None:
        assert response.status_code == status  # noqa: S101
    return len(ctx.captured_queries)
