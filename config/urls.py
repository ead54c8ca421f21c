"""Root URL configuration: only includes each app's urls."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("quartiersnetz.core.urls")),
    path("konto/", include("allauth.urls")),
    path("konto/", include("quartiersnetz.accounts.urls")),
    path("mitwirkende/", include("quartiersnetz.actors.urls")),
    path("kuration/", include("quartiersnetz.audit.urls")),
    path("orte/", include("quartiersnetz.places.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("verwaltung/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "quartiersnetz.core.views.page_not_found"
handler500 = "quartiersnetz.core.views.server_error"
