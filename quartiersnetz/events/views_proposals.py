"""Members propose a Werkstatt or another event to the curators (/werkstaetten/vorschlagen/).

A proposal is a draft that only the curators see (`services.event_propose`); they complete,
edit and publish it on their own pages. Anonymous visitors are sent to the login; members
without an organisation or expert profile are told how to get one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.guards import signed_in_user
from quartiersnetz.core.responses import render  # 400 for invalid forms
from quartiersnetz.practices.curation_selectors import author_actors

from . import services
from .forms import EventProposalForm

TEMPLATE = "events/proposal_form.html"


@login_required
@require_http_methods(["GET", "POST"])
def event_propose(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    # The profiles themselves rather than `events.propose_event`: Django's ModelBackend grants
    # superusers every permission, but without a profile they have nothing to propose for.
    actors = author_actors(user)
    if not actors.exists():
        return render(request, TEMPLATE, {"no_profile": True})
    data = request.POST if request.method == "POST" else None
    form = EventProposalForm(data, author_actors=actors)
    if data is not None and form.is_valid():
        try:
            event = services.event_propose(
                user=user,
                actor=form.cleaned_data["actor"],
                data=form.service_data(),
                approaches=form.cleaned_data["approaches"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Danke! Ihr Vorschlag „%(title)s“ ist bei der Kuration; Sie hören von uns.")
                % {"title": event.title},
            )
            return redirect("events:list")
    context = {
        "form": form,
        "open_proposals": services.open_proposals(user),
        "limit": services.proposals_open_max(),
    }
    return render(request, TEMPLATE, context)
