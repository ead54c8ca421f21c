"""Contact between actors: threads, messages, read state, blocks, reports and suspensions.

A thread runs between two actors: the sender actor (as which a member of it began to write: one
of their organisations or their own expert profile) and the recipient actor. Every member of
either side reads and writes in it; nobody sees anyone's e-mail address unless that person
shares it in the thread (`AddressShare`).

A recipient actor may block a sender actor: from then on, what the blocked actor writes to it is
kept with `is_withheld` — shown to its author's side only, never to the blocking side and never
mailed; the sender is not told. Curators suspend a user's ability to write (`Suspension`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.fields import BoundedTextField
from quartiersnetz.core.models import BaseModel

MESSAGE_MAX_LENGTH = 10_000


class Thread(BaseModel):
    sender_actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="contact_threads_sent", verbose_name=_("Von")
    )
    recipient_actor = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="contact_threads_received",
        verbose_name=_("An"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_threads_started",
    )
    subject = models.CharField(_("Betreff"), max_length=200)
    # Started while the recipient had blocked the sender: the recipient's side never sees it.
    is_withheld = models.BooleanField(default=False)
    last_message_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Unterhaltung")
        verbose_name_plural = _("Unterhaltungen")
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender_actor=F("recipient_actor")), name="contact_thread_not_self"
            ),
        ]
        indexes = [
            # The rate limit counts a user's threads of the last 24 hours.
            models.Index(fields=["started_by", "created"], name="contact_thread_rate_idx"),
        ]

    def __str__(self) -> str:
        # Not the subject: the audit log keeps this text after the thread's retention ends.
        return f"Unterhaltung {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("contact:thread", kwargs={"pk": self.pk})

    def other_actor(self, actor_id: int) -> Actor:
        return self.recipient_actor if actor_id == self.sender_actor_id else self.sender_actor


class Message(BaseModel):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_messages",
    )
    author_actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="contact_messages"
    )
    body = BoundedTextField(_("Nachricht"), max_length=MESSAGE_MAX_LENGTH)
    # Written while the other side had blocked the author's actor: reaches nobody.
    is_withheld = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["thread", "created"], name="contact_message_thread_idx")]

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.body[:40]}"


class ReadState(models.Model):
    """When a user last read a thread (per member of either side)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_read_states"
    )
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="contact_read_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.thread_id} read by {self.user_id}"


class AddressShare(models.Model):
    """A participant chose to show their own e-mail address to the other side of a thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="address_shares")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_address_shares"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="contact_address_share_unique")
        ]

    def __str__(self) -> str:
        return f"{self.thread_id} shared by {self.user_id}"


class Block(BaseModel):
    """`actor` no longer receives what `blocked_actor` writes to it (silently)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="contact_blocks")
    blocked_actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="contact_blocked_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Sperre")
        verbose_name_plural = _("Sperren")
        constraints = [
            models.UniqueConstraint(fields=["actor", "blocked_actor"], name="contact_block_unique"),
            models.CheckConstraint(
                condition=~Q(actor=F("blocked_actor")), name="contact_block_not_self"
            ),
        ]


class Report(BaseModel):
    """A member reports a message to the curators."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_reports",
    )
    reason = BoundedTextField(_("Grund"), max_length=2_000)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"], name="contact_report_once_per_reporter"
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolved_by__isnull=True)
                | Q(resolved_at__isnull=False),
                name="contact_report_resolved_consistent",
            ),
        ]


class Suspension(BaseModel):
    """A curator took away a user's ability to write messages (until lifted)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_suspensions"
    )
    reason = BoundedTextField(_("Grund"), max_length=2_000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Schreibsperre")
        verbose_name_plural = _("Schreibsperren")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(lifted_at__isnull=True),
                name="contact_one_active_suspension",
            ),
        ]
