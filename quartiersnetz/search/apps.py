from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_search_index(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Re-create index parts a later migration of the indexed apps has dropped.

    Django's SQLite schema editor re-creates a table (and so drops its triggers) for
    many column changes; a PostgreSQL DROP COLUMN drops the expression indexes.
    """
    from django.db import connections

    from . import schema

    connection = connections[using]
    kinds = schema.installed_kinds(connection)
    if kinds:
        schema.ensure(connection, kinds)


class SearchConfig(AppConfig):
    name = "quartiersnetz.search"
    verbose_name = _("Suche")

    def ready(self) -> None:
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="search_ensure_index")

        from quartiersnetz.core import changes, textquery

        from . import semantic, tasks

        # The lists' `q` finds records by meaning too (core cannot import this app).
        textquery.register_meaning_source(semantic.list_meaning)

        # Changed records are encoded for the search by meaning by the worker (semantic.py).
        for topic in tasks.TOPICS:
            changes.subscribe(topic, "search.semantic", tasks.schedule_refresh)
