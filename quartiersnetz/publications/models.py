"""Impulsbeiträge, interviews, position papers and numbered Handlungsempfehlungen."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import Actor
from quartiersnetz.core.fields import BoundedTextField
from quartiersnetz.core.models import BaseModel
from quartiersnetz.core.text import record_search_text
from quartiersnetz.core.visibility import PublicRule
from quartiersnetz.taxonomy.models import ActionField, Approach

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


class PublicationQuerySet(models.QuerySet["Publication"]):
    def published(self) -> PublicationQuerySet:
        return self.filter(Publication.PUBLIC.q())


class Publication(BaseModel):
    class Kind(models.TextChoices):
        IMPULSE = "impulse", _("Impulsbeitrag")
        INTERVIEW = "interview", _("Interview")
        POSITION = "position", _("Positionspapier")
        DOCUMENTATION = "documentation", _("Dokumentation")
        RECOMMENDATIONS = "recommendations", _("Handlungsempfehlungen")

    # What the public sees: the one rule behind `published()`, rules.is_published and the
    # search index (quartiersnetz/search/sources.py).
    PUBLIC: ClassVar[PublicRule] = PublicRule("is_published", (True,))
    # Open data: the API's `updated_since` learns of every change of a row (core/rowlog.py).
    LOG_ROW_CHANGES: ClassVar[bool] = True

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    summary = BoundedTextField(_("Zusammenfassung"), blank=True, max_length=2_000)
    body = BoundedTextField(_("Text (Markdown)"), blank=True, max_length=100_000)
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
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_publications",
        verbose_name=_("eingereicht von"),
    )
    submitted_for = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_publications",
        verbose_name=_("eingereicht für"),
        help_text=_("Die Organisation, für die ein Beitrag eingereicht wurde."),
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    # Set when a curator returns a submission to its submitter instead of publishing it.
    review_note = BoundedTextField(
        _("Hinweis der Kuration"),
        blank=True,
        max_length=5_000,
        help_text=_(
            "Was vor der Veröffentlichung noch fehlt; sehen nur Einreichende und Kuration."
        ),
    )
    returned_at = models.DateTimeField(_("zurückgegeben am"), null=True, blank=True)
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
        # Every path that saves a publication (services, admin, factories) gets the same
        # derived column.
        self.search_text = publication_search_text(self)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


# What a publication is found by, in this order.
PUBLICATION_SEARCH_FIELDS = ("title", "summary", "body", "author_names")


def publication_search_text(publication: Publication) -> str:
    """`Publication.search_text`, the folded text a publication is found by: the one
    definition, used by save() (so services, the admin and factories)."""
    return record_search_text(
        PUBLICATION_SEARCH_FIELDS,
        {name: getattr(publication, name) for name in PUBLICATION_SEARCH_FIELDS},
    )


class Recommendation(BaseModel):
    """A numbered, citable Handlungsempfehlung (success factor) of a publication."""

    # Open data: the API's `updated_since` learns of every change of a row and of its linked
    # practices (core/rowlog.py).
    LOG_ROW_CHANGES: ClassVar[bool] = True

    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("Veröffentlichung"),
    )
    number = models.PositiveSmallIntegerField(_("Nummer"))
    title = models.CharField(_("Titel"), max_length=300)
    text = BoundedTextField(_("Text (Markdown)"), blank=True, max_length=50_000)
    reasoning = BoundedTextField(
        _("Begründung (Markdown)"),
        blank=True,
        max_length=20_000,
        help_text=_("Warum diese Empfehlung: was in den Beispielen und Werkstätten gezeigt hat."),
    )
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("Handlungsfeld"),
    )
    approach = models.ForeignKey(
        Approach,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("Handlungsansatz"),
    )
    practices = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="recommendations",
        verbose_name=_("Praxisbeispiele"),
        help_text=_(
            "Praxisbeispiele, die diese Empfehlung zeigen; öffentlich nur veröffentlichte."
        ),
    )

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


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    """A random, unguessable storage name; the readable name lives in `file_name`."""
    return f"publications/{uuid.uuid4().hex}.pdf"


class Attachment(BaseModel):
    """A PDF attached to a publication, checked by content and served by a view."""

    # An attachment belongs to its publication's open-data record (core/rowlog.py).
    LOG_ROW_CHANGES_OF: ClassVar[tuple[str, ...]] = ("publication",)

    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("Veröffentlichung"),
    )
    file = models.FileField(_("Datei"), upload_to=attachment_upload_to, max_length=200)
    file_name = models.CharField(
        _("Dateiname beim Herunterladen"),
        max_length=150,
        help_text=_("Wird aus dem hochgeladenen Namen gebildet (nur Buchstaben, Ziffern, -)."),
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = BoundedTextField(_("Beschreibung"), blank=True, max_length=2_000)
    size = models.PositiveBigIntegerField(_("Größe in Bytes"))
    page_count = models.PositiveIntegerField(_("Seitenzahl"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["publication", "position", "id"]
        verbose_name = _("Anhang (PDF)")
        verbose_name_plural = _("Anhänge (PDF)")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_size_positive"),
            models.CheckConstraint(
                condition=Q(file_name__endswith=".pdf"), name="attachment_file_name_pdf"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "publications:attachment",
            kwargs={"slug": self.publication.slug, "pk": self.pk, "file_name": self.file_name},
        )
