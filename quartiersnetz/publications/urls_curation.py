"""The curators' pages for publications, mounted at /kuration/impulse/ (config/urls.py)."""

from django.urls import path

from . import views_curation as views

app_name = "publication_curation"
urlpatterns = [
    path("", views.curation_list, name="list"),
    path("neu/", views.publication_create, name="create"),
    # "handlungsempfehlungen" is a reserved slug (services.RESERVED_SLUGS).
    path("handlungsempfehlungen/", views.recommendation_overview, name="recommendations"),
    path("<slug:slug>/", views.publication_edit, name="edit"),
    path("<slug:slug>/pruefung/", views.publication_review, name="review"),
    path(
        "<slug:slug>/empfehlungen/neu/", views.recommendation_create, name="recommendation_create"
    ),
    path(
        "<slug:slug>/empfehlungen/<int:number>/",
        views.recommendation_edit,
        name="recommendation",
    ),
    path(
        "<slug:slug>/empfehlungen/<int:number>/praxis/",
        views.recommendation_practices_link,
        name="recommendation_practices",
    ),
    path(
        "<slug:slug>/empfehlungen/<int:number>/loeschen/",
        views.recommendation_remove,
        name="recommendation_delete",
    ),
]
