"""One search over all public records (/suche/). SKELETON: replaced by the implementation."""

from django.http import Http404, HttpRequest, HttpResponse


def search(request: HttpRequest) -> HttpResponse:
    raise Http404
