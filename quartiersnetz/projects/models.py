"""Vorhaben: local projects accompanied by the initiative through Praxiswerkstätten.

A `Project` has a place, a challenge, a phase and a method template (Design Thinking,
Living Lab, or none) whose steps are defined in code (`METHOD_TEMPLATES`), with the step the
accompaniment is in now. Organisations take part as `ProjectPartner`s with a role; the
creating organisation is the lead partner (`is_lead`, Federführung). Lead partners' members and
curators manage the partners; every partner may withdraw itself; the last lead stays.

Visibility (enforced by `selectors.visible_projects(user)` on every channel): a project is
public once it has at least one partner and *every* partner has consented. Members of a
partner organisation give their organisation's consent explicitly (`/vorhaben/<slug>/
zustimmung/`); creating a project does not consent on anyone's behalf. The consent services
keep `state` in step (`awaiting_consent` → `public` and back when a partner without consent
joins or withdraws), so lists filter on an indexed column instead of counting partners.
Until then only members of partner organisations and curators see the project; everyone
else gets 404.

The accompaniment log (`ProjectLogEntry`) holds dated entries, optionally linked to a
Praxiswerkstatt (`events.Event`); `Learning`s (Erkenntnisse) come out of it and, once
published by the partners or curators, appear publicly (only while the project is public)
on the project page, in the list of transferable insights and on the linked practices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.fields import BoundedTextField
from quartiersnetz.core.models import BaseModel
from quartiersnetz.core.text import record_search_text
from quartiersnetz.core.visibility import PublicRule
from quartiersnetz.places.models import Municipality
from quartiersnetz.publications.models import Recommendation
from quartiersnetz.taxonomy.models import ActionField, Approach, SpatialField

# --- Method templates ------------------------------------------------------------------------


@dataclass(frozen=True)
class MethodStep:
    key: str
    label: Promise
    description: Promise


@dataclass(frozen=True)
class MethodTemplate:
    key: str
    label: Promise
    steps: tuple[MethodStep, ...]

    def step(self, key: str) -> MethodStep | None:
        return next((s for s in self.steps if s.key == key), None)

    @property
    def step_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.steps)


class Method(models.TextChoices):
    DESIGN_THINKING = "design_thinking", _("Design Thinking")
    LIVING_LAB = "living_lab", _("Living Lab")
    NONE = "none", _("ohne Methodenvorlage")


METHOD_TEMPLATES: dict[str, MethodTemplate] = {
    Method.DESIGN_THINKING: MethodTemplate(
        Method.DESIGN_THINKING,
        Method.DESIGN_THINKING.label,
        (
            MethodStep("verstehen", _("Verstehen"), _("Die Aufgabe und den Ort kennenlernen.")),
            MethodStep(
                "beobachten", _("Beobachten"), _("Menschen vor Ort zuhören und sie beobachten.")
            ),
            MethodStep(
                "sichtweise",
                _("Sichtweise definieren"),
                _("Die Erkenntnisse zu einer Fragestellung verdichten."),
            ),
            MethodStep("ideen", _("Ideen finden"), _("Viele Lösungsideen gemeinsam entwickeln.")),
            MethodStep("prototyp", _("Prototyp"), _("Eine Idee greifbar und erprobbar machen.")),
            MethodStep(
                "testen", _("Testen"), _("Den Prototyp mit Nutzerinnen und Nutzern prüfen.")
            ),
        ),
    ),
    Method.LIVING_LAB: MethodTemplate(
        Method.LIVING_LAB,
        Method.LIVING_LAB.label,
        (
            MethodStep(
                "ko_kreation",
                _("Ko-Kreation"),
                _("Mit allen Beteiligten Ziele und Fragen festlegen."),
            ),
            MethodStep("exploration", _("Exploration"), _("Bedarfe und Möglichkeiten erkunden.")),
            MethodStep(
                "experimentieren",
                _("Experimentieren"),
                _("Lösungen im Alltag des Ortes ausprobieren."),
            ),
            MethodStep("evaluation", _("Evaluation"), _("Wirkungen gemeinsam bewerten.")),
        ),
    ),
    Method.NONE: MethodTemplate(Method.NONE, Method.NONE.label, ()),
}


def method_template(key: str) -> MethodTemplate:
    return METHOD_TEMPLATES.get(key, METHOD_TEMPLATES[Method.NONE])


# --- Projects --------------------------------------------------------------------------------


class ProjectQuerySet(models.QuerySet["Project"]):
    def public(self) -> ProjectQuerySet:
        return self.filter(Project.PUBLIC.q())


class Project(BaseModel):
    class State(models.TextChoices):
        AWAITING_CONSENT = "awaiting_consent", _("Zustimmung ausstehend")
        PUBLIC = "public", _("öffentlich")

    # What the public sees (only projects all of whose partners consented): the one rule
    # behind `public()`, rules.is_public and the search index (quartiersnetz/search/sources.py).
    PUBLIC: ClassVar[PublicRule] = PublicRule("state", (State.PUBLIC,))
    # Open data: the API's `updated_since` learns of every change of a row, its approaches and
    # linked recommendations (core/rowlog.py), and of its partners, log entries and learnings
    # (their `LOG_ROW_CHANGES_OF`): a project's record shows them.
    LOG_ROW_CHANGES: ClassVar[bool] = True

    class Phase(models.TextChoices):
        DEVELOPMENT = "development", _("Projektentwicklung")
        PROTOTYPE = "prototype", _("Prototypenentwicklung")
        TRIAL = "trial", _("Erprobung")
        CONSOLIDATION = "consolidation", _("Verstetigung")

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    summary = models.CharField(
        _("Kurzbeschreibung"), max_length=400, help_text=_("Zwei bis drei Sätze zum Vorhaben.")
    )
    description = BoundedTextField(_("Beschreibung (Markdown)"), blank=True, max_length=50_000)
    challenge = BoundedTextField(
        _("Herausforderung (Markdown)"),
        blank=True,
        help_text=_("Welche Aufgabe stellt sich vor Ort? Was soll sich ändern?"),
        max_length=20_000,
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("Gemeinde"),
    )
    phase = models.CharField(
        _("Phase"), max_length=20, choices=Phase.choices, default=Phase.DEVELOPMENT
    )
    method = models.CharField(
        _("Methodenvorlage"),
        max_length=20,
        choices=Method.choices,
        default=Method.NONE,
        help_text=_("Die Methode, die die Begleitung gliedert."),
    )
    current_step = models.CharField(
        _("Aktueller Schritt"),
        max_length=30,
        blank=True,
        help_text=_("Der Schritt der Methodenvorlage, in dem das Vorhaben gerade ist."),
    )
    spatial_field = models.ForeignKey(
        SpatialField,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("Räumliches Handlungsfeld"),
    )
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("Handlungsfeld"),
    )
    approaches = models.ManyToManyField(
        Approach, blank=True, related_name="projects", verbose_name=_("Handlungsansätze")
    )
    partners: models.ManyToManyField[Actor, ProjectPartner] = models.ManyToManyField(
        Actor, through="ProjectPartner", related_name="projects", verbose_name=_("Partner")
    )
    # Where a Handlungsempfehlung is tried (linked by curators: recommendation_links.py).
    recommendations = models.ManyToManyField(
        Recommendation,
        blank=True,
        related_name="projects",
        verbose_name=_("Handlungsempfehlungen, die hier erprobt werden"),
    )
    state = models.CharField(
        _("Sichtbarkeit"),
        max_length=20,
        choices=State.choices,
        default=State.AWAITING_CONSENT,
        editable=False,
    )
    public_since = models.DateTimeField(_("öffentlich seit"), null=True, blank=True)
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

    objects: ClassVar[ProjectQuerySet] = ProjectQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("Vorhaben")
        verbose_name_plural = _("Vorhaben")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="public") | Q(public_since__isnull=False),
                name="project_public_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(method="none") | Q(current_step=""),
                name="project_no_step_without_method",
            ),
        ]
        indexes = [
            models.Index(fields=["updated"], name="project_updated_idx"),
            models.Index(fields=["state", "title", "id"], name="project_state_title_idx"),
            models.Index(fields=["state", "phase"], name="project_state_phase_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.PUBLIC.holds(self)

    @property
    def template(self) -> MethodTemplate:
        return method_template(self.method)

    @property
    def current_step_label(self) -> Any:
        step = self.template.step(self.current_step)
        return step.label if step else ""

    def clean(self) -> None:
        if self.current_step and self.current_step not in self.template.step_keys:
            raise ValidationError(
                {"current_step": _("Dieser Schritt gehört nicht zur gewählten Methodenvorlage.")}
            )
        if (
            self.action_field_id
            and self.spatial_field_id
            and self.action_field is not None
            and self.action_field.spatial_field_id != self.spatial_field_id
        ):
            raise ValidationError(
                {
                    "action_field": _(
                        "Das Handlungsfeld gehört nicht zum gewählten räumlichen Handlungsfeld."
                    )
                }
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every path that saves a project (services, admin, factories, demo) gets the same
        # derived column.
        self.search_text = project_search_text(self)
        super().save(*args, **kwargs)


# What a project is found by, in this order ("municipality" = its municipality's name).
PROJECT_SEARCH_FIELDS = ("title", "summary", "description", "challenge", "municipality")


def project_search_text(project: Project) -> str:
    """`Project.search_text`, the folded text a project is found by: the one definition, used
    by save() (so services, the admin, factories and demo data)."""
    municipality = project.municipality if project.municipality_id else None
    return record_search_text(
        PROJECT_SEARCH_FIELDS,
        {
            "title": project.title,
            "summary": project.summary,
            "description": project.description,
            "challenge": project.challenge,
            "municipality": municipality.name if municipality else "",
        },
    )


class ProjectPartner(BaseModel):
    """An organisation taking part in a project, with its role and its consent to publication."""

    # A partner changes the project's open-data record (core/rowlog.py).
    LOG_ROW_CHANGES_OF: ClassVar[tuple[str, ...]] = ("project",)

    class Role(models.TextChoices):
        SPONSOR = "sponsor", pgettext_lazy("project role", "Träger")
        MUNICIPALITY = "municipality", pgettext_lazy("project role", "Kommune")
        PARTNER = "partner", pgettext_lazy("project role", "Partner")
        ACCOMPANIMENT = "accompaniment", pgettext_lazy("project role", "Begleitung")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partner_roles")
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="project_roles", verbose_name=_("Partner")
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    # The lead partner(s) (Federführung): the creating organisation, and whom they appoint.
    # Only their members and curators manage the partners; a project always keeps one.
    is_lead = models.BooleanField(_("federführend"), default=False)
    consented_at = models.DateTimeField(_("zugestimmt am"), null=True, blank=True)
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zugestimmt von"),
    )

    class Meta:
        ordering = ["project", "role", "actor__name", "id"]
        verbose_name = _("Partner eines Vorhabens")
        verbose_name_plural = _("Partner von Vorhaben")
        constraints = [
            models.UniqueConstraint(fields=["project", "actor"], name="project_partner_unique"),
            models.CheckConstraint(
                condition=Q(consented_by__isnull=True) | Q(consented_at__isnull=False),
                name="project_partner_consent_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"

    @property
    def has_consented(self) -> bool:
        return self.consented_at is not None


class ProjectLogEntry(BaseModel):
    """A dated entry of the accompaniment log, optionally linked to a Praxiswerkstatt."""

    # The log is part of the project's open-data record (core/rowlog.py).
    LOG_ROW_CHANGES_OF: ClassVar[tuple[str, ...]] = ("project",)

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="log_entries")
    date = models.DateField(_("Datum"))
    title = models.CharField(_("Titel"), max_length=200)
    body = BoundedTextField(_("Bericht (Markdown)"), blank=True, max_length=20_000)
    step = models.CharField(
        _("Schritt der Methode"),
        max_length=30,
        blank=True,
        help_text=_("Optional: der Schritt der Methodenvorlage, zu dem der Eintrag gehört."),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_log_entries",
        verbose_name=_("Praxiswerkstatt"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )

    class Meta:
        ordering = ["project", "date", "id"]
        verbose_name = _("Eintrag im Begleitprotokoll")
        verbose_name_plural = _("Einträge im Begleitprotokoll")
        indexes = [models.Index(fields=["project", "date"], name="project_log_date_idx")]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.title}"

    @property
    def step_label(self) -> Any:
        step = self.project.template.step(self.step) if self.step else None
        return step.label if step else ""

    def clean(self) -> None:
        if self.step and self.project_id and self.step not in self.project.template.step_keys:
            raise ValidationError(
                {"step": _("Dieser Schritt gehört nicht zur Methodenvorlage des Vorhabens.")}
            )


class Learning(BaseModel):
    """An Erkenntnis: a learning from the accompaniment, publishable as transferable insight."""

    # Open data: the API's `updated_since` learns of every change of a row and its linked
    # practices (core/rowlog.py); a learning's change counts for its project's record too
    # (which lists the published learnings and their practices).
    LOG_ROW_CHANGES: ClassVar[bool] = True
    LOG_ROW_CHANGES_OF: ClassVar[tuple[str, ...]] = ("project",)

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="learnings")
    log_entry = models.ForeignKey(
        ProjectLogEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learnings",
        verbose_name=_("aus dem Eintrag"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    body = BoundedTextField(_("Erkenntnis (Markdown)"), max_length=20_000)
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    practices = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="project_learnings",
        verbose_name=_("Praxisbeispiele"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )

    class Meta:
        ordering = ["project", "created", "id"]
        verbose_name = _("Erkenntnis")
        verbose_name_plural = _("Erkenntnisse")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="learning_published_has_date",
            ),
        ]
        indexes = [
            # MAX(updated) versions the practice pages' caches (they list learnings).
            models.Index(fields=["updated"], name="learning_updated_idx"),
            models.Index(
                fields=["-published_at", "id"],
                condition=Q(is_published=True),
                name="learning_published_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.log_entry is not None
            and self.project_id
            and self.log_entry.project_id != self.project_id
        ):
            raise ValidationError({"log_entry": _("Der Eintrag gehört zu einem anderen Vorhaben.")})
