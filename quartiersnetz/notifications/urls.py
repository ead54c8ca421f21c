from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("folgen/", views.follow, name="follow"),
    path("folge-ich/", views.follow_list, name="follows"),
]
