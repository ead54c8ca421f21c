from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "quartiersnetz.portal"
    label = "portal"
