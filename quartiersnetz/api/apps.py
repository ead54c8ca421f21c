from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "quartiersnetz.api"
    verbose_name = "Open-Data-API"
