"""Pages of Allianzen: list with facets, map, Atom feed, detail; and the writes (found, edit,
invite, ask to join, accept, decline, leave, remove, members' roles and lead, linked records).

Views parse input, check the rules permissions and call services. Anonymous visitors are
sent to the login for writes; alliances the user may not see answer 404, visible ones the
user may not change 403.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartiersnetz.actors.models import Actor
from quartiersnetz.core import sections
from quartiersnetz.core.forms import add_service_errors
from quartiersnetz.core.guards import signed_in_user
from quartiersnetz.core.maps import tile_origin
from quartiersnetz.core.responses import render
from quartiersnetz.core.textquery import public_suggestion
from quartiersnetz.places.maps import plain_background

from . import selectors, services
from .forms import (
    AllianceForm,
    AllianceFoundForm,
    InviteForm,
    JoinForm,
    LinkForm,
    LinkSearchForm,
    MemberForm,
)
from .models import Alliance, AllianceMember


@require_safe
def alliance_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.AllianceFilters.from_query(request.GET)
    tile_url = settings.MAP_TILE_URL.strip()
    listing = selectors.alliance_list_page(request.user, filters, request.GET.get("seite"))
    context = {
        "filters": filters,
        # Per-request links of higher apps ("Als Themenradar speichern"), never cached.
        "list_actions": sections.bound_actions(selectors.LIST_PAGE, request, filters),
        "facets": [f for f in listing.facets if any(v.count or v.selected for v in f.values)],
        "page": listing.page,
        # "Meinten Sie …?" (read only when rendered)
        "suggestion": lambda: public_suggestion(filters.q, Alliance, ("name", "summary")),
        "can_add": request.user.has_perm("alliances.add_alliance"),
        "map_config": {
            "points": selectors.map_points(list(listing.page.object_list)),
            "tileUrl": tile_url,
            "attribution": settings.MAP_TILE_ATTRIBUTION if tile_url else "",
            **plain_background(tile_url),
            "texts": {
                "one": _("1 Allianz auf der Karte."),
                "many": _("%s Allianzen auf der Karte."),
                "none": _("Auf dieser Seite gibt es keine Allianz mit Ort."),
            },
        },
    }
    response = render(request, "alliances/alliance_list.html", context)
    origin = tile_origin(tile_url)
    if origin:  # tiles are images from the tile server: allow its origin on this page only
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]
    return response


@require_safe
def alliance_detail(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = selectors.alliance_for_detail(request.user, slug=slug)
    if alliance is None:
        raise Http404
    user = request.user
    can_manage = user.has_perm("alliances.change_alliancemember", alliance)
    context = {
        "alliance": alliance,
        # Visitors who are not signed in all see the same members, sectors and linked records:
        # a fragment cached under `relations_version` (the relations are read only when it is
        # missing); signed-in users may see their own memberships and buttons.
        "relations": SimpleLazyObject(
            lambda: selectors.alliance_relations(alliance, user, can_manage=can_manage)
        ),
        "relations_version": "" if user.is_authenticated else selectors.relations_version(),
        "can_manage": can_manage,
        "can_edit": request.user.has_perm("alliances.change_alliance", alliance),
        "can_join": request.user.has_perm("alliances.join_alliance", alliance),
        # What other apps add (e.g. suggested actors from the missing sectors); read lazily.
        "sections": sections.bound_sections(selectors.DETAIL_SECTIONS, alliance),
        "actions": sections.bound_actions(selectors.DETAIL_SECTIONS, request, alliance),
        "sections_version": selectors.detail_sections_version(),
    }
    return render(request, "alliances/alliance_detail.html", context)


class AllianceFeed(Feed[Alliance, None]):
    """Public alliances, newest first."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Allianzen – Quartiersnetz")

    def subtitle(self) -> str:
        return _("Lokale Allianzen von Mitwirkenden aus verschiedenen Bereichen.")

    def link(self) -> str:
        return reverse("alliances:list")

    def items(self) -> list[Alliance]:
        return selectors.feed_items()

    def item_title(self, item: Alliance) -> str:
        return item.name

    def item_description(self, item: Alliance) -> str:
        return item.summary

    def item_link(self, item: Alliance) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Alliance) -> datetime.datetime:
        return timezone.localtime(item.created, datetime.UTC)

    def item_updateddate(self, item: Alliance) -> datetime.datetime:
        return timezone.localtime(item.updated, datetime.UTC)

    def item_categories(self, item: Alliance) -> list[str]:
        return [item.get_status_display(), item.municipality.name]


# --- Writes ----------------------------------------------------------------------------------


def _alliance(request: HttpRequest, slug: str, perm: str | None) -> Alliance:
    alliance = selectors.alliance_for_edit(slug)
    if alliance is None or not request.user.has_perm("alliances.view_alliance", alliance):
        raise Http404
    if perm and not request.user.has_perm(perm, alliance):
        raise PermissionDenied
    return alliance


def _member(alliance: Alliance, pk: int) -> AllianceMember:
    member = selectors.alliance_member(alliance, pk)
    if member is None:
        raise Http404
    return member


def _own_organisations(request: HttpRequest) -> QuerySet[Actor]:
    return Actor.objects.filter(
        memberships__user=signed_in_user(request), kind=Actor.Kind.ORGANISATION, is_hidden=False
    ).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def alliance_found(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organisations = _own_organisations(request)
    if not organisations.exists():
        return render(
            request, "alliances/alliance_form.html", {"no_organisation": True}, status=403
        )
    form = AllianceFoundForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            alliance = services.alliance_found(
                user=user,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
                role_text=form.cleaned_data["role_text"],
                data=form.service_data(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Die Allianz „%(name)s“ ist gegründet.") % {"name": alliance.name}
            )
            return redirect(alliance.get_absolute_url())
    return render(request, "alliances/alliance_form.html", {"form": form, "alliance": None})


@login_required
@require_http_methods(["GET", "POST"])
def alliance_edit(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = _alliance(request, slug, "alliances.change_alliance")
    form = AllianceForm(request.POST if request.method == "POST" else None, instance=alliance)
    if request.method == "POST" and form.is_valid():
        try:
            alliance = services.alliance_update(
                alliance=alliance, user=signed_in_user(request), data=form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect(alliance.get_absolute_url())
    if request.method == "POST":
        alliance.refresh_from_db()
    return render(request, "alliances/alliance_form.html", {"form": form, "alliance": alliance})


@login_required
@require_http_methods(["GET", "POST"])
def alliance_invite(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = _alliance(request, slug, "alliances.change_alliancemember")
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.alliance_invite(
                alliance=alliance,
                user=signed_in_user(request),
                actor=form.cleaned_data["actor"],
                role=form.cleaned_data["role"],
                role_text=form.cleaned_data["role_text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("„%(name)s“ ist eingeladen. Die Mitgliedschaft gilt, sobald sie zusagt.")
                % {"name": member.actor.name},
            )
            return redirect(alliance.get_absolute_url())
    return render(request, "alliances/alliance_invite.html", {"form": form, "alliance": alliance})


@login_required
@require_http_methods(["GET", "POST"])
def alliance_join(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = _alliance(request, slug, "alliances.join_alliance")
    organisations = _own_organisations(request).exclude(
        pk__in=alliance.memberships.values("actor_id")
    )
    if not organisations.exists():
        raise PermissionDenied
    form = JoinForm(request.POST if request.method == "POST" else None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.alliance_ask_to_join(
                alliance=alliance,
                user=signed_in_user(request),
                actor=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
                role_text=form.cleaned_data["role_text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Ihre Anfrage ist gestellt. Die Allianz entscheidet über den Beitritt.")
            )
            return redirect(alliance.get_absolute_url())
    return render(request, "alliances/alliance_join.html", {"form": form, "alliance": alliance})


def _member_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    alliance = _alliance(request, slug, None)
    member = _member(alliance, pk)
    user = signed_in_user(request)
    service = {
        "accept": services.alliance_accept,
        "decline": services.alliance_decline,
        "leave": services.alliance_leave,
        "remove": services.alliance_remove,
    }[action]
    try:
        service(member=member, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Gespeichert."))
    if action in ("decline", "leave") and not user.has_perm("alliances.view_alliance", alliance):
        return redirect("alliances:list")
    return redirect(alliance.get_absolute_url())


@login_required
@require_POST
def member_accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _member_action(request, slug, pk, "accept")


@login_required
@require_POST
def member_decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _member_action(request, slug, pk, "decline")


@login_required
@require_POST
def member_leave(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _member_action(request, slug, pk, "leave")


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _member_action(request, slug, pk, "remove")


# --- Members' roles and lead -----------------------------------------------------------------


def _posted_member(request: HttpRequest, members: list[AllianceMember]) -> AllianceMember:
    """The membership a POST to the members page is about (one of those shown, else 404)."""
    pk = request.POST.get("member", "")
    member = next((m for m in members if pk.isdigit() and m.pk == int(pk)), None)
    if member is None:
        raise Http404
    return member


@login_required
@require_http_methods(["GET", "POST"])
def alliance_members(request: HttpRequest, slug: str) -> HttpResponse:
    """Every member's role, own words and lead (for those who manage the alliance); the
    members of a member actor describe their own role here."""
    alliance = _alliance(request, slug, "alliances.view_alliancemember")
    can_manage = request.user.has_perm("alliances.change_alliancemember", alliance)
    members = selectors.managed_members(alliance, request.user, can_manage=can_manage)
    bound: MemberForm | None = None
    if request.method == "POST":
        member = _posted_member(request, members)
        bound = MemberForm(request.POST, member=member, can_manage=can_manage)
        if bound.is_valid():
            try:
                services.alliance_member_update(
                    member=member, user=signed_in_user(request), **bound.service_data()
                )
            except ValidationError as exc:
                add_service_errors(bound, exc)
            else:
                messages.success(
                    request,
                    _("Die Rolle von „%(name)s“ ist gespeichert.") % {"name": member.actor.name},
                )
                return redirect("alliances:members", slug=alliance.slug)
    member_forms = [
        bound
        if bound is not None and bound.member.pk == m.pk
        else MemberForm(member=m, can_manage=can_manage)
        for m in members
    ]
    context = {"alliance": alliance, "forms": member_forms, "can_manage": can_manage}
    return render(request, "alliances/alliance_members.html", context)


# --- Linked projects, practices and events ---------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def alliance_links(request: HttpRequest, slug: str) -> HttpResponse:
    """The linked records, each with a button to remove it, and a search for public records to
    link (GET `q`, results with a "Verknüpfen" button each; no JavaScript needed)."""
    alliance = _alliance(request, slug, "alliances.change_alliance")
    search = LinkSearchForm(request.GET)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    link_form = LinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and link_form.is_valid():
        record = link_form.cleaned_data["record"]
        try:
            services.alliance_link(
                alliance=alliance,
                user=signed_in_user(request),
                kind=link_form.cleaned_data["kind"],
                records=[record],
            )
        except ValidationError as exc:
            add_service_errors(link_form, exc)
        else:
            messages.success(request, _("„%(title)s“ ist verknüpft.") % {"title": str(record)})
            url = reverse("alliances:links", kwargs={"slug": alliance.slug})
            return redirect(f"{url}?{urlencode({'q': q})}" if q else url)
    candidates = selectors.link_candidates(alliance, q)
    context = {
        "alliance": alliance,
        "search": search,
        "q": q,
        "candidates": candidates,
        "found": any(group.records for group in candidates),
    }
    if getattr(request, "htmx", False) and request.method == "GET":  # the search while typing
        response = render(request, "alliances/partials/_link_results.html", context)
    else:
        context |= {"link_form": link_form, "linked": selectors.alliance_links(alliance)}
        response = render(request, "alliances/alliance_links.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def alliance_unlink(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = _alliance(request, slug, "alliances.change_alliance")
    kind, pk = request.POST.get("kind", ""), request.POST.get("record", "")
    record = selectors.linked_record(alliance, kind, int(pk)) if pk.isdigit() else None
    if record is None:
        raise Http404
    try:
        services.alliance_unlink(
            alliance=alliance, user=signed_in_user(request), kind=kind, records=[record]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Die Verknüpfung mit „%(title)s“ ist gelöst.") % {"title": str(record)}
        )
    return redirect("alliances:links", slug=alliance.slug)
