"""Views for Mitwirkende. They parse input, check permissions and call services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartiersnetz.core import sections
from quartiersnetz.core.forms import add_service_errors
from quartiersnetz.core.guards import require_perm, signed_in_user
from quartiersnetz.core.jsonld import actor_ref, json_ld, place
from quartiersnetz.core.limits import accepts_upload
from quartiersnetz.core.responses import render  # 400 for invalid forms

from . import selectors, services
from .forms import (
    ClaimDecisionForm,
    ClaimForm,
    HideForm,
    InvitationForm,
    MembershipRoleForm,
    MembershipVisibilityForm,
    OrganisationCreateForm,
    ProfileForm,
)
from .models import Actor, Claim, Membership


def _visible_actor(request: HttpRequest, slug: str) -> Actor:
    actor = selectors.actor_detail(slug=slug)
    if actor is None or not request.user.has_perm("actors.view_actor", actor):
        raise Http404
    return actor


@require_safe
def actor_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.DirectoryFilters.from_query(request.GET)
    directory = selectors.directory_page(filters, request.GET.get("seite"))
    context = {
        "filters": filters,
        "facets": directory.facets,
        "page": directory.page,
        "cache_key": directory.cache_key,
        # "Meinten Sie …?" (read only when rendered)
        "suggestion": lambda: selectors.directory_suggestion(filters.q, version=directory.version),
        "municipality": selectors.selected_municipality(filters),
    }
    htmx = getattr(request, "htmx", False)
    template = "actors/partials/_results.html" if htmx else "actors/actor_list.html"
    return render(request, template, context)


def _json_ld(request: HttpRequest, actor: Actor) -> SafeString | str:
    """schema.org Organization of a public organisation's profile, Person of an expert's own
    profile (one the person made themselves: consent); what the profile page shows, nothing
    more, and never a person's e-mail address."""
    if actor.is_hidden or (not actor.is_organisation and actor.user_id is None):
        return ""
    data: dict[str, Any] = {
        **actor_ref(request, actor),
        "description": actor.summary,
    }
    if actor.website:
        data["sameAs"] = [actor.website]
    if actor.logo:
        data["logo"] = request.build_absolute_uri(actor.logo.url)
    if actor.municipality:
        address = place(actor.municipality.name, actor.municipality)["address"]
        data["address" if actor.is_organisation else "homeLocation"] = address
    if actor.is_organisation and actor.contact_email:
        data["email"] = actor.contact_email
    if actor.sector:
        data["knowsAbout" if not actor.is_organisation else "keywords"] = actor.sector.name
    return json_ld(data)


@require_safe
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = _visible_actor(request, slug)
    user = request.user
    context = {
        "actor": actor,
        "json_ld": _json_ld(request, actor),
        "relations": SimpleLazyObject(lambda: selectors.actor_profile_relations(actor)),
        "profile_cache_key": selectors.profile_cache_key(actor),
        # What other apps show about the actor (the events where it presented, hosted or
        # partnered): a fragment of its own, cached under the version of the sections' tables
        # (their items are read only when that fragment is rendered).
        "sections": sections.bound_sections(selectors.PROFILE_SECTIONS, actor),
        # Per-request parts of other apps (e.g. "Folgen"), rendered outside the cache.
        "actions": sections.bound_actions(selectors.PROFILE_SECTIONS, request, actor),
        "sections_version": selectors.profile_sections_version(),
        "can_edit": user.has_perm("actors.change_actor", actor),
        "can_manage_members": actor.is_organisation
        and user.has_perm("actors.manage_members", actor),
        "can_hide": user.has_perm("actors.hide_actor", actor),
        "can_claim": actor.is_unclaimed,
        "has_pending_claim": user.is_authenticated
        and actor.is_unclaimed
        and selectors.user_has_pending_claim(signed_in_user(request), actor),
    }
    return render(request, "actors/actor_detail.html", context)


@accepts_upload("LOGO_MAX_BYTES")
@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "actors.add_actor")
    form = OrganisationCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actor = services.organisation_create(
                user=signed_in_user(request),
                data=form.service_data(),
                logo=form.cleaned_data.get("logo_upload"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Das Profil „%(name)s“ wurde angelegt.") % {"name": actor.name}
            )
            return redirect(actor)
    return render(request, "actors/actor_form.html", {"form": form, "mode": "create_organisation"})


@accepts_upload("LOGO_MAX_BYTES")
@login_required
@require_http_methods(["GET", "POST"])
def person_profile(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    instance = Actor.objects.filter(user=user).first()
    initial = {} if instance else {"name": user.display_name}
    form = ProfileForm(
        request.POST or None, request.FILES or None, instance=instance, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            actor = services.person_profile_save(
                user=user, data=form.service_data(), logo=form.cleaned_data.get("logo_upload")
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ihr Expertenprofil wurde gespeichert."))
            return redirect(actor)
    return render(
        request, "actors/actor_form.html", {"form": form, "mode": "person", "actor": instance}
    )


@accepts_upload("LOGO_MAX_BYTES")
@login_required
@require_http_methods(["GET", "POST"])
def actor_edit(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
    require_perm(request, "actors.change_actor", actor)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=actor)
    if request.method == "POST" and form.is_valid():
        try:
            actor = services.actor_update(
                actor=actor,
                user=signed_in_user(request),
                data=form.service_data(),
                logo=form.cleaned_data.get("logo_upload"),
                remove_logo=form.cleaned_data.get("remove_logo", False),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect(actor)
    # A failed POST must not leave the bound instance half-changed in the page.
    actor.refresh_from_db()
    return render(request, "actors/actor_form.html", {"form": form, "mode": "edit", "actor": actor})


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug, kind=Actor.Kind.ORGANISATION)
    require_perm(request, "actors.manage_members", actor)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                organisation=actor,
                invited_by=signed_in_user(request),
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Die Einladung an %(email)s wurde verschickt.") % form.cleaned_data
            )
            return redirect("actors:members", slug=actor.slug)
    context = {
        "actor": actor,
        "memberships": selectors.organisation_members(actor),
        "invitations": selectors.open_invitations(actor),
        "form": form,
        "role_choices": Membership.Role.choices,
    }
    return render(request, "actors/members.html", context)


@login_required
@require_POST
def membership_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, organisation__slug=slug)
    require_perm(request, "actors.manage_members", membership.organisation)
    form = MembershipRoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_update(
                membership=membership, user=signed_in_user(request), role=form.cleaned_data["role"]
            )
            messages.success(request, _("Die Rolle wurde geändert."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Bitte wählen Sie eine gültige Rolle."))
    return redirect("actors:members", slug=slug)


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, organisation__slug=slug)
    leaving_self = membership.user_id == request.user.pk
    if not leaving_self:
        require_perm(request, "actors.manage_members", membership.organisation)
    try:
        services.membership_remove(membership=membership, user=signed_in_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return (
            redirect("actors:members", slug=slug)
            if not leaving_self
            else redirect("accounts:dashboard")
        )
    messages.success(request, _("Die Mitgliedschaft wurde beendet."))
    if leaving_self:
        return redirect("accounts:dashboard")
    return redirect("actors:members", slug=slug)


@login_required
@require_POST
def membership_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, user=request.user)
    form = MembershipVisibilityForm(request.POST)
    if form.is_valid():
        services.membership_update(
            membership=membership,
            user=signed_in_user(request),
            is_public=form.cleaned_data["is_public"],
        )
        messages.success(request, _("Ihre Sichtbarkeit wurde gespeichert."))
    return redirect("accounts:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    error = ""
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=signed_in_user(request))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Sie wirken jetzt für „%(name)s“ mit.") % {"name": membership.organisation.name},
            )
            return redirect(membership.organisation)
    status = 200 if invitation and not error else 400 if error else 404
    return render(
        request,
        "actors/invitation_accept.html",
        {"invitation": invitation, "token": token, "error": error},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def actor_claim(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug, kind=Actor.Kind.ORGANISATION)
    require_perm(request, "actors.claim_actor", actor)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_create(
                organisation=actor,
                user=signed_in_user(request),
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Ihre Anfrage wurde an die Kuration geschickt. "
                    "Sie erhalten eine E-Mail, sobald sie entschieden ist."
                ),
            )
            return redirect(actor)
    return render(request, "actors/claim_form.html", {"actor": actor, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def claim_review(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("organisation", "user"), pk=pk)
    require_perm(request, "actors.review_claim", claim)
    form = ClaimDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_decide(
                claim=claim,
                curator=signed_in_user(request),
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Entscheidung wurde gespeichert."))
            return redirect("audit:dashboard")
    return render(request, "actors/claim_review.html", {"claim": claim, "form": form})


@login_required
@require_POST
def actor_hide(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
    require_perm(request, "actors.hide_actor", actor)
    form = HideForm(request.POST)
    hide = request.POST.get("hidden") == "1"
    if form.is_valid():
        services.actor_set_hidden(
            actor=actor,
            user=signed_in_user(request),
            hidden=hide,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            _("Das Profil ist jetzt ausgeblendet.")
            if hide
            else _("Das Profil ist wieder sichtbar."),
        )
    return redirect(actor)
