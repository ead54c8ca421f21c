"""The top floor's pages, under the URL names they have always had.

Each list joins a lower app's own patterns with the portal's page in that app's namespace, so
`{% url "core:home" %}`, `accounts:dashboard`, `audit:dashboard` and `audit:log` stay as they are;
config/urls.py mounts the lists at "", "konto/" and "kuration/".
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from quartiersnetz.accounts import urls as accounts_urls
from quartiersnetz.core import urls as core_urls

from . import views

Patterns = tuple[list[URLPattern | URLResolver], str]

core_patterns: Patterns = (
    [path("", views.home, name="home"), *core_urls.urlpatterns],
    core_urls.app_name,
)
account_patterns: Patterns = (
    [
        path("mein-bereich/", views.account_dashboard, name="dashboard"),
        *accounts_urls.urlpatterns,
    ],
    accounts_urls.app_name,
)
curation_patterns: Patterns = (
    [
        path("", views.curation_dashboard, name="dashboard"),
        path("protokoll/", views.audit_log, name="log"),
    ],
    "audit",
)
