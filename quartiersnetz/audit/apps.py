from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "quartiersnetz.audit"
    label = "audit"
