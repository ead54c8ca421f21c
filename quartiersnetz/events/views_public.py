"""Public event pages (placeholder until the public views land)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


def event_list(request: HttpRequest) -> HttpResponse:
    return render(request, "events/event_list.html", {})


def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
