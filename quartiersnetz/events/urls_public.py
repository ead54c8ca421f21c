from django.urls import URLPattern, path

from . import views_public

urlpatterns: list[URLPattern] = [
    path("", views_public.event_list, name="list"),
    path("reihen/<slug:slug>/", views_public.series_detail, name="series"),
    path("<slug:slug>/", views_public.event_detail, name="detail"),
]
