"""Operators see the personal API tokens (never the tokens themselves: only their hash is
stored) and revoke one that is misused."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import ApiToken
from .services import api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "prefix", "user", "scope", "created", "expires_at", "last_used_at",
                    "revoked_at")  # fmt: skip
    list_filter = ("scope", "revoked_at")
    search_fields = ("name", "prefix", "user__email")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("user", "name", "prefix", "scope", "created", "expires_at", "last_used_at",
                       "revoked_at")  # fmt: skip
    exclude = ("key_hash",)
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are made by their owners, shown once

    @admin.action(description=_("Ausgewählte API-Schlüssel widerrufen"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at=None):
            api_token_revoke(user=request.user, token=token, operator=True)  # type: ignore[arg-type]
