"""Allianzen vor Ort: local cross-sector partnerships of actors in a place.

An `Alliance` has a place (municipality), goals (Markdown), a status and links to the
projects, practices and events it carries. Actors take part as `AllianceMember`s with one of
the seed's roles (Kurator:in, Ermöglicher:in, Wegbereiter:in) or Partner:in, plus a role in
their own words. The founding organisation is the first lead member (`is_lead`).

A membership needs the consent of both sides: the alliance's (given by a member of a lead
member) and the actor's (given by a member of that actor). Who asked first is kept in
`initiated_by` (invited by the alliance, or asked to join by the actor). Only memberships
with both consents, of public actors, are shown publicly (`PUBLIC_MEMBER`).

Visibility of the alliance itself: `Alliance.PUBLIC` (not hidden by the curators).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.fields import BoundedTextField
from quartiersnetz.core.models import BaseModel
from quartiersnetz.core.text import record_search_text
from quartiersnetz.core.visibility import PublicRule
from quartiersnetz.places.models import Municipality


class AllianceQuerySet(models.QuerySet["Alliance"]):
    def public(self) -> AllianceQuerySet:
        return self.filter(Alliance.PUBLIC.q())


class Alliance(BaseModel):
    class Status(models.TextChoices):
        FORMING = "forming", _("im Aufbau")
        ACTIVE = "active", _("aktiv")
        DORMANT = "dormant", _("ruhend")

    # What the public sees: every alliance the curators have not hidden. The one rule behind
    # `public()`, rules.is_public and the search index (quartiersnetz/search/sources.py).
    PUBLIC: ClassVar[PublicRule] = PublicRule("is_hidden", (False,))
    # Open data: the API's `updated_since` learns of every change of a row and its linked
    # projects, practices and events (core/rowlog.py), and of its memberships
    # (`AllianceMember.LOG_ROW_CHANGES_OF`).
    LOG_ROW_CHANGES: ClassVar[bool] = True

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="alliances",
        verbose_name=_("Gemeinde"),
    )
    summary = models.CharField(
        _("Kurzbeschreibung"), max_length=400, help_text=_("Zwei bis drei Sätze zur Allianz.")
    )
    goals = BoundedTextField(_("Ziele (Markdown)"), blank=True, max_length=20_000)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.FORMING
    )
    founded = models.DateField(_("gegründet am"), null=True, blank=True)
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="alliances", verbose_name=_("Vorhaben")
    )
    practices = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="alliances",
        verbose_name=_("Praxisbeispiele"),
    )
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="alliances", verbose_name=_("Veranstaltungen")
    )
    members: models.ManyToManyField[Actor, AllianceMember] = models.ManyToManyField(
        Actor, through="AllianceMember", related_name="alliances", verbose_name=_("Mitglieder")
    )
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    is_sample = models.BooleanField(_("Beispieldaten"), default=False)
    search_text = models.TextField(editable=False, default="")

    objects: ClassVar[AllianceQuerySet] = AllianceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("Allianz")
        verbose_name_plural = _("Allianzen")
        indexes = [
            models.Index(fields=["updated"], name="alliance_updated_idx"),
            models.Index(fields=["is_hidden", "name", "id"], name="alliance_hidden_name_idx"),
            models.Index(fields=["is_hidden", "status"], name="alliance_hidden_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("alliances:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.PUBLIC.holds(self)

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = alliance_search_text(self)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


# What an alliance is found by, in this order ("municipality" = its municipality's name).
ALLIANCE_SEARCH_FIELDS = ("name", "summary", "goals", "municipality")


def alliance_search_text(alliance: Alliance) -> str:
    """`Alliance.search_text`: the one definition, used by save()."""
    municipality = alliance.municipality if alliance.municipality_id else None
    return record_search_text(
        ALLIANCE_SEARCH_FIELDS,
        {
            "name": alliance.name,
            "summary": alliance.summary,
            "goals": alliance.goals,
            "municipality": municipality.name if municipality else "",
        },
    )


# A membership shown publicly: both sides consented and the actor is public (prefix-free).
PUBLIC_MEMBER = (
    Q(alliance_consented_at__isnull=False)
    & Q(actor_consented_at__isnull=False)
    & Actor.PUBLIC.q("actor")
)


class AllianceMember(BaseModel):
    """An actor in an alliance, with its role and the consent of both sides."""

    # A membership changes the alliance's open-data record (core/rowlog.py).
    LOG_ROW_CHANGES_OF: ClassVar[tuple[str, ...]] = ("alliance",)

    class Role(models.TextChoices):
        CURATOR = "curator", pgettext_lazy("alliance role", "Kurator:in")
        ENABLER = "enabler", pgettext_lazy("alliance role", "Ermöglicher:in")
        PATHFINDER = "pathfinder", pgettext_lazy("alliance role", "Wegbereiter:in")
        PARTNER = "partner", pgettext_lazy("alliance role", "Partner:in")

    class Origin(models.TextChoices):
        FOUNDED = "founded", _("gegründet")
        INVITED = "invited", _("eingeladen")
        ASKED = "asked", _("Beitritt angefragt")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="memberships")
    actor = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="alliance_memberships",
        verbose_name=_("Mitwirkende"),
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    role_text = models.CharField(
        _("Rolle in eigenen Worten"),
        max_length=300,
        blank=True,
        help_text=_("Was bringt die Organisation in die Allianz ein?"),
    )
    # Founders and coordinators: their members speak for the alliance.
    is_lead = models.BooleanField(_("koordinierend"), default=False)
    initiated_by = models.CharField(
        _("Zustande gekommen durch"),
        max_length=20,
        choices=Origin.choices,
        default=Origin.INVITED,
    )
    alliance_consented_at = models.DateTimeField(
        _("Zustimmung der Allianz am"), null=True, blank=True
    )
    alliance_consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Zustimmung der Allianz von"),
    )
    actor_consented_at = models.DateTimeField(
        _("Zustimmung der Mitwirkenden am"), null=True, blank=True
    )
    actor_consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Zustimmung der Mitwirkenden von"),
    )

    class Meta:
        ordering = ["alliance", "-is_lead", "actor__name", "id"]
        verbose_name = _("Mitglied einer Allianz")
        verbose_name_plural = _("Mitglieder von Allianzen")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "actor"], name="alliance_member_unique"),
            models.CheckConstraint(
                condition=Q(alliance_consented_by__isnull=True)
                | Q(alliance_consented_at__isnull=False),
                name="alliance_member_alliance_consent_date",
            ),
            models.CheckConstraint(
                condition=Q(actor_consented_by__isnull=True) | Q(actor_consented_at__isnull=False),
                name="alliance_member_actor_consent_date",
            ),
        ]
        indexes = [models.Index(fields=["actor", "alliance"], name="alliance_member_actor_idx")]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.alliance_consented_at is not None and self.actor_consented_at is not None

    @property
    def awaits_actor(self) -> bool:
        return self.alliance_consented_at is not None and self.actor_consented_at is None

    @property
    def awaits_alliance(self) -> bool:
        return self.actor_consented_at is not None and self.alliance_consented_at is None
