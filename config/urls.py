"""Root URL configuration: only includes each app's urls.

Pages are German at their plain URLs (/mitwirkende/) and English under /en/
(/en/mitwirkende/), so every page in either language has its own linkable URL
and switching the language needs neither a form nor a cookie.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from quartiersnetz.api.v1 import api as api_v1
from quartiersnetz.core import media as core_media
from quartiersnetz.core import views as core_views
from quartiersnetz.portal import urls as portal_urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("api/v1/", include("quartiersnetz.api.urls")),
    # django-ninja (decision 0012): /api/v1/openapi.json, /api/v1/taxonomy, …
    path("api/v1/", api_v1.urls),
]

urlpatterns += i18n_patterns(
    path("", include(portal_urls.core_patterns)),
    path("konto/", include("allauth.urls")),
    path("konto/", include(portal_urls.account_patterns)),
    path("konto/", include("quartiersnetz.notifications.urls")),
    path("konto/api-schluessel/", include("quartiersnetz.api.urls_account")),
    # /netzwerk/… and the network parts of profiles (/mitwirkende/<slug>/partner/ …), before
    # the actors' own URLs.
    path("", include("quartiersnetz.network.urls")),
    # Contact: /mitwirkende/<slug>/kontakt/, /konto/nachrichten/…, /kuration/nachrichten/.
    path("", include("quartiersnetz.contact.urls")),
    path("mitwirkende/", include("quartiersnetz.actors.urls")),
    path("impulse/", include("quartiersnetz.publications.urls")),
    path("praxis/", include("quartiersnetz.practices.urls")),
    path("werkstaetten/", include("quartiersnetz.events.urls")),
    path("vorhaben/", include("quartiersnetz.projects.urls")),
    path("allianzen/", include("quartiersnetz.alliances.urls")),
    path("suche/", include("quartiersnetz.search.urls")),
    path("kuration/impulse/", include("quartiersnetz.publications.urls_curation")),
    path("kuration/", include(portal_urls.curation_patterns)),
    path("orte/", include("quartiersnetz.places.urls")),
    path("offene-daten/", include("quartiersnetz.api.urls_pages")),
    path("offene-daten/", include("quartiersnetz.opendata.urls")),
    path("verwaltung/", admin.site.urls),
    prefix_default_language=False,
)

# Public uploads (logos, practice images) when settings.SERVE_MEDIA is on; in production the
# reverse proxy serves them (docs/operations.md). A MEDIA_URL on another host is not routed.
if settings.MEDIA_URL.startswith("/") and not settings.MEDIA_URL.startswith("//"):
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", core_media.media_serve, name="media")
    )

handler400 = "quartiersnetz.core.views.bad_request"
handler404 = "quartiersnetz.core.views.page_not_found"
handler500 = "quartiersnetz.core.views.server_error"
