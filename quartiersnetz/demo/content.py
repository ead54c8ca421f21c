"""Text building blocks for the invented sample data of `demo_data` and `scale_data`.

Everything here is fiction written for demonstrations; the commands mark every record they
create with `is_sample=True`, which the profile page shows as "Beispieldaten".
"""

from __future__ import annotations

SIZES = ("grossstadt", "mittelstadt", "kleinstadt", "landgemeinde")
ALL = frozenset(SIZES)
CITIES = frozenset({"grossstadt", "mittelstadt"})
TOWNS = frozenset({"grossstadt", "mittelstadt", "kleinstadt"})
SMALL = frozenset({"kleinstadt", "landgemeinde"})

# Spatial fields that fit a municipality of each size class (slugs of taxonomy.SpatialField).
SPATIAL_BY_SIZE = {
    "grossstadt": ("centres", "quarters"),
    "mittelstadt": ("centres", "quarters", "small_towns"),
    "kleinstadt": ("small_towns", "centres"),
    "landgemeinde": ("small_towns",),
}

# Name patterns per sector: (pattern, size classes it suits). {ort} is the municipality name,
# {körperschaft} "Stadt", "Gemeinde" or "Markt", {viertel} a quarter of a larger town.
ORGANISATION_NAMES: dict[str, list[tuple[str, frozenset[str]]]] = {
    "verbaende-netzwerke-initiativen": [
        ("Netzwerk Innenstadt {ort} e.V.", CITIES),
        ("Bürgerverein {ort}-{viertel} e.V.", CITIES),
        ("Initiative Leerstand belebt {ort}", TOWNS),
        ("Dorfgemeinschaft {ort} e.V.", SMALL),
        ("Werkstatt Zukunft {ort} e.V.", ALL),
        ("Verein Lebendige Ortsmitte {ort} e.V.", SMALL),
        ("Nachbarschaftsnetzwerk {viertel} {ort}", CITIES),
    ],
    "stiftungen": [
        ("Bürgerstiftung {ort}", ALL),
        ("Stiftung Lebendige Ortsmitte {ort}", SMALL),
        ("Stiftung Stadtkultur {ort}", CITIES),
        ("Gemeinschaftsstiftung Quartier {ort}-{viertel}", CITIES),
        ("Stiftung Zukunftsorte {ort}", ALL),
        ("Sparkassenstiftung Region {ort}", TOWNS),
    ],
    "gebietskoerperschaften": [
        ("{körperschaft} {ort} – Amt für Stadtentwicklung", CITIES),
        ("{körperschaft} {ort} – Stabsstelle Innenstadt", CITIES),
        ("{körperschaft} {ort} – Bauamt", SMALL),
        ("{körperschaft} {ort} – Wirtschaftsförderung", TOWNS),
        ("{körperschaft} {ort}", SMALL),
    ],
    "stadt-immobilien-projektentwicklung": [
        ("Wohnungsbaugenossenschaft {ort} eG", ALL),
        ("Stadtentwicklungsgesellschaft {ort} mbH", TOWNS),
        ("Projektgesellschaft Altes Kaufhaus {ort} GmbH", TOWNS),
        ("Kommunale Wohnungsgesellschaft {ort} mbH", CITIES),
        ("Genossenschaft Dorfladen {ort} eG", SMALL),
    ],
    "zentren-quartiers-community-management": [
        ("Quartiersmanagement {ort}-{viertel}", CITIES),
        ("Citymanagement {ort} e.V.", TOWNS),
        ("Stadtmarketing {ort} GmbH", TOWNS),
        ("Dorfmoderation {ort}", SMALL),
        ("Community-Management {viertel} {ort}", CITIES),
        ("Innenstadtbüro {ort}", TOWNS),
    ],
    "kultur-soziokultur-kreativwirtschaft": [
        ("Soziokulturelles Zentrum Alte Feuerwache {ort}", TOWNS),
        ("Kreativquartier {ort} e.V.", CITIES),
        ("Theaterkollektiv Stadtraum {ort}", CITIES),
        ("Coworking Land {ort}", SMALL),
        ("Kulturbahnhof {ort} e.V.", ALL),
        ("Atelierhaus {ort}", TOWNS),
    ],
    "mittler-intermediaere": [
        ("Büro für Stadtentwicklung und Beteiligung {ort}", TOWNS),
        ("Zukunftswerkstatt Ländlicher Raum {ort}", SMALL),
        ("Planungsbüro Stadt & Raum {ort}", ALL),
        ("Regionalmanagement {ort}", SMALL),
        ("Agentur für Zwischennutzung {ort}", CITIES),
    ],
}

QUARTERS = ("Nord", "Süd", "Altstadt", "Weststadt", "Oststadt", "Bahnhofsviertel", "Hafen", "Mitte")

SUMMARIES: dict[str, list[str]] = {
    "verbaende-netzwerke-initiativen": [
        "Engagierte Bürgerinnen und Bürger, die leere Räume in {ort} wieder mit Leben füllen.",
        "Ein offenes Netzwerk aus Handel, Kultur und Nachbarschaft für die Mitte von {ort}.",
        "Wir bringen Menschen zusammen, die ihren Ort gemeinsam gestalten wollen.",
    ],
    "stiftungen": [
        "Wir fördern Projekte, die Nachbarschaft, Kultur und Teilhabe in {ort} stärken.",
        "Eine Stiftung von Bürgerinnen und Bürgern für gemeinwohlorientierte Orte in {ort}.",
        "Wir finanzieren Experimente in leerstehenden Erdgeschossen und begleiten sie langfristig.",
    ],
    "gebietskoerperschaften": [
        "Die Verwaltung in {ort} erprobt neue Wege für eine ko-produktive Ortsentwicklung.",
        "Wir steuern den Wandel der Innenstadt von {ort} mit Eigentümern und Initiativen.",
        "Wir öffnen kommunale Immobilien für Initiativen, Kultur und neue Nutzungen.",
    ],
    "stadt-immobilien-projektentwicklung": [
        "Wir entwickeln Immobilien in {ort} mit einer gemeinwohlorientierten Nutzungsmischung.",
        "Bezahlbares Wohnen und offene Erdgeschosse für lebendige Nachbarschaften in {ort}.",
        "Wir machen aus einer ehemaligen Handelsimmobilie einen Ort für Wohnen, Arbeit und Kultur.",
    ],
    "zentren-quartiers-community-management": [
        "Ansprechpartner vor Ort für alle, die ihr Quartier in {ort} mitgestalten wollen.",
        "Wir vernetzen Handel, Gastronomie, Kultur und Verwaltung in der Innenstadt von {ort}.",
        "Wir moderieren, vermitteln und stoßen gemeinsame Projekte in der Nachbarschaft an.",
    ],
    "kultur-soziokultur-kreativwirtschaft": [
        "Kunst, Kultur und Begegnung im öffentlichen Raum von {ort}.",
        "Ein Dritter Ort für Kreative, Nachbarschaft und Experimente in {ort}.",
        "Wir machen leerstehende Räume zu Bühnen, Werkstätten und Treffpunkten.",
    ],
    "mittler-intermediaere": [
        "Wir begleiten Kommunen und Initiativen bei ko-kreativen Beteiligungsprozessen.",
        "Prozessbegleitung, Moderation und Wissenstransfer für eine aktivierende Stadtentwicklung.",
        "Wir vermitteln zwischen Verwaltung, Eigentümern und Zivilgesellschaft in {ort}.",
    ],
}

INTRO: dict[str, list[str]] = {
    "verbaende-netzwerke-initiativen": [
        "Seit {year} treffen sich in {ort} Menschen aus Nachbarschaft, Handel und Kultur, um die "
        "Ortsmitte gemeinsam weiterzuentwickeln. Aus einem Stammtisch ist ein Verein mit über "
        "{members} Mitgliedern geworden.",
        "Wir sind ein ehrenamtliches Netzwerk, das {year} aus einer Bürgerversammlung zum "
        "Leerstand in {ort} entstanden ist.",
    ],
    "stiftungen": [
        "Die Stiftung wurde {year} von Bürgerinnen und Bürgern aus {ort} gegründet. Wir fördern "
        "jedes Jahr rund {projects} Vorhaben mit kleinen Beträgen und viel Beratung.",
        "Als gemeinnützige Stiftung unterstützen wir seit {year} Initiativen, die Räume in {ort} "
        "für die Allgemeinheit öffnen.",
    ],
    "gebietskoerperschaften": [
        "Die Verwaltung von {ort} hat {year} eine ressortübergreifende Arbeitsgruppe eingerichtet, "
        "die Eigentümer, Initiativen und Gewerbe an einen Tisch bringt.",
        "Mit einem Förderprogramm seit {year} erprobt {ort}, wie leerstehende Gebäude mit "
        "Zwischennutzungen wieder belebt werden können.",
    ],
    "stadt-immobilien-projektentwicklung": [
        "Wir entwickeln seit {year} Immobilien in {ort} und setzen auf eine Mischung aus Wohnen, "
        "Arbeiten, Bildung und Kultur.",
        "Als Genossenschaft mit {members} Mitgliedern verstehen wir unsere Gebäude als Beitrag zu "
        "einer lebendigen Nachbarschaft in {ort}.",
    ],
    "zentren-quartiers-community-management": [
        "Unser Büro ist seit {year} Anlaufstelle für Bewohnerinnen und Bewohner, Gewerbe und "
        "Vereine in {ort}.",
        "Seit {year} moderieren wir in {ort} zwischen Eigentümern, Handel und Verwaltung und "
        "stoßen gemeinsame Aktionen an.",
    ],
    "kultur-soziokultur-kreativwirtschaft": [
        "In einem ehemaligen Gewerbebau in {ort} haben wir {year} einen offenen Ort für Kultur, "
        "Werkstätten und Begegnung geschaffen.",
        "Unser Kollektiv bespielt seit {year} Plätze, Schaufenster und Brachen in {ort} mit "
        "Theater, Musik und Kunst.",
    ],
    "mittler-intermediaere": [
        "Wir arbeiten seit {year} als unabhängiges Team aus Stadtplanung, Moderation und "
        "Kulturarbeit von {ort} aus.",
        "Seit {year} begleiten wir Kommunen und Initiativen bei Beteiligung, Projektentwicklung "
        "und Verstetigung.",
    ],
}

FOCUS: dict[str, list[str]] = {
    "centres": [
        "Zwischennutzung leerstehender Ladenlokale",
        "Nutzungsmischung in ehemaligen Kaufhäusern",
        "Gemeinsame Aktionstage in der Innenstadt",
        "Eigentümerstandortgemeinschaften",
    ],
    "quarters": [
        "Nachbarschaftstreffs und Dritte Orte im Quartier",
        "Offene Erdgeschosse für Initiativen",
        "Kunst im öffentlichen Raum",
        "Beteiligung im Quartiersmanagement",
    ],
    "small_towns": [
        "Coworking und Kreativimport auf dem Land",
        "Dorfläden und Treffpunkte im Ortskern",
        "Kleinstadt als Campus mit Hochschulen und Kreativen",
        "Neue Nutzungen für ortsbildprägende Gebäude",
    ],
}

OFFERS: dict[str, list[str]] = {
    "verbaende-netzwerke-initiativen": [
        "Kontakte zu Ehrenamtlichen und Vereinen vor Ort",
        "Erfahrung mit Zwischennutzungen und Pop-up-Läden",
        "Räume für Treffen und Workshops",
    ],
    "stiftungen": [
        "Anschubfinanzierung für Projekte in der Nachbarschaft",
        "Beratung bei Förderanträgen",
        "Ein Netzwerk aus Stifterinnen und Stiftern",
    ],
    "gebietskoerperschaften": [
        "Kommunale Immobilien für Zwischennutzungen",
        "Ansprechpersonen in der Verwaltung",
        "Erfahrung mit Städtebauförderung",
    ],
    "stadt-immobilien-projektentwicklung": [
        "Flächen im Erdgeschoss zu günstigen Konditionen",
        "Wissen über Umbau und Umnutzung von Handelsimmobilien",
        "Modelle für gemeinwohlorientierte Mieten",
    ],
    "zentren-quartiers-community-management": [
        "Moderation von Runden Tischen",
        "Kontakte zu Gewerbe und Eigentümern",
        "Ein Büro im Quartier als Anlaufstelle",
    ],
    "kultur-soziokultur-kreativwirtschaft": [
        "Künstlerische Formate für den öffentlichen Raum",
        "Werkstätten und Ateliers zur Mitnutzung",
        "Erfahrung mit performativer Stadtentwicklung",
    ],
    "mittler-intermediaere": [
        "Prozessdesign und Moderation (Design Thinking, Living Lab)",
        "Evaluation und Dokumentation von Projekten",
        "Wissenstransfer zwischen Kommunen",
    ],
}

SEEKS: dict[str, list[str]] = {
    "verbaende-netzwerke-initiativen": [
        "Eigentümer, die Räume auf Zeit öffnen",
        "Partner aus der Verwaltung",
        "Austausch mit ähnlichen Initiativen",
    ],
    "stiftungen": [
        "Initiativen mit tragfähigen Ideen für ihr Quartier",
        "Kooperationspartner für eine gemeinsame Förderlinie",
        "Erfahrungen mit Wirkungsmessung",
    ],
    "gebietskoerperschaften": [
        "Initiativen und Kreative für leerstehende Gebäude",
        "Beispiele für gelungene Innenstadtstrategien",
        "Partner für eine Praxiswerkstatt vor Ort",
    ],
    "stadt-immobilien-projektentwicklung": [
        "Nutzerinnen und Nutzer für gemeinschaftliche Flächen",
        "Betreiber für ein Café oder einen Dritten Ort",
        "Austausch zu Geschäftsmodellen der Nutzungsmischung",
    ],
    "zentren-quartiers-community-management": [
        "Ehrenamtliche für Aktionstage",
        "Kulturschaffende für temporäre Formate",
        "Erfahrungen mit Verstetigung nach dem Förderende",
    ],
    "kultur-soziokultur-kreativwirtschaft": [
        "Räume für Proben und Ausstellungen",
        "Partner aus Verwaltung und Wohnungswirtschaft",
        "Förderung für Projekte im öffentlichen Raum",
    ],
    "mittler-intermediaere": [
        "Kommunen, die neue Beteiligungsformate erproben wollen",
        "Praxisbeispiele für die Typologie der Orte, Formate und Strategien",
        "Partner für Forschung und Lehre",
    ],
}

CLOSING = [
    "Wir freuen uns über Kontakt zu Mitwirkenden mit ähnlichen Fragen – gern auch aus anderen "
    "Regionen.",
    "Unsere Erfahrungen teilen wir offen: Materialien und Leitfäden stehen unter CC BY 4.0.",
    "Besuchen Sie uns gern vor Ort – nach Absprache zeigen wir Ihnen unsere Projekte.",
]

# Expert profiles: (display name, e-mail local part, sector slug, summary, offers, seeks).
EXPERTS: list[tuple[str, str, str, str, list[str], list[str]]] = [
    ("Dr. Anna Schuster", "anna.schuster", "mittler-intermediaere",
     "Stadtplanerin mit Schwerpunkt ko-kreative Innenstadtentwicklung.",
     ["Moderation von Perspektiven-Werkstätten", "Beratung zu Innenstadtstrategien"],
     ["Kommunen, die neue Wege in der Innenstadt gehen wollen"]),
    ("Mehmet Yılmaz", "mehmet.yilmaz", "zentren-quartiers-community-management",
     "Quartiersmanager mit 15 Jahren Erfahrung in Großstadtquartieren.",
     ["Erfahrung mit Verstetigung im Quartiersmanagement", "Mehrsprachige Beteiligungsformate"],
     ["Austausch mit Kolleginnen und Kollegen aus Kleinstädten"]),
    ("Prof. Dr. Katharina Wendt", "katharina.wendt", "mittler-intermediaere",
     "Professorin für Stadtsoziologie; forscht zu Dritten Orten.",
     ["Wissenschaftliche Begleitung", "Gastvorträge und Lehrkooperationen"],
     ["Praxispartner für Reallabore"]),
    ("Jonas Petersen", "jonas.petersen", "kultur-soziokultur-kreativwirtschaft",
     "Theatermacher für performative Stadtentwicklung im öffentlichen Raum.",
     ["Inszenierungen auf Plätzen und in Leerständen", "Workshops zu performativen Methoden"],
     ["Städte, die ihre Innenstadt bespielen wollen"]),
    ("Sabine Krüger", "sabine.krueger", "gebietskoerperschaften",
     "Leiterin einer kommunalen Stabsstelle für Innenstadtentwicklung.",
     ["Erfahrungen mit Verfügungsfonds und Zwischennutzung"],
     ["Austausch zu Ankaufstrategien für Schlüsselimmobilien"]),
    ("Lena Hoffmann", "lena.hoffmann", "kultur-soziokultur-kreativwirtschaft",
     "Gründerin eines Coworking Spaces auf dem Land.",
     ["Wissen über Geschäftsmodelle für Coworking im ländlichen Raum"],
     ["Kreative, die aufs Land ziehen wollen", "Kommunen als Partner"]),
    ("Thomas Becker", "thomas.becker", "stadt-immobilien-projektentwicklung",
     "Projektentwickler mit Fokus auf Umnutzung von Warenhäusern.",
     ["Machbarkeitsstudien für Mixed-Use-Immobilien"],
     ["Gemeinwohlorientierte Nutzer für Erdgeschossflächen"]),
    ("Fatma Demir", "fatma.demir", "verbaende-netzwerke-initiativen",
     "Aktiv in einem Netzwerk migrantischer Unternehmerinnen und Unternehmer.",
     ["Zugang zu migrantischen Gewerbetreibenden", "Mehrsprachige Moderation"],
     ["Partner für ein Gründungszentrum im Quartier"]),
    ("Dr. Michael Brandt", "michael.brandt", "stiftungen",
     "Programmleiter einer Stiftung für Stadtentwicklung und Teilhabe.",
     ["Beratung zu Förderprogrammen", "Vernetzung mit anderen Stiftungen"],
     ["Modellprojekte mit Übertragungspotenzial"]),
    ("Julia Neumann", "julia.neumann", "mittler-intermediaere",
     "Designerin; leitet Design-Thinking-Prozesse mit Verwaltungen.",
     ["Design Thinking und Prototyping", "Visualisierung von Beteiligungsergebnissen"],
     ["Praxiswerkstätten vor Ort"]),
    ("Stefan Lehmann", "stefan.lehmann", "zentren-quartiers-community-management",
     "Citymanager in einer Mittelstadt.",
     ["Erfahrung mit Business Improvement Districts", "Kontakte zum Einzelhandel"],
     ["Ideen für die Nachnutzung leerer Ladenlokale"]),
    ("Maria Wagner", "maria.wagner", "gebietskoerperschaften",
     "Bürgermeisterin einer Landgemeinde.",
     ["Erfahrungen mit Dorfentwicklung und Dorfläden"],
     ["Kreative und Gründerinnen für leerstehende Höfe"]),
    ("Ole Jansen", "ole.jansen", "kultur-soziokultur-kreativwirtschaft",
     "Kurator für Kunst im öffentlichen Raum.",
     ["Kuratierung temporärer Kunstprojekte"],
     ["Orte im Umbruch, die Kunst zulassen"]),
    ("Dr. Elif Aydın", "elif.aydin", "mittler-intermediaere",
     "Forscherin zu Kleinstädten und Kreativimport.",
     ["Studien zur Kleinstadtentwicklung", "Begleitforschung"],
     ["Kleinstädte für eine Vergleichsstudie"]),
    ("Andreas Vogel", "andreas.vogel", "stadt-immobilien-projektentwicklung",
     "Vorstand einer Wohnungsbaugenossenschaft.",
     ["Erfahrungen mit Nachbarschaftstreffs in Genossenschaftsbeständen"],
     ["Soziale Träger als Partner"]),
    ("Clara Schmitt", "clara.schmitt", "verbaende-netzwerke-initiativen",
     "Koordinatorin eines landesweiten Netzwerks von Bürgervereinen.",
     ["Kontakte zu Initiativen im ganzen Land"],
     ["Austausch über Engagement im ländlichen Raum"]),
    ("Paul Richter", "paul.richter", "zentren-quartiers-community-management",
     "Community-Manager in einem neuen Stadtquartier.",
     ["Aufbau von Nachbarschaftsnetzwerken von Anfang an"],
     ["Erfahrungen mit digitalen Nachbarschaftsplattformen"]),
    ("Ingrid Baumann", "ingrid.baumann", "stiftungen",
     "Vorsitzende einer Bürgerstiftung in einer Kleinstadt.",
     ["Erfahrung mit Bürgerbeteiligung an Stiftungsprojekten"],
     ["Ideen für Stiftungsprojekte im Ortskern"]),
]  # fmt: skip

# Building blocks of the large, synthetic benchmark data (`scale_data`).
SCALE_NAME_PARTS = (
    "Quartiersinitiative", "Stadtteilverein", "Nachbarschaftshaus", "Kulturwerkstatt",
    "Zukunftsforum", "Bürgerstiftung", "Stadtlabor", "Ortsbeirat", "Kreativhof",
    "Genossenschaft Marktplatz", "Innenstadtbüro", "Dorfladen", "Projektbüro", "Kunstverein",
    "Netzwerk Ortsmitte", "Werkstatt Stadt", "Coworking", "Förderverein", "Quartiersbüro",
    "Raumagentur",
)  # fmt: skip

SCALE_SENTENCES = (
    "Wir beleben leerstehende Ladenlokale mit Kultur und Handwerk.",
    "Im Quartier schaffen wir offene Orte für Begegnung.",
    "Gemeinsam mit der Verwaltung entwickeln wir eine Strategie für die Ortsmitte.",
    "Unsere Genossenschaft verbindet Wohnen, Arbeiten und Nachbarschaft.",
    "Wir erproben performative Formate im öffentlichen Raum.",
    "Kreative aus der Stadt finden bei uns Räume auf dem Land.",
    "Der Dorfladen ist Treffpunkt, Nahversorger und Kulturort zugleich.",
    "Wir moderieren Runde Tische zwischen Eigentümern, Handel und Initiativen.",
    "Unsere Stiftung fördert Projekte mit hohem Übertragungspotenzial.",
    "Mit Living Labs testen wir neue Nutzungen für Schlüsselimmobilien.",
    "Das Quartiersmanagement begleitet Bewohnerinnen und Bewohner bei eigenen Projekten.",
    "Wir dokumentieren unsere Erfahrungen offen unter einer freien Lizenz.",
)  # fmt: skip
