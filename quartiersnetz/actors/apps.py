from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "quartiersnetz.actors"
    label = "actors"
