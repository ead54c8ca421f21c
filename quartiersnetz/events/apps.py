from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "quartiersnetz.events"
    verbose_name = _("Werkstätten")

    def ready(self) -> None:
        from . import recommendation_links, sections

        sections.register()  # its sections on pages of lower apps (core.sections)
        recommendation_links.register()  # the Werkstätten picker of the recommendation editor
