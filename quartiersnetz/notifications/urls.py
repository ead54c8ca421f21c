from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("folgen/", views.follow, name="follow"),
    path("folge-ich/", views.follow_list, name="follows"),
    path("benachrichtigungen/", views.notification_list, name="list"),
    path("benachrichtigungen/einstellungen/", views.notification_settings, name="settings"),
    path("benachrichtigungen/alle-gelesen/", views.notification_read_all, name="read_all"),
    path("benachrichtigungen/gelesen/", views.notification_read, name="read"),
    path("benachrichtigungen/abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("themenradar/", views.radar_list, name="radars"),
    path("themenradar/neu/", views.radar_create, name="radar_create"),
    path("themenradar/<int:pk>/bearbeiten/", views.radar_edit, name="radar_edit"),
    path("themenradar/<int:pk>/loeschen/", views.radar_delete, name="radar_delete"),
]
