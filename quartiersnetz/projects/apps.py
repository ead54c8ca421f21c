from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "quartiersnetz.projects"
    verbose_name = _("Vorhaben")

    def ready(self) -> None:
        from . import recommendation_links, sections

        sections.register()  # its sections on pages of lower apps (core.sections)
        recommendation_links.register()  # the Vorhaben picker and section of publications
