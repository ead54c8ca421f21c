"""Shared abstract models. The core app holds no domain models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    created = models.DateTimeField(_("erstellt"), auto_now_add=True)
    updated = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        abstract = True


class TableVersion(models.Model):
    """How often a table has changed: one row per table of a `BaseModel`, kept by triggers.

    Database triggers (installed after every `migrate`, see `core/versions.py`) count each
    insert, update and delete and note when it happened, so caches keyed by a version follow
    every change in all processes, cost one indexed read whatever the table's size, and see a
    change exactly when its transaction commits.
    """

    table_name = models.CharField(primary_key=True, max_length=100)
    changes = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("Tabellenstand")
        verbose_name_plural = _("Tabellenstände")

    def __str__(self) -> str:
        return f"{self.table_name}: {self.changes}"
