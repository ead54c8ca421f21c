from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "quartiersnetz.practices"
    verbose_name = _("Praxisbeispiele")

    def ready(self) -> None:
        from . import sections

        sections.register()  # its section on the actor's profile (core.sections)
