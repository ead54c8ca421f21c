"""URLs of contact (full paths: included at the site root, before the actors' own URLs)."""

from django.urls import URLPattern, path

from . import views

app_name = "contact"

urlpatterns: list[URLPattern] = [
    path("mitwirkende/<slug:slug>/kontakt/", views.contact_start, name="start"),
    path("konto/nachrichten/", views.inbox, name="inbox"),
    path("konto/nachrichten/<int:pk>/", views.thread, name="thread"),
    path("konto/nachrichten/<int:pk>/sperren/", views.thread_block, name="block"),
    path("konto/nachrichten/<int:pk>/entsperren/", views.thread_unblock, name="unblock"),
    path(
        "konto/nachrichten/<int:pk>/adresse-teilen/",
        views.thread_share_address,
        name="share_address",
    ),
    path("konto/nachrichten/nachricht/<int:pk>/melden/", views.message_report, name="report"),
    path("kuration/nachrichten/", views.curation_reports, name="curation_reports"),
    path(
        "kuration/nachrichten/meldungen/<int:pk>/erledigt/",
        views.curation_report_resolve,
        name="curation_report_resolve",
    ),
    path(
        "kuration/nachrichten/meldungen/<int:pk>/sperren/",
        views.curation_suspend,
        name="curation_suspend",
    ),
    path(
        "kuration/nachrichten/sperren/<int:user_id>/aufheben/",
        views.curation_unsuspend,
        name="curation_unsuspend",
    ),
]
