"""The taxonomy as named in the initiative's seed text (shared/seed, DESIGN.md glossary).

Used by the data migration; kept as plain data so curators can extend it in the admin.
"""

SPATIAL_FIELDS = [
    ("centres", "Zentren", "Centres", "Die Entwicklung von Zentren."),
    ("quarters", "Quartiere", "Neighbourhoods", "Die Quartiersentwicklung."),
    (
        "small_towns",
        "Klein- und Mittelstädte und ländlicher Raum",
        "Small and medium-sized towns and rural areas",
        "Die Entwicklung von Klein- und Mittelstädten sowie des ländlichen Raums.",
    ),
]

# (slug, name, name_en, spatial field slug)
ACTION_FIELDS = [
    ("innenstadtstrategien", "Innenstadtstrategien", "City centre strategies", "centres"),
    ("lebendige-quartiere", "Lebendige Quartiere", "Lively neighbourhoods", "quarters"),
    ("kleinstadtperspektiven", "Kleinstadtperspektiven", "Small-town perspectives", "small_towns"),
]

# (slug, name, name_en, action field slug)
APPROACHES = [
    (
        "nutzungsmischung-handelsimmobilien",
        "Gemeinwesenorientierte, eigendynamische Nutzungsmischungen bei der Transformation "
        "von Handelsimmobilien (mixed-use, co-creation)",
        "Community-oriented, self-sustaining mixed use in transforming retail properties "
        "(mixed-use, co-creation)",
        "innenstadtstrategien",
    ),
    (
        "transformationsmanagement",
        "Transformationsmanagement / performative Stadtentwicklung "
        "(Zentren- und Communitymanagement)",
        "Transformation management / performative urban development "
        "(centre and community management)",
        "innenstadtstrategien",
    ),
    (
        "creative-places",
        "Creative Places als Bausteine kreativer Netzwerke",
        "Creative places as building blocks of creative networks",
        "lebendige-quartiere",
    ),
    (
        "mikroquartiere",
        "Mikroquartiere als Kerne aktivierender Entwicklung",
        "Micro-neighbourhoods as cores of activating development",
        "lebendige-quartiere",
    ),
    (
        "kreativimport",
        "Kreativimport – Potenziale für Zukunftsorte",
        "Creative import – potentials for places of the future",
        "kleinstadtperspektiven",
    ),
    (
        "kleinstadt-als-campus",
        "Kleinstadt als Campus – eigendynamische Strategien",
        "The small town as a campus – self-sustaining strategies",
        "kleinstadtperspektiven",
    ),
]

SECTORS = [
    ("verbaende-netzwerke-initiativen", "Verbände, Netzwerke und Initiativen",
     "Associations, networks and initiatives"),
    ("stiftungen", "Stiftungen", "Foundations"),
    ("gebietskoerperschaften", "Gebietskörperschaften", "Local and regional authorities"),
    ("stadt-immobilien-projektentwicklung", "Stadt-, Immobilien- und Projektentwicklung",
     "Urban, real-estate and project development"),
    ("zentren-quartiers-community-management", "Zentren-, Quartiers- und Community-Management",
     "Centre, neighbourhood and community management"),
    ("kultur-soziokultur-kreativwirtschaft", "Kultur, Soziokultur sowie Kultur- und Kreativwirtschaft",
     "Culture, socio-culture and the cultural and creative industries"),
    ("mittler-intermediaere", "Mittler und Intermediäre", "Mediators and intermediaries"),
]  # fmt: skip

PRACTICE_KINDS = [
    ("place", "Ort", "Place",
     "Orte wie Mixed-Use-Immobilien mit gelungener Nutzungsmischung oder Dritte Orte."),
    ("format", "Format", "Format",
     "Spielarten einer kulturellen und performativen Stadtentwicklung, etwa Theater im öffentlichen Raum."),
    ("strategy", "Strategie", "Strategy",
     "Masterpläne oder Strukturen wie das Quartiersmanagement."),
]  # fmt: skip

# (slug, name, name_en, kind slug)
PRACTICE_TYPES = [
    ("mixed-use-immobilie", "Mixed-Use-Immobilie", "Mixed-use property", "place"),
    ("dritter-ort", "Dritter Ort", "Third place", "place"),
    ("creative-place", "Creative Place", "Creative place", "place"),
    ("coworking-space", "Coworking Space", "Coworking space", "place"),
    ("soziokulturelles-zentrum", "Soziokulturelles Zentrum", "Socio-cultural centre", "place"),
    ("theater-oeffentlicher-raum", "Theater im öffentlichen Raum", "Theatre in public space", "format"),
    ("performative-stadtentwicklung", "Performative Stadtentwicklung", "Performative urban development",
     "format"),
    ("zwischennutzung", "Zwischennutzung", "Temporary use", "format"),
    ("beteiligungsformat", "Ko-kreatives Beteiligungsformat", "Co-creative participation format", "format"),
    ("masterplan", "Masterplan", "Master plan", "strategy"),
    ("quartiersmanagement", "Quartiersmanagement", "Neighbourhood management", "strategy"),
    ("zentrenmanagement", "Zentrenmanagement", "Centre management", "strategy"),
    ("bid", "Business Improvement District (BID)", "Business improvement district (BID)", "strategy"),
]  # fmt: skip

METHODS = [
    ("design-thinking", "Design Thinking", "Design thinking",
     "Ko-kreative Projektentwicklung in Phasen: verstehen, beobachten, Sichtweise definieren, "
     "Ideen finden, Prototyp, testen."),
    ("living-lab", "Living Lab", "Living lab",
     "Reallabor mit Ko-Kreation, Exploration, Experimentieren und Evaluation im Alltag."),
    ("perspektiven-werkstatt", "Perspektiven-Werkstatt", "Perspectives workshop",
     "Online-Format aus Praxis-Inputs und interaktivem Austausch."),
    ("praxiswerkstatt", "Praxiswerkstatt", "Practice workshop",
     "Ko-kreatives Veranstaltungs- und Projektentwicklungsformat vor Ort."),
    ("sondierungsgespraech", "Sondierungsgespräch", "Exploratory talk",
     "Gespräch zur Sondierung eines Vorhabens mit lokalen Partnern."),
]  # fmt: skip


# Offer and need categories ("Angebots- und Bedarfskategorien") for partner matching:
# (slug, name, English name, description — the description's words help the text matching).
EXCHANGE_CATEGORIES = [
    (
        "zwischennutzung",
        "Zwischennutzung von Ladenlokalen",
        "Temporary use of shop premises",
        "Leere Geschäfte und Ladenlokale vorübergehend bespielen, Pop-up-Nutzungen, "
        "Probewohnen und Probearbeiten in Erdgeschossen.",
    ),
    (
        "leerstandsmanagement",
        "Leerstandsmanagement",
        "Vacancy management",
        "Leerstände erfassen, Eigentümer ansprechen, Flächen vermitteln, Leerstandskataster.",
    ),
    (
        "foerdermittel",
        "Fördermittel und Finanzierung",
        "Funding and finance",
        "Förderprogramme finden und beantragen, Kofinanzierung, Stiftungsmittel, Verfügungsfonds.",
    ),
    (
        "beteiligung",
        "Beteiligung und Ko-Kreation",
        "Participation and co-creation",
        "Bürgerinnen und Bürger einbinden, Werkstätten, Reallabore, gemeinsam gestalten.",
    ),
    (
        "flaechen",
        "Flächen und Räume",
        "Spaces and premises",
        "Räume, Grundstücke und Flächen zur Verfügung stellen oder suchen.",
    ),
    (
        "kultur-oeffentlicher-raum",
        "Kulturprogramm im öffentlichen Raum",
        "Culture in public space",
        "Veranstaltungen, Kunst, Musik und Feste auf Plätzen und Straßen.",
    ),
    (
        "projektentwicklung",
        "Immobilien- und Projektentwicklung",
        "Real estate and project development",
        "Gebäude umbauen, umnutzen und entwickeln, Investitionen, Bestandsentwicklung.",
    ),
    (
        "zentrenmanagement",
        "Quartiers- und Zentrenmanagement",
        "Neighbourhood and town centre management",
        "Innenstadt- und Citymanagement, Standortgemeinschaften, Quartiersbüros.",
    ),
    (
        "verwaltungswissen",
        "Verwaltungswissen",
        "Administrative know-how",
        "Genehmigungen, Planungsrecht, Vergabe, Wege durch die Verwaltung.",
    ),
    (
        "moderation",
        "Moderation und Prozessbegleitung",
        "Facilitation and process support",
        "Runde Tische, Workshops moderieren, Prozesse begleiten, Konflikte vermitteln.",
    ),
    (
        "daten",
        "Daten und Analyse",
        "Data and analysis",
        "Frequenzzählungen, Befragungen, Auswertungen, Monitoring, Karten.",
    ),
    (
        "kommunikation",
        "Kommunikation und Öffentlichkeitsarbeit",
        "Communication and public relations",
        "Kampagnen, Presse, soziale Medien, Gestaltung, Stadtmarketing.",
    ),
    (
        "netzwerkzugang",
        "Netzwerkzugang",
        "Access to networks",
        "Kontakte zu Händlern, Eigentümern, Vereinen und Politik vermitteln.",
    ),
    (
        "bildung-campus",
        "Bildung und Campus",
        "Education and campus",
        "Hochschulen, Studierende, Lehrprojekte, Bildungsangebote in der Innenstadt.",
    ),
    (
        "handel",
        "Handel und lokale Wirtschaft",
        "Retail and local economy",
        "Einzelhandel, Gastronomie, Handwerk und Gründungen stärken.",
    ),
    (
        "gruen-klima",
        "Grün, Klima und Mobilität",
        "Green space, climate and mobility",
        "Begrünung, Hitzeschutz, Entsiegelung, Rad- und Fußverkehr.",
    ),
    (
        "soziales",
        "Soziales und Nachbarschaft",
        "Social work and neighbourhood",
        "Nachbarschaftstreffs, Inklusion, Angebote für Ältere, Kinder und Jugendliche.",
    ),
    (
        "ehrenamt",
        "Ehrenamt und Engagement",
        "Volunteering",
        "Freiwillige gewinnen und begleiten, Engagement organisieren.",
    ),
]
