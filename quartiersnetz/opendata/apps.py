from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "quartiersnetz.opendata"
    verbose_name = "Offene Daten (Downloads, Katalog)"
