"""An actor's connections: the public list, and proposing, confirming, declining and removing
explicit connections (those who act for one of the two actors; curators remove).

Anonymous visitors are sent to the login for every write; a hidden actor answers 404 to those
who may not see it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.selectors import acting_actors
from quartiersnetz.core.forms import add_service_errors
from quartiersnetz.core.guards import request_user, signed_in_user
from quartiersnetz.core.responses import render

from . import selectors, services
from .forms import ConnectionProposeForm
from .models import Connection

PAGE_SIZE = 50


def _actor(request: HttpRequest, slug: str) -> Actor:
    actor = Actor.objects.select_related("sector").filter(slug=slug).first()
    if actor is None or not request.user.has_perm("actors.view_actor", actor):
        raise Http404
    return actor


def _connection(actor: Actor, pk: int) -> Connection:
    connection = selectors.connections_between(actor).filter(pk=pk).first()
    if connection is None:
        raise Http404
    return connection


def _page(
    request: HttpRequest, actor: Actor, form: ConnectionProposeForm | None, status: int = 200
) -> HttpResponse:
    user = request_user(request)
    acting = list(acting_actors(user)) if user is not None else []
    others = [a for a in acting if a.pk != actor.pk]
    if form is None and user is not None and Actor.PUBLIC.holds(actor):
        form = (
            ConnectionProposeForm(acting=acting_actors(user).exclude(pk=actor.pk))
            if others
            else None
        )
    edges = Paginator(selectors.public_edges_of(actor), PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    explicit, respondable = (
        selectors.manageable_connections(actor, user, acting_ids={a.pk for a in acting})
        if user is not None
        else ([], set())
    )
    proposed = [c for c in explicit if c.status == Connection.Status.PROPOSED]
    context = {
        "actor": actor,
        "edges": edges,
        "form": form,
        # Proposals the user answers, and the other open ones they may withdraw.
        "incoming": [c for c in proposed if c.pk in respondable],
        "outgoing": [c for c in proposed if c.pk not in respondable],
        "confirmed": [c for c in explicit if c.status == Connection.Status.CONFIRMED],
        "acts_for_actor": user is not None and user.has_perm("actors.change_actor", actor),
    }
    return render(request, "network/connections.html", context, status=status)


@require_safe
def connections(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _actor(request, slug), None)


@login_required
@require_POST
def connection_propose(request: HttpRequest, slug: str) -> HttpResponse:
    actor = _actor(request, slug)
    user = signed_in_user(request)
    acting = acting_actors(user).exclude(pk=actor.pk)
    if not acting.exists():
        raise PermissionDenied
    form = ConnectionProposeForm(request.POST, acting=acting)
    if form.is_valid():
        try:
            connection = services.connection_propose(
                user=user,
                from_actor=form.cleaned_data["from_actor"],
                to_actor=actor,
                kind=form.cleaned_data["kind"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Die Verbindung ist vorgeschlagen. „%(name)s“ wird gebeten, sie zu bestätigen.")
                % {"name": actor.name},
            )
            return redirect("network:connections", slug=connection.to_actor.slug)
    return _page(request, actor, form, status=400)


def _respond(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    actor = _actor(request, slug)
    connection = _connection(actor, pk)
    user = signed_in_user(request)
    perm = "network.delete_connection" if action == "remove" else "network.respond_connection"
    if not user.has_perm(perm, connection):
        raise PermissionDenied
    other = connection.from_actor if connection.to_actor_id == actor.pk else connection.to_actor
    try:
        if action == "confirm":
            services.connection_confirm(user=user, connection=connection)
            messages.success(
                request,
                _(
                    "Die Verbindung mit „%(name)s“ ist bestätigt. Sie erscheint nach der nächsten "
                    "Berechnung des Netzwerks in den Profilen."
                )
                % {"name": other.name},
            )
        elif action == "decline":
            services.connection_decline(user=user, connection=connection)
            messages.success(
                request, _("Der Vorschlag von „%(name)s“ ist abgelehnt.") % {"name": other.name}
            )
        else:
            services.connection_remove(user=user, connection=connection)
            messages.success(
                request, _("Die Verbindung mit „%(name)s“ ist entfernt.") % {"name": other.name}
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("network:connections", slug=actor.slug)


@login_required
@require_POST
def connection_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _respond(request, slug, pk, "confirm")


@login_required
@require_POST
def connection_decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _respond(request, slug, pk, "decline")


@login_required
@require_POST
def connection_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _respond(request, slug, pk, "remove")
