"""Public pages of Praxisbeispiele: list with facets, typology matrix, detail, Atom feed.

Every page reads through `selectors`; the detail goes through `visible_practices`, so
drafts, submitted and returned records are seen only by their authors and the curators.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quartiersnetz.accounts.models import User

from . import selectors, similarity
from .models import Practice


def _user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) else None


@require_safe
def practice_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.PracticeFilters.from_query(request.GET)
    listing = selectors.practice_list_page(filters, request.GET.get("seite"))
    context = {
        "filters": filters,
        # A facet without any choosable value would render as an empty list.
        "facets": [f for f in listing.facets if any(v.count or v.selected for v in f.values)],
        "page": listing.page,
        "cache_key": listing.cache_key,
        "query": urlencode(filters.as_dict()),
        "sorts": [(key, label, key == filters.sort_key) for key, label in selectors.SORTS.items()],
    }
    htmx = getattr(request, "htmx", False)
    template = "practices/partials/_list_results.html" if htmx else "practices/practice_list.html"
    return render(request, template, context)


@require_safe
def typology(request: HttpRequest) -> HttpResponse:
    return render(request, "practices/typology.html", {"typology": selectors.practice_typology()})


@require_safe
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    practice = selectors.practice_for_detail(_user(request), slug=slug)
    if practice is None:
        raise Http404
    user = request.user
    similar = [
        p for p in similarity.similar_practices(practice) if p.is_published and p.pk != practice.pk
    ]
    context = {
        "practice": practice,
        "relations": selectors.practice_relations(practice),
        "recommendations": selectors.practice_recommendations(practice),
        "similar": similar,
        "can_edit": user.has_perm("practices.change_practice", practice),
        "can_view_history": user.has_perm("practices.view_history", practice),
        "can_review": user.has_perm("practices.review_practice", practice),
        "can_rate": user.has_perm("practices.rate_practice", practice),
    }
    return render(request, "practices/practice_detail.html", context)


class PracticeFeed(Feed[Practice, None]):
    """The newest published practices as an Atom feed."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Praxisbeispiele – Quartiersnetz")

    def subtitle(self) -> str:
        return _(
            "Neu veröffentlichte Praxisbeispiele: Orte, Formate und Strategien für lebendige "
            "Zentren, Quartiere und Kleinstädte."
        )

    def link(self) -> str:
        return reverse("practices:list")

    def items(self) -> list[Practice]:
        return selectors.feed_items()

    def item_title(self, item: Practice) -> str:
        return item.title

    def item_description(self, item: Practice) -> str:
        return item.summary

    def item_link(self, item: Practice) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Practice) -> datetime.datetime | None:
        if item.published_at is None:
            return None
        return timezone.localtime(item.published_at, datetime.UTC)

    def item_updateddate(self, item: Practice) -> datetime.datetime:
        return timezone.localtime(item.updated, datetime.UTC)

    def item_author_name(self, item: Practice) -> str:
        return "" if item.organisation.is_hidden else item.organisation.name

    def item_categories(self, item: Practice) -> list[str]:
        return [item.kind.label, item.type.label, item.spatial_field.label]
