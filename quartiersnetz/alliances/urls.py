from django.urls import path
from django.views.decorators.http import require_safe

from . import views

app_name = "alliances"

urlpatterns = [
    path("", views.alliance_list, name="list"),
    path("feed/", require_safe(views.AllianceFeed()), name="feed"),
    path("neu/", views.alliance_found, name="found"),
    path("<slug:slug>/", views.alliance_detail, name="detail"),
    path("<slug:slug>/bearbeiten/", views.alliance_edit, name="edit"),
    path("<slug:slug>/einladen/", views.alliance_invite, name="invite"),
    path("<slug:slug>/beitreten/", views.alliance_join, name="join"),
    path("<slug:slug>/mitglieder/", views.alliance_members, name="members"),
    path("<slug:slug>/verknuepfungen/", views.alliance_links, name="links"),
    path("<slug:slug>/verknuepfungen/loesen/", views.alliance_unlink, name="unlink"),
    path("<slug:slug>/mitglieder/<int:pk>/zusagen/", views.member_accept, name="accept"),
    path("<slug:slug>/mitglieder/<int:pk>/ablehnen/", views.member_decline, name="decline"),
    path("<slug:slug>/mitglieder/<int:pk>/verlassen/", views.member_leave, name="leave"),
    path("<slug:slug>/mitglieder/<int:pk>/entfernen/", views.member_remove, name="remove"),
]
