from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "quartiersnetz.places"
    label = "places"
