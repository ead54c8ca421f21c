"""Pages of notifications: follow/unfollow, and the list of what a user follows."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartiersnetz.core.guards import signed_in_user
from quartiersnetz.core.responses import render
from quartiersnetz.core.timezones import stamps

from . import mail, selectors, services
from .forms import FollowTopicForm, NotificationSettingsForm, RadarForm
from .models import Delivery, Follow, Notification, Radar
from .radar import (
    FILTER_NAMES,
    clean_filters,
    filters_from_query,
    filters_summary,
    radar_preview,
    radar_summary,
)
from .targets import is_followable


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """Follow (`follow=1`) or unfollow (`follow=0`) the record `target`/`key`."""
    user = signed_in_user(request)
    target = request.POST.get("target", "")
    key = request.POST.get("key", "")
    if target not in Follow.Target.values:
        raise Http404
    if request.POST.get("follow") == "0":
        services.follow_delete(user=user, target=target, key=key)
        messages.success(request, _("Sie folgen dem nicht mehr."))
    else:
        # Only public records (and Bundesländer) can be followed; anything else is unknown.
        if not is_followable(target, key):
            raise Http404
        services.follow_create(user=user, target=target, key=key)
        messages.success(request, _("Sie folgen dem jetzt."))
    return redirect(_next_url(request, "notifications:follows"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def follow_list(request: HttpRequest) -> HttpResponse:
    """What the user follows, with unfollow buttons and a form to follow a topic."""
    user = signed_in_user(request)
    form = FollowTopicForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        for target, key in form.topics():
            services.follow_create(user=user, target=target, key=key)
        messages.success(request, _("Sie folgen dem jetzt."))
        return redirect("notifications:follows")
    context = {"follows": selectors.user_follows(user), "form": form}
    return render(request, "notifications/follow_list.html", context)


@login_required
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, unread ones marked."""
    user = signed_in_user(request)
    page = selectors.notifications_page(user, request.GET.get("seite"))
    # What the rows show, prepared once per page: the template engine's cost per row
    # (`get_kind_display`, the `date` filter, a form and a translation each) was most of the
    # page's time (make bench --suite notifications).
    labels = {value: str(label) for value, label in Notification.Kind.choices}
    read_label = _("„%(title)s“ als gelesen markieren")
    # Dictionaries, not model instances: the template engine looks a name up in a dictionary
    # first and reaches an object's attribute only after that lookup failed.
    notifications = list(page.object_list)
    times = stamps((r.created for r in notifications), "DATETIME_FORMAT")
    rows = [
        {
            "pk": row.pk,
            "is_read": row.is_read,
            "kind_label": labels.get(row.kind, row.kind),
            "url": row.url,
            "title": row.title,
            "iso": stamp.iso,
            "stamp": stamp.text,
            "read_label": read_label % {"title": row.title},
        }
        for row, stamp in zip(notifications, times, strict=True)
    ]
    context = {"page": page, "rows": rows, "here": request.get_full_path()}
    return render(request, "notifications/notification_list.html", context)


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one of the user's notifications read: the list is one form, each unread row's
    button sends its id as `notification` (another user's or an unknown id: 404)."""
    user = signed_in_user(request)
    try:
        pk = int(request.POST.get("notification", ""))
    except ValueError:
        raise Http404 from None
    if not Notification.objects.filter(recipient=user, pk=pk).exists():
        raise Http404
    services.notification_mark_read(user=user, pk=pk)
    return redirect(_next_url(request, "notifications:list"))


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notification_mark_all_read(user=signed_in_user(request))
    messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """E-mail opt-in and delivery per kind (default: in-app only, weekly pre-selected)."""
    user = signed_in_user(request)
    current = selectors.notification_settings(user)
    data = request.POST if request.method == "POST" else None
    form = NotificationSettingsForm(data, current=current)
    if request.method == "POST" and form.is_valid():
        services.notification_settings_update(
            user=user,
            email_enabled=form.cleaned_data["email_enabled"],
            deliveries=form.deliveries(),
            language=form.cleaned_data["language"] or None,
        )
        messages.success(request, _("Ihre Einstellungen sind gespeichert."))
        return redirect("notifications:settings")
    return render(request, "notifications/notification_settings.html", {"form": form})


# --- Themenradar -----------------------------------------------------------------------------


def _own_radar(request: HttpRequest, pk: int) -> Radar:
    radar = selectors.user_radar(signed_in_user(request), pk)
    if radar is None:  # others' radars answer like missing ones
        raise Http404
    return radar


@login_required
@require_safe
def radar_list(request: HttpRequest) -> HttpResponse:
    """The user's radars with a summary and their latest matches."""
    user = signed_in_user(request)
    radars = selectors.user_radars(user)
    matches = selectors.latest_radar_matches(radars)
    rows = [(radar, radar_summary(radar), matches[radar.pk]) for radar in radars]
    context = {"rows": rows, "limit": Radar.MAX_PER_USER, "full": len(radars) >= Radar.MAX_PER_USER}
    return render(request, "notifications/radar_list.html", context)


def _initial_from_query(request: HttpRequest) -> dict[str, Any]:
    """A new radar's fields from a list page's query string (`typ`, `q` and its filters)."""
    query = request.GET
    types = [t for t in query.getlist("typ") if t in Radar.RecordType.values]
    filters = filters_from_query(query)
    if types:
        filters = {t: f for t, f in filters.items() if t in types}
    q = query.get("q", "")[:200]
    labels = dict(Radar.RecordType.choices)
    name = q or (str(labels[types[0]]) if len(types) == 1 else "")
    return {
        "name": name[:120],
        "q": q,
        "record_types": types or list(Radar.RecordType.values),
        "filters": json.dumps(filters, sort_keys=True),
        "delivery": Delivery.WEEKLY,
    }


def _radar_form_page(request: HttpRequest, radar: Radar | None) -> HttpResponse:
    user = signed_in_user(request)
    if request.method == "POST":
        form = RadarForm(request.POST, user=user, instance=radar)
        if form.is_valid():
            services.radar_save(user=user, radar=radar, **form.radar_data())
            messages.success(request, _("Ihr Themenradar ist gespeichert."))
            return redirect("notifications:radars")
    elif radar is None:
        form = RadarForm(initial=_initial_from_query(request), user=user)
    else:
        form = RadarForm(
            initial={
                "name": radar.name,
                "q": radar.q,
                "record_types": radar.record_types,
                "municipality": radar.municipality,
                "radius_km": radar.radius_km,
                "delivery": radar.delivery,
                "filters": json.dumps(radar.filters, sort_keys=True),
            },
            user=user,
            instance=radar,
        )
    filters = form.cleaned_data.get("filters") if form.is_bound and form.is_valid() else None
    if filters is None:
        try:
            filters = clean_filters(json.loads(form["filters"].value() or "{}"), FILTER_NAMES)
        except (TypeError, ValueError):
            filters = {}
    context = {
        "form": form,
        "radar": radar,
        "filter_summary": filters_summary(filters),
        # The current public matches of a saved radar (at most five, one query per kind).
        "preview": radar_preview(radar, 5) if radar is not None else [],
        "full": radar is None and Radar.objects.filter(user=user).count() >= Radar.MAX_PER_USER,
        "limit": Radar.MAX_PER_USER,
    }
    return render(request, "notifications/radar_form.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def radar_create(request: HttpRequest) -> HttpResponse:
    return _radar_form_page(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def radar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _radar_form_page(request, _own_radar(request, pk))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def radar_delete(request: HttpRequest, pk: int) -> HttpResponse:
    radar = _own_radar(request, pk)
    if request.method == "POST":
        services.radar_delete(user=signed_in_user(request), pk=radar.pk)
        messages.success(request, _("Der Themenradar ist gelöscht."))
        return redirect("notifications:radars")
    return render(request, "notifications/radar_delete.html", {"radar": radar})


# RFC 8058: mail programs POST "List-Unsubscribe=One-Click" with neither session nor CSRF
# token; the signed token in the address is the authority, and the POST only turns mail off.
# nosemgrep: qn-csrf-exempt -- one-click unsubscribe (RFC 8058), state change limited to opt-out
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The unsubscribe link of a notification mail (no login: the signed token is the key).

    GET asks for confirmation and changes nothing (link checkers and previews open links);
    POST, from the page's button or a mail program's one-click request, unsubscribes."""
    claim = mail.read_unsubscribe_token(token)
    if claim is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    user_id, kind = claim
    context = {"kind_label": Notification.Kind(kind).label if kind else "", "done": False}
    if request.method == "POST":
        if not services.notifications_unsubscribe(user_id=user_id, kind=kind):
            return render(request, "notifications/unsubscribe_invalid.html", status=404)
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)
