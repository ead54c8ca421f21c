"""Registration: register, cancel (personal link or own account), curators' lists and messages."""

from django.urls import URLPattern, path

from . import views_registration as views

urlpatterns: list[URLPattern] = [
    path("meine-anmeldungen/", views.my_registrations, name="my_registrations"),
    path(
        "meine-anmeldungen/<int:pk>/stornieren/",
        views.my_registration_cancel,
        name="my_registration_cancel",
    ),
    path("abmelden/<str:token>/", views.cancel, name="cancel"),
    path("<slug:slug>/anmelden/", views.register, name="register"),
    path("<slug:slug>/anmelden/bestaetigung/", views.registered, name="registered"),
    path("<slug:slug>/anmeldungen/", views.attendees, name="attendees"),
    path("<slug:slug>/anmeldungen.csv", views.attendees_csv, name="attendees_csv"),
    path(
        "<slug:slug>/anmeldungen/<int:pk>/<slug:action>/",
        views.attendee_action,
        name="attendee_action",
    ),
    path("<slug:slug>/nachricht/", views.message, name="message"),
]
