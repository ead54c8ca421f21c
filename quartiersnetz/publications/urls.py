from django.urls import path

from . import feeds, views

app_name = "publications"
urlpatterns = [
    path("", views.publication_list, name="list"),
    path("feed.atom", feeds.PublicationFeed(), name="feed"),
    path("handlungsempfehlungen/", views.recommendation_list, name="recommendations"),
    path("einreichen/", views.publication_submit, name="submit"),
    path("<slug:action_field>/feed.atom", feeds.PublicationFeed(), name="action_field_feed"),
    path("<slug:slug>/", views.publication_detail, name="detail"),
    path("<slug:slug>/status/", views.publication_status, name="status"),
    path("<slug:slug>/ueberarbeiten/", views.publication_revise, name="revise"),
    path(
        "<slug:slug>/anhang/<int:pk>/<str:file_name>",
        views.attachment_download,
        name="attachment",
    ),
]
