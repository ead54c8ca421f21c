"""/werkstaetten/: the app's URL modules, each owned by one part of the app.

Fixed paths (curation, proposals, registration) come before the public `<slug>/` patterns.
"""

from . import urls_curation, urls_proposals, urls_public, urls_registration

app_name = "events"

urlpatterns = [
    *urls_curation.urlpatterns,
    *urls_proposals.urlpatterns,
    *urls_registration.urlpatterns,
    *urls_public.urlpatterns,
]
