from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "quartiersnetz.publications"
    label = "publications"

    def ready(self) -> None:
        from . import sections

        sections.register()  # its sections on pages of lower apps (core.sections)
