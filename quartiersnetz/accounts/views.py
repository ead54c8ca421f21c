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
from .throttle import UnlockProblem, account_key, check_unlock_token, waive_account_counter


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


@require_http_methods(["GET", "POST"])
def login_unlock(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the unlock e-mail: GET asks (mail scanners follow links), POST lifts the
    lock, and this browser may then log in even while someone keeps guessing."""
    user, problem = check_unlock_token(token)
    if user is not None and request.method == "POST":
        nonce = user.login_unlock_nonce
        if services.user_login_unlock(user=user, expected_nonce=nonce):
            waive_account_counter(request, account_key(user))
            messages.success(
                request,
                _("Die Sperre ist aufgehoben. Sie können sich jetzt wieder anmelden."),
            )
            return redirect("account_login")
        user, problem = None, UnlockProblem.USED
    status = 200 if problem is None else 400
    context = {"problem": problem.value if problem else "", "token": token}
    return render(request, "accounts/login_unlock.html", context, status=status)
