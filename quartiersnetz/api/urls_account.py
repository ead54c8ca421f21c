"""The member's API tokens under `/konto/api-schluessel/`."""

from django.urls import URLPattern, path

from .views import tokens

app_name = "api_tokens"
urlpatterns: list[URLPattern] = [
    path("", tokens.token_list, name="list"),
    path("<int:pk>/widerrufen/", tokens.token_revoke, name="revoke"),
]
