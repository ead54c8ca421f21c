"""Organisations named in the initiative's seed text, pre-seeded as unclaimed profiles.

(name, slug, sector slug, municipality AGS or "", summary)
"""

SEED_ORGANISATIONS = [
    ("Deutscher Verband für Wohnungswesen, Städtebau und Raumordnung e.V.", "deutscher-verband",
     "verbaende-netzwerke-initiativen", "11000000",
     "Moderiert und organisiert gemeinsam mit STADT ALS CAMPUS e.V. die Vernetzungsinitiative."),
    ("STADT ALS CAMPUS e.V.", "stadt-als-campus", "verbaende-netzwerke-initiativen", "",
     "Moderiert und organisiert gemeinsam mit dem Deutschen Verband die Vernetzungsinitiative."),
    ("Bundesministerium des Innern, für Bau und Heimat", "bmi", "gebietskoerperschaften", "11000000",
     "Fördert die Vernetzungsinitiative im Rahmen der Nationalen Stadtentwicklungspolitik."),
    ("Bundesinstitut für Bau-, Stadt- und Raumforschung (BBSR)", "bbsr", "mittler-intermediaere",
     "05314000",
     "Fördert die Vernetzungsinitiative im Rahmen der Nationalen Stadtentwicklungspolitik."),
    ("Deutscher Städtetag", "deutscher-staedtetag", "verbaende-netzwerke-initiativen", "11000000",
     "Impulsbeitrag: Die Zukunft der Innenstadt braucht „Aktive Transformation“."),
    ("ZIA Zentraler Immobilien Ausschuss e.V.", "zia", "verbaende-netzwerke-initiativen", "11000000",
     "Impulsbeitrag: In den „BIDS 2.0“ ziehen alle bei der Innenstadtstrategie an einem Strang."),
    ("Landmarken AG", "landmarken-ag", "stadt-immobilien-projektentwicklung", "05334002",
     "Impulsbeitrag: Private Immobilienentwickler:innen als Partner:innen einer am Gemeinwesen "
     "orientierten Transformation von Handelsimmobilien."),
    ("bulwiengesa AG", "bulwiengesa-ag", "stadt-immobilien-projektentwicklung", "11000000",
     "Impulsbeitrag: Private Immobilienentwickler:innen als Partner:innen einer am Gemeinwesen "
     "orientierten Transformation von Handelsimmobilien."),
    ("Stadt + Handel Beckmann und Föhrer Stadtplaner PartGmbB", "stadt-und-handel",
     "mittler-intermediaere", "05913000",
     "Interview: Das verbindende Element der Innenstadt ist der soziale Kontakt."),
]  # fmt: skip
