"""Folgen und Benachrichtigungen: what a user follows.

A `Follow` names its target by a kind (`Follow.Target`) and a key: the primary key of the
record, or the two-digit code of a Bundesland. The targets live in lower apps; which model and
which public rule belong to a kind is in `targets.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A user follows an actor, alliance, project, practice, event, series, term or Bundesland."""

    class Target(models.TextChoices):
        ACTOR = "actor", _("Mitwirkende")
        ALLIANCE = "alliance", _("Allianz")
        PROJECT = "project", _("Vorhaben")
        PRACTICE = "practice", _("Praxisbeispiel")
        EVENT = "event", _("Veranstaltung")
        SERIES = "series", _("Veranstaltungsreihe")
        ACTION_FIELD = "action_field", _("Handlungsfeld")
        APPROACH = "approach", _("Handlungsansatz")
        SPATIAL_FIELD = "spatial_field", _("Räumliches Handlungsfeld")
        STATE = "state", _("Bundesland")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("Person"),
    )
    target = models.CharField(_("Art"), max_length=20, choices=Target.choices)
    # The target's primary key, or a Bundesland's code.
    key = models.CharField(_("Schlüssel"), max_length=20)
    created = models.DateTimeField(_("erstellt"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Folgen")
        verbose_name_plural = _("Folgen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target", "key"], name="notifications_follow_unique"
            ),
        ]
        indexes = [models.Index(fields=["target", "key"], name="notif_follow_target_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.target}:{self.key}"
