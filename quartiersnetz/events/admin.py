"""The curators' admin for Werkstätten.

Formats are plain vocabulary (curators add them here). Events, series, partners, programme
items and documentation PDFs are written through `services`, so every change is audited like on
the site's own curation pages; the event's state changes by the publish action (cancelling
needs a reason and happens on /werkstaetten/<slug>/absagen/). Registrations are read-only here;
their changes belong to the registration services and pages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from quartiersnetz.accounts.models import User
from quartiersnetz.accounts.rules import is_curator
from quartiersnetz.core.guards import request_user

from . import agenda_services, documentation_services, series_services, services
from .models import (
    AgendaItem,
    Event,
    EventDocument,
    EventFormat,
    EventPartner,
    Registration,
    Series,
)


class CuratorAdminMixin:
    """Curators may view, add and change (not delete) without model permissions of their own."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(is_curator(request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(is_curator(request.user))

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return bool(is_curator(request.user))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(is_curator(request.user))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CuratorInlineMixin(CuratorAdminMixin):
    """Inline rows (partners, programme, documents) may also be removed, through services."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(is_curator(request.user))


@admin.register(EventFormat)
class EventFormatAdmin(CuratorAdminMixin, admin.ModelAdmin):
    list_display = ("name", "name_en", "slug", "position")
    search_fields = ("name", "name_en", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Series)
class SeriesAdmin(CuratorAdminMixin, admin.ModelAdmin):
    list_display = ("title", "format", "rotates_spatial_fields", "slug")
    list_filter = ("format", "rotates_spatial_fields")
    search_fields = ("title", "slug", "description")
    fields = ("title", "slug", "description", "format", "rotates_spatial_fields")
    readonly_fields = ("slug",)

    def save_model(self, request: HttpRequest, obj: Series, form: ModelForm, change: bool) -> None:
        data = {
            f: form.cleaned_data[f] for f in series_services.SERIES_FIELDS if f in form.cleaned_data
        }
        if change:
            saved = series_services.series_update(
                series=Series.objects.get(pk=obj.pk), user=request_user(request), data=data
            )
        else:
            saved = series_services.series_create(user=request_user(request), data=data)
        for field in Series._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db


class EventAdminForm(ModelForm):
    online_url = forms.URLField(
        label=_("Online-Zugang"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Event
        fields = [*services.EVENT_FIELDS, "approaches"]

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            # The services' rules (venue or online access by mode, matching fields …), so that
            # the admin shows them as form errors instead of failing on save.
            services.check_event(self.instance, complete=self.instance.state != "draft")
        except ValidationError as exc:
            self._update_errors(exc)  # type: ignore[attr-defined]


class AgendaItemAdminForm(ModelForm):
    class Meta:
        model = AgendaItem
        fields = [*agenda_services.AGENDA_FIELDS, "presenters"]

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.instance.event_id and self.has_changed():
            try:
                agenda_services.check_item(self.instance, self.instance.event)
            except ValidationError as exc:
                self._update_errors(exc)  # type: ignore[attr-defined]


class EventPartnerInline(CuratorInlineMixin, admin.TabularInline):
    model = EventPartner
    extra = 0
    fields = ("actor", "role")
    autocomplete_fields = ("actor",)


class AgendaItemInline(CuratorInlineMixin, admin.StackedInline):
    model = AgendaItem
    form = AgendaItemAdminForm
    extra = 0
    fields = ("start", "end", "title", "kind", "presenters", "practice", "method", "description",
              "outcome")  # fmt: skip
    autocomplete_fields = ("presenters", "practice")
    readonly_fields = ("outcome",)  # written on the documentation page


class EventDocumentInline(CuratorInlineMixin, admin.TabularInline):
    """Uploads go through the documentation page (PDF check); here they can be removed."""

    model = EventDocument
    extra = 0
    fields = ("title", "file", "size", "pages")
    readonly_fields = ("title", "file", "size", "pages")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(CuratorAdminMixin, admin.ModelAdmin):
    form = EventAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("title", "format", "series", "start", "mode", "municipality", "state",
                    "documented_at")  # fmt: skip
    list_filter = ("state", "format", "series", "mode", "spatial_field", "admission",
                   ("documented_at", admin.EmptyFieldListFilter), "is_sample")  # fmt: skip
    search_fields = ("title", "slug", "summary", "venue_name", "municipality__name")
    date_hierarchy = "start"
    list_select_related = ("format", "series", "municipality")
    autocomplete_fields = ("municipality",)
    filter_horizontal = ("approaches",)
    raw_id_fields = ("presented_practices", "recommendations")
    readonly_fields = ("slug", "state", "created_by", "proposed_by", "proposal_note",
                       "documented_at", "documentation",
                       "presented_practices", "recommendations", "created", "updated")  # fmt: skip
    exclude = ("search_text", "personal_data_removed_at", "is_sample")
    inlines = [EventPartnerInline, AgendaItemInline, EventDocumentInline]
    actions = ["publish"]

    def save_model(self, request: HttpRequest, obj: Event, form: ModelForm, change: bool) -> None:
        data = {f: form.cleaned_data[f] for f in services.EVENT_FIELDS if f in form.cleaned_data}
        approaches = form.cleaned_data.get("approaches")
        user = request_user(request)
        if change:
            saved = services.event_update(
                event=Event.objects.get(pk=obj.pk), user=user, data=data, approaches=approaches,
                complete=False,
            )  # fmt: skip
        else:
            saved = services.event_create(
                user=user, data=data, approaches=approaches, complete=False
            )
        for field in Event._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[Any], change: bool
    ) -> None:
        # Approaches were set by the service in save_model; only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        user, event = request_user(request), formset.instance
        if formset.model is EventPartner:
            pairs = []
            for inline in formset.forms:
                if inline in formset.deleted_forms or not inline.cleaned_data.get("actor"):
                    continue
                pairs.append((inline.cleaned_data["actor"].pk, inline.cleaned_data["role"]))
            services.event_update(event=event, user=user, data={}, partners=pairs, complete=False)
        elif formset.model is AgendaItem:
            self._save_agenda(user, event, formset)
        elif formset.model is EventDocument:
            for inline in formset.deleted_forms:
                if inline.instance.pk:
                    document = EventDocument.objects.select_related("event").get(
                        pk=inline.instance.pk
                    )
                    documentation_services.event_document_remove(document=document, user=user)
                    formset.deleted_objects.append(document)
        else:  # pragma: no cover - no other inlines
            super().save_formset(request, form, formset, change)

    def _save_agenda(self, user: User | None, event: Event, formset: BaseInlineFormSet) -> None:
        for inline in formset.deleted_forms:
            if inline.instance.pk:
                current = AgendaItem.objects.select_related("event").get(pk=inline.instance.pk)
                agenda_services.agenda_item_delete(item=current, user=user)
                formset.deleted_objects.append(current)
        for inline in formset.forms:
            if inline in formset.deleted_forms or not inline.has_changed():
                continue
            data = {f: inline.cleaned_data.get(f) for f in agenda_services.AGENDA_FIELDS}
            data["description"] = data["description"] or ""
            presenters = [a.pk for a in inline.cleaned_data.get("presenters") or []]
            if inline.instance.pk is None:
                item = agenda_services.agenda_item_create(
                    event=event, user=user, data=data, presenters=presenters
                )
                formset.new_objects.append(item)
            else:
                current = AgendaItem.objects.select_related("event").get(pk=inline.instance.pk)
                item = agenda_services.agenda_item_update(
                    item=current, user=user, data=data, presenters=presenters
                )
                formset.changed_objects.append((item, inline.changed_data))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Events are cancelled (the page stays), not deleted; only superusers may delete.
        return bool(getattr(request.user, "is_superuser", False))

    @admin.action(description=_("Ausgewählte Entwürfe veröffentlichen"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        done, failed = 0, []
        for event in queryset.filter(state=Event.State.DRAFT):
            try:
                services.event_publish(event=event, user=request_user(request))
            except ValidationError:
                failed.append(event.title)
            else:
                done += 1
        self.message_user(
            request, _("%(n)d Veranstaltung(en) veröffentlicht.") % {"n": done}, messages.SUCCESS
        )
        if failed:
            self.message_user(
                request,
                _("Unvollständig, nicht veröffentlicht: %(titles)s")
                % {"titles": ", ".join(failed)},
                messages.WARNING,
            )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read-only: registrations change through the registration services and pages."""

    list_display = ("name", "email", "event", "status", "created", "attended_at")
    list_filter = ("status", "event__format", ("attended_at", admin.EmptyFieldListFilter), "event")
    search_fields = ("name", "email", "organisation_name", "event__title")
    list_select_related = ("event",)
    date_hierarchy = "created"
    exclude = ("token_nonce",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Registration._meta.fields if f.name != "token_nonce"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("events.manage_registrations"))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.has_perm("events.manage_registrations"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
