from django.urls import path

from . import feeds, views

app_name = "publications"
urlpatterns = [
    path("", views.publication_list, name="list"),
    path("feed.atom", feeds.PublicationFeed(), name="feed"),
    path("<slug:action_field>/feed.atom", feeds.PublicationFeed(), name="action_field_feed"),
    path("<slug:slug>/", views.publication_detail, name="detail"),
]
