"""`/konto/api-schluessel/`: a member's personal API tokens — made, listed, revoked.

A new token is shown once, on the answer to the form's POST (never stored, never cached, never
in a URL); afterwards only its name, prefix, scope and dates are.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quartiersnetz.core.forms import add_service_errors
from quartiersnetz.core.guards import signed_in_user
from quartiersnetz.core.responses import render

from ..forms import ApiTokenForm
from ..models import ApiToken
from ..services import api_token_create, api_token_revoke


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    created: tuple[ApiToken, str] | None = None
    if request.method == "POST" and form.is_valid():
        try:
            created = api_token_create(
                user=user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = ApiTokenForm()
    now = timezone.now()
    tokens = list(ApiToken.objects.filter(user=user))
    context = {
        "form": form,
        "created": created[0] if created else None,
        "raw_token": created[1] if created else "",
        "active": [t for t in tokens if t.is_active(now)],
        "inactive": [t for t in tokens if not t.is_active(now)][:20],
        "limit": ApiToken.MAX_ACTIVE_PER_USER,
    }
    response = render(request, "api/tokens.html", context)
    add_never_cache_headers(response)  # the new token must stay in no cache
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    token = ApiToken.objects.filter(pk=pk, user=user).first()
    if token is None:
        raise Http404
    api_token_revoke(user=user, token=token)
    messages.success(
        request, _("Der API-Schlüssel „%(name)s“ ist widerrufen.") % {"name": token.name}
    )
    return redirect("api_tokens:list")
