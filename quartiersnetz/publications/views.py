"""Views for publications. They parse input, check permissions and call selectors."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def publication_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.PublicationFilters.from_query(request.GET)
    listing = selectors.list_page(filters, request.GET.get("seite"))
    context = {"filters": filters, "facets": listing.facets, "page": listing.page}
    return render(request, "publications/publication_list.html", context)


@require_safe
def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = selectors.publication_detail(slug=slug)
    if publication is None or not request.user.has_perm(
        "publications.view_publication", publication
    ):
        raise Http404
    authors = [a for a in publication.author_organisations.all() if not a.is_hidden]
    names = [a.name for a in authors]
    if publication.author_names:
        names.append(publication.author_names)
    context = {
        "publication": publication,
        "authors": authors,
        "attribution": ", ".join(names),
        "recommendations": list(publication.recommendations.all()),
    }
    return render(request, "publications/publication_detail.html", context)
