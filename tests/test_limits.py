"""Limits: every text field has a maximum length (model and form); oversized bodies get 413."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import translation

import quartiersnetz
from quartiersnetz.core.forms import KernForm
from quartiersnetz.core.validators import TextLengthValidator

# Written by services only (the audit log's field diffs), never taken from a form.
# Written by code only: the audit diff, and what the network's worker computes.
NON_INPUT_STRUCTURED_FIELDS = {
    "audit.AuditEntry.changes",
    "network.Edge.sources",
    "network.NetworkSnapshot.data",
    "network.Suggestion.reasons",
    # Built only from the settings form's validated choice fields (kind → delivery).
    "notifications.NotificationSettings.deliveries",
    # Checked by their validators (known kinds; short text values) and narrowed to the lists'
    # filter names by `notifications.radar.clean_filters` before they are saved.
    "notifications.Radar.record_types",
    "notifications.Radar.filters",
}


def project_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("quartiersnetz.")]


def test_every_text_field_has_a_max_length_that_model_validation_enforces():
    missing = []
    for model in project_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.TextField):
                continue
            if not field.editable:
                continue  # derived text (search_text), built from the bounded fields
            limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
            if field.max_length is None or field.max_length not in limits:
                missing.append(f"{model._meta.label}.{field.name}")
    assert missing == [], f"TextFields without an enforced max_length: {missing}"


def test_no_structured_field_takes_user_text_unchecked():
    found = {
        f"{model._meta.label}.{field.name}"
        for model in project_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.JSONField) or field.get_internal_type() == "ArrayField"
    }
    assert found <= NON_INPUT_STRUCTURED_FIELDS


def project_form_modules():
    for info in pkgutil.walk_packages(quartiersnetz.__path__, "quartiersnetz."):
        last = info.name.rsplit(".", 1)[-1]
        if ".tests" in info.name or ".migrations" in info.name:
            continue
        if last == "forms" or last.endswith("_forms"):
            yield importlib.import_module(info.name)


def project_form_classes() -> list[type[forms.BaseForm]]:
    classes = []
    for module in project_form_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                classes.append(cls)
    return classes


@pytest.mark.django_db
def test_every_text_field_of_every_project_form_has_a_max_length():
    classes = project_form_classes()
    assert len(classes) > 20  # the walk finds the forms
    missing = []
    for cls in classes:
        fields = dict(cls.base_fields)
        # Forms that add fields in __init__, where they need no arguments.
        with contextlib.suppress(TypeError, ValueError, KeyError, AttributeError):
            fields.update(cls().fields)
        for name, field in fields.items():
            if isinstance(field, forms.CharField) and field.max_length is None:
                missing.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert missing == [], f"form text fields without max_length: {missing}"


@pytest.mark.django_db
def test_fields_added_per_programme_item_are_bounded_too():
    from quartiersnetz.events.forms import DocumentationForm
    from quartiersnetz.events.tests.factories import AgendaItemFactory
    from quartiersnetz.publications.models import Recommendation

    item = AgendaItemFactory()
    form = DocumentationForm(
        event=item.event, items=[item], recommendations=Recommendation.objects.none()
    )
    assert form.fields[f"outcome_{item.pk}"].max_length == 20_000


class _Form(KernForm):
    text = forms.CharField(max_length=10, widget=forms.Textarea)


def test_the_length_message_names_limit_and_length_in_german_and_english():
    form = _Form(data={"text": "x" * 12_345})
    assert not form.is_valid()
    assert form.errors["text"] == [
        "Bitte kürzen Sie den Text auf höchstens 10 Zeichen (derzeit 12.345)."
    ]
    assert form["text"].value() == "x" * 12_345  # the input stays in the field
    assert 'maxlength="10"' in str(form["text"])
    with translation.override("en"):
        form = _Form(data={"text": "x" * 12_345})
        assert form.errors["text"] == [
            "Please shorten the text to at most 10 characters (currently 12,345)."
        ]


def test_line_breaks_count_as_the_browser_counts_them():
    assert _Form(data={"text": "abcde\r\nfghi"}).is_valid()  # 10 characters in the textarea
    assert not _Form(data={"text": "abcdef\r\nghij"}).is_valid()


def test_model_validation_refuses_overlong_text():
    validator = TextLengthValidator(5)
    validator("12345")
    with pytest.raises(ValidationError) as info:
        validator("123456")
    assert info.value.messages == ["Bitte kürzen Sie den Text auf höchstens 5 Zeichen (derzeit 6)."]


# Request bodies ------------------------------------------------------------------------------

LOGIN = "/konto/login/"


def test_a_huge_announced_body_to_the_login_is_refused_without_reading_it(client):
    # The test client's payload raises if more than the 20 bytes sent are read.
    response = client.generic(
        "POST",
        LOGIN,
        data=b"--" + BOUNDARY.encode() + b"\r\nxxxxxxxxx",
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "Anfrage zu groß" in html
    assert "höchstens 6 MB" in html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["urlencoded", "multipart"])
def test_a_real_body_above_the_form_limit_is_refused_with_413(client, settings, kind):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    if kind == "urlencoded":
        body = b"login=a%40b.de&password=" + b"x" * 150_000
        content_type = "application/x-www-form-urlencoded"
    else:
        body = encode_multipart(BOUNDARY, {"login": "a@b.de", "password": "x" * 150_000})
        content_type = MULTIPART_CONTENT
    response = client.generic("POST", LOGIN, data=body, content_type=content_type)
    assert response.status_code == 413
    assert "Anfrage zu groß" in response.content.decode()
    with translation.override("en"):
        response = client.generic("POST", "/en" + LOGIN, data=body, content_type=content_type)
    assert response.status_code == 413
    assert "Request too large" in response.content.decode()


@pytest.mark.django_db
def test_a_body_within_the_limit_reaches_the_login(client):
    response = client.post(LOGIN, {"login": "a@b.de", "password": "x" * 1000})
    # The login form with its error (400, as every invalid form), not the 413 refusal.
    assert response.status_code == 400
    assert "Anfrage zu groß" not in response.content.decode()


@pytest.mark.django_db
def test_form_data_django_refuses_while_reading_gets_the_413_page(client, user, settings):
    # Within the upload view's body limit, but more form text than DATA_UPLOAD_MAX_MEMORY_SIZE.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    client.force_login(user)
    response = client.post("/mitwirkende/neu/", {"name": "x", "description": "x" * 150_000})
    assert response.status_code == 413
    assert "Anfrage zu groß" in response.content.decode()


@pytest.mark.django_db
def test_upload_views_allow_their_file_limit_only_to_signed_in_users(client, user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    settings.LOGO_MAX_BYTES = 200_000
    settings.REQUEST_BODY_MARGIN = 50_000
    body = encode_multipart(BOUNDARY, {"name": "x", "summary": "y" * 150_000})
    anonymous = client.generic(
        "POST", "/mitwirkende/neu/", data=body, content_type=MULTIPART_CONTENT
    )
    assert anonymous.status_code == 413
    client.force_login(user)
    too_big = encode_multipart(BOUNDARY, {"name": "x", "summary": "y" * 260_000})
    response = client.generic(
        "POST", "/mitwirkende/neu/", data=too_big, content_type=MULTIPART_CONTENT
    )
    assert response.status_code == 413


@pytest.mark.django_db
def test_the_admin_change_forms_allow_staff_the_largest_upload(rf, user, curator):
    from django.contrib.auth.models import AnonymousUser
    from django.urls import resolve

    from quartiersnetz.core.limits import body_limit, request_body_max_bytes

    view = resolve("/verwaltung/publications/publication/add/").func
    request = rf.post("/verwaltung/publications/publication/add/")
    curator.is_staff = True
    request.user = curator
    assert body_limit(request, view) == request_body_max_bytes() == 22 * 1024 * 1024
    request.user = user  # signed in, not staff
    assert body_limit(request, view) == 6 * 1024 * 1024
    request.user = AnonymousUser()
    assert body_limit(request, resolve("/verwaltung/login/").func) == 6 * 1024 * 1024
