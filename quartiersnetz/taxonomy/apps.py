from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "quartiersnetz.taxonomy"
    label = "taxonomy"
