"""The initiative's curated vocabularies (seeded from the seed text, editable by curators)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.fields import BoundedTextField


class Term(models.Model):
    """A curated vocabulary entry with a German name and an optional English name."""

    slug = models.SlugField(_("Kürzel"), max_length=80, unique=True)
    name = models.CharField(_("Name (deutsch)"), max_length=200)
    name_en = models.CharField(_("Name (englisch)"), max_length=200, blank=True)
    description = BoundedTextField(_("Beschreibung"), blank=True, max_length=5_000)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.name_en and (get_language() or "de").startswith("en"):
            return self.name_en
        return self.name


class SpatialField(Term):
    class Meta(Term.Meta):
        verbose_name = _("Räumliches Handlungsfeld")
        verbose_name_plural = _("Räumliche Handlungsfelder")


class ActionField(Term):
    spatial_field = models.ForeignKey(
        SpatialField,
        on_delete=models.PROTECT,
        related_name="action_fields",
        verbose_name=_("Räumliches Handlungsfeld"),
    )

    class Meta(Term.Meta):
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")


class Approach(Term):
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.PROTECT,
        related_name="approaches",
        verbose_name=_("Handlungsfeld"),
    )

    class Meta(Term.Meta):
        verbose_name = _("Handlungsansatz")
        verbose_name_plural = _("Handlungsansätze")


class Sector(Term):
    class Meta(Term.Meta):
        verbose_name = _("Bereich")
        verbose_name_plural = _("Bereiche")


class PracticeKind(Term):
    class Meta(Term.Meta):
        verbose_name = _("Typologie-Kategorie")
        verbose_name_plural = _("Typologie-Kategorien")


class PracticeType(Term):
    kind = models.ForeignKey(
        PracticeKind,
        on_delete=models.PROTECT,
        related_name="types",
        verbose_name=_("Typologie-Kategorie"),
    )

    class Meta(Term.Meta):
        verbose_name = _("Praxistyp")
        verbose_name_plural = _("Praxistypen")


class Method(Term):
    class Meta(Term.Meta):
        verbose_name = _("Methode")
        verbose_name_plural = _("Methoden")


class ExchangeCategory(Term):
    """A curated category of what actors offer and seek ("Angebots- und Bedarfskategorie");
    profiles may pick categories in addition to their free-text offers and needs, and the
    partner matching pairs one actor's offers with another's needs by them."""

    class Meta(Term.Meta):
        verbose_name = _("Angebots- und Bedarfskategorie")
        verbose_name_plural = _("Angebots- und Bedarfskategorien")
