"""Personal API tokens: a member's key for the API's writes (and their own records).

A token is shown once, when it is made; the database keeps only its SHA-256 hash (a token is
32 random bytes, so a fast hash is enough — nobody guesses the input) and a short prefix that
lets its owner recognise it in the list. Every token has a scope (read, or read and write), an
expiry and can be revoked; the API checks all three on every request (`api.auth`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "qn_"  # noqa: S105 - the visible marker of a token, no secret


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Lesen (eigene Einträge)")
        WRITE = "write", _("Lesen und Schreiben (Entwürfe einreichen)")

    # How long a new token is valid, in days (the choices of the form).
    LIFETIMES = (30, 90, 365)
    MAX_ACTIVE_PER_USER = 20

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("Konto"),
    )
    name = models.CharField(
        _("Name"),
        max_length=100,
        help_text=_("Wofür Sie den Schlüssel nutzen, z. B. „Import aus unserem Projektportal“."),
    )
    prefix = models.CharField(_("Anfang des Schlüssels"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("Berechtigung"), max_length=10, choices=Scope.choices)
    created = models.DateTimeField(_("erstellt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    last_used_at = models.DateTimeField(_("zuletzt genutzt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-Schlüssel")
        verbose_name_plural = _("API-Schlüssel")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    def allows(self, scope: str) -> bool:
        """Whether this token's scope covers `scope` (write includes read)."""
        return scope == self.Scope.READ or self.scope == self.Scope.WRITE
