"""Passende Partner: an actor's suggested partners as a page and as JSON, and dismissing one."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.guards import require_perm, signed_in_user
from quartiersnetz.core.responses import render

from . import partner_selectors, partner_services


def _public_actor(slug: str) -> Actor:
    """Suggestions exist for public actors only: hidden ones are not found (for everyone)."""
    actor = Actor.objects.visible().filter(slug=slug).first()
    if actor is None:
        raise Http404
    return actor


@require_safe
def partner_list(request: HttpRequest, slug: str) -> HttpResponse:
    actor = _public_actor(slug)
    can_dismiss = request.user.has_perm("actors.change_actor", actor)
    context = {
        "actor": actor,
        # Everyone who cannot dismiss sees the same list: a fragment cached under the version of
        # the suggestions, dismissals and actors (the suggestions are read only when it is
        # missing); those who can dismiss get their buttons, uncached.
        "recommendations": SimpleLazyObject(lambda: partner_selectors.actor_suggestions(actor)),
        "can_dismiss": can_dismiss,
        "list_version": "" if can_dismiss else partner_selectors.suggestions_version(),
    }
    return render(request, "network/partner_list.html", context)


@require_safe
def partner_json(request: HttpRequest, slug: str) -> JsonResponse:
    actor = _public_actor(slug)
    recommendations = [
        {
            "slug": item.actor.slug,
            "name": item.actor.name,
            "sector": item.actor.sector.label if item.actor.sector_id else "",
            "score": item.score,
            "reason": item.reason,
        }
        for item in partner_selectors.actor_suggestions(actor)
    ]
    return JsonResponse({"recommendations": recommendations})


@require_POST
def partner_dismiss(request: HttpRequest, slug: str, suggested: str) -> HttpResponse:
    actor = _public_actor(slug)
    require_perm(request, "actors.change_actor", actor)
    other = get_object_or_404(Actor, slug=suggested)
    partner_services.suggestion_dismiss(actor=actor, suggested=other, user=signed_in_user(request))
    from django.contrib import messages

    messages.success(
        request, _("%(name)s wird Ihnen nicht mehr vorgeschlagen.") % {"name": other.name}
    )
    return redirect("network:partners", slug=actor.slug)
