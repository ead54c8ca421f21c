"""Writing and curating Praxisbeispiele: edit, submit, review, publish, rate, revisions.

SKELETON: replaced by the implementation."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def practice_create(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def my_practices(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def review_queue(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def practice_edit(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def practice_images(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def practice_submit(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def practice_review(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def practice_rate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def practice_history(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def practice_revision(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def practice_restore(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
