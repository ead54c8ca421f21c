"""The curators' admin for publications. Every write goes through `services` (audited):
the publication form, the recommendation and attachment inlines and the publish actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.guards import request_user

from . import services
from .forms import AttachmentAdminForm
from .models import Attachment, Publication, Recommendation


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ("number", "title", "text", "practices")
    raw_id_fields = ("practices",)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentAdminForm
    extra = 0
    fields = ("upload", "title", "description", "position", "file_name", "size", "page_count")
    readonly_fields = ("file_name", "size", "page_count")


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "kind",
        "action_field",
        "published_on",
        "is_published",
        "submitted_for",
    )
    list_filter = (
        "kind",
        "action_field",
        "is_published",
        "is_summary_only",
        ("submitted_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("title", "slug", "author_names")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("author_organisations",)
    readonly_fields = ("submitted_by", "submitted_for", "submitted_at")
    inlines = [RecommendationInline, AttachmentInline]
    list_select_related = ("action_field", "submitted_for")
    actions = ["publish", "unpublish"]

    # -- the publication itself ---------------------------------------------------------
    def save_model(
        self, request: HttpRequest, obj: Publication, form: ModelForm, change: bool
    ) -> None:
        data = {
            f: form.cleaned_data[f] for f in services.PUBLICATION_FIELDS if f in form.cleaned_data
        }
        authors = form.cleaned_data.get("author_organisations")
        publish = form.cleaned_data.get("is_published")
        user = request_user(request)
        if change:
            current = Publication.objects.get(pk=obj.pk)
            saved = services.publication_update(
                user=user, publication=current, data=data, author_organisations=authors
            )
        else:
            saved = services.publication_create(user=user, data=data, author_organisations=authors)
        if publish is True and not saved.is_published:
            saved = services.publication_publish(user=user, publication=saved)
        elif publish is False and saved.is_published:
            saved = services.publication_unpublish(user=user, publication=saved)
        # The admin keeps working with `obj` (inlines, messages, redirect): adopt the saved row.
        for field in Publication._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[Any], change: bool
    ) -> None:
        # The authors were set by the service in save_model; only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is Recommendation:
            self._save_recommendations(request, formset)
        elif formset.model is Attachment:
            self._save_attachments(request, formset)
        else:  # pragma: no cover - no other inlines
            super().save_formset(request, form, formset, change)

    def _save_recommendations(self, request: HttpRequest, formset: BaseInlineFormSet) -> None:
        user, publication = request_user(request), formset.instance
        for inline in formset.deleted_forms:
            if inline.instance.pk:
                current = Recommendation.objects.get(pk=inline.instance.pk)
                services.recommendation_delete(user=user, recommendation=current)
                formset.deleted_objects.append(current)
        for inline in formset.forms:
            if inline in formset.deleted_forms or not inline.has_changed():
                continue
            data = inline.cleaned_data
            existing = (
                Recommendation.objects.get(pk=inline.instance.pk) if inline.instance.pk else None
            )
            saved = services.recommendation_save(
                user=user,
                publication=publication,
                number=data["number"],
                title=data["title"],
                text=data.get("text", ""),
                recommendation=existing,
            )
            if existing is None or "practices" in inline.changed_data:
                services.recommendation_link_practices(
                    user=user, recommendation=saved, practices=data.get("practices") or []
                )
            if existing is None:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, inline.changed_data))

    def _save_attachments(self, request: HttpRequest, formset: BaseInlineFormSet) -> None:
        user, publication = request_user(request), formset.instance
        for inline in formset.deleted_forms:
            if inline.instance.pk:
                current = Attachment.objects.select_related("publication").get(
                    pk=inline.instance.pk
                )
                services.attachment_remove(user=user, attachment=current)
                formset.deleted_objects.append(current)
        for inline in formset.forms:
            if inline in formset.deleted_forms or not inline.has_changed():
                continue
            data = inline.cleaned_data
            if inline.instance.pk is None:
                saved = services.attachment_add(
                    user=user,
                    publication=publication,
                    upload=data["upload"],
                    title=data.get("title") or "",
                    description=data.get("description") or "",
                    position=data.get("position"),
                )
                formset.new_objects.append(saved)
            else:
                current = Attachment.objects.select_related("publication").get(
                    pk=inline.instance.pk
                )
                fields = ("title", "description", "position")
                services.attachment_update(
                    user=user,
                    attachment=current,
                    data={f: data[f] for f in fields if f in data and data[f] is not None},
                )
                formset.changed_objects.append((current, inline.changed_data))

    # -- actions ---------------------------------------------------------------------
    @admin.action(description=_("Ausgewählte veröffentlichen"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Publication]) -> None:
        count = 0
        for publication in queryset.filter(is_published=False):
            services.publication_publish(user=request_user(request), publication=publication)
            count += 1
        self.message_user(
            request,
            _("%(n)d Veröffentlichung(en) veröffentlicht.") % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Ausgewählte nicht mehr öffentlich zeigen"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Publication]) -> None:
        count = 0
        for publication in queryset.filter(is_published=True):
            services.publication_unpublish(user=request_user(request), publication=publication)
            count += 1
        self.message_user(
            request,
            _("%(n)d Veröffentlichung(en) nicht mehr öffentlich.") % {"n": count},
            messages.SUCCESS,
        )

    def delete_model(self, request: HttpRequest, obj: Publication) -> None:
        services.publication_delete(user=request_user(request), publication=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Publication]) -> None:
        for publication in queryset:
            services.publication_delete(user=request_user(request), publication=publication)
