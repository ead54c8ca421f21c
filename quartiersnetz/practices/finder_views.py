""" "Passt zu meinem Ort": the transfer finder.

SKELETON: replaced by the implementation."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def transfer_finder(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
