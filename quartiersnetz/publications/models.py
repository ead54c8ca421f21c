"""Impulsbeiträge, interviews, position papers and numbered Handlungsempfehlungen."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.models import BaseModel
from quartiersnetz.core.text import build_search_text
from quartiersnetz.taxonomy.models import ActionField

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


class PublicationQuerySet(models.QuerySet["Publication"]):
    def published(self) -> PublicationQuerySet:
        return self.filter(is_published=True)


class Publication(BaseModel):
    class Kind(models.TextChoices):
        IMPULSE = "impulse", _("Impulsbeitrag")
        INTERVIEW = "interview", _("Interview")
        POSITION = "position", _("Positionspapier")
        DOCUMENTATION = "documentation", _("Dokumentation")
        RECOMMENDATIONS = "recommendations", _("Handlungsempfehlungen")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    summary = models.TextField(_("Zusammenfassung"), blank=True)
    body = models.TextField(_("Text (Markdown)"), blank=True)
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("Handlungsfeld"),
    )
    author_organisations = models.ManyToManyField(
        Actor, blank=True, related_name="publications", verbose_name=_("Autor:innen (Mitwirkende)")
    )
    author_names = models.CharField(
        _("Autor:innen (Personen)"),
        max_length=300,
        blank=True,
        help_text=_("Namen von Personen, durch Komma getrennt."),
    )
    published_on = models.DateField(_("Veröffentlicht am"))
    is_summary_only = models.BooleanField(
        _("nur Zusammenfassung"),
        default=False,
        help_text=_("Zusammenfassung – vollständiger Text folgt durch die Autor:innen"),
    )
    is_published = models.BooleanField(_("veröffentlicht"), default=False, db_index=True)
    search_text = models.TextField(editable=False, blank=True)

    objects: ClassVar[PublicationQuerySet] = PublicationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-published_on", "title", "id"]
        verbose_name = _("Veröffentlichung")
        verbose_name_plural = _("Veröffentlichungen")
        indexes = [models.Index(fields=["is_published", "-published_on", "title"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publications:detail", kwargs={"slug": self.slug})

    @property
    def licence_name(self) -> str:
        return LICENCE_NAME

    @property
    def licence_url(self) -> str:
        return LICENCE_URL

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = build_search_text(self.title, self.summary, self.body, self.author_names)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Recommendation(BaseModel):
    """A numbered, citable Handlungsempfehlung (success factor) of a publication."""

    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("Veröffentlichung"),
    )
    number = models.PositiveSmallIntegerField(_("Nummer"))
    title = models.CharField(_("Titel"), max_length=300)
    text = models.TextField(_("Text (Markdown)"), blank=True)

    class Meta:
        ordering = ["publication", "number"]
        verbose_name = _("Handlungsempfehlung")
        verbose_name_plural = _("Handlungsempfehlungen")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number"], name="recommendation_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def anchor(self) -> str:
        return f"empfehlung-{self.number}"

    def get_absolute_url(self) -> str:
        return f"{self.publication.get_absolute_url()}#{self.anchor}"
