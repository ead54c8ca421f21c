"""Public pages of Praxisbeispiele: list with facets, typology matrix, detail, Atom feed.

Every page reads through `selectors`; the detail goes through `visible_practices`, so
drafts, submitted and returned records are seen only by their authors and the curators.
"""

from __future__ import annotations

import datetime
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quartiersnetz.core import sections
from quartiersnetz.core.guards import request_user
from quartiersnetz.core.jsonld import actor_ref, json_ld, place

from . import list_selectors, selectors, similarity
from .models import Practice


def _json_ld(request: HttpRequest, practice: Practice) -> SafeString:
    """schema.org metadata of a published practice, safe inside a data block."""
    data: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": practice.title,
        "abstract": practice.summary,
        "url": request.build_absolute_uri(practice.get_absolute_url()),
        "license": practice.licence_url,
        "inLanguage": "de",
        "genre": [practice.kind.name, practice.type.name],
        "dateModified": practice.updated.isoformat(),
    }
    if practice.published_at:
        data["datePublished"] = practice.published_at.isoformat()
    if not practice.organisation.is_hidden:
        data["author"] = actor_ref(request, practice.organisation)
    if practice.municipality:
        data["spatialCoverage"] = place(
            practice.municipality.label, practice.municipality, practice.point
        )
    return json_ld(data)


@require_safe
def practice_list(request: HttpRequest) -> HttpResponse:
    filters = list_selectors.PracticeFilters.from_query(request.GET)
    listing = list_selectors.practice_list_page(filters, request.GET.get("seite"))
    context = {
        "filters": filters,
        # Per-request links of higher apps ("Als Themenradar speichern"), never cached.
        "list_actions": sections.bound_actions(selectors.LIST_PAGE, request, filters),
        # A facet without any choosable value would render as an empty list.
        # Read only when the cached sidebar fragment has to be rendered.
        "facets": SimpleLazyObject(
            lambda: [f for f in listing.facets() if any(v.count or v.selected for v in f.values)]
        ),
        "page": listing.page,
        "cache_key": listing.cache_key,
        "suggestion": listing.suggestion,
        "query": urlencode(filters.as_dict()),
        "sorts": [
            (key, label, key == filters.sort_key) for key, label in list_selectors.SORTS.items()
        ],
    }
    htmx = getattr(request, "htmx", False)
    template = "practices/partials/_list_results.html" if htmx else "practices/practice_list.html"
    return render(request, template, context)


@require_safe
def typology(request: HttpRequest) -> HttpResponse:
    return render(
        request, "practices/typology.html", {"typology": list_selectors.practice_typology()}
    )


@require_safe
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # A light, visibility-checked lookup answers 404s and fills the uncached parts; the page
    # body is made of fragments cached under `practice_detail_version()`, and the full record
    # with its relations is only read when a fragment has to be rendered.
    head = selectors.practice_head(request_user(request), slug=slug)
    if head is None:
        raise Http404
    user = request.user
    practice = cast(Practice, SimpleLazyObject(lambda: selectors.practice_for_detail(pk=head.pk)))

    def similar() -> list[Practice]:
        return [
            p for p in similarity.similar_practices(practice) if p.is_published and p.pk != head.pk
        ]

    context = {
        "head": head,
        "practice": practice,
        "detail_version": selectors.practice_detail_version(),
        "detail_cache_seconds": selectors.DETAIL_CACHE_SECONDS,
        "relations": SimpleLazyObject(lambda: selectors.practice_relations(practice)),
        "similar": SimpleLazyObject(similar),
        # What other apps show about the practice (recommendations, events, learnings); their
        # items are read only when the body fragment is rendered.
        "sections": sections.bound_sections(selectors.DETAIL_SECTIONS, practice),
        "actions": sections.bound_actions(selectors.DETAIL_SECTIONS, request, head),
        # Called by the template only when the JSON-LD fragment is not cached.
        "json_ld": lambda: _json_ld(request, practice),
        "can_edit": user.has_perm("practices.change_practice", head),
        "can_view_history": user.has_perm("practices.view_history", head),
        "can_review": user.has_perm("practices.review_practice", head),
        "can_rate": user.has_perm("practices.rate_practice", head),
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
