from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "quartiersnetz.publications"
    label = "publications"
