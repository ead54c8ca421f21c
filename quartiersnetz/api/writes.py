"""The API's writes: a JSON body becomes the data of the same Django form the web page uses,
so that its validation, the services, the permissions and the curation workflow are the
web's. What the form or the service refuses is a 422 with one `invalid-params` entry per
problem, named by the body's field; nothing is saved then.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from quartiersnetz.places.models import Municipality

from .problems import InvalidParam, problem_response


class Unprocessable(Exception):  # noqa: N818 - named after the HTTP status
    def __init__(self, params: list[InvalidParam]) -> None:
        super().__init__("; ".join(f"{p.name}: {p.reason}" for p in params))
        self.params = params


def unprocessable_response(request: HttpRequest, exc: Unprocessable) -> HttpResponse:
    return problem_response(
        request,
        status=422,
        title="Unprocessable Content",
        detail="Die Angaben sind unvollständig oder ungültig; nichts wurde gespeichert.",
        extensions={"invalid-params": [{"name": p.name, "reason": p.reason} for p in exc.params]},
    )


class FormData:
    """Builds a form's data from a request body, collecting the codes that name nothing."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.problems: list[InvalidParam] = []

    def value(self, name: str, value: Any) -> None:
        self.data[name] = value

    def code(self, name: str, model: type[Model], code: str | None) -> None:
        """One record named by its code (a vocabulary's or an actor's slug)."""
        if code in (None, ""):
            self.data[name] = None
            return
        pk = model._default_manager.filter(slug=code).values_list("pk", flat=True).first()
        if pk is None:
            self.problems.append(InvalidParam(name, f"Unbekannter Code „{code}“."))
        self.data[name] = pk

    def municipality(self, name: str, ags: str | None) -> None:
        """A municipality by its AGS (the form's field takes the instance)."""
        found = Municipality.objects.filter(ags=ags).first() if ags else None
        if ags and found is None:
            self.problems.append(InvalidParam(name, f"Keine Gemeinde mit dem AGS {ags}."))
        self.data[name] = found

    def codes(self, name: str, model: type[Model], codes: Iterable[str]) -> None:
        wanted = list(dict.fromkeys(codes))
        found = dict(model._default_manager.filter(slug__in=wanted).values_list("slug", "pk"))
        for code in wanted:
            if code not in found:
                self.problems.append(InvalidParam(name, f"Unbekannter Code „{code}“."))
        self.data[name] = [found[code] for code in wanted if code in found]

    def check(self) -> None:
        if self.problems:
            raise Unprocessable(self.problems)


def created_response(body: dict[str, Any], *, location: str | None = None) -> HttpResponse:
    """201 with the new record's summary (never cached: it answers one member's write)."""
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=201, content_type="application/json"
    )
    if location:
        response["Location"] = location
    response["Cache-Control"] = "no-store"
    return response


def form_problems(form: forms.BaseForm) -> list[InvalidParam]:
    """The form's errors, each under its field's name (errors of the whole form: `body`)."""
    return [
        InvalidParam("body" if name == "__all__" else name, str(message))
        for name, messages in form.errors.items()
        for message in messages
    ]


def validated(form: forms.BaseForm) -> None:
    if not form.is_valid():
        raise Unprocessable(form_problems(form))


def service_problems(exc: ValidationError) -> Unprocessable:
    """A service's refusal, by field where it names one."""
    if hasattr(exc, "error_dict"):
        params = [
            InvalidParam("body" if name == "__all__" else name, str(message))
            for name, errors in exc.error_dict.items()
            for error in errors
            for message in error.messages
        ]
    else:
        params = [InvalidParam("body", str(message)) for message in exc.messages]
    return Unprocessable(params)
