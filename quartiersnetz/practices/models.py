"""Praxisbeispiele: the typology of ORTE, FORMATE and STRATEGIEN.

A practice is written by members of an organisation (its `organisation`), goes
through the curation workflow (draft → submitted → returned/published) and,
once published, keeps a revision history (django-simple-history). Curators rate
it on explicit criteria; the ratings' means are stored on the practice so that
lists can filter and sort by them.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.fields import BoundedTextField
from quartiersnetz.core.models import BaseModel
from quartiersnetz.core.text import SearchParts, record_search_text
from quartiersnetz.core.visibility import PublicRule
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import (
    ActionField,
    Approach,
    Method,
    PracticeKind,
    PracticeType,
    SpatialField,
)

# A rating mean at or above this counts as "hohes Innovations-/Transferpotenzial".
HIGH_SCORE = Decimal("4.0")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC0 = "cc0-1.0", "CC0 1.0"


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.de",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.de",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.de",
}


class PracticeQuerySet(models.QuerySet["Practice"]):
    def published(self) -> PracticeQuerySet:
        return self.filter(Practice.PUBLIC.q())


class Practice(BaseModel):
    class State(models.TextChoices):
        """Where the record is in the curation workflow."""

        DRAFT = "draft", _("Entwurf")
        SUBMITTED = "submitted", _("eingereicht")
        RETURNED = "returned", _("zurückgegeben")
        PUBLISHED = "published", _("veröffentlicht")

    class Status(models.TextChoices):
        """Where the practice itself stands."""

        IDEA = "idea", _("Idee")
        PLANNING = "planning", _("in Planung")
        IMPLEMENTATION = "implementation", _("in Umsetzung")
        ESTABLISHED = "established", _("verstetigt")
        COMPLETED = "completed", _("abgeschlossen")

    class CoCreationLevel(models.TextChoices):
        """How far people and organisations of the place shape the practice."""

        INFORMING = "informing", _("Information")
        CONSULTING = "consulting", _("Beteiligung (Konsultation)")
        CO_DECIDING = "co_deciding", _("Mitentscheidung")
        CO_PRODUCING = "co_producing", _("Ko-Produktion")
        SELF_ORGANISED = "self_organised", _("Selbstorganisation")

    # What the public sees: the one rule behind `published()`, rules.is_published and the
    # search index (quartiersnetz/search/sources.py).
    PUBLIC: ClassVar[PublicRule] = PublicRule("state", (State.PUBLISHED,))
    # Open data: the API's `updated_since` learns of every change of a row (core/rowlog.py).
    LOG_ROW_CHANGES: ClassVar[bool] = True

    kind = models.ForeignKey(
        PracticeKind,
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("Typologie-Kategorie"),
    )
    type = models.ForeignKey(
        PracticeType,
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("Praxistyp"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    summary = models.CharField(
        _("Kurzbeschreibung"),
        max_length=400,
        help_text=_("Zwei bis drei Sätze: Was ist das Besondere?"),
    )
    description = BoundedTextField(_("Beschreibung (Markdown)"), blank=True, max_length=50_000)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("Gemeinde"),
    )
    latitude = models.FloatField(
        _("Breitengrad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(47.0), MaxValueValidator(55.2)],
        help_text=_("Optional: genauer Ort; sonst wird die Gemeinde gezeigt."),
    )
    longitude = models.FloatField(
        _("Längengrad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5.8), MaxValueValidator(15.1)],
    )
    spatial_field = models.ForeignKey(
        SpatialField,
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("Räumliches Handlungsfeld"),
    )
    action_fields = models.ManyToManyField(
        ActionField, blank=True, related_name="practices", verbose_name=_("Handlungsfelder")
    )
    approaches = models.ManyToManyField(
        Approach, blank=True, related_name="practices", verbose_name=_("Handlungsansätze")
    )
    methods = models.ManyToManyField(
        Method, blank=True, related_name="practices", verbose_name=_("Methoden")
    )
    # The seed's guiding questions, as structured fields.
    co_creation_level = models.CharField(
        _("Stand der Ko-Kreation"), max_length=20, choices=CoCreationLevel.choices, blank=True
    )
    co_creation = BoundedTextField(
        _("Ko-Kreation und Ko-Produktion"),
        blank=True,
        help_text=_("Wer gestaltet mit, und wie weit sind Ko-Kreation und Ko-Produktion?"),
        max_length=10_000,
    )
    organisational_structure = BoundedTextField(
        _("Organisationsstruktur"),
        blank=True,
        help_text=_("Welche Organisationsstrukturen tragen das Beispiel?"),
        max_length=10_000,
    )
    financing = BoundedTextField(
        _("Finanzierung und Geschäftsmodell"),
        blank=True,
        help_text=_("Welche Finanzierungen bzw. Geschäftsmodelle werden genutzt?"),
        max_length=10_000,
    )
    cultural_strategy = BoundedTextField(
        _("Kulturelle und künstlerische Strategien"),
        blank=True,
        help_text=_("Welche Funktion haben kulturelle und künstlerische Strategien?"),
        max_length=10_000,
    )
    self_sustaining_dynamics = BoundedTextField(
        _("Eigendynamik"),
        blank=True,
        help_text=_("Wie konnten eigendynamische Prozesse entstehen?"),
        max_length=10_000,
    )
    status = models.CharField(
        _("Stand"), max_length=20, choices=Status.choices, default=Status.IMPLEMENTATION
    )
    start_year = models.PositiveSmallIntegerField(
        _("seit (Jahr)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    end_year = models.PositiveSmallIntegerField(
        _("bis (Jahr)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    sources = BoundedTextField(
        _("Quellen und Links"),
        blank=True,
        help_text=_("Eine Quelle je Zeile: Titel, dann die Adresse (https://…)."),
        max_length=10_000,
    )
    licence = models.CharField(
        _("Lizenz"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    adapted_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name=_("übertragen von"),
        help_text=_("Das Praxisbeispiel, von dem dieses angeregt oder übernommen wurde."),
    )
    organisation = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="authored_practices",
        verbose_name=_("eingereicht für"),
        help_text=_("Die Organisation (oder das Expertenprofil), die das Beispiel einreicht."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    involved_actors: models.ManyToManyField[Actor, PracticeActor] = models.ManyToManyField(
        Actor,
        through="PracticeActor",
        related_name="practices",
        blank=True,
        verbose_name=_("Beteiligte"),
    )
    state = models.CharField(
        _("Bearbeitungsstand"),
        max_length=20,
        choices=State.choices,
        default=State.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    # Means of the curators' ratings (see PracticeRating), kept for filtering and sorting.
    innovation_score = models.DecimalField(
        _("Innovationspotenzial"), max_digits=2, decimal_places=1, null=True, blank=True
    )
    transfer_score = models.DecimalField(
        _("Transferpotenzial"), max_digits=2, decimal_places=1, null=True, blank=True
    )
    is_sample = models.BooleanField(_("Beispieldaten"), default=False)
    # The names (German and English) of its kind, type, spatial field, action fields,
    # approaches and methods: a practice is found by its terms ("Dritte Orte", "Living Lab").
    terms = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(
        m2m_fields=[action_fields, approaches, methods],
        excluded_fields=["terms", "search_text", "updated"],
        verbose_name=_("Version eines Praxisbeispiels"),
        verbose_name_plural=_("Versionen von Praxisbeispielen"),
    )

    objects: ClassVar[PracticeQuerySet] = PracticeQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("Praxisbeispiel")
        verbose_name_plural = _("Praxisbeispiele")
        permissions = [
            ("review_practice", _("Praxisbeispiele prüfen, zurückgeben und veröffentlichen")),
            ("rate_practice", _("Praxisbeispiele bewerten")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="practice_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="practice_point_complete",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["updated"], name="practice_updated_idx"),
            # MAX(updated)/COUNT of the published ones versions the similarity model.
            models.Index(fields=["state", "updated"], name="practice_state_updated_idx"),
            models.Index(
                fields=["kind", "spatial_field", "title"],
                condition=Q(state="published"),
                name="practice_pub_kind_field_idx",
            ),
            models.Index(
                fields=["-published_at", "id"],
                condition=Q(state="published"),
                name="practice_pub_recent_idx",
            ),
            models.Index(
                fields=["title", "id"],
                condition=Q(state="published"),
                name="practice_pub_title_idx",
            ),
            models.Index(fields=["state", "submitted_at"], name="practice_queue_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.type_id and self.kind_id and self.type.kind_id != self.kind_id:
            errors["type"] = _("Der Praxistyp gehört nicht zur gewählten Kategorie.")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("Das Ende darf nicht vor dem Beginn liegen.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Bitte Breiten- und Längengrad zusammen angeben.")
        if self.adapted_from_id and self.pk and self.adapted_from_id == self.pk:
            errors["adapted_from"] = _("Ein Praxisbeispiel kann nicht von sich selbst stammen.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args: object, **kwargs: object) -> None:
        # Every path that saves a practice (services, admin, factories, demo) gets the same
        # derived column; bulk writers call practice_search_text themselves.
        self.terms = practice_terms_text(self)
        self.search_text = practice_search_text(self)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_published(self) -> bool:
        return self.PUBLIC.holds(self)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS[Licence(self.licence)]

    @property
    def has_high_transfer(self) -> bool:
        return self.transfer_score is not None and self.transfer_score >= HIGH_SCORE

    @property
    def has_high_innovation(self) -> bool:
        return self.innovation_score is not None and self.innovation_score >= HIGH_SCORE

    @property
    def point(self) -> tuple[float, float] | None:
        """(latitude, longitude): the exact point, else the municipality's centre."""
        if self.latitude is not None and self.longitude is not None:
            return (self.latitude, self.longitude)
        m = self.municipality
        if m is not None and m.latitude is not None and m.longitude is not None:
            return (m.latitude, m.longitude)
        return None

    @property
    def source_list(self) -> list[tuple[str, str]]:
        """Sources as (title, url) pairs; a line without a URL has an empty url."""
        result = []
        for raw in self.sources.splitlines():
            line = raw.strip()
            if not line:
                continue
            title, _sep, url = line.rpartition(" ")
            if url.startswith(("https://", "http://")):
                result.append((title.strip(" –-,:") or url, url))
            else:
                result.append((line, ""))
        return result


# What a practice is found by, in this order ("municipality" = its municipality's name).
PRACTICE_SEARCH_FIELDS = (
    "title", "summary", "description", "co_creation", "organisational_structure", "financing",
    "cultural_strategy", "self_sustaining_dynamics", "municipality", "terms",
)  # fmt: skip

_TERM_FKS = ("kind", "type", "spatial_field")
_TERM_M2MS = ("action_fields", "approaches", "methods")


def terms_text(*groups: Iterable[tuple[str, str]]) -> str:
    """Groups of (name, English name) pairs as one text: the groups in order, the pairs of a
    group sorted (a many-to-many set has no order), each name once."""
    pairs = (pair for group in groups for pair in sorted(group))
    return " · ".join(dict.fromkeys(n for pair in pairs for n in pair if n))


def practice_terms_text(practice: Practice) -> str:
    """`Practice.terms`: the names of its taxonomy terms (prefetched many-to-many sets are
    used; otherwise one query per set, only for a saved practice)."""
    groups: list[list[tuple[str, str]]] = []
    for name in _TERM_FKS:
        if getattr(practice, f"{name}_id") and (term := getattr(practice, name)):
            groups.append([(term.name, term.name_en)])
    if practice.pk:
        for name in _TERM_M2MS:
            groups.append([(t.name, t.name_en) for t in getattr(practice, name).all()])
    return terms_text(*groups)


def practice_search_text(
    practice: Practice | None = None, *, parts: SearchParts | None = None
) -> str:
    """`Practice.search_text`, the folded text a practice is found by: the one definition, used
    by save() (so services, admin, factories and demo data) and by the scale generator.

    Bulk generators pass `parts` (by the names of PRACTICE_SEARCH_FIELDS; without a practice,
    all of them), each as its text or as the fragments it was joined from by whitespace
    (core.text.record_search_text) — the same text, faster.
    """
    values = None
    if practice is not None:
        municipality = practice.municipality if practice.municipality_id else None
        values = {
            "title": practice.title,
            "summary": practice.summary,
            "description": practice.description,
            "co_creation": practice.co_creation,
            "organisational_structure": practice.organisational_structure,
            "financing": practice.financing,
            "cultural_strategy": practice.cultural_strategy,
            "self_sustaining_dynamics": practice.self_sustaining_dynamics,
            "municipality": municipality.name if municipality else "",
            "terms": practice.terms,
        }
    return record_search_text(PRACTICE_SEARCH_FIELDS, values, parts)


class PracticeActor(models.Model):
    """An actor involved in a practice, with its role."""

    # A changed role changes the practice's open-data record (core/rowlog.py).
    LOG_ROW_CHANGES_OF: ClassVar[tuple[str, ...]] = ("practice",)

    class Role(models.TextChoices):
        INITIATOR = "initiator", pgettext_lazy("practice role", "Initiative")
        OPERATOR = "operator", pgettext_lazy("practice role", "Träger / Betrieb")
        PARTNER = "partner", pgettext_lazy("practice role", "Partner")
        MUNICIPALITY = "municipality", pgettext_lazy("practice role", "Kommune")
        FUNDER = "funder", pgettext_lazy("practice role", "Förderung")
        ADVISOR = "advisor", pgettext_lazy("practice role", "Beratung / Begleitung")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="roles")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="practice_roles")
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        ordering = ["practice", "role", "actor__name"]
        verbose_name = _("Beteiligung")
        verbose_name_plural = _("Beteiligungen")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "actor", "role"], name="practice_actor_role_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class PracticeImage(BaseModel):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("Bild"), upload_to="practices/%Y/")
    alt_text = models.CharField(
        _("Alternativtext"),
        max_length=300,
        help_text=_("Beschreiben Sie, was auf dem Bild zu sehen ist (für Screenreader)."),
    )
    caption = models.CharField(_("Bildunterschrift"), max_length=300, blank=True)
    credit = models.CharField(_("Bildnachweis"), max_length=200)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["practice", "position", "id"]
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")

    def __str__(self) -> str:
        return self.alt_text


class RatingCriterion(models.TextChoices):
    """The explicit criteria curators rate (1–5, each with a reason)."""

    NOVELTY = "novelty", _("Neuartigkeit des Ansatzes")
    CO_CREATION = "co_creation", _("Ko-kreativer Ansatz")
    LOCAL_IMPACT = "local_impact", _("Wirkung vor Ort")
    RELEVANCE = "relevance", _("Relevanz über den Ort hinaus")
    TRANSFERABILITY = "transferability", _("Übertragbarkeit")
    SELF_SUSTAINING = "self_sustaining", _("Eigendynamik und Verstetigung")


# Which criteria make up which of the two published scores.
INNOVATION_CRITERIA = (
    RatingCriterion.NOVELTY,
    RatingCriterion.CO_CREATION,
    RatingCriterion.LOCAL_IMPACT,
)
TRANSFER_CRITERIA = (
    RatingCriterion.RELEVANCE,
    RatingCriterion.TRANSFERABILITY,
    RatingCriterion.SELF_SUSTAINING,
)


class PracticeRating(BaseModel):
    """A curator's score on one criterion, with the reason shown publicly."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.CharField(_("Kriterium"), max_length=20, choices=RatingCriterion.choices)
    score = models.PositiveSmallIntegerField(
        _("Bewertung (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reason = BoundedTextField(_("Begründung"), max_length=3_000)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("bewertet von"),
    )

    class Meta:
        ordering = ["practice", "criterion"]
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "criterion"], name="practice_rating_unique_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="practice_rating_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice}: {self.get_criterion_display()} {self.score}"


class ReviewComment(BaseModel):
    """A note in the curation conversation of a practice (return reasons, replies)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="review_comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    transition = models.CharField(
        _("Schritt"), max_length=20, blank=True, help_text=_("z. B. returned, published")
    )
    text = BoundedTextField(_("Kommentar"), max_length=5_000)

    class Meta:
        ordering = ["practice", "created", "id"]
        verbose_name = _("Kurationskommentar")
        verbose_name_plural = _("Kurationskommentare")

    def __str__(self) -> str:
        return f"{self.practice}: {self.text[:40]}"
