"""The unlock page of a locked account (the own area `/konto/mein-bereich/` is in `portal`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.responses import render  # 400 for invalid forms

from . import services
from .throttle import UnlockProblem, account_key, check_unlock_token, waive_account_counter


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
