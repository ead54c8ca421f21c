from django.urls import path

from . import edit_views, finder_views, map_views, views

app_name = "practices"
urlpatterns = [
    path("", views.practice_list, name="list"),
    path("feed.atom", views.PracticeFeed(), name="feed"),
    path("typologie/", views.typology, name="typology"),
    path("karte/", map_views.practice_map, name="map"),
    path("passt-zu-meinem-ort/", finder_views.transfer_finder, name="finder"),
    path("neu/", edit_views.practice_create, name="create"),
    path("meine/", edit_views.my_practices, name="mine"),
    path("pruefung/", edit_views.review_queue, name="review_queue"),
    path("<slug:slug>/", views.practice_detail, name="detail"),
    path("<slug:slug>/bearbeiten/", edit_views.practice_edit, name="edit"),
    path("<slug:slug>/bilder/", edit_views.practice_images, name="images"),
    path("<slug:slug>/einreichen/", edit_views.practice_submit, name="submit"),
    path("<slug:slug>/pruefen/", edit_views.practice_review, name="review"),
    path("<slug:slug>/bewerten/", edit_views.practice_rate, name="rate"),
    path("<slug:slug>/versionen/", edit_views.practice_history, name="history"),
    path(
        "<slug:slug>/versionen/<int:history_id>/",
        edit_views.practice_revision,
        name="revision",
    ),
    path(
        "<slug:slug>/versionen/<int:history_id>/wiederherstellen/",
        edit_views.practice_restore,
        name="restore",
    ),
]
