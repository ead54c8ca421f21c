from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "quartiersnetz.contact"
    verbose_name = _("Kontakt")

    def ready(self) -> None:
        from . import rules, sections  # noqa: F401

        # "Kontakt aufnehmen" on profiles, alliances and projects (core.sections).
        sections.register()
