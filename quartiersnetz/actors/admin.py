from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from .models import Actor, Claim, Invitation, Membership, actor_search_text


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    # Websites typed without a scheme are https (as in the profile form).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "name", "kind", "sector", "municipality", "is_hidden", "is_unclaimed", "is_sample",
    )  # fmt: skip
    list_filter = ("kind", "sector", "is_hidden", "is_unclaimed", "is_sample")
    search_fields = ("name", "slug")
    autocomplete_fields = ("municipality", "user")
    filter_horizontal = ("spatial_fields", "action_fields", "approaches")
    inlines = [MembershipInline]
    list_select_related = ("sector", "municipality")

    def save_model(self, request: HttpRequest, obj: Actor, form: ModelForm, change: bool) -> None:
        # The derived search column, as the services set it.
        obj.search_text = actor_search_text(obj)
        super().save_model(request, obj, form, change)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("organisation", "user", "status", "created", "decided_by")
    list_filter = ("status",)
    list_select_related = ("organisation", "user", "decided_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("organisation", "email", "role", "expires_at", "accepted_at")
    exclude = ("token_hash",)
