from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_version_triggers(using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from .versions import install_version_triggers

    install_version_triggers(connections[using])


class CoreConfig(AppConfig):
    name = "quartiersnetz.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks

        # After every migrate (also of the test databases): count changes on every table of a
        # BaseModel, including tables that later migrations added (see core/versions.py).
        post_migrate.connect(_install_version_triggers, sender=self)
