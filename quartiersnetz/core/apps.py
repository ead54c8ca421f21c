from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "quartiersnetz.core"
    label = "core"
    verbose_name = "Kern"
