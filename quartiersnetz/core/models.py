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


class RowChange(models.Model):
    """When a row of a table whose records are open data last changed — inserted, updated or
    deleted — kept by database triggers (core/rowlog.py), so that the API's `updated_since`
    also reports deletions and records that stopped being public (as tombstones). Ids and
    times only: nothing of the row itself."""

    table_name = models.CharField(max_length=100)
    row_id = models.BigIntegerField()
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Zeilenänderung")
        verbose_name_plural = _("Zeilenänderungen")
        constraints = [
            models.UniqueConstraint(fields=["table_name", "row_id"], name="core_rowchange_unique")
        ]
        indexes = [
            models.Index(fields=["table_name", "changed_at", "row_id"], name="core_rowchange_since")
        ]

    def __str__(self) -> str:
        return f"{self.table_name} {self.row_id} @ {self.changed_at}"


class News(models.Model):
    """Something happened that people may want to hear about: the transactional outbox of news.

    A lower app's service calls `core.news.record(kind, subject_id)` inside the transaction that
    publishes a practice, promotes a registration, adds an alliance member …; the row commits
    with the change, or not at all. A higher app (notifications) handles the waiting rows in the
    worker and sets `handled_at`; it checks then whether the subject is still public, so a record
    hidden before the worker ran never notifies anybody (decision 0011).
    """

    kind = models.CharField(_("Art"), max_length=60)
    subject_id = models.CharField(_("Schlüssel des Eintrags"), max_length=40)
    created = models.DateTimeField(_("erstellt"), auto_now_add=True)
    handled_at = models.DateTimeField(_("verarbeitet"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Neuigkeit")
        verbose_name_plural = _("Neuigkeiten")
        indexes = [
            models.Index(
                fields=["id"], condition=models.Q(handled_at__isnull=True), name="core_news_waiting"
            ),
            models.Index(fields=["handled_at"], name="core_news_handled_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id}"
