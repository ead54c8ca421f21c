"""The signed-in user's own area."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.actors import selectors as actor_selectors
from quartiersnetz.actors.models import Actor
from quartiersnetz.core.responses import render  # 400 for invalid forms

from . import services
from .forms import AccountSettingsForm
from .models import User


@login_required
@require_http_methods(["GET", "POST"])
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    form = AccountSettingsForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.user_update(user=user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Ihre Angaben wurden gespeichert."))
        return redirect("accounts:dashboard")
    context = {
        "form": form,
        "memberships": actor_selectors.user_memberships(user),
        "expert_profile": Actor.objects.filter(user=user).first(),
        "consents": user.consents.all(),
    }
    return render(request, "accounts/dashboard.html", context)
