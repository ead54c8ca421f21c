"""Account pages of this app; config/urls.py mounts them through `portal.urls.account_patterns`,
which adds the own area (`accounts:dashboard`) to this namespace."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("entsperren/<str:token>/", views.login_unlock, name="login_unlock"),
]
