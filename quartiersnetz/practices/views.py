"""Public pages of Praxisbeispiele: list with facets, typology matrix, detail, feed.

SKELETON: replaced by the implementation."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse


def practice_list(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def typology(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def practice_detail(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


class PracticeFeed(Feed):
    title = "Praxisbeispiele"
    link = "/praxis/"

    def items(self) -> list[Any]:
        return []
