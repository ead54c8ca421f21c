from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_version_triggers(using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from .versions import install_version_triggers

    install_version_triggers(connections[using])


def _install_row_change_triggers(using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from .rowlog import install_row_change_triggers

    install_row_change_triggers(connections[using])


class CoreConfig(AppConfig):
    name = "quartiersnetz.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks

        # After every migrate (also of the test databases): count changes on every table of a
        # BaseModel, including tables that later migrations added (see core/versions.py).
        post_migrate.connect(_install_version_triggers, sender=self)
        # And log the rows of the open-data tables for the API's `updated_since` (rowlog.py).
        post_migrate.connect(_install_row_change_triggers, sender=self)
