"""The five Impulsbeiträge the seed text lists for the Handlungsfeld Innenstadtstrategien.

Only titles and authors are known; each summary restates the title's claim and
nothing more. The full texts are to be added by their authors.
"""

from __future__ import annotations

import datetime

SEED_ACTION_FIELD = "innenstadtstrategien"
# The exact dates are not known; the seed places them in 2021.
SEED_PUBLISHED_ON = datetime.date(2021, 6, 30)

# (slug, kind, title, author actor slugs, author names, summary)
SEED_PUBLICATIONS: list[tuple[str, str, str, tuple[str, ...], str, str]] = [
    (
        "zehn-erfolgsfaktoren-transformation-von-zentren",
        "recommendations",
        "Zehn Erfolgsfaktoren für die Transformation von Zentren",
        ("deutscher-verband", "stadt-als-campus"),
        "",
        "Die Netzwerkinitiative „Gemeinsam für das Quartier“ benennt zehn Erfolgsfaktoren für "
        "die Transformation von Zentren. Veröffentlicht 2021.",
    ),
    (
        "zukunft-der-innenstadt-aktive-transformation",
        "impulse",
        "Die Zukunft der Innenstadt braucht „Aktive Transformation“ ...",
        ("deutscher-staedtetag",),
        "",
        "Impulsbeitrag des Deutschen Städtetages: Die Zukunft der Innenstadt braucht "
        "„Aktive Transformation“. Veröffentlicht 2021.",
    ),
    (
        "bids-2-0-innenstadtstrategie",
        "impulse",
        "In den „BIDS 2.0“ ziehen alle bei der Innenstadtstrategie an einem Strang",
        ("zia",),
        "",
        "Impulsbeitrag des ZIA Zentraler Immobilien Ausschuss e.V.: In „BIDS 2.0“ ziehen alle "
        "bei der Innenstadtstrategie an einem Strang. Veröffentlicht 2021.",
    ),
    (
        "private-immobilienentwickler-transformation-handelsimmobilien",
        "impulse",
        "Private Immobilienentwickler:innen als Partner:innen einer am Gemeinwesen orientierten "
        "Transformation von Handelsimmobilien",
        ("landmarken-ag", "bulwiengesa-ag"),
        "Thomas Binsfeld, Dr. Joseph Frechen",
        "Impulsbeitrag von Thomas Binsfeld (Landmarken AG) und Dr. Joseph Frechen "
        "(bulwiengesa AG): Private Immobilienentwickler:innen können Partner:innen einer am "
        "Gemeinwesen orientierten Transformation von Handelsimmobilien sein. Veröffentlicht 2021.",
    ),
    (
        "interview-stefan-postert-sozialer-kontakt",
        "interview",
        "Ich glaube, das verbindende Element der Innenstadt – der Stadt als solches – ist der "
        "soziale Kontakt",
        ("stadt-und-handel",),
        "Stefan Postert",
        "Interview mit Stefan Postert (Stadt + Handel Beckmann und Föhrer Stadtplaner "
        "PartGmbB): Das verbindende Element der Innenstadt ist aus seiner Sicht der soziale "
        "Kontakt. Veröffentlicht 2021.",
    ),
]
