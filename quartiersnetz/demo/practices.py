"""Invented, realistic sample Praxisbeispiele for `demo_data` ("Beispieldaten").

Every record is fiction written for demonstrations and marked `is_sample=True`: the places are
real municipalities from the official directory, the projects, names and figures are not. Sources
are placeholders under example.org and say so.

`load()` builds 66 records from 26 concepts (two per practice type, so every kind, type,
spatial field and approach occurs) and spreads them over all 16 Bundesländer and all size
classes. Most are published with a curator's ratings; a few are drafts, submitted or returned, so
the curator's review queue and the demo login's own list have something in them. Some concepts
were carried from one place to the next: the later records point to the earlier one
(`adapted_from`), forming chains. A concept is told differently at each further place
(`SUMMARY_VARIANTS`) and every record gets details of its own (numbers, people, local culture),
so no two records share a text. Timestamps move along with the day the demo is loaded. The plan
is deterministic (fixed seed) and `load()` skips every record that is already there.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.places.models import Municipality, State
from quartiersnetz.practices.models import (
    INNOVATION_CRITERIA,
    TRANSFER_CRITERIA,
    Licence,
    Practice,
    PracticeActor,
    PracticeRating,
    RatingCriterion,
    ReviewComment,
)
from quartiersnetz.taxonomy.models import (
    ActionField,
    Approach,
    Method,
    PracticeKind,
    PracticeType,
    SpatialField,
)

SEED = 2026
PRACTICE_COUNT = 66
# Slugs of scale_data records end in "-s<seed>-<n>"; the demo's own never do.
SCALE_SLUG_REGEX = r"-s[0-9]+-[0-9]+$"
CITY_STATES = frozenset({"02", "04", "11"})
# Size classes that suit a spatial field, most typical first.
SIZES_BY_SPATIAL = {
    "centres": ("grossstadt", "mittelstadt", "kleinstadt"),
    "quarters": ("grossstadt", "mittelstadt"),
    "small_towns": ("kleinstadt", "landgemeinde", "mittelstadt"),
}
SOURCE_BASE = "https://example.org/beispieldaten"
REFERENCE_DAY = dt.datetime(2026, 12, 4, tzinfo=dt.UTC)
KIND_OF_TYPE = {
    "mixed-use-immobilie": "place", "dritter-ort": "place", "creative-place": "place",
    "coworking-space": "place", "soziokulturelles-zentrum": "place",
    "theater-oeffentlicher-raum": "format", "performative-stadtentwicklung": "format",
    "zwischennutzung": "format", "beteiligungsformat": "format",
    "masterplan": "strategy", "quartiersmanagement": "strategy",
    "zentrenmanagement": "strategy", "bid": "strategy",
}  # fmt: skip
SECTORS_BY_KIND = {
    "place": ("stadt-immobilien-projektentwicklung", "kultur-soziokultur-kreativwirtschaft",
              "verbaende-netzwerke-initiativen", "stiftungen"),
    "format": ("kultur-soziokultur-kreativwirtschaft", "verbaende-netzwerke-initiativen",
               "mittler-intermediaere", "zentren-quartiers-community-management"),
    "strategy": ("gebietskoerperschaften", "zentren-quartiers-community-management",
                 "stadt-immobilien-projektentwicklung", "mittler-intermediaere"),
}  # fmt: skip


@dataclass(frozen=True)
class Concept:
    """A kind of practice that occurs in several places; {ort} is the municipality's name."""

    key: str
    type: str
    spatial: str
    approaches: tuple[str, ...]
    titles: tuple[str, ...]
    summary: str
    situation: str
    idea: str
    steps: tuple[str, ...]
    organisation: str
    financing: str
    culture: str
    methods: tuple[str, ...] = ()
    level: str = "co_producing"


CONCEPTS: tuple[Concept, ...] = (
    # --- ORTE ---------------------------------------------------------------------------------
    Concept(
        "kaufhaus", "mixed-use-immobilie", "centres", ("nutzungsmischung-handelsimmobilien",),
        ("Kaufhaus-Umnutzung am Markt {ort}", "Vom Warenhaus zum Stadthaus {ort}",
         "Haus der Vielen im früheren Kaufhaus {ort}"),
        "Ein leerstehendes Kaufhaus in der Innenstadt von {ort} wird zum Stadthaus mit Bibliothek, "
        "Markthalle, Werkstätten und Wohnungen – geplant mit denen, die es später nutzen.",
        "Nach der Schließung des Kaufhauses stand das größte Gebäude der Innenstadt leer; die "
        "Passantenfrequenz in den umliegenden Straßen ging deutlich zurück.",
        "Stadt, ein gemeinwohlorientierter Eigentümer und künftige Nutzerinnen und Nutzer "
        "entwickeln gemeinsam eine Nutzungsmischung, die auch abends und am Wochenende Leben "
        "in das Haus bringt.",
        ("Erdgeschoss als offene Markthalle mit regionalen Anbietern",
         "Stadtbibliothek und Volkshochschule im ersten Obergeschoss",
         "Werkstätten und Ateliers zu gestaffelten Mieten",
         "Wohnungen für Auszubildende und Studierende im Dachgeschoss"),
        "Eine Projektgesellschaft von Stadt und Eigentümer trägt Umbau und Vermietung; ein "
        "Nutzerbeirat entscheidet über die Belegung der Gemeinschaftsflächen mit.",
        "Städtebaufördermittel für den Umbau, ein Darlehen einer Förderbank und eine "
        "Mischkalkulation aus Markt- und Sozialmieten.",
        "Während des Umbaus zeigten Künstlerinnen und Künstler in den Schaufenstern, was im Haus "
        "entstehen soll; die Ausstellung wurde zum Gesprächsanlass in der Stadt.",
        ("design-thinking",),
    ),
    Concept(
        "hotel", "mixed-use-immobilie", "small_towns", ("kleinstadt-als-campus",),
        ("Altes Hotel am Marktplatz {ort}", "Wohn- und Lernhaus im Gasthof {ort}"),
        "Das frühere Hotel am Marktplatz von {ort} verbindet heute Gästezimmer, Seminarräume, "
        "eine Gemeinschaftsküche und Wohnungen für Menschen, die auf Zeit in die Stadt kommen.",
        "Das Traditionshotel am Marktplatz war seit Jahren geschlossen; der Ortskern verlor damit "
        "seinen wichtigsten Treffpunkt.",
        "Eine Genossenschaft kaufte das Haus und öffnete es als Lern- und Wohnort: Hochschulen "
        "und Unternehmen aus der Region nutzen es für Seminare, Gäste bleiben für Wochen.",
        ("Seminarräume für Hochschulen und Betriebe der Region",
         "Gastzimmer für Fachkräfte, die auf Zeit in der Stadt arbeiten",
         "Gemeinschaftsküche mit offenem Mittagstisch"),
        "Eine Genossenschaft mit rund 200 Mitgliedern aus Stadt und Umland; der Vorstand arbeitet "
        "ehrenamtlich, der Betrieb liegt bei zwei Angestellten.",
        "Genossenschaftsanteile, ein Zuschuss aus einem Landesprogramm für Ortskerne und "
        "Einnahmen aus Übernachtungen und Seminaren.",
        "Lesungen und Hauskonzerte im alten Saal machen das Haus auch für Menschen aus dem Ort zu "
        "einem Ort, an den man gern geht.",
        ("living-lab",),
    ),
    Concept(
        "bibliothek", "dritter-ort", "quarters", ("mikroquartiere",),
        ("Stadtteilbibliothek als Wohnzimmer {ort}", "Offene Bibliothek im Quartier {ort}",
         "Bibliothek der Dinge {ort}"),
        "Die Stadtteilbibliothek in {ort} ist an sieben Tagen in der Woche geöffnet – auch ohne "
        "Personal – und wird so zum Treffpunkt, Lernort und Wohnzimmer des Quartiers.",
        "Im Quartier gab es kaum Orte ohne Konsumzwang; die Bibliothek hatte kurze "
        "Öffnungszeiten und wurde vor allem von Schulklassen genutzt.",
        "Mit einer offenen Bibliothek, Zugang per Bibliotheksausweis und einem Programm, das "
        "Bewohnerinnen und Bewohner selbst gestalten, wird sie zum Dritten Ort.",
        ("Öffnung am Abend und am Wochenende mit Ausweis-Zugang",
         "Ausleihe von Werkzeug, Nähmaschinen und Spielen",
         "Sprachcafé, Hausaufgabenhilfe und Reparaturtreff von Ehrenamtlichen"),
        "Die Stadtbibliothek betreibt den Ort; ein Freundeskreis organisiert das "
        "Veranstaltungsprogramm.",
        "Aus dem Haushalt der Stadtbibliothek, ergänzt durch ein Bundesprogramm für Dritte Orte "
        "und Spenden des Freundeskreises.",
        "Lesungen, Poetry-Slams und eine Schreibwerkstatt für Jugendliche geben dem Ort ein "
        "eigenes Profil.",
    ),
    Concept(
        "dorfladen", "dritter-ort", "small_towns", ("kreativimport",),
        ("Dorfladen mit Kulturscheune {ort}", "Laden, Café und Bühne {ort}"),
        "In {ort} betreiben Bewohnerinnen und Bewohner einen Dorfladen mit Café; in der Scheune "
        "nebenan finden Konzerte, Kino und Werkstätten statt.",
        "Mit dem letzten Lebensmittelgeschäft schloss auch der letzte Ort, an dem man sich im "
        "Alltag begegnete.",
        "Ein Laden in Bürgerhand sichert die Nahversorgung, das Café und die Kulturscheune machen "
        "ihn zum Treffpunkt – auch für Neuzugezogene aus der Stadt.",
        ("Nahversorgung mit Produkten aus der Region",
         "Café mit Mittagstisch an drei Tagen",
         "Programm in der Kulturscheune von Mai bis Oktober"),
        "Eine Unternehmergesellschaft, deren Anteile rund 150 Bewohnerinnen und Bewohner halten; "
        "ein Kulturverein bespielt die Scheune.",
        "Anteile der Bewohnerschaft, ein Zuschuss aus LEADER-Mitteln für den Umbau und ein "
        "kleiner Überschuss aus dem Café.",
        "Eine Theatergruppe aus der nächsten Großstadt probt im Sommer in der Scheune und zeigt "
        "ihre Stücke zuerst im Dorf.",
        (), "self_organised",
    ),
    Concept(
        "umspannwerk", "creative-place", "quarters", ("creative-places",),
        ("Ateliers im alten Umspannwerk {ort}", "Kreativquartier Umspannwerk {ort}"),
        "Ein stillgelegtes Umspannwerk in {ort} bietet Ateliers, Proberäume und eine Halle für "
        "Ausstellungen – und öffnet sich mit Festen und Werkstätten ins Quartier.",
        "Im Quartier fehlten bezahlbare Räume für Kunst und Kultur; gleichzeitig stand das "
        "Umspannwerk seit Jahren leer.",
        "Ein Verein von Kreativen mietet das Gebäude langfristig, baut es in Eigenleistung um und "
        "verpflichtet sich, regelmäßig offene Angebote für die Nachbarschaft zu machen.",
        ("24 Ateliers und Proberäume zu günstigen Mieten",
         "Ausstellungshalle mit offenem Programm",
         "Offene Werkstatttage für Kinder aus dem Quartier"),
        "Ein Verein der Nutzerinnen und Nutzer mit Erbbaurecht; ein Kuratorium mit Quartier und "
        "Stadt berät über das Programm.",
        "Erbbaurecht zu einem symbolischen Zins, Mieten der Ateliers, Projektförderung für das "
        "offene Programm.",
        "Die Kunst ist hier nicht Dekoration, sondern Anlass: Ausstellungen greifen Themen des "
        "Quartiers auf und holen Menschen ins Haus, die sonst nicht kämen.",
    ),
    Concept(
        "kreativhof",
        "creative-place",
        "centres",
        ("creative-places", "nutzungsmischung-handelsimmobilien"),
        ("Kreativhof in der Fußgängerzone {ort}", "Hinterhof der Ideen {ort}"),
        "Drei leerstehende Geschäftshäuser mit gemeinsamem Hof in der Fußgängerzone von {ort} "
        "wurden zu einem Kreativhof mit Läden, Studios und einer Gastronomie.",
        "In der Fußgängerzone standen mehrere Geschäftshäuser leer; ihre Höfe waren nicht "
        "zugänglich.",
        "Die Eigentümer öffnen die Höfe und vermieten die Erdgeschosse an Kreative, die ihre "
        "Arbeit zeigen und verkaufen – Produktion wird in der Innenstadt wieder sichtbar.",
        ("Läden von Designerinnen und Handwerkern mit Werkstatt",
         "Studios für Foto, Film und Musik in den Obergeschossen",
         "Hofgastronomie und ein kleiner Markt am Wochenende"),
        "Die drei Eigentümer haben eine gemeinsame Vermietungsgesellschaft gegründet; die "
        "Mieterinnen und Mieter sind in einem Hofrat organisiert.",
        "Gestaffelte Mieten, die mit dem Umsatz steigen, ein Zuschuss der Wirtschaftsförderung für "
        "die Öffnung der Höfe.",
        "Ein jährliches Hoffest mit Musik und offenen Studios ist inzwischen ein fester Termin im "
        "Stadtkalender.",
    ),
    Concept(
        "bahnhof-coworking", "coworking-space", "small_towns", ("kreativimport",),
        ("Coworking im Bahnhofsgebäude {ort}", "Landcoworking am Bahnhof {ort}"),
        "Im sanierten Empfangsgebäude des Bahnhofs {ort} arbeiten Pendlerinnen, Selbstständige "
        "und Zugezogene nebeneinander – mit Regionalzug-Anschluss vor der Tür.",
        "Das Bahnhofsgebäude stand leer, viele Menschen pendelten täglich über eine Stunde in die "
        "nächste Großstadt.",
        "Ein Coworking Space im Bahnhof spart Wege und bringt Menschen mit neuen Ideen in den Ort; "
        "ein Teil der Fläche steht Vereinen kostenfrei zur Verfügung.",
        ("18 Arbeitsplätze, zwei Besprechungsräume, eine Telefonbox",
         "Tagespässe für Gäste und Firmen aus der Region",
         "Abendveranstaltungen zu Gründung und Ehrenamt"),
        "Die Gemeinde ist Eigentümerin, eine GmbH von drei Selbstständigen aus dem Ort betreibt "
        "den Space.",
        "Mitgliedsbeiträge, Vermietung der Besprechungsräume, ein Anlaufzuschuss des Landes für "
        "drei Jahre.",
        "Zugezogene Kreative zeigen ihre Arbeiten in der alten Schalterhalle.",
        ("living-lab",),
    ),
    Concept(
        "laden-coworking", "coworking-space", "centres", ("nutzungsmischung-handelsimmobilien",),
        ("Gemeinschaftsbüro im leeren Ladenlokal {ort}", "Schaufensterbüro {ort}"),
        "In einem ehemaligen Schuhgeschäft in {ort} ist ein Gemeinschaftsbüro entstanden, das "
        "seine Arbeit ins Schaufenster stellt und die Einkaufsstraße belebt.",
        "In der Einkaufsstraße stand jedes fünfte Ladenlokal leer; Frequenz fehlte vor allem "
        "vormittags.",
        "Ein Coworking im Erdgeschoss bringt Menschen in die Innenstadt, die dort arbeiten, "
        "essen und einkaufen.",
        ("Arbeitsplätze mit Blick auf die Straße",
         "Schaufenster als Ausstellungsfläche der Mitglieder",
         "Mittagstisch in Kooperation mit dem Café nebenan"),
        "Eine kleine Genossenschaft der Nutzerinnen und Nutzer, unterstützt vom "
        "Innenstadtmanagement.",
        "Mitgliedsbeiträge, eine reduzierte Anfangsmiete des Eigentümers und ein Zuschuss aus dem "
        "Innenstadtfonds.",
        "Einmal im Monat wird das Schaufenster zur Bühne für kurze Lesungen.",
    ),
    Concept(
        "schule", "soziokulturelles-zentrum", "quarters", ("mikroquartiere", "creative-places"),
        ("Soziokulturelles Zentrum in der alten Schule {ort}", "Stadtteilhaus Alte Schule {ort}"),
        "Eine ehemalige Grundschule in {ort} ist heute soziokulturelles Zentrum mit Bühne, "
        "Werkstätten, Familiencafé und Räumen für Initiativen aus dem Quartier.",
        "Nach der Zusammenlegung zweier Schulen stand das Gebäude leer; das Quartier hatte keinen "
        "gemeinsamen Ort mehr.",
        "Initiativen aus dem Quartier haben das Haus gemeinsam mit der Stadt wieder geöffnet und "
        "bespielen es selbst.",
        ("Saal mit Bühne für Theater, Konzerte und Versammlungen",
         "Holz- und Fahrradwerkstatt",
         "Familiencafé und Räume für Beratung"),
        "Ein Trägerverein aus zwölf Initiativen; die Stadt überlässt das Gebäude im Rahmen eines "
        "langfristigen Nutzungsvertrags.",
        "Betriebskostenzuschuss der Stadt, Landesförderung Soziokultur, Einnahmen aus "
        "Veranstaltungen und Raumvermietung.",
        "Ein Stadtteiltheater mit Laien aus dem Quartier erzählt jedes Jahr eine Geschichte aus "
        "der Nachbarschaft.",
        ("praxiswerkstatt",), "self_organised",
    ),
    Concept(
        "kulturbahnhof", "soziokulturelles-zentrum", "small_towns", ("kleinstadt-als-campus",),
        ("Kulturbahnhof {ort}", "Kultur- und Bildungszentrum Güterhalle {ort}"),
        "Die alte Güterhalle in {ort} ist Kulturzentrum, Volkshochschule und Jugendtreff zugleich "
        "und bringt Angebote in die Kleinstadt, für die man sonst in die Stadt fahren müsste.",
        "Jugendliche verließen die Stadt nach der Schule, Kulturangebote gab es kaum.",
        "Ein Zentrum, das Bildung, Kultur und Jugendarbeit unter einem Dach zusammenbringt, "
        "macht die Kleinstadt zum Lernort für alle Generationen.",
        ("Kurse der Volkshochschule und einer Hochschule der Region",
         "Jugendtreff mit Bandproberaum",
         "Kino und Konzerte im Winterhalbjahr"),
        "Ein gemeinnütziger Verein als Träger, eine Kooperationsvereinbarung mit Volkshochschule "
        "und Hochschule.",
        "Zuschüsse von Stadt und Landkreis, Kulturförderung des Landes, Eintrittsgelder.",
        "Ein Festival im Spätsommer lädt Künstlerinnen und Künstler aus der Großstadt für eine "
        "Woche in die Kleinstadt ein.",
    ),
    # --- FORMATE ------------------------------------------------------------------------------
    Concept(
        "theaterparcours", "theater-oeffentlicher-raum", "centres", ("transformationsmanagement",),
        ("Theaterparcours durch leere Läden {ort}", "Bühne Innenstadt {ort}"),
        "Ein freies Theater in {ort} bespielt für drei Wochen leere Läden der Innenstadt; das "
        "Publikum wandert von Szene zu Szene und sieht die Straße mit neuen Augen.",
        "Die Diskussion über die Zukunft der Innenstadt drehte sich nur um Leerstand und "
        "Parkplätze.",
        "Theater im öffentlichen Raum öffnet leere Räume auf Zeit und erzählt Geschichten der "
        "Innenstadt – aufgeschrieben mit Menschen, die dort arbeiten und wohnen.",
        ("Interviews mit Händlerinnen, Anwohnern und Passanten",
         "Szenen in sechs leerstehenden Ladenlokalen",
         "Gespräch über die Zukunft der Räume nach jeder Vorstellung"),
        "Das freie Theater ist Projektträger, das Zentrenmanagement vermittelt die Räume, die "
        "Eigentümer stellen sie mietfrei zur Verfügung.",
        "Projektförderung von Land und Kulturstiftung, Eintrittsgelder, Sachleistungen der "
        "Eigentümer.",
        "Das Theater macht sichtbar, was die Innenstadt sein könnte – und holt Menschen zusammen, "
        "die sonst nicht miteinander sprechen.",
        ("perspektiven-werkstatt",), "co_deciding",
    ),
    Concept(
        "wandertheater", "theater-oeffentlicher-raum", "small_towns", ("kreativimport",),
        ("Sommertheater auf dem Anger {ort}", "Wanderbühne Landkreis {ort}"),
        "Jeden Sommer spielt ein Ensemble aus Profis und Laien in {ort} unter freiem Himmel – "
        "mit Stücken, die aus Erzählungen der Menschen im Ort entstehen.",
        "Im Ort gab es kaum noch Anlässe, bei denen Alteingesessene und Zugezogene zusammenkamen.",
        "Ein Theaterformat, das Geschichten des Ortes sammelt und mit Menschen aus dem Ort "
        "inszeniert, schafft gemeinsame Erlebnisse.",
        ("Erzählcafés im Frühjahr", "Proben mit Laien ab Mai", "Aufführungen an vier Wochenenden"),
        "Ein Theaterverein aus der Region mit professioneller Regie; die Gemeinde stellt Fläche "
        "und Technik.",
        "Kulturförderung des Landes, Sponsoring lokaler Betriebe, Eintritt nach "
        "Selbsteinschätzung.",
        "Professionelle Künstlerinnen und Künstler kommen für den Sommer in den Ort und arbeiten "
        "dort mit den Menschen, die dort leben.",
        (), "co_producing",
    ),
    Concept(
        "stadtlabor", "performative-stadtentwicklung", "centres", ("transformationsmanagement",),
        ("Stadtlabor auf dem Marktplatz {ort}", "Pavillon der Möglichkeiten {ort}"),
        "Für einen Sommer zieht die Stadtplanung von {ort} in einen Pavillon auf dem Marktplatz: "
        "Ideen für die Innenstadt werden dort vor Ort getestet, nicht nur diskutiert.",
        "Beteiligungsveranstaltungen erreichten immer dieselben Menschen; die Verwaltung war in "
        "der Innenstadt kaum präsent.",
        "Performative Stadtentwicklung: Verwaltung, Initiativen und Gewerbe probieren Nutzungen "
        "auf Zeit aus und entscheiden erst danach.",
        ("Sprechstunden der Stadtplanung im Pavillon",
         "Wöchentliche Tests: Sitzmöbel, Spielflächen, Marktstände",
         "Auswertung mit allen Beteiligten am Ende des Sommers"),
        "Ein Team aus Stadtplanung, Wirtschaftsförderung und einem Planungsbüro; ein offener "
        "Beirat entscheidet über die Tests.",
        "Mittel aus dem Bundesprogramm für Innenstädte, Eigenmittel der Stadt.",
        "Künstlerische Interventionen eröffnen jede Testwoche und laden zum Mitmachen ein.",
        ("living-lab", "design-thinking"), "co_deciding",
    ),
    Concept(
        "spielstrasse", "performative-stadtentwicklung", "quarters", ("mikroquartiere",),
        ("Straße als Reallabor {ort}", "Sommerstraße im Quartier {ort}"),
        "Eine Wohnstraße in {ort} wird jeden Sommer für sechs Wochen zur Spiel- und "
        "Begegnungszone; die Nachbarschaft entscheidet, was bleiben soll.",
        "Die Straße war zugeparkt, Kinder hatten keinen Platz zum Spielen, Nachbarn kannten sich "
        "kaum.",
        "Ein temporärer Umbau macht erlebbar, wie die Straße anders aussehen könnte; die "
        "Erfahrungen fließen in die dauerhafte Planung ein.",
        ("Parkplätze werden zu Sitzinseln und Hochbeeten",
         "Nachbarschaftsfeste an den Wochenenden",
         "Befragung und Abstimmung am Ende des Sommers"),
        "Eine Nachbarschaftsinitiative organisiert, das Quartiersmanagement begleitet, das "
        "Straßenverkehrsamt genehmigt als Verkehrsversuch.",
        "Verfügungsfonds des Quartiers, Material von der Stadt, viel Eigenleistung.",
        "Straßenmusik, Kreidekunst und ein Kino unter freiem Himmel machen die Straße zur Bühne.",
        ("living-lab",), "self_organised",
    ),
    Concept(
        "popup", "zwischennutzung", "centres",
        ("nutzungsmischung-handelsimmobilien", "transformationsmanagement"),
        ("Pop-up-Läden für Gründerinnen und Gründer {ort}", "Ladenlokale auf Probe {ort}",
         "Testläden in der Innenstadt {ort}"),
        "In {ort} vermittelt die Stadt leere Ladenlokale für sechs bis zwölf Monate an "
        "Gründerinnen und Gründer, die ihre Idee in der Innenstadt testen wollen.",
        "Viele Ladenlokale standen leer, während junge Unternehmen keinen bezahlbaren Einstieg in "
        "die Innenstadt fanden.",
        "Zwischennutzung auf Zeit: Die Stadt mietet Läden an, vermietet sie günstig weiter und "
        "begleitet die Gründungen.",
        ("Ausschreibung zweimal im Jahr",
         "Mietzuschuss und Coaching in den ersten Monaten",
         "Übergang in reguläre Mietverträge"),
        "Die Wirtschaftsförderung mietet an und vermittelt; ein Gründungszentrum berät.",
        "Landesprogramm zur Innenstadtbelebung, Eigenmittel der Stadt, reduzierte Mieten der "
        "Eigentümer.",
        "Ein Teil der Läden geht an Kunst- und Kulturprojekte, die Schaufenster gestalten und "
        "Veranstaltungen anbieten.",
        ("sondierungsgespraech",), "consulting",
    ),
    Concept(
        "probewohnen", "zwischennutzung", "small_towns", ("kreativimport", "kleinstadt-als-campus"),
        ("Probewohnen und -arbeiten in der Altstadt {ort}", "Zwei Wochen {ort} auf Probe"),
        "In leerstehenden Altstadthäusern von {ort} können Menschen aus der Großstadt für einige "
        "Wochen wohnen und arbeiten und die Kleinstadt kennenlernen.",
        "In der Altstadt standen Häuser leer, gleichzeitig suchten viele Menschen in den "
        "Großstädten nach Alternativen.",
        "Probewohnen auf Zeit senkt die Schwelle für einen Umzug; die Gäste bringen ihre Ideen in "
        "Werkstätten mit der Stadtgesellschaft ein.",
        ("Möblierte Wohnungen mit Arbeitsplatz für vier Wochen",
         "Begleitprogramm mit Vereinen und Betrieben",
         "Abschlusswerkstatt mit Ideen für leere Häuser"),
        "Ein Verein organisiert, die Stadt und eine Wohnungsgesellschaft stellen Wohnungen, eine "
        "Hochschule begleitet wissenschaftlich.",
        "Modellvorhaben des Landes, Eigenanteile der Gäste, Sachleistungen der "
        "Wohnungsgesellschaft.",
        "Künstlerinnen und Künstler unter den Gästen zeigen zum Abschluss, was sie in der Stadt "
        "gesehen haben.",
        ("living-lab", "praxiswerkstatt"),
    ),
    Concept(
        "nachbarschaftsbudget", "beteiligungsformat", "quarters", ("mikroquartiere",),
        ("Nachbarschaftsbudget {ort}", "Kiezrat mit eigenem Budget {ort}"),
        "Ein gewählter Nachbarschaftsrat in {ort} entscheidet jedes Jahr über ein eigenes Budget "
        "für kleine Projekte im Quartier.",
        "Viele Ideen aus dem Quartier scheiterten an kleinen Beträgen und langen Wegen durch die "
        "Verwaltung.",
        "Ein Budget in den Händen der Nachbarschaft: Anträge sind einfach, entschieden wird "
        "öffentlich und schnell.",
        ("Jährliche Wahl des Nachbarschaftsrats",
         "Anträge bis 2 000 Euro auf einer Seite",
         "Öffentliche Sitzungen mit Entscheidung am selben Abend"),
        "Der Nachbarschaftsrat mit zwölf Mitgliedern; das Quartiersmanagement führt die "
        "Geschäfte.",
        "Verfügungsfonds aus der Städtebauförderung, ergänzt durch Spenden lokaler Unternehmen.",
        "Viele geförderte Projekte sind kulturell: Hoffeste, Wandbilder, ein Chor.",
        ("praxiswerkstatt",), "co_deciding",
    ),
    Concept(
        "zukunftswerkstatt", "beteiligungsformat", "small_towns", ("kleinstadt-als-campus",),
        ("Zukunftswerkstatt Ortsmitte {ort}", "Design Thinking für die Ortsmitte {ort}"),
        "In {ort} entwickeln Bewohnerinnen, Verwaltung und Studierende in mehreren Runden mit "
        "Design Thinking Prototypen für eine belebte Ortsmitte.",
        "Die Ortsmitte verlor Geschäfte und Gaststätten; frühere Konzepte blieben in der "
        "Schublade.",
        "Statt eines Gutachtens ein ko-kreativer Prozess: Ideen werden schnell als Prototyp "
        "gebaut und im Alltag getestet.",
        ("Auftaktwerkstatt mit Interviews im Ort",
         "Prototypen im Maßstab 1:1 auf dem Marktplatz",
         "Übergabe an Projektgruppen aus dem Ort"),
        "Die Gemeinde als Auftraggeberin, eine Hochschule und ein Beratungsbüro moderieren.",
        "Eigenmittel der Gemeinde, Mittel aus einem Förderprogramm für Kleinstädte.",
        "Eine Fotografin begleitet den Prozess; ihre Porträts der Beteiligten hängen im Rathaus.",
        ("design-thinking", "praxiswerkstatt"), "co_deciding",
    ),
    # --- STRATEGIEN ---------------------------------------------------------------------------
    Concept(
        "masterplan-innenstadt", "masterplan", "centres",
        ("transformationsmanagement", "nutzungsmischung-handelsimmobilien"),
        ("Masterplan Innenstadt 2035 {ort}", "Innenstadtkonzept im Dialog {ort}"),
        "{ort} hat seinen Masterplan für die Innenstadt gemeinsam mit Eigentümern, Handel, Kultur "
        "und Bewohnerschaft erarbeitet – mit Schlüsselprojekten statt Wunschliste.",
        "Der Handel zog sich zurück, mehrere Schlüsselimmobilien standen leer, frühere Konzepte "
        "waren zu allgemein.",
        "Ein Masterplan mit wenigen Schlüsselprojekten, klaren Zuständigkeiten und einem Budget "
        "für Experimente.",
        ("Fünf Schlüsselprojekte mit Verantwortlichen",
         "Experimentierbudget für schnelle Tests",
         "Jährlicher Innenstadtbericht"),
        "Ein Lenkungskreis aus Stadt, Eigentümern, Handel und Kultur; die Umsetzung steuert das "
        "Innenstadtmanagement.",
        "Städtebauförderung, Bundesprogramm für Innenstädte, private Investitionen der "
        "Eigentümer.",
        "Kulturinstitutionen sind Teil des Lenkungskreises und bespielen Leerstände während der "
        "Umsetzung.",
        ("perspektiven-werkstatt", "sondierungsgespraech"), "consulting",
    ),
    Concept(
        "ortskern", "masterplan", "small_towns", ("kleinstadt-als-campus",),
        ("Ortskernkonzept mit Bürgerwerkstätten {ort}", "Entwicklungsplan Ortsmitte {ort}"),
        "In {ort} ist das Entwicklungskonzept für den Ortskern in fünf Bürgerwerkstätten "
        "entstanden und setzt auf Bildung, Wohnen und Begegnung.",
        "Leerstand im Ortskern, Neubau am Ortsrand: Die Gemeinde wollte die Entwicklung umkehren.",
        "Innen vor außen: Ein Konzept, das leere Gebäude im Ortskern für Wohnen, Lernen und "
        "Treffpunkte nutzt.",
        ("Leerstandskataster und Gespräche mit Eigentümern",
         "Fünf Bürgerwerkstätten",
         "Förderprogramm für Umbauten im Ortskern"),
        "Der Gemeinderat beschließt, eine Steuerungsgruppe mit Vereinen begleitet, ein "
        "Planungsbüro moderiert.",
        "Dorferneuerungsprogramm des Landes, gemeindliches Förderprogramm für private Umbauten.",
        "Ein Heimatverein erzählt mit Ausstellungen die Geschichte der Häuser im Ortskern.",
        ("praxiswerkstatt",), "consulting",
    ),
    Concept(
        "qm-buero", "quartiersmanagement", "quarters", ("mikroquartiere",),
        ("Quartiersmanagement mit Nachbarschaftsbüro {ort}", "Quartiersbüro am Platz {ort}"),
        "Das Quartiersmanagement in {ort} arbeitet aus einem Ladenlokal am zentralen Platz und "
        "unterstützt Bewohnerinnen und Bewohner dabei, eigene Projekte umzusetzen.",
        "Das Quartier war von hoher Fluktuation und wenigen Treffpunkten geprägt.",
        "Ein Quartiersmanagement, das nicht selbst Projekte macht, sondern andere dazu befähigt.",
        ("Offene Sprechstunden im Quartiersbüro",
         "Runder Tisch mit Wohnungsunternehmen und Schulen",
         "Verfügungsfonds für Projekte aus der Nachbarschaft"),
        "Ein freier Träger im Auftrag der Stadt, ein Quartiersbeirat mit Bewohnerinnen und "
        "Bewohnern.",
        "Städtebauförderung (Sozialer Zusammenhalt), Beiträge der Wohnungsunternehmen.",
        "Kulturprojekte mit Kindern und Jugendlichen gehören fest zum Programm.",
        ("praxiswerkstatt",), "co_producing",
    ),
    Concept(
        "kulturlotsen", "quartiersmanagement", "quarters", ("creative-places",),
        ("Quartiersmanagement mit Kulturlotsen {ort}", "Kulturlotsen im Quartier {ort}"),
        "In {ort} arbeitet das Quartiersmanagement mit Kulturlotsinnen und -lotsen, die Kreative "
        "und Nachbarschaft zusammenbringen und leere Räume vermitteln.",
        "Im Quartier arbeiteten viele Kreative, aber kaum mit der Nachbarschaft.",
        "Kulturlotsen verbinden Kreative, Eigentümer und Bewohnerschaft und machen aus Leerstand "
        "Creative Places.",
        ("Raumbörse für Kreative",
         "Kulturspaziergänge durch das Quartier",
         "Gemeinsame Projekte von Schulen und Ateliers"),
        "Zwei Kulturlotsen beim Quartiersmanagement, ein Netzwerk von Ateliers und Initiativen.",
        "Städtebauförderung, Projektförderung einer Stiftung, Beiträge der Eigentümer für die "
        "Vermittlung.",
        "Kunst wird hier zur Brücke zwischen Menschen, die im selben Quartier leben, aber sich "
        "kaum begegnen.",
    ),
    Concept(
        "leerstandsboerse", "zentrenmanagement", "centres", ("transformationsmanagement",),
        ("Innenstadtmanagement mit Leerstandsbörse {ort}", "Zentrenmanagement {ort}"),
        "Das Zentrenmanagement in {ort} kennt jede Immobilie der Innenstadt, vermittelt zwischen "
        "Eigentümern und Nutzern und hält eine öffentliche Leerstandsbörse aktuell.",
        "Leerstände wurden zu spät bemerkt, Eigentümer waren schwer erreichbar.",
        "Ein Zentrenmanagement als Kümmerer: aktiv auf Eigentümer zugehen, Nutzungen vermitteln, "
        "Anlässe in der Innenstadt schaffen.",
        ("Leerstands- und Flächenbörse im Netz",
         "Eigentümerstammtisch viermal im Jahr",
         "Veranstaltungsreihe in leeren Läden"),
        "Das Zentrenmanagement ist bei der Stadtmarketinggesellschaft angesiedelt; ein Beirat "
        "aus Handel, Eigentümern und Kultur begleitet.",
        "Stadt, Werbegemeinschaft und Förderung aus dem Landesprogramm Innenstadt.",
        "Kulturschaffende bespielen Leerstände, bis eine dauerhafte Nutzung gefunden ist.",
        ("sondierungsgespraech",), "consulting",
    ),
    Concept(
        "kuemmerer", "zentrenmanagement", "small_towns", ("kreativimport",),
        ("Kümmerin für die Ortsmitte {ort}", "Ortsmittenmanagement {ort}"),
        "In {ort} kümmert sich eine Ortsmittenmanagerin um Leerstände, Veranstaltungen und "
        "Menschen, die mit neuen Ideen in den Ort kommen wollen.",
        "Leerstände häuften sich, Vereine und Gewerbe arbeiteten nebeneinander her.",
        "Eine Person als feste Ansprechpartnerin, die Eigentümer, Gewerbe, Vereine und "
        "Zugezogene zusammenbringt.",
        ("Sprechstunden im Rathaus und auf dem Wochenmarkt",
         "Willkommenspaket für Zugezogene",
         "Vermittlung leerer Läden an Kreative"),
        "Eine halbe Stelle bei der Gemeinde, ein Beirat aus Gewerbeverein und Vereinen.",
        "Kleinstadtprogramm des Landes für drei Jahre, danach Gemeinde und Gewerbeverein.",
        "Kreative aus der Stadt werden gezielt angesprochen und bekommen leere Läden auf Zeit.",
        ("sondierungsgespraech",), "consulting",
    ),
    Concept(
        "esg-bahnhofstrasse", "bid", "centres", ("transformationsmanagement",),
        ("Eigentümerstandortgemeinschaft Bahnhofstraße {ort}", "BID Altstadt {ort}"),
        "In {ort} haben sich die Eigentümer einer Geschäftsstraße zu einem Business Improvement "
        "District zusammengeschlossen und finanzieren gemeinsam Gestaltung, Pflege und Programm.",
        "Die Straße wirkte vernachlässigt, einzelne Eigentümer konnten allein wenig bewegen.",
        "Ein BID nach Landesgesetz: Alle Eigentümer tragen bei, gemeinsam wird investiert und "
        "die Straße gemanagt.",
        ("Neue Beleuchtung und Begrünung",
         "Quartiersmanager für die Straße",
         "Zwischennutzungen in leeren Erdgeschossen"),
        "Aufgabenträger ist eine Standortgemeinschaft der Eigentümer; die Stadt erhebt die "
        "Abgabe und leitet sie weiter.",
        "Abgabe aller Eigentümer über fünf Jahre, ergänzt durch Mittel der Stadt für den "
        "öffentlichen Raum.",
        "Ein Teil des Budgets fließt in Kunst im öffentlichen Raum und ein Straßenfest.",
        ("sondierungsgespraech",), "co_deciding",
    ),
    Concept(
        "hid-gruenderzeit", "bid", "quarters", ("mikroquartiere",),
        (
            "Eigentümergemeinschaft Gründerzeitviertel {ort}",
            "Quartiersgemeinschaft der Eigentümer {ort}",
        ),
        "Im Gründerzeitviertel von {ort} haben sich private Eigentümer freiwillig zu einer "
        "Standortgemeinschaft zusammengeschlossen, um Höfe, Fassaden und Nachbarschaft zu stärken.",
        "Viele Einzeleigentümer, wenig Investitionen, Leerstand in Erdgeschossen.",
        "Eine freiwillige Eigentümergemeinschaft nach dem Vorbild von BIDs, verbunden mit dem "
        "Quartiersmanagement.",
        ("Gemeinsame Hofbegrünung", "Fassadenprogramm", "Erdgeschosse für soziale Nutzungen"),
        "Ein Verein der Eigentümer; das Quartiersmanagement berät.",
        "Beiträge der Mitglieder, Förderprogramm für Hof- und Fassadengestaltung.",
        "Offene Höfe mit Konzerten laden einmal im Jahr ins Viertel ein.",
        (), "co_producing",
    ),
)  # fmt: skip

# How often each concept occurs (default 2) and the adaptation chains: keys whose 2nd and 3rd
# occurrences were carried over from the previous one.
USES = {"kaufhaus": 4, "bibliothek": 3, "popup": 4, "dorfladen": 3, "qm-buero": 3,
        "bahnhof-coworking": 3, "stadtlabor": 3, "nachbarschaftsbudget": 3,
        "probewohnen": 3, "leerstandsboerse": 3, "zukunftswerkstatt": 3, "schule": 3}  # fmt: skip
CHAINS = ("kaufhaus", "popup", "dorfladen", "bahnhof-coworking", "probewohnen")
# (concept key, occurrence, workflow state, belongs to the demo login's organisation)
UNPUBLISHED = (
    ("spielstrasse", 1, Practice.State.DRAFT, True),
    ("kulturlotsen", 1, Practice.State.DRAFT, False),
    ("hid-gruenderzeit", 1, Practice.State.SUBMITTED, True),
    ("schule", 2, Practice.State.SUBMITTED, False),
    ("zukunftswerkstatt", 2, Practice.State.SUBMITTED, False),
    ("qm-buero", 2, Practice.State.SUBMITTED, False),
    ("kreativhof", 1, Practice.State.RETURNED, True),
    ("bibliothek", 2, Practice.State.RETURNED, False),
)
RETURN_COMMENT = (
    "Vielen Dank für die Einreichung! Bitte ergänzen Sie noch, wie der Betrieb nach dem Ende der "
    "Förderung finanziert wird, und nennen Sie die beteiligten Partner mit ihrer Rolle. Die "
    "Quellen bitte mit Titel und Adresse angeben."
)

DYNAMICS = (
    "Nach zwei Jahren gründeten Beteiligte eigene Projekte im Umfeld; das Vorhaben läuft "
    "inzwischen ohne Anschubfinanzierung weiter.",
    "Eigendynamik entstand, als die ersten Nutzerinnen und Nutzer Verantwortung für Teile des "
    "Programms übernahmen und neue Leute mitbrachten.",
    "Entscheidend war ein früher sichtbarer Erfolg: Nach wenigen Monaten war klar, dass der Ort "
    "gebraucht wird, und weitere Partner kamen von selbst dazu.",
    "Die Eigendynamik ist noch fragil: Vieles hängt an wenigen Engagierten, die Verstetigung ist "
    "die nächste Aufgabe.",
    "Nachbarorte haben das Modell übernommen; der Austausch untereinander trägt das Vorhaben "
    "heute mit.",
    "Ein fester wöchentlicher Termin hat sich als Kern erwiesen, um den herum immer neue "
    "Angebote entstanden sind.",
    "Eigendynamik entstand vor allem durch Menschen, die neu in den Ort gezogen sind und das "
    "Vorhaben als Einstieg in die Stadtgesellschaft nutzten.",
)
CO_CREATION = {
    "informing": "Die Stadtgesellschaft wurde informiert und zu Veranstaltungen eingeladen; "
    "mitgestaltet haben vor allem die Fachleute.",
    "consulting": "Bewohnerinnen, Gewerbe und Eigentümer wurden in Werkstätten und Gesprächen "
    "beteiligt; ihre Hinweise flossen sichtbar in die Planung ein.",
    "co_deciding": "Ein Gremium mit Vertreterinnen und Vertretern aus der Stadtgesellschaft "
    "entscheidet über wichtige Fragen mit.",
    "co_producing": "Nutzerinnen und Nutzer haben den Ort von Anfang an mitentwickelt und bauen, "
    "betreiben und bespielen ihn heute gemeinsam mit den Trägern.",
    "self_organised": "Das Vorhaben ist aus der Nachbarschaft entstanden und wird von ihr selbst "
    "organisiert; Verwaltung und Förderer unterstützen auf Nachfrage.",
}
LEARNINGS = (
    "Früh mit den Eigentümern sprechen – nicht erst, wenn das Konzept fertig ist.",
    "Ein kleiner Prototyp überzeugt mehr als ein großes Gutachten.",
    "Eine feste Ansprechperson vor Ort ist wichtiger als ein großes Budget.",
    "Öffnungszeiten und Programm müssen zu den Menschen im Ort passen, nicht umgekehrt.",
    "Kulturelle Formate erreichen Menschen, die zu keiner Beteiligungsveranstaltung kommen.",
    "Die Verwaltung braucht jemanden, der Genehmigungen bündelt und Wege kurz hält.",
    "Erfolge sichtbar machen: ein Fest, eine Zahl, ein Foto im Schaufenster.",
    "Die Verstetigung von Anfang an mitdenken – Förderung endet immer.",
)
# Reasons per criterion for a low (1-2), middle (3) and high (4-5) score.
REASONS: dict[str, tuple[str, str, str]] = {
    RatingCriterion.NOVELTY: (
        "Der Ansatz ist verbreitet und wird hier ohne eigene Weiterentwicklung angewendet.",
        "Bewährte Bausteine werden für {ort} sinnvoll neu kombiniert.",
        "Der Ansatz ist in dieser Form neu und geht über bekannte Modelle deutlich hinaus.",
    ),
    RatingCriterion.CO_CREATION: (
        "Die Beteiligung beschränkt sich bisher auf Information; Ko-Kreation findet kaum statt.",
        "Beteiligung ist vorgesehen, die Entscheidungen liegen aber überwiegend bei den Trägern.",
        "Nutzerinnen und Nutzer gestalten und betreiben das Vorhaben maßgeblich mit.",
    ),
    RatingCriterion.LOCAL_IMPACT: (
        "Eine Wirkung vor Ort ist noch kaum erkennbar; das Vorhaben steht am Anfang.",
        "Erste Wirkungen in {ort} sind sichtbar, etwa mehr Besucherinnen und Besucher.",
        "Das Vorhaben hat {ort} spürbar verändert: neue Nutzungen, Frequenz und Engagement.",
    ),
    RatingCriterion.RELEVANCE: (
        "Die Fragestellung ist stark von der besonderen Lage in {ort} geprägt.",
        "Die Ausgangslage teilen einige Städte ähnlicher Größe.",
        "Viele Kommunen stehen vor derselben Aufgabe; das Beispiel ist bundesweit relevant.",
    ),
    RatingCriterion.TRANSFERABILITY: (
        "Die Übertragung setzt Bedingungen voraus, die anderswo selten gegeben sind.",
        "Übertragbar mit Anpassungen, vor allem bei Trägerschaft und Finanzierung.",
        "Gut dokumentiert und mit überschaubarem Aufwand in anderen Orten umsetzbar.",
    ),
    RatingCriterion.SELF_SUSTAINING: (
        "Das Vorhaben hängt bisher vollständig an einer befristeten Förderung.",
        "Erste eigene Einnahmen und Engagement vor Ort sind vorhanden, die Verstetigung ist offen.",
        "Das Vorhaben trägt sich inzwischen weitgehend selbst und wächst aus eigener Kraft.",
    ),
}

# Summaries of a concept's 2nd, 3rd, ... occurrence (the first uses `Concept.summary`), so no
# two records share a summary even where a concept came to a second place.
SUMMARY_VARIANTS: dict[str, tuple[str, ...]] = {
    "kaufhaus": (
        "Aus dem Warenhaus am Rand der Fußgängerzone von {ort} wird ein Stadthaus: unten Markt "
        "und Café, darüber Volkshochschule, Arztpraxen und zwölf Wohnungen.",
        "Im früheren Kaufhaus von {ort} teilen sich Initiativen, Kulturvereine und kleine "
        "Betriebe fünf Etagen – verwaltet von einer Genossenschaft der Nutzenden.",
        "Das Kaufhaus am Markt in {ort} wird in Abschnitten umgebaut; das Erdgeschoss läuft schon "
        "als Markthalle, während oben noch geplant wird.",
    ),
    "hotel": (
        "Im alten Gasthof von {ort} wohnen Auszubildende und Gastdozenten unter einem Dach; der "
        "Saal ist Hörsaal, Tanzboden und Sitzungssaal des Gemeinderats zugleich.",
    ),
    "bibliothek": (
        "Die Bibliothek im Quartier von {ort} hat ihre Regale auf Rollen gestellt: Abends wird "
        "der Lesesaal zum Treffpunkt für Nachbarschaftsgruppen.",
        "In {ort} leiht man sich in der Bibliothek der Dinge Bohrmaschine, Beamer oder "
        "Einkochtopf – und kommt dabei mit den Nachbarn ins Gespräch.",
    ),
    "dorfladen": (
        "Vormittags Brötchen, nachmittags Kuchen, abends Kleinkunst: Der Laden in {ort} ist "
        "zugleich Café und Bühne des Dorfes.",
        "Nach dem Vorbild eines anderen Dorfes bauen die Menschen in {ort} einen Laden mit "
        "Scheune auf – mit kleinerem Sortiment und einem Lieferdienst für die Ortsteile.",
    ),
    "umspannwerk": (
        "Rund um die Halle des alten Umspannwerks in {ort} ist ein Kreativquartier mit Studios, "
        "einer Siebdruckwerkstatt und einem Hofcafé gewachsen.",
    ),
    "kreativhof": (
        "Hinter den Fassaden der Einkaufsstraße in {ort} liegt ein Hof, in dem heute eine "
        "Goldschmiedin, ein Tonstudio und eine Rösterei arbeiten – offen für alle.",
    ),
    "bahnhof-coworking": (
        "Am Bahnhof von {ort} teilen sich Pendler, eine Steuerberaterin und ein Softwarebüro "
        "einen Arbeitsraum – zwei Minuten vom Bahnsteig.",
        "Das Coworking im Bahnhof von {ort} übernimmt das Modell eines Nachbarorts und ergänzt "
        "es um eine Kinderbetreuung am Vormittag.",
    ),
    "laden-coworking": (
        "Ein Schaufensterbüro in {ort}: Wer hier arbeitet, wird von der Straße aus gesehen – und "
        "lädt einmal im Monat zum offenen Abend ein.",
    ),
    "schule": (
        "Im Stadtteilhaus in der alten Schule von {ort} proben Chöre, lernen Kinder "
        "Fahrradreparieren und tagt der Stadtteilbeirat.",
        "Zwölf Initiativen aus {ort} haben die leere Schule übernommen; die Turnhalle ist jetzt "
        "Saal, die Klassenzimmer sind Werkstätten und Beratungsräume.",
    ),
    "kulturbahnhof": (
        "In der Güterhalle von {ort} finden Volkshochschulkurse, Jugendkonzerte und ein Kino "
        "Platz – mit Regionalbahn-Anschluss vor der Tür.",
    ),
    "theaterparcours": (
        "Die Innenstadt von {ort} als Bühne: Ein Ensemble spielt an drei Wochenenden auf Plätzen, "
        "in Passagen und in einem leeren Modegeschäft.",
    ),
    "wandertheater": (
        "Eine Wanderbühne zieht jeden Sommer durch die Dörfer rund um {ort} und spielt Stücke, "
        "die aus Erzählungen der Bewohnerinnen und Bewohner entstehen.",
    ),
    "stadtlabor": (
        "Ein Holzpavillon auf dem Marktplatz von {ort} ist einen Sommer lang Werkstatt, Bühne und "
        "Sprechstunde – um auszuprobieren, was der Platz sein könnte.",
        "Das Stadtlabor in {ort} stellt Bänke, Hochbeete und eine Bühne auf den Marktplatz und "
        "zählt mit, wie sich der Platz verändert.",
    ),
    "spielstrasse": (
        "Jeden Sommer wird eine Straße im Quartier von {ort} für vier Wochen zur Spiel- und "
        "Begegnungsfläche – mit Tischen, Kreide und Nachbarschaftskino.",
    ),
    "popup": (
        "In {ort} können Gründerinnen und Gründer leere Ladenlokale sechs Monate lang zu einer "
        "symbolischen Miete testen, bevor sie einen Mietvertrag unterschreiben.",
        "Drei Testläden in der Innenstadt von {ort} wechseln alle vier Monate die Besetzung; zwei "
        "frühere Testmieter haben inzwischen eigene Läden in der Straße.",
        "Das Pop-up-Programm in {ort} vergibt leere Läden auf Zeit und begleitet die "
        "Gründerinnen und Gründer mit Beratung durch erfahrene Händler.",
    ),
    "probewohnen": (
        "Wer überlegt, nach {ort} zu ziehen, kann zwei Wochen in einer möblierten Wohnung leben "
        "und im Coworking arbeiten – mit Ortsführung durch Nachbarn.",
        "In der Altstadt von {ort} stehen drei Probewohnungen mit Arbeitsplatz bereit; das "
        "Angebot richtet sich an Familien und Selbstständige aus der Großstadt.",
    ),
    "nachbarschaftsbudget": (
        "Ein gewählter Kiezrat in {ort} entscheidet über 15 000 Euro im Jahr – öffentlich, in "
        "einer Sitzung im Gemeinschaftsgarten.",
        "Auch in {ort} verteilt die Nachbarschaft jetzt ein eigenes Budget: kleinere Summen, "
        "zwei Runden im Jahr und Stimmzettel auch im Supermarkt.",
    ),
    "zukunftswerkstatt": (
        "Mit Design Thinking haben Schülerinnen, Gewerbetreibende und der Gemeinderat von {ort} "
        "in drei Sprints Ideen für die Ortsmitte entwickelt und getestet.",
        "Die Zukunftswerkstatt in {ort} lädt jeden Herbst ins Feuerwehrhaus ein; was dort "
        "beschlossen wird, steht danach auf der Tagesordnung des Gemeinderats.",
    ),
    "masterplan-innenstadt": (
        "{ort} erarbeitet sein Innenstadtkonzept nicht im Planungsbüro, sondern in zwölf "
        "öffentlichen Werkstätten mit Handel, Kultur und Bewohnerschaft.",
    ),
    "ortskern": (
        "Der Entwicklungsplan für die Ortsmitte von {ort} legt fest, welche Gebäude die Gemeinde "
        "kauft, welche sie vermittelt und wo Neues entstehen darf.",
    ),
    "qm-buero": (
        "Das Quartiersbüro am Platz in {ort} hat an fünf Tagen geöffnet; vor der Tür steht ein "
        "Lastenrad, mit dem das Team zu Festen und Versammlungen fährt.",
        "In {ort} teilt sich das Quartiersmanagement sein Büro mit Mieterberatung und "
        "Jugendarbeit – eine Tür für alle Fragen im Viertel.",
    ),
    "kulturlotsen": (
        "Kulturlotsinnen und -lotsen aus der Nachbarschaft begleiten in {ort} Menschen zu "
        "Konzerten, Museen und ins Theater, die sonst nicht hingehen würden.",
    ),
    "leerstandsboerse": (
        "Das Zentrenmanagement in {ort} kennt jede leere Fläche der Innenstadt und bringt "
        "Eigentümer und Interessierte binnen zwei Wochen an einen Tisch.",
        "Eine Leerstandsbörse im Netz und eine Sprechstunde im Rathaus: So vermittelt das "
        "Innenstadtmanagement in {ort} Flächen an neue Nutzungen.",
    ),
    "kuemmerer": (
        "Ein Ortsmittenmanagement mit halber Stelle hält in {ort} die Fäden zwischen Gemeinde, "
        "Vereinen, Gewerbe und Hauseigentümern zusammen.",
    ),
    "esg-bahnhofstrasse": (
        "In einem Business Improvement District in der Altstadt von {ort} finanzieren die "
        "Eigentümer gemeinsam Beleuchtung, Begrünung und ein Quartiersmanagement.",
    ),
    "hid-gruenderzeit": (
        "Die Eigentümerinnen und Eigentümer eines Gründerzeitviertels in {ort} haben sich "
        "zusammengeschlossen, um Höfe, Fassaden und Erdgeschosse gemeinsam zu erneuern.",
    ),
}
# Record-specific details added to the concept's texts (drawn from a separate random stream
# per record, so the plan of places and ratings stays as it was).
TEAMS = (
    "Das Kernteam besteht aus drei Teilzeitstellen und rund {n} Ehrenamtlichen.",
    "Der Vorstand trifft sich jeden zweiten Dienstag; {n} Mitglieder arbeiten in Arbeitsgruppen "
    "mit.",
    "Für den Alltag gibt es eine Koordinatorin mit halber Stelle und einen Kreis von {n} Aktiven.",
    "Über die Belegung der Räume entscheidet ein Beirat aus {n} Personen, gewählt für zwei Jahre.",
    "Eine Geschäftsordnung von zwei Seiten regelt, wer was entscheidet; {n} Menschen haben sie "
    "unterschrieben.",
    "Die Buchhaltung übernimmt ehrenamtlich ein pensionierter Steuerberater; im Team sind {n} "
    "Leute.",
)
CULTURE_EXTRAS = (
    "Zuletzt kam in {ort} ein Chor aus der Nachbarschaft dazu, der einmal im Monat öffentlich "
    "probt.",
    "Ein Fotoprojekt mit Jugendlichen aus {ort} hängt seit dem Frühjahr in den Fenstern.",
    "Im Winter zeigt ein Filmclub aus {ort} Dokumentarfilme über Orte im Wandel.",
    "Eine Illustratorin aus {ort} zeichnet bei jeder Versammlung mit; die Bilder werden später "
    "ausgestellt.",
    "Eine Schreibwerkstatt sammelt Geschichten aus {ort} und liest sie bei Festen vor.",
    "Musikschulen aus {ort} und Umgebung nutzen die Räume für Vorspielabende.",
    "Eine Künstlerin aus {ort} hat die Baustellenzäune zu einer Ausstellung gemacht.",
)
GROWTH = (
    "Heute engagieren sich rund {n} Menschen regelmäßig.",
    "Der Kreis der Aktiven ist von einer Handvoll auf etwa {n} gewachsen.",
    "Etwa {n} Menschen tragen das Vorhaben inzwischen mit, die meisten ehrenamtlich.",
    "Auf der Liste für Einsätze und Dienste stehen inzwischen {n} Namen.",
)

# (detail, range of the number of people it names)
CO_CREATION_DETAILS = {
    "informing": ("Zu den {k} Informationsabenden in {ort} kamen zusammen {n} Menschen.", 60, 400),
    "consulting": ("In {ort} gab es {k} Werkstätten mit zusammen {n} Teilnehmenden.", 40, 260),
    "co_deciding": (
        "Das Gremium in {ort} hat {k} Sitze und tagt öffentlich; im Schnitt hören {n} Gäste zu.",
        6,
        30,
    ),
    "co_producing": (
        "Beim Umbau und im Betrieb in {ort} haben bisher {n} Menschen mit angepackt, an {k} "
        "Bau- und Aktionstagen.",
        30,
        180,
    ),
    "self_organised": ("Zum offenen Treffen in {ort} kommen im Schnitt {n} Leute.", 9, 40),
}


def _german(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _unique(used: set[str], make: Any, n: int) -> str:
    """`make(n)`, with `n` counted up until the text is not yet used by another record."""
    text = make(n)
    while text in used:
        n += 1
        text = make(n)
    used.add(text)
    return text


@dataclass
class Entry:
    """One planned record."""

    concept: Concept
    occurrence: int
    state: str = Practice.State.PUBLISHED
    demo_owned: bool = False
    origin: int | None = None  # index of the entry this one was adapted from
    title: str = ""
    place: Municipality | None = None
    organisation: Actor | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _plan_entries() -> list[Entry]:
    """The 66 records in a fixed order: concepts interleaved, occurrences counted from 1."""
    entries: list[Entry] = []
    last_of: dict[str, int] = {}
    unpublished = {(key, n): (state, demo) for key, n, state, demo in UNPUBLISHED}
    for round_ in range(1, max(USES.values()) + 1):
        for concept in CONCEPTS:
            if round_ > USES.get(concept.key, 2):
                continue
            state, demo = unpublished.get((concept.key, round_), (Practice.State.PUBLISHED, False))
            entry = Entry(concept, round_, state=state, demo_owned=demo)
            if concept.key in CHAINS and round_ > 1:
                entry.origin = last_of[concept.key]
            last_of[concept.key] = len(entries)
            entries.append(entry)
    return entries


def mean_score(scores: list[int]) -> Decimal | None:
    """The stored mean of criterion scores (one decimal, half up)."""
    if not scores:
        return None
    return (Decimal(sum(scores)) / Decimal(len(scores))).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


class PracticePlanner:
    """Places, organisations, texts and ratings of the demo records; deterministic."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible sample data
        self.places: dict[tuple[str, str], list[Municipality]] = defaultdict(list)
        for m in (
            Municipality.objects.filter(population__gt=0, latitude__isnull=False)
            .exclude(official_name__icontains="gemeindefrei")
            .order_by("ags")
        ):
            self.places[(m.state, m.size_class)].append(m)
        organisations = list(
            Actor.objects.filter(is_sample=True, kind=Actor.Kind.ORGANISATION, is_hidden=False)
            .exclude(slug__regex=SCALE_SLUG_REGEX)
            .select_related("municipality", "sector")
            .order_by("name", "id")
        )
        if not organisations:
            raise RuntimeError("Die Beispiel-Praxis braucht die Beispiel-Organisationen.")
        self.organisations = organisations
        self.by_state: dict[str, list[Actor]] = defaultdict(list)
        self.by_sector: dict[str, list[Actor]] = defaultdict(list)
        for actor in organisations:
            if actor.municipality is not None:
                self.by_state[actor.municipality.state].append(actor)
            if actor.sector_id:
                self.by_sector[actor.sector.slug].append(actor)
        self.experts = list(
            Actor.objects.filter(is_sample=True, kind=Actor.Kind.PERSON, user__isnull=False)
            .exclude(slug__regex=SCALE_SLUG_REGEX)
            .order_by("name", "id")
        )

    def assign(self, entries: list[Entry], demo_orgs: list[Actor]) -> None:
        state_count: Counter[str] = Counter()
        size_count: Counter[str] = Counter()
        demo_turn = 0
        used_titles: set[str] = set()
        for entry in entries:
            spatial = entry.concept.spatial
            if entry.demo_owned and demo_orgs:
                org = demo_orgs[demo_turn % len(demo_orgs)]
                demo_turn += 1
                state = org.municipality.state if org.municipality else "05"
            else:
                org = None
                options = [
                    s for s in State.values if not (s in CITY_STATES and spatial == "small_towns")
                ]
                low = min(state_count[s] for s in options)
                state = self.rng.choice([s for s in options if state_count[s] == low])
            sizes = [s for s in SIZES_BY_SPATIAL[spatial] if self.places.get((state, s))]
            if not sizes:  # city states: only "grossstadt" exists
                sizes = [s for s in ("grossstadt",) if self.places.get((state, s))]
            low = min(size_count[s] for s in sizes)
            size = self.rng.choice([s for s in sizes if size_count[s] == low])
            pattern = entry.concept.titles[(entry.occurrence - 1) % len(entry.concept.titles)]
            local = [
                a
                for a in self.by_state.get(state, [])
                if a.municipality is not None and a.municipality.size_class == size
            ]
            # Prefer organisations of a sector that typically runs this kind of practice.
            fitting = SECTORS_BY_KIND.get(KIND_OF_TYPE.get(entry.concept.type, ""), ())
            local = [a for a in local if a.sector and a.sector.slug in fitting] or local
            if org is None and local and self.rng.random() < 0.7:
                org = self.rng.choice(local)
            place: Municipality | None = None
            if (
                org is not None
                and org.municipality is not None
                and org.municipality.size_class == size
                and pattern.format(ort=org.municipality.name) not in used_titles
            ):
                place = org.municipality  # the organisation's own town
            else:
                pool = self.places[(state, size)]
                for _attempt in range(20):
                    place = self.rng.choices(pool, weights=[p.population**0.5 for p in pool])[0]
                    if pattern.format(ort=place.name) not in used_titles:
                        break
                else:
                    raise RuntimeError(f"no free place for {pattern}")
            entry.title = pattern.format(ort=place.name)
            used_titles.add(entry.title)
            state_count[state] += 1
            size_count[size] += 1
            if org is None:
                org = self.rng.choice(local or self.by_state.get(state) or self.organisations)
            entry.place, entry.organisation = place, org

    def roles(self, entry: Entry) -> list[tuple[Actor, str]]:
        if entry.organisation is None or entry.place is None:
            raise RuntimeError("entry not assigned")
        rng = self.rng
        roles: list[tuple[Actor, str]] = [(entry.organisation, PracticeActor.Role.INITIATOR)]
        used = {entry.organisation.pk}

        def add(candidates: list[Actor], role: str) -> None:
            free = [a for a in candidates if a.pk not in used]
            if free:
                actor = rng.choice(free)
                used.add(actor.pk)
                roles.append((actor, role))

        same_state = self.by_state.get(entry.place.state, [])
        authorities = [
            a for a in same_state if a.sector and a.sector.slug == "gebietskoerperschaften"
        ]
        if authorities and rng.random() < 0.7:
            add(authorities, PracticeActor.Role.MUNICIPALITY)
        if rng.random() < 0.5:
            add(
                [a for a in same_state if a not in authorities] or self.organisations,
                PracticeActor.Role.OPERATOR,
            )
        for _ in range(rng.randint(0, 2)):
            add(self.organisations, PracticeActor.Role.PARTNER)
        if rng.random() < 0.4:
            add(self.by_sector.get("stiftungen", []), PracticeActor.Role.FUNDER)
        if self.experts and rng.random() < 0.35:
            add(self.experts, PracticeActor.Role.ADVISOR)
        return roles


def _description(entry: Entry, rng: random.Random, origin: Entry | None) -> str:
    c, place = entry.concept, entry.place
    if place is None:
        raise RuntimeError("entry not assigned")
    state = State(place.state).label
    where = place.name if place.name == state else f"{place.name} ({state})"
    people = _german(max(100, round(place.population, -2)))
    parts = [
        f"## Ausgangslage\n\n{where} hat rund {people} Einwohnerinnen und Einwohner. {c.situation}",
        f"## Ansatz\n\n{c.idea}",
        "## Was passiert\n\n" + "\n".join(f"- {step}" for step in c.steps),
    ]
    if origin is not None and origin.place is not None:
        parts.append(
            f"## Übertragung\n\nDas Vorhaben greift die Erfahrungen aus {origin.place.name} "
            f"auf („{origin.title}“) und passt sie an die Bedingungen in {place.name} an: "
            "kleinerer Start, andere Trägerschaft, eigene Schwerpunkte."
        )
    learnings = rng.sample(LEARNINGS, 2)
    parts.append("## Was wir gelernt haben\n\n" + "\n".join(f"- {item}" for item in learnings))
    return "\n\n".join(parts)


def _texts(
    entry: Entry, dynamics: str, rng: random.Random, used: dict[str, set[str]]
) -> dict[str, str]:
    """The record's own texts: the concept's, told differently at each further place and
    completed by details of this place, so that no two records share a text."""
    c, place = entry.concept, entry.place
    if place is None:
        raise RuntimeError("entry not assigned")
    ort = place.name
    variants = (c.summary, *SUMMARY_VARIANTS.get(c.key, ()))
    summary = variants[(entry.occurrence - 1) % len(variants)].format(ort=ort)
    position = [k.key for k in CONCEPTS].index(c.key)
    culture_extra = CULTURE_EXTRAS[(position * 2 + entry.occurrence) % len(CULTURE_EXTRAS)]
    team = rng.choice(TEAMS)
    growth = rng.choice(GROWTH)
    k = rng.randint(3, 9)
    detail, low, high = CO_CREATION_DETAILS[c.level]
    budget = rng.randint(12, 380) * 1000
    planned = entry.extra["status"] in (Practice.Status.IDEA, Practice.Status.PLANNING)
    money = (
        "Geplant ist ein Jahresbudget von rund {b} Euro."
        if planned
        else "Zuletzt standen rund {b} Euro im Jahr zur Verfügung."
    )
    return {
        "summary": summary,
        "co_creation": _unique(
            used["co_creation"],
            lambda n: f"{CO_CREATION[c.level]} {detail.format(ort=ort, k=k, n=n)}",
            rng.randint(low, high),
        ),
        "organisational_structure": _unique(
            used["organisational_structure"],
            lambda n: f"{c.organisation} {team.format(n=n)}",
            rng.randint(6, 45),
        ),
        "financing": _unique(
            used["financing"],
            lambda n: f"{c.financing} {money.format(b=_german(n))}",
            budget,
        ),
        "cultural_strategy": f"{c.culture} {culture_extra.format(ort=ort)}",
        "self_sustaining_dynamics": _unique(
            used["self_sustaining_dynamics"],
            lambda n: f"{dynamics} {growth.format(n=n)}",
            rng.randint(12, 90),
        ),
    }


def _status_and_period(entry: Entry, rng: random.Random, origin: Entry | None) -> None:
    if origin is not None:
        start = min(2025, origin.extra["start_year"] + rng.randint(1, 3))
        status = rng.choice(
            (Practice.Status.PLANNING, Practice.Status.IMPLEMENTATION, Practice.Status.IDEA)
        )
    elif entry.state != Practice.State.PUBLISHED:
        start = rng.randint(2022, 2026)
        status = rng.choice((Practice.Status.IDEA, Practice.Status.PLANNING))
    else:
        start = rng.randint(2010, 2022)
        status = rng.choices(
            (
                Practice.Status.IMPLEMENTATION,
                Practice.Status.ESTABLISHED,
                Practice.Status.COMPLETED,
                Practice.Status.PLANNING,
            ),
            weights=(4, 4, 2, 1),
        )[0]
    end = None
    if status == Practice.Status.COMPLETED:
        end = min(2026, start + rng.randint(1, 5))
    elif (
        entry.concept.type in {"theater-oeffentlicher-raum", "zwischennutzung"}
        and rng.random() < 0.3
    ):
        end = min(2026, start + rng.randint(0, 2))
        status = Practice.Status.COMPLETED
    entry.extra.update(start_year=start, end_year=end, status=status)


def load(*, curator: User, demo_user: User | None = None, seed: int = SEED) -> dict[str, int]:
    """Create the sample practices that are missing; returns what was created and skipped."""
    counts = dict.fromkeys(("practices", "published", "ratings", "roles", "skipped"), 0)
    planner = PracticePlanner(seed)
    rng = planner.rng
    demo_orgs: list[Actor] = []
    if demo_user is not None:
        demo_orgs = list(
            Actor.objects.filter(memberships__user=demo_user, kind=Actor.Kind.ORGANISATION)
            .select_related("municipality")
            .order_by("name", "id")
        )
    entries = _plan_entries()
    planner.assign(entries, demo_orgs)

    kinds = {k.slug: k for k in PracticeKind.objects.all()}
    types = {t.slug: t for t in PracticeType.objects.all()}
    spatial = {s.slug: s for s in SpatialField.objects.all()}
    action_by_spatial = {a.spatial_field_id: a for a in ActionField.objects.order_by("position")}
    approaches = {a.slug: a for a in Approach.objects.all()}
    methods = {m.slug: m for m in Method.objects.all()}
    method_slugs = sorted(methods)
    existing = {
        p.title: p
        for p in Practice.objects.filter(is_sample=True).exclude(slug__regex=SCALE_SLUG_REGEX)
    }
    taken_slugs: set[str] = set()
    used: dict[str, set[str]] = defaultdict(set)
    records: list[Practice] = []
    # The plan's timestamps are written for a demo loaded on REFERENCE_DAY; loaded later, they
    # move along, so the newest record is always a few weeks old and none lies in the future.
    shift = dt.timedelta(days=max(0, (timezone.now() - REFERENCE_DAY).days))
    base_date = dt.datetime(2021, 5, 3, 9, 0, tzinfo=dt.UTC) + shift

    for index, entry in enumerate(entries):
        c = entry.concept
        origin = entries[entry.origin] if entry.origin is not None else None
        # Every random draw happens whether or not the record exists, so the plan stays fixed.
        _status_and_period(entry, rng, origin)
        description = _description(entry, rng, origin)
        roles = planner.roles(entry)
        extra_methods = [
            m for m in rng.sample(method_slugs, rng.randint(0, 1)) if m not in c.methods
        ]
        licence = rng.choices((Licence.CC_BY, Licence.CC_BY_SA, Licence.CC0), weights=(75, 15, 10))[
            0
        ]
        exact_point = rng.random() < 0.15
        offset = (rng.uniform(-0.006, 0.006), rng.uniform(-0.009, 0.009))
        dynamics = rng.choice(DYNAMICS)
        rated = entry.state == Practice.State.PUBLISHED and rng.random() < 0.88
        if origin is not None or c.key in CHAINS:
            base = (rng.uniform(3.4, 4.6), rng.uniform(3.9, 4.8))
        else:
            base = (rng.uniform(2.2, 4.6), rng.uniform(2.0, 4.4))
        scores = {
            criterion: max(1, min(5, round(base[0 if criterion in INNOVATION_CRITERIA else 1]
                                           + rng.gauss(0, 0.6))))
            for criterion in RatingCriterion.values
        }  # fmt: skip
        days = rng.randint(0, 60)
        published_at = base_date + dt.timedelta(days=index * 30 + days, hours=rng.randint(0, 8))
        if entry.state != Practice.State.PUBLISHED:
            published_at = (
                dt.datetime(2026, 9, 1, 8, tzinfo=dt.UTC) + shift + dt.timedelta(days=index % 60)
            )
        published_at = min(
            published_at, dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC) + shift, timezone.now()
        )
        entry.extra["published_at"] = published_at

        if entry.place is None or entry.organisation is None:
            raise RuntimeError("entry not assigned")
        texts = _texts(entry, dynamics, random.Random(f"{seed}:text:{index}"), used)  # noqa: S311
        if entry.title in existing:
            counts["skipped"] += 1
            records.append(existing[entry.title])
            continue
        slug = base_slug = slugify(entry.title)[:200]
        n = 2
        while slug in taken_slugs or Practice.objects.filter(slug=slug).exists():
            slug, n = f"{base_slug}-{n}", n + 1
        taken_slugs.add(slug)
        practice = Practice(
            kind=kinds[types[c.type].kind.slug],
            type=types[c.type],
            title=entry.title,
            slug=slug,
            summary=texts["summary"],
            description=description,
            municipality=entry.place,
            spatial_field=spatial[c.spatial],
            co_creation_level=c.level,
            co_creation=texts["co_creation"],
            organisational_structure=texts["organisational_structure"],
            financing=texts["financing"],
            cultural_strategy=texts["cultural_strategy"],
            self_sustaining_dynamics=texts["self_sustaining_dynamics"],
            status=entry.extra["status"],
            start_year=entry.extra["start_year"],
            end_year=entry.extra["end_year"],
            sources=(
                f"Projektdokumentation (Beispielquelle, Platzhalter) {SOURCE_BASE}/praxis/{slug}\n"
                f"Pressemitteilung (Beispielquelle, Platzhalter) {SOURCE_BASE}/presse/{slug}"
            ),
            licence=licence,
            adapted_from=records[entry.origin] if entry.origin is not None else None,
            organisation=entry.organisation,
            created_by=demo_user if entry.demo_owned else None,
            state=entry.state,
            is_sample=True,
        )
        if exact_point and entry.place.latitude is not None and entry.place.longitude is not None:
            practice.latitude = round(entry.place.latitude + offset[0], 5)
            practice.longitude = round(entry.place.longitude + offset[1], 5)
        if entry.state in (Practice.State.SUBMITTED, Practice.State.RETURNED):
            practice.submitted_at = published_at - dt.timedelta(days=5)
        if entry.state == Practice.State.PUBLISHED:
            practice.submitted_at = published_at - dt.timedelta(days=rng.randint(3, 20))
            practice.published_at = published_at
        if rated:
            innovation = [scores[c_] for c_ in INNOVATION_CRITERIA]
            transfer = [scores[c_] for c_ in TRANSFER_CRITERIA]
            practice.innovation_score = mean_score(innovation)
            practice.transfer_score = mean_score(transfer)
        practice.full_clean(exclude=["slug"])
        practice.skip_history_when_saving = True  # type: ignore[attr-defined]
        practice.save()
        chosen_approaches = [approaches[a] for a in c.approaches]
        action_field_ids = {action_by_spatial[spatial[c.spatial].pk].pk}
        action_field_ids.update(a.action_field_id for a in chosen_approaches)
        practice.action_fields.set(sorted(action_field_ids))
        practice.approaches.set(chosen_approaches)
        practice.methods.set([methods[m] for m in (*c.methods, *extra_methods) if m in methods])
        practice.save(update_fields=["terms", "search_text"])  # with its terms' names
        PracticeActor.objects.bulk_create(
            PracticeActor(practice=practice, actor=actor, role=role) for actor, role in roles
        )
        counts["roles"] += len(roles)
        if rated:
            PracticeRating.objects.bulk_create(
                PracticeRating(
                    practice=practice,
                    criterion=criterion,
                    score=score,
                    reason=REASONS[criterion][0 if score <= 2 else 1 if score == 3 else 2].format(
                        ort=entry.place.name
                    ),
                    rated_by=curator,
                )
                for criterion, score in scores.items()
            )
            counts["ratings"] += 1
        if entry.state == Practice.State.RETURNED:
            ReviewComment.objects.create(
                practice=practice, author=curator, transition="returned", text=RETURN_COMMENT
            )
        # One initial revision with the complete record (M2M included), dated like the record.
        del practice.skip_history_when_saving  # type: ignore[attr-defined]
        practice._history_date = practice.published_at or practice.submitted_at or published_at  # type: ignore[attr-defined]
        practice._history_user = demo_user if entry.demo_owned else curator  # type: ignore[attr-defined]
        practice.save()
        Practice.history.filter(id=practice.pk).update(history_type="+")
        records.append(practice)
        counts["practices"] += 1
        counts["published"] += entry.state == Practice.State.PUBLISHED
    return counts


@transaction.atomic
def load_atomic(**kwargs: Any) -> dict[str, int]:
    return load(**kwargs)
