"""German municipalities from the official directory (Destatis GV-ISys, dl-de/by-2-0)."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

SOURCE_LABEL = "Gemeindeverzeichnis-Informationssystem GV-ISys, Stand 31.12.2020 (4. Quartal 2020)"
ATTRIBUTION = "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis, 2020"
LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"


class State(models.TextChoices):
    SH = "01", "Schleswig-Holstein"
    HH = "02", "Hamburg"
    NI = "03", "Niedersachsen"
    HB = "04", "Bremen"
    NW = "05", "Nordrhein-Westfalen"
    HE = "06", "Hessen"
    RP = "07", "Rheinland-Pfalz"
    BW = "08", "Baden-Württemberg"
    BY = "09", "Bayern"
    SL = "10", "Saarland"
    BE = "11", "Berlin"
    BB = "12", "Brandenburg"
    MV = "13", "Mecklenburg-Vorpommern"
    SN = "14", "Sachsen"
    ST = "15", "Sachsen-Anhalt"
    TH = "16", "Thüringen"


# The Länder in English (the choices' labels are their German names, which are data: the
# municipalities' labels and the place search read them).
STATE_NAMES_EN = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Lower Saxony",
    "04": "Bremen",
    "05": "North Rhine-Westphalia",
    "06": "Hesse",
    "07": "Rhineland-Palatinate",
    "08": "Baden-Württemberg",
    "09": "Bavaria",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Western Pomerania",
    "14": "Saxony",
    "15": "Saxony-Anhalt",
    "16": "Thuringia",
}


def state_label(code: str) -> str:
    """A Land's name in the active language."""
    if (translation.get_language() or "").startswith("en"):
        return STATE_NAMES_EN.get(code, code)
    return str(State(code).label) if code in State.values else code


def state_choices() -> list[tuple[str, str]]:
    """The Länder as (code, name) in the active language, alphabetically."""
    return sorted(((code, state_label(code)) for code in State.values), key=lambda c: c[1])


class SizeClass(models.TextChoices):
    """BBSR-style size class by population."""

    LARGE_CITY = "grossstadt", _("Großstadt")
    MEDIUM_TOWN = "mittelstadt", _("Mittelstadt")
    SMALL_TOWN = "kleinstadt", _("Kleinstadt")
    RURAL = "landgemeinde", _("Landgemeinde")

    @classmethod
    def for_population(cls, population: int) -> SizeClass:
        if population >= 100_000:
            return cls.LARGE_CITY
        if population >= 20_000:
            return cls.MEDIUM_TOWN
        if population >= 5_000:
            return cls.SMALL_TOWN
        return cls.RURAL


class Urbanisation(models.TextChoices):
    """Degree of urbanisation (DEGURBA) as given by the directory."""

    DENSE = "1", _("dicht besiedelt")
    INTERMEDIATE = "2", _("mittlere Besiedlungsdichte")
    SPARSE = "3", _("gering besiedelt")


class Municipality(models.Model):
    ags = models.CharField(_("Amtlicher Gemeindeschlüssel"), max_length=8, unique=True)
    ars = models.CharField(_("Amtlicher Regionalschlüssel"), max_length=12, blank=True)
    name = models.CharField(_("Name"), max_length=200, db_index=True)
    # Unique and human-readable: "Herne (Nordrhein-Westfalen)"; see importer.assign_labels.
    label = models.CharField(_("Bezeichnung"), max_length=250, unique=True)
    official_name = models.CharField(_("Amtlicher Name"), max_length=200)
    state = models.CharField(_("Bundesland"), max_length=2, choices=State.choices, db_index=True)
    district = models.CharField(_("Kreis"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), default=0)
    area_km2 = models.DecimalField(_("Fläche (km²)"), max_digits=9, decimal_places=2, null=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    latitude = models.FloatField(_("Breitengrad"), null=True)
    longitude = models.FloatField(_("Längengrad"), null=True)
    size_class = models.CharField(
        _("Größenklasse"), max_length=20, choices=SizeClass.choices, db_index=True
    )
    urbanisation = models.CharField(
        _("Verstädterungsgrad"), max_length=1, choices=Urbanisation.choices, blank=True
    )
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    search_label = models.CharField(max_length=250, unique=True, editable=False)

    class Meta:
        ordering = ["name", "ags"]
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ags__regex=r"^[0-9]{8}$"), name="municipality_ags_8_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.label
