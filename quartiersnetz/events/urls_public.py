"""Public pages of /werkstaetten/: list, calendars, series and event pages.

The calendar paths come before `<slug>/` (a slug cannot contain a dot, so they never clash).
"""

from django.urls import URLPattern, path

from . import views_public

urlpatterns: list[URLPattern] = [
    path("", views_public.event_list, name="list"),
    path("kalender.ics", views_public.calendar, name="calendar"),
    path(
        "kalender/<slug:action_field_slug>.ics",
        views_public.calendar_action_field,
        name="calendar_action_field",
    ),
    path("reihen/<slug:slug>/", views_public.series_detail, name="series"),
    path("<slug:slug>/", views_public.event_detail, name="detail"),
    path("<slug:slug>/termin.ics", views_public.event_ics, name="ics"),
]
