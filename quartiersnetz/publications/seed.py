"""The five Impulsbeiträge the seed text lists for the Handlungsfeld Innenstadtstrategien.

Only titles and authors are known, so they have no summary (a summary that restated the
title told the reader nothing; migration 0008 cleared those). The texts are to be added by
their authors.
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
        "",
    ),
    (
        "zukunft-der-innenstadt-aktive-transformation",
        "impulse",
        "Die Zukunft der Innenstadt braucht „Aktive Transformation“ ...",
        ("deutscher-staedtetag",),
        "",
        "",
    ),
    (
        "bids-2-0-innenstadtstrategie",
        "impulse",
        "In den „BIDS 2.0“ ziehen alle bei der Innenstadtstrategie an einem Strang",
        ("zia",),
        "",
        "",
    ),
    (
        "private-immobilienentwickler-transformation-handelsimmobilien",
        "impulse",
        "Private Immobilienentwickler:innen als Partner:innen einer am Gemeinwesen orientierten Transformation von Handelsimmobilien",
        ("landmarken-ag", "bulwiengesa-ag"),
        "Thomas Binsfeld, Dr. Joseph Frechen",
        "",
    ),
    (
        "interview-stefan-postert-sozialer-kontakt",
        "interview",
        "Ich glaube, das verbindende Element der Innenstadt – der Stadt als solches – ist der soziale Kontakt",
        ("stadt-und-handel",),
        "Stefan Postert",
        "",
    ),
]
