from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("mein-bereich/", views.dashboard, name="dashboard"),
    path("entsperren/<str:token>/", views.login_unlock, name="login_unlock"),
]
