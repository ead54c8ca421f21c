from django.urls import path
from django.views.decorators.http import require_safe

from . import edit_views, recommendation_links, views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("feed.atom", require_safe(views.ProjectFeed()), name="feed"),
    path("erkenntnisse/", views.learning_list, name="learnings"),
    path("neu/", edit_views.project_create, name="create"),
    path(
        "empfehlungen/<slug:slug>/<int:number>/",
        recommendation_links.recommendation_projects_link,
        name="recommendation_projects",
    ),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/bearbeiten/", edit_views.project_edit, name="edit"),
    path("<slug:slug>/partner/", edit_views.project_partners, name="partners"),
    path(
        "<slug:slug>/partner/<int:pk>/entfernen/",
        edit_views.project_partner_remove,
        name="partner_remove",
    ),
    path(
        "<slug:slug>/partner/<int:pk>/aendern/",
        edit_views.project_partner_update,
        name="partner_update",
    ),
    path(
        "<slug:slug>/partner/<int:pk>/zurueckziehen/",
        edit_views.project_partner_withdraw,
        name="partner_withdraw",
    ),
    path("<slug:slug>/zustimmung/", edit_views.project_consent, name="consent"),
    path("<slug:slug>/verlauf/neu/", edit_views.log_entry_create, name="log_create"),
    path("<slug:slug>/verlauf/<int:pk>/bearbeiten/", edit_views.log_entry_edit, name="log_edit"),
    path("<slug:slug>/verlauf/<int:pk>/loeschen/", edit_views.log_entry_delete, name="log_delete"),
    path("<slug:slug>/erkenntnisse/neu/", edit_views.learning_create, name="learning_create"),
    path(
        "<slug:slug>/erkenntnisse/<int:pk>/bearbeiten/",
        edit_views.learning_edit,
        name="learning_edit",
    ),
    path(
        "<slug:slug>/erkenntnisse/<int:pk>/veroeffentlichen/",
        edit_views.learning_publish,
        name="learning_publish",
    ),
]
