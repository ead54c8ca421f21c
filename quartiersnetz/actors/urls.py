from django.urls import path

from . import views

app_name = "actors"
urlpatterns = [
    path("", views.actor_list, name="list"),
    path("neu/", views.organisation_create, name="create"),
    path("expertenprofil/", views.person_profile, name="person_profile"),
    path("einladung/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("anfragen/<int:pk>/", views.claim_review, name="claim_review"),
    path(
        "mitgliedschaft/<int:pk>/sichtbarkeit/",
        views.membership_visibility,
        name="membership_visibility",
    ),
    path("<slug:slug>/", views.actor_detail, name="detail"),
    path("<slug:slug>/bearbeiten/", views.actor_edit, name="edit"),
    path("<slug:slug>/mitglieder/", views.members, name="members"),
    path("<slug:slug>/mitglieder/<int:pk>/rolle/", views.membership_role, name="membership_role"),
    path(
        "<slug:slug>/mitglieder/<int:pk>/entfernen/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("<slug:slug>/uebernehmen/", views.actor_claim, name="claim"),
    path("<slug:slug>/sichtbarkeit/", views.actor_hide, name="hide"),
]
