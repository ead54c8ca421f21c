"""The curators' pages for Werkstätten: plan, edit, publish, cancel, programme, series planning,
documentation and its PDF documents.

Views parse input, check the rules permissions and call services/selectors. Anonymous visitors
are sent to the login; drafts the user may not see answer 404, visible records the user may not
change answer 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartiersnetz.core.forms import add_service_errors
from quartiersnetz.core.guards import require_perm, signed_in_user
from quartiersnetz.core.limits import accepts_upload
from quartiersnetz.core.media import CONTENT_SECURITY_POLICY
from quartiersnetz.core.middleware import mark_personal
from quartiersnetz.core.responses import render  # 400 for invalid forms
from quartiersnetz.practices.models import Practice
from quartiersnetz.taxonomy.models import SpatialField

from . import (
    agenda_services,
    curation_selectors,
    documentation_services,
    series_selectors,
    series_services,
    services,
)
from .forms import (
    AgendaItemForm,
    CancelForm,
    DocumentationForm,
    DocumentUploadForm,
    EventForm,
    SeriesForm,
    SeriesPlanForm,
    partner_formset,
)
from .models import DEFAULT_TIME_ZONE, AgendaItem, Event, EventDocument, Series

PLANNING_LIMIT = 50


def _event(request: HttpRequest, slug: str, perm: str) -> Event:
    """The event, 404 if the user may not see it, 403 if they lack `perm`."""
    event = curation_selectors.event_for_edit(slug)
    if event is None or not request.user.has_perm("events.view_event", event):
        raise Http404
    require_perm(request, perm, event)
    return event


# Planning -----------------------------------------------------------------------------------


@login_required
@require_safe
def planning(request: HttpRequest) -> HttpResponse:
    require_perm(request, "events.add_event")
    sections = {
        "drafts": curation_selectors.planning_drafts(),
        "upcoming": curation_selectors.planning_upcoming(),
        "undocumented": curation_selectors.planning_undocumented(),
    }
    context: dict[str, Any] = {
        "series_list": curation_selectors.all_series(),
        "limit": PLANNING_LIMIT,
    }
    for name, events in sections.items():
        # A dashboard: the first PLANNING_LIMIT of each section, and how many there are.
        context[name] = list(events[:PLANNING_LIMIT])
        context[f"{name}_total"] = (
            events.count() if len(context[name]) == PLANNING_LIMIT else len(context[name])
        )
    return render(request, "events/curation/planning.html", context)


# Events -------------------------------------------------------------------------------------


def _event_form_page(
    request: HttpRequest, event: Event | None, form: EventForm, formset: Any
) -> HttpResponse:
    context = {
        "event": event,
        "form": form,
        "formset": formset,
        "cancellation_reason": curation_selectors.cancellation_reason(event) if event else "",
    }
    # An invalid submission answers 400 (core.responses.FormErrorStatusMiddleware).
    return render(request, "events/curation/event_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "events.add_event")
    data = request.POST if request.method == "POST" else None
    initial: dict[str, Any] = {}
    series_slug = request.GET.get("reihe")
    if series_slug:
        series = Series.objects.filter(slug=series_slug).first()
        if series is not None:
            initial = {"series": series.pk, "format": series.format_id}
    form = EventForm(data, initial=initial)
    formset = partner_formset(data, event=None)
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            try:
                event = services.event_create(
                    user=signed_in_user(request),
                    data=form.service_data(),
                    approaches=form.approaches(),
                    partners=formset.pairs(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Der Entwurf „%(title)s“ wurde angelegt. Nur die Kuration sieht ihn.")
                    % {"title": event.title},
                )
                return redirect("events:edit", slug=event.slug)
        return _event_form_page(request, None, form, formset)
    return _event_form_page(request, None, form, formset)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.change_event")
    data = request.POST if request.method == "POST" else None
    form = EventForm(data, instance=event)
    formset = partner_formset(data, event=event)
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            try:
                event = services.event_update(
                    event=event,
                    user=signed_in_user(request),
                    data=form.service_data(),
                    approaches=form.approaches(),
                    partners=formset.pairs(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("events:edit", slug=event.slug)
        event.refresh_from_db()
        return _event_form_page(request, event, form, formset)
    return _event_form_page(request, event, form, formset)


@login_required
@require_POST
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.change_event")
    try:
        services.event_publish(event=event, user=signed_in_user(request))
    except ValidationError as exc:
        messages.error(
            request,
            _("Die Veranstaltung wurde nicht veröffentlicht: %(reason)s")
            % {"reason": " ".join(exc.messages)},
        )
    else:
        messages.success(request, _("„%(title)s“ ist veröffentlicht.") % {"title": event.title})
    return redirect("events:edit", slug=event.slug)


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.change_event")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(
                event=event,
                user=signed_in_user(request),
                reason=form.cleaned_data["reason"],
                notify=form.cleaned_data["notify"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("„%(title)s“ ist als abgesagt markiert.") % {"title": event.title}
            )
            return redirect("events:edit", slug=event.slug)
    return render(
        request,
        "events/curation/event_cancel.html",
        {"event": event, "form": form},
    )


# Programme ----------------------------------------------------------------------------------


def _agenda_page(request: HttpRequest, event: Event, form: AgendaItemForm) -> HttpResponse:
    context = {"event": event, "items": curation_selectors.agenda(event), "form": form}
    return render(request, "events/curation/agenda.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.change_event")
    user = signed_in_user(request)
    action = request.POST.get("action", "add")
    if request.method == "POST" and action in ("delete", "up", "down"):
        try:
            item_id = int(request.POST.get("item", ""))
        except ValueError as exc:
            raise Http404 from exc
        item = get_object_or_404(AgendaItem, pk=item_id, event=event)
        if action == "delete":
            agenda_services.agenda_item_delete(item=item, user=user)
            messages.success(
                request, _("Der Programmpunkt „%(title)s“ wurde entfernt.") % {"title": item.title}
            )
        else:
            agenda_services.agenda_item_move(item=item, user=user, up=action == "up")
            messages.success(
                request,
                _("Der Programmpunkt „%(title)s“ wurde verschoben.") % {"title": item.title},
            )
        return redirect("events:agenda", slug=event.slug)
    if request.method == "POST":
        form = AgendaItemForm(request.POST, event=event)
        if form.is_valid():
            try:
                item = agenda_services.agenda_item_create(
                    event=event, user=user, data=form.service_data(),
                    presenters=form.presenter_ids(),
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Der Programmpunkt „%(title)s“ wurde hinzugefügt.") % {"title": item.title},
                )
                return redirect("events:agenda", slug=event.slug)
        return _agenda_page(request, event, form)
    return _agenda_page(request, event, AgendaItemForm(event=event))


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug, "events.change_event")
    item = get_object_or_404(AgendaItem, pk=pk, event=event)
    form = AgendaItemForm(request.POST or None, event=event, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            agenda_services.agenda_item_update(
                item=item, user=signed_in_user(request), data=form.service_data(),
                presenters=form.presenter_ids(),
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Der Programmpunkt wurde gespeichert."))
            return redirect("events:agenda", slug=event.slug)
    return render(
        request,
        "events/curation/agenda_item_form.html",
        {"event": event, "item": item, "form": form},
    )


# Series -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "events.add_series")
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            series = series_services.series_create(
                user=signed_in_user(request), data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Die Reihe „%(title)s“ wurde angelegt. Planen Sie jetzt ihre erste "
                    "Veranstaltung."
                )
                % {"title": series.title},
            )
            return redirect("events:series_plan", slug=series.slug)
    return render(request, "events/curation/series_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def series_plan(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(Series.objects.select_related("format"), slug=slug)
    require_perm(request, "events.change_series", series)
    require_perm(request, "events.add_event")
    proposed = series_selectors.series_next_spatial_field(series)
    chosen_slug = request.POST.get("feld") or request.GET.get("feld")
    spatial_field = proposed
    if chosen_slug:
        spatial_field = SpatialField.objects.filter(slug=chosen_slug).first() or proposed
    suggestions = series_selectors.suggested_inputs(series, spatial_field)
    suggestion_qs = (
        Practice.objects.filter(pk__in=[p.pk for p in suggestions])
        .select_related("organisation", "municipality")
        .order_by("title", "id")
    )
    title = series.title + (f": {spatial_field.label}" if spatial_field else "")
    initial = {
        "title": title,
        "time_zone": DEFAULT_TIME_ZONE,
        "mode": "online" if series.format and "perspektiven" in series.format.slug else "on_site",
        "start_time": "10:00",
        "end_time": "12:00",
    }
    form = SeriesPlanForm(request.POST or None, suggestions=suggestion_qs, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data.get("practices") or [])
        order = {p.pk: i for i, p in enumerate(suggestions)}
        chosen.sort(key=lambda p: order.get(p.pk, 0))
        try:
            event = series_services.series_plan_event(
                series=series,
                user=signed_in_user(request),
                spatial_field=spatial_field,
                data=form.service_data(),
                practices=chosen,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Der Entwurf „%(title)s“ wurde angelegt. Ergänzen Sie Ort oder Zugang und "
                    "veröffentlichen Sie ihn dann."
                )
                % {"title": event.title},
            )
            return redirect("events:edit", slug=event.slug)
    context = {
        "series": series,
        "form": form,
        "spatial_field": spatial_field,
        "proposed": proposed,
        "spatial_fields": SpatialField.objects.order_by("position", "name"),
        "suggestions": suggestions,
        "events": series.events.order_by("-start")[:10],
    }
    return render(request, "events/curation/series_plan.html", context)


# Documentation ------------------------------------------------------------------------------


@accepts_upload("PUBLICATION_ATTACHMENT_MAX_BYTES")
@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, "events.document_event")
    user = signed_in_user(request)
    items = curation_selectors.agenda(event)
    action = request.POST.get("action", "save")
    can_document = event.state == Event.State.PUBLISHED and event.start <= timezone.now()
    doc_form = None
    upload_form = DocumentUploadForm()
    if request.method == "POST" and action == "remove":
        try:
            document_id = int(request.POST.get("document", ""))
        except ValueError as exc:
            raise Http404 from exc
        document = get_object_or_404(EventDocument, pk=document_id, event=event)
        documentation_services.event_document_remove(document=document, user=user)
        messages.success(
            request, _("Das Dokument „%(title)s“ wurde entfernt.") % {"title": document.title}
        )
        return redirect("events:document_edit", slug=event.slug)
    if request.method == "POST" and action == "upload":
        upload_form = DocumentUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            try:
                documentation_services.event_document_add(
                    event=event,
                    user=user,
                    upload=upload_form.cleaned_data["file"],
                    title=upload_form.cleaned_data["title"],
                )
            except ValidationError as exc:
                add_service_errors(upload_form, exc)
            else:
                messages.success(request, _("Das Dokument wurde hinzugefügt."))
                return redirect("events:document_edit", slug=event.slug)
    recommendations = curation_selectors.recommendations()
    if request.method == "POST" and action == "save":
        doc_form = DocumentationForm(
            request.POST, event=event, items=items, recommendations=recommendations
        )
        if doc_form.is_valid():
            try:
                documentation_services.event_document(
                    event=event,
                    user=user,
                    documentation=doc_form.cleaned_data["documentation"],
                    outcomes=doc_form.outcomes(),
                    practices=doc_form.chosen_practices(),
                    recommendations=doc_form.cleaned_data["recommendations"],
                )
            except ValidationError as exc:
                add_service_errors(doc_form, exc)
            else:
                messages.success(request, _("Die Dokumentation wurde gespeichert."))
                return redirect("events:document_edit", slug=event.slug)
    if doc_form is None:
        doc_form = DocumentationForm(event=event, items=items, recommendations=recommendations)
    context = {
        "event": event,
        "form": doc_form,
        "upload_form": upload_form,
        "documents": curation_selectors.documents(event),
        "can_document": can_document,
    }
    return render(request, "events/curation/documentation_form.html", context)


@require_safe
def document_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A documentation PDF as a download; only for public events (or curators)."""
    document = curation_selectors.document_for_download(slug, pk)
    if document is None or not request.user.has_perm("events.view_event", document.event):
        raise Http404
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    file_name = document.file.name.rsplit("/", 1)[-1] or "dokument.pdf"
    response = FileResponse(
        handle, as_attachment=True, filename=file_name, content_type="application/pdf"
    )
    response["Content-Length"] = str(document.size)
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    if document.event.state == Event.State.DRAFT:
        mark_personal(response)
    else:
        response["Cache-Control"] = "public, max-age=3600"
    return response
