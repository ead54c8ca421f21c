"""Mitwirkende: organisations and expert profiles, memberships, invitations and claims.

Organisations and expert (person) profiles share one table, `Actor`, so that the
directory, search and the later network graph treat them alike; `Organisation`
and `Person` are proxies (see docs/decisions/0002-one-actor-table.md).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quartiersnetz.core.fields import BoundedTextField
from quartiersnetz.core.models import BaseModel
from quartiersnetz.core.text import SearchParts, record_search_text
from quartiersnetz.core.visibility import PublicRule
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import (
    ActionField,
    Approach,
    ExchangeCategory,
    Sector,
    SpatialField,
)


class ActorQuerySet(models.QuerySet["Actor"]):
    def visible(self) -> ActorQuerySet:
        return self.filter(Actor.PUBLIC.q())

    def organisations(self) -> ActorQuerySet:
        return self.filter(kind=Actor.Kind.ORGANISATION)

    def persons(self) -> ActorQuerySet:
        return self.filter(kind=Actor.Kind.PERSON)


class Actor(BaseModel):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        PERSON = "person", _("Expertin / Experte")

    # What the public sees: the one rule behind `visible()`, rules.is_visible and the search
    # index (quartiersnetz/search/sources.py).
    PUBLIC: ClassVar[PublicRule] = PublicRule("is_hidden", (False,))
    # Open data: the API's `updated_since` learns of every change of a row (core/rowlog.py).
    LOG_ROW_CHANGES: ClassVar[bool] = True

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="actors", verbose_name=_("Bereich")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("Gemeinde"),
    )
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = BoundedTextField(_("Beschreibung"), blank=True, max_length=20_000)
    offers = BoundedTextField(_("Wir bieten"), blank=True, max_length=5_000)
    seeks = BoundedTextField(_("Wir suchen"), blank=True, max_length=5_000)
    website = models.URLField(_("Website"), blank=True)
    links = BoundedTextField(
        _("Weitere Links"), blank=True, help_text=_("Eine Adresse je Zeile."), max_length=5_000
    )
    contact_email = models.EmailField(_("Öffentliche Kontaktadresse"), blank=True)
    logo = models.ImageField(_("Logo"), upload_to="logos/%Y/", blank=True)
    spatial_fields = models.ManyToManyField(
        SpatialField, blank=True, related_name="actors", verbose_name=_("Räumliche Handlungsfelder")
    )
    action_fields = models.ManyToManyField(
        ActionField, blank=True, related_name="actors", verbose_name=_("Handlungsfelder")
    )
    approaches = models.ManyToManyField(
        Approach, blank=True, related_name="actors", verbose_name=_("Handlungsansätze")
    )
    # Curated categories picked in addition to the free-text offers and needs (matching).
    offer_categories = models.ManyToManyField(
        ExchangeCategory,
        blank=True,
        related_name="offering_actors",
        verbose_name=_("Angebotskategorien"),
    )
    need_categories = models.ManyToManyField(
        ExchangeCategory,
        blank=True,
        related_name="seeking_actors",
        verbose_name=_("Bedarfskategorien"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="expert_profile",
        verbose_name=_("Benutzerkonto (Expertenprofil)"),
    )
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False, db_index=True)
    is_unclaimed = models.BooleanField(
        _("noch nicht übernommen"),
        default=False,
        help_text=_(
            "Von der Initiative angelegt; ein Mitglied der Organisation kann es übernehmen."
        ),
    )
    is_sample = models.BooleanField(_("Beispieldaten"), default=False)
    search_text = models.TextField(editable=False, default="")

    objects: ClassVar[ActorQuerySet] = ActorQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("Mitwirkende*r")
        verbose_name_plural = _("Mitwirkende")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="organisation", user__isnull=True) | Q(kind="person"),
                name="actor_only_persons_have_a_user",
            ),
        ]
        indexes = [
            models.Index(fields=["is_hidden", "name"]),
            # MAX(updated) versions the cached directory facets.
            models.Index(fields=["updated"], name="actor_updated_idx"),
            # Directory filtered by sector and place (Bundesland, municipality).
            models.Index(
                fields=["sector", "municipality", "name"],
                condition=Q(is_hidden=False),
                name="actor_visible_sector_place_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actors:detail", kwargs={"slug": self.slug})

    @property
    def is_organisation(self) -> bool:
        return self.kind == self.Kind.ORGANISATION

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


# What an actor is found by, in this order ("municipality" = its municipality's name).
ACTOR_SEARCH_FIELDS = ("name", "summary", "description", "offers", "seeks", "municipality")


def actor_search_text(actor: Actor, *, parts: SearchParts | None = None) -> str:
    """`Actor.search_text`, the folded text a profile is found by: the one definition, set by
    the services, the admin, the factories, the demo and the scale generator (an actor has no
    save() of its own).

    Bulk generators may pass `parts` (by the names of ACTOR_SEARCH_FIELDS), each as its text or
    as the fragments it was joined from by whitespace (core.text.record_search_text) — the same
    text, faster.
    """
    municipality = actor.municipality if actor.municipality_id else None
    values = {
        "name": actor.name,
        "summary": actor.summary,
        "description": actor.description,
        "offers": actor.offers,
        "seeks": actor.seeks,
        "municipality": municipality.name if municipality else "",
    }
    return record_search_text(ACTOR_SEARCH_FIELDS, values, parts)


class Membership(BaseModel):
    class Role(models.TextChoices):
        OWNER = "owner", pgettext_lazy("membership role", "Verantwortlich")
        EDITOR = "editor", pgettext_lazy("membership role", "Redaktion")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.EDITOR)
    is_public = models.BooleanField(
        _("auf dem Profil zeigen"),
        default=False,
        help_text=_("Nur mit Zustimmung der Person wird sie auf dem Profil genannt."),
    )

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["organisation", "role", "created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Invitation(BaseModel):
    organisation = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("E-Mail-Adresse"))
    role = models.CharField(
        _("Rolle"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.EDITOR
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("gültig bis"))
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class Claim(BaseModel):
    """A request by a user to take over a pre-seeded (unclaimed) organisation profile."""

    class Status(models.TextChoices):
        PENDING = "pending", _("offen")
        APPROVED = "approved", _("bestätigt")
        REJECTED = "rejected", _("abgelehnt")

    organisation = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims"
    )
    message = BoundedTextField(
        _("Nachricht an die Kuration"),
        help_text=_("Wie sind Sie mit der Organisation verbunden (Funktion, dienstliche E-Mail)?"),
        max_length=2_000,
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decision_note = BoundedTextField(_("Begründung"), blank=True, max_length=2_000)

    class Meta:
        verbose_name = _("Übernahmeanfrage")
        verbose_name_plural = _("Übernahmeanfragen")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="claim_one_pending_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.status})"
