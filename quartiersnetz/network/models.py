"""Vernetzung: connections between actors, the computed network (edges, figures, snapshots) and
partner suggestions.

Explicit connections (`Connection`) are made by people: proposed by a member of one actor and
confirmed by a member of the other. Everything else here is computed by the worker
(`network.tasks`, `manage.py recompute_network`) from public records only and is replaced as a
whole at each recomputation; pages only read these rows.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.models import BaseModel


class Connection(BaseModel):
    """An explicit, typed connection from one actor to another, made by their members."""

    # Open data: the API's `updated_since` learns of every change of a row (core/rowlog.py).
    LOG_ROW_CHANGES: ClassVar[bool] = True

    class Kind(models.TextChoices):
        WORKS_WITH = "works_with", pgettext_lazy("connection", "arbeitet zusammen mit")
        KNOWS = "knows", pgettext_lazy("connection", "kennt")
        # `from_actor` is a member of the network `to_actor` (seen from `to_actor`: "Netzwerk von").
        MEMBER_OF = "member_of", pgettext_lazy("connection", "ist Mitglied von")

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("connection", "vorgeschlagen")
        CONFIRMED = "confirmed", pgettext_lazy("connection", "bestätigt")

    from_actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="connections_made", verbose_name=_("von")
    )
    to_actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="connections_received", verbose_name=_("zu")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    message = models.CharField(_("Nachricht"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vorgeschlagen von"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bestätigt von"),
    )
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "id"]
        verbose_name = _("Verbindung")
        verbose_name_plural = _("Verbindungen")
        constraints = [
            models.UniqueConstraint(
                fields=["from_actor", "to_actor", "kind"], name="connection_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_actor=F("to_actor")), name="connection_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_actor_id} {self.kind} {self.to_actor_id}"


class Edge(BaseModel):
    """One undirected edge of the public network between two actors (`actor_a.id < actor_b.id`):
    explicit connections and shared activity, with the sources it was derived from."""

    actor_a = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    actor_b = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    weight = models.FloatField(_("Gewicht"), default=1.0)
    # Kinds of confirmed explicit connections between the two (Connection.Kind values).
    explicit_kinds = models.CharField(max_length=100, blank=True)
    # What the two share: [{"type": "practice"|"project"|"alliance"|"event"|"attendance",
    #   "id": …, "title": …, "url": …}, …] — public records only.
    sources = models.JSONField(default=list, blank=True)
    is_cross_sector = models.BooleanField(default=False)

    class Meta:
        ordering = ["actor_a", "actor_b"]
        verbose_name = _("Kante des Netzwerks")
        verbose_name_plural = _("Kanten des Netzwerks")
        constraints = [
            models.UniqueConstraint(fields=["actor_a", "actor_b"], name="edge_unique"),
            models.CheckConstraint(condition=Q(actor_a__lt=F("actor_b")), name="edge_ordered"),
        ]
        indexes = [models.Index(fields=["actor_b", "actor_a"], name="edge_b_idx")]


class ActorFigure(BaseModel):
    """Figures of one public actor in the network, computed by the worker (networkx)."""

    actor = models.OneToOneField(
        Actor, on_delete=models.CASCADE, primary_key=True, related_name="network_figure"
    )
    degree = models.PositiveIntegerField(default=0)
    strength = models.FloatField(default=0.0)  # sum of edge weights
    betweenness = models.FloatField(default=0.0)
    community = models.PositiveIntegerField(null=True, blank=True)
    sectors_connected = models.PositiveSmallIntegerField(default=0)
    # Layout position for the graph view (computed by the worker), in [-1, 1].
    x = models.FloatField(default=0.0)
    y = models.FloatField(default=0.0)

    class Meta:
        verbose_name = _("Netzwerkkennzahl")
        verbose_name_plural = _("Netzwerkkennzahlen")


class NetworkSnapshot(BaseModel):
    """The network's overall figures and sector matrices at one recomputation (`CURRENT`, kept
    once) or at the start of a month (`MONTHLY`, one per month)."""

    class Kind(models.TextChoices):
        CURRENT = "current", _("aktuell")
        MONTHLY = "monthly", _("monatlich")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    month = models.DateField(null=True, blank=True)
    # The inputs' data version the snapshot was computed from (skip unchanged recomputations).
    input_version = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-month", "-created"]
        verbose_name = _("Netzwerkstand")
        verbose_name_plural = _("Netzwerkstände")
        constraints = [
            models.UniqueConstraint(fields=["kind", "month"], name="snapshot_monthly_unique"),
        ]


class Suggestion(BaseModel):
    """A suggested partner for an actor, a project or an alliance, ranked, with its reasons.

    `reasons` holds codes and parameters ([{"code": "offer_matches_need", "terms": [...]}, ...]),
    rendered as one translated sentence at read time."""

    class Target(models.TextChoices):
        ACTOR = "actor", _("Mitwirkende")
        PROJECT = "project", _("Vorhaben")
        ALLIANCE = "alliance", _("Allianz")

    target_kind = models.CharField(max_length=20, choices=Target.choices)
    target_id = models.PositiveBigIntegerField()
    suggested = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["target_kind", "target_id", "rank"]
        verbose_name = _("Partnervorschlag")
        verbose_name_plural = _("Partnervorschläge")
        constraints = [
            models.UniqueConstraint(
                fields=["target_kind", "target_id", "suggested"], name="suggestion_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["target_kind", "target_id", "rank"], name="suggestion_rank_idx")
        ]


class DismissedSuggestion(BaseModel):
    """A suggestion a member dismissed for their actor: it does not come back."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    suggested = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("verworfener Partnervorschlag")
        verbose_name_plural = _("verworfene Partnervorschläge")
        constraints = [
            models.UniqueConstraint(fields=["actor", "suggested"], name="dismissal_unique"),
        ]
