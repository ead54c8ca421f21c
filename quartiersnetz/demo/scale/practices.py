"""Large volumes of synthetic, published Praxisbeispiele for benchmarks (`scale_data --practices`).

    python manage.py scale_data --organisations 1000 --practices 50000 --seed 1

Records are assembled from word pools (German), so that titles, summaries, descriptions and the
guiding-question texts vary and search and similarity have something to work on. Every record is
published, marked `is_sample=True` and carries the seed and its position in its slug
(`…-s<seed>-<n>`), so a second run with the same seed only adds what is missing. Practices are
bulk-inserted with `Practice.objects.bulk_create` (for their ids), their M2M rows, roles and
ratings with one `executemany` per table; `search_text` is computed by `practice_search_text`
(the one definition `Practice.save()` uses) from cached folded fragments. No revision history is
written (bulk data, not edits).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import random
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from quartiersnetz.actors.models import Actor
from quartiersnetz.demo.practices import CO_CREATION, DYNAMICS, LEARNINGS, REASONS, mean_score
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.models import (
    INNOVATION_CRITERIA,
    TRANSFER_CRITERIA,
    Licence,
    Practice,
    PracticeActor,
    PracticeRating,
    RatingCriterion,
    practice_search_text,
    terms_text,
)
from quartiersnetz.taxonomy.models import (
    ActionField,
    Approach,
    Method,
    PracticeKind,
    PracticeType,
    SpatialField,
)


class _Place(NamedTuple):
    id: int
    name: str
    population: int
    size_class: str
    latitude: float | None
    longitude: float | None


RATED_SHARE = 0.35
POINT_SHARE = 0.1
ADAPTED_SHARE = 0.05
SIZE_WEIGHTS = (("grossstadt", 30), ("mittelstadt", 28), ("kleinstadt", 25), ("landgemeinde", 17))
KIND_WEIGHTS = {"place": 40, "format": 28, "strategy": 32}
SPATIAL_BY_SIZE: dict[str, tuple[tuple[str, int], ...]] = {
    "grossstadt": (("centres", 4), ("quarters", 6)),
    "mittelstadt": (("centres", 5), ("quarters", 3), ("small_towns", 2)),
    "kleinstadt": (("small_towns", 6), ("centres", 3)),
    "landgemeinde": (("small_towns", 1),),
}

# Title nouns per practice type; combined with a location phrase and the municipality.
NOUNS: dict[str, tuple[str, ...]] = {
    "mixed-use-immobilie": ("Stadthaus", "Kaufhaus-Umnutzung", "Markthalle", "Hofhaus",
                            "Geschäftshaus für alle", "Ladenzeile mit Wohnen", "Haus der Vielen"),
    "dritter-ort": ("Stadtteilbibliothek", "Nachbarschaftscafé", "Dorfladen mit Café",
                    "Offenes Wohnzimmer", "Bürgerhaus", "Begegnungsort"),
    "creative-place": ("Kreativhof", "Atelierhaus", "Kulturwerkstatt", "Makerspace",
                       "Kreativquartier", "Probebühne"),
    "coworking-space": ("Coworking Space", "Gemeinschaftsbüro", "Landcoworking",
                        "Schaufensterbüro", "Werkraum"),
    "soziokulturelles-zentrum": ("Soziokulturelles Zentrum", "Stadtteilhaus", "Kulturbahnhof",
                                 "Kulturscheune", "Jugendkulturhaus"),
    "theater-oeffentlicher-raum": ("Theaterparcours", "Straßentheater", "Sommertheater",
                                   "Bühne unter freiem Himmel", "Tanz im Stadtraum"),
    "performative-stadtentwicklung": ("Stadtlabor", "Reallabor", "Pavillon der Möglichkeiten",
                                      "Sommerstraße", "Platzexperiment", "Baustelle als Bühne"),
    "zwischennutzung": ("Pop-up-Läden", "Zwischennutzung", "Testläden", "Probewohnen",
                        "Leerstand auf Zeit", "Ladenlokal auf Probe"),
    "beteiligungsformat": ("Zukunftswerkstatt", "Nachbarschaftsbudget", "Planungswerkstatt",
                           "Bürgerrat", "Design-Thinking-Werkstatt", "Kiezrat"),
    "masterplan": ("Masterplan Innenstadt", "Ortskernkonzept", "Entwicklungsplan",
                   "Rahmenplan", "Zentrenkonzept", "Zukunftsplan"),
    "quartiersmanagement": ("Quartiersmanagement", "Quartiersbüro", "Kulturlotsen",
                            "Nachbarschaftsmanagement", "Stadtteilkoordination"),
    "zentrenmanagement": ("Innenstadtmanagement", "Zentrenmanagement", "Ortsmittenmanagement",
                          "Leerstandsbörse", "Citymanagement"),
    "bid": ("Standortgemeinschaft", "Eigentümergemeinschaft", "Business Improvement District",
            "Immobilien- und Standortgemeinschaft", "Quartiersgemeinschaft"),
}  # fmt: skip
WHERE = ("am Markt", "in der Altstadt", "an der Hauptstraße", "im Bahnhofsviertel",
         "am Kirchplatz", "in der Fußgängerzone", "im Hafenviertel", "in der Ortsmitte",
         "am Rathausplatz", "im alten Güterbahnhof", "in der Weststadt", "in der Nordstadt",
         "im Gründerzeitviertel", "am Mühlenteich", "in der Oberstadt", "")  # fmt: skip
SUBJECTS: dict[str, tuple[str, ...]] = {
    "place": (
        "Ein leerstehendes Gebäude wird zu einem offenen Ort für Nachbarschaft, Kultur und Arbeit.",
        "Ein früheres Ladenlokal verbindet heute Café, Werkstatt und Treffpunkt.",
        "Ein altes Industriegebäude bietet Ateliers, Büros und Räume für Initiativen.",
        "Eine Schlüsselimmobilie im Zentrum wird mit einer neuen Nutzungsmischung belebt.",
        "Ein Dritter Ort ohne Konsumzwang bringt Menschen zusammen, die sich sonst nicht begegnen.",
        "Eine Genossenschaft betreibt das Haus und öffnet es für die Stadtgesellschaft.",
    ),
    "format": (
        "Ein Format auf Zeit macht erlebbar, wie der öffentliche Raum anders genutzt werden kann.",
        "Theater, Musik und Werkstätten bespielen leere Läden und Plätze.",
        "Bewohnerinnen und Bewohner entwickeln mit der Verwaltung Prototypen für ihren Ort.",
        "Zwischennutzungen testen neue Ideen in leerstehenden Erdgeschossen.",
        "Performative Aktionen öffnen die Debatte über die Zukunft der Innenstadt.",
        "Ein ko-kreatives Beteiligungsformat gibt der Nachbarschaft ein eigenes Budget.",
    ),
    "strategy": (
        "Eine Strategie mit wenigen Schlüsselprojekten bündelt die Kräfte von Stadt und Privaten.",
        "Ein Management vor Ort vermittelt zwischen Eigentümern, Handel und Initiativen.",
        "Das Konzept setzt auf Innenentwicklung, Nutzungsmischung und Begegnung.",
        "Eigentümer finanzieren gemeinsam Gestaltung, Pflege und Programm ihres Standorts.",
        "Ein Quartiersbüro befähigt die Nachbarschaft, eigene Projekte umzusetzen.",
        "Ein Masterplan mit Experimentierbudget erlaubt schnelle Tests im Stadtraum.",
    ),
}
GOALS = (
    "Ziel ist eine lebendige Mitte mit weniger Leerstand.",
    "Im Mittelpunkt stehen Begegnung, Bildung und lokale Wertschöpfung.",
    "Kreative, Handel und Nachbarschaft arbeiten dabei eng zusammen.",
    "Die Erfahrungen werden offen dokumentiert und an andere Orte weitergegeben.",
    "Jugendliche und Zugezogene gestalten das Programm aktiv mit.",
    "Das Vorhaben zeigt, wie Transformation ko-produktiv gelingen kann.",
    "Nahversorgung, Kultur und Arbeit rücken wieder zusammen.",
    "Der Ort soll auch abends und am Wochenende belebt sein.",
)
SITUATIONS = (
    "Nach der Schließung mehrerer Geschäfte stand ein Großteil der Erdgeschosse leer.",
    "Das Quartier war von hoher Fluktuation und wenigen Treffpunkten geprägt.",
    "Jugendliche verließen den Ort nach der Schule, Angebote für sie fehlten.",
    "Die Innenstadt verlor Frequenz an Einkaufszentren am Stadtrand und an den Onlinehandel.",
    "Eine Schlüsselimmobilie im Zentrum stand seit Jahren leer und verfiel.",
    "Im Ortskern fehlten Nahversorgung und Orte für Begegnung.",
    "Viele Einzeleigentümer investierten kaum, die Straße wirkte vernachlässigt.",
    "Kreative fanden keine bezahlbaren Räume, obwohl Flächen leer standen.",
    "Frühere Konzepte waren zu allgemein und blieben ohne Wirkung.",
    "Die Verwaltung war in der Innenstadt kaum präsent, Beteiligung erreichte wenige.",
)
APPROACH_TEXT: dict[str, tuple[str, ...]] = {
    "nutzungsmischung-handelsimmobilien": (
        "Eine gemeinwesenorientierte Nutzungsmischung verbindet Handel, Bildung, Kultur und "
        "Wohnen in einer früheren Handelsimmobilie.",
        "Eigentümer, Stadt und künftige Nutzer entwickeln die Mischung gemeinsam (mixed-use, "
        "co-creation).",
    ),
    "transformationsmanagement": (
        "Ein Transformationsmanagement steuert den Wandel und testet Nutzungen auf Zeit.",
        "Performative Stadtentwicklung: erst ausprobieren, dann entscheiden.",
    ),
    "creative-places": (
        "Creative Places werden zu Knoten eines kreativen Netzwerks im Quartier.",
        "Ateliers und Werkstätten öffnen sich mit Festen und Kursen in die Nachbarschaft.",
    ),
    "mikroquartiere": (
        "Ein Mikroquartier wird zum Kern aktivierender Entwicklung in der Nachbarschaft.",
        "Kleine, sichtbare Projekte im Block aktivieren die Bewohnerschaft.",
    ),
    "kreativimport": (
        "Kreative aus der Großstadt bringen neue Ideen in den Ort und bleiben.",
        "Leere Gebäude werden Zukunftsorte für Zugezogene und Rückkehrer.",
    ),
    "kleinstadt-als-campus": (
        "Die Kleinstadt wird zum Campus: Lernen, Arbeiten und Wohnen verteilt im Ort.",
        "Hochschulen und Betriebe der Region nutzen leere Gebäude für Seminare und Labore.",
    ),
}
STEPS: dict[str, tuple[str, ...]] = {
    "place": ("Offener Umbau mit Baustellenfesten", "Café und Mittagstisch",
              "Werkstätten und Ateliers zu gestaffelten Mieten",
              "Räume für Vereine und Initiativen",
              "Markthalle mit regionalen Anbietern", "Bibliothek der Dinge",
              "Wohnungen in den Obergeschossen", "Coworking-Arbeitsplätze"),
    "format": ("Interviews und Erzählcafés", "Szenen in leeren Läden", "Tests im Maßstab 1:1",
               "Abschlusswerkstatt mit allen Beteiligten", "Sitzinseln und Hochbeete",
               "Sprechstunden der Verwaltung vor Ort", "Kino unter freiem Himmel",
               "Ausschreibung für Gründerinnen und Gründer"),
    "strategy": ("Leerstandskataster und Eigentümergespräche", "Lenkungskreis mit allen Akteuren",
                 "Verfügungsfonds für kleine Projekte", "Jährlicher Bericht und Werkstatt",
                 "Experimentierbudget", "Flächenbörse im Netz", "Eigentümerstammtisch",
                 "Fassaden- und Hofprogramm"),
}  # fmt: skip
ORGANISATION_TEXT = (
    "Ein gemeinnütziger Verein trägt das Vorhaben, ein Beirat aus Stadt und Nachbarschaft berät.",
    "Eine Genossenschaft der Nutzerinnen und Nutzer betreibt den Ort.",
    "Die Stadt steuert, ein freier Träger setzt um; ein Lenkungskreis entscheidet mit.",
    "Eine gemeinsame Gesellschaft von Stadt und Eigentümern ist Trägerin.",
    "Eine Standortgemeinschaft der Eigentümer ist Aufgabenträgerin.",
    "Eine halbe Stelle bei der Gemeinde, unterstützt von Vereinen und Gewerbe.",
)
FINANCING_TEXT = (
    "Städtebauförderung und Eigenmittel der Stadt.",
    "Genossenschaftsanteile, ein Darlehen und Mieteinnahmen.",
    "Landesprogramm für Innenstädte, ergänzt durch Spenden und Sponsoring.",
    "Mitgliedsbeiträge, Raumvermietung und Eintrittsgelder.",
    "Abgabe der Eigentümer über fünf Jahre und Mittel der Stadt.",
    "LEADER-Mittel für den Umbau, Einnahmen aus Café und Veranstaltungen.",
    "Projektförderung einer Stiftung für drei Jahre, danach eigene Einnahmen.",
)
CULTURE_TEXT = (
    "Künstlerinnen und Künstler bespielen Leerstände und Schaufenster.",
    "Ein jährliches Fest mit Musik und offenen Türen ist fester Termin im Kalender.",
    "Theater mit Laien erzählt Geschichten aus dem Ort.",
    "Kunst im öffentlichen Raum macht den Wandel sichtbar.",
    "Lesungen, Konzerte und Kino holen neue Menschen an den Ort.",
    "Kulturelle Formate erreichen Menschen, die zu keiner Beteiligung kommen.",
)
STATUS_WEIGHTS: tuple[tuple[str, int], ...] = (
    (Practice.Status.IDEA, 4),
    (Practice.Status.PLANNING, 10),
    (Practice.Status.IMPLEMENTATION, 40),
    (Practice.Status.ESTABLISHED, 34),
    (Practice.Status.COMPLETED, 12),
)
LICENCE_WEIGHTS: tuple[tuple[str, int], ...] = (
    (Licence.CC_BY, 78),
    (Licence.CC_BY_SA, 14),
    (Licence.CC0, 8),
)


@functools.lru_cache(maxsize=64)
def _cumulative(pairs: tuple[tuple[Any, int], ...]) -> tuple[list[Any], list[int]]:
    return [p[0] for p in pairs], list(itertools.accumulate(p[1] for p in pairs))


def _weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...]) -> Any:
    values, cum_weights = _cumulative(pairs)
    return rng.choices(values, cum_weights=cum_weights)[0]


def generate_practices(*, practices: int, seed: int = 1, batch_size: int = 1000) -> dict[str, int]:
    """Create the first `practices` published sample practices of `seed` (missing ones only).

    Needs organisations (any `Actor` of kind organisation; sample ones preferred).
    """
    rng = random.Random(seed * 7919 + 17)  # noqa: S311 - reproducible sample data
    places = [
        _Place(*row)
        for row in Municipality.objects.filter(population__gt=0)
        .order_by("ags")
        .values_list("id", "name", "population", "size_class", "latitude", "longitude")
    ]
    # Size class first (good practices come from towns of every size, but not in proportion to
    # the number of municipalities), then a municipality of that class by sqrt(population).
    by_size: dict[str, list[_Place]] = defaultdict(list)
    for place_row in places:
        by_size[place_row.size_class].append(place_row)
    size_pairs = tuple((size, w) for size, w in SIZE_WEIGHTS if by_size.get(size))
    place_cum = {
        size: list(itertools.accumulate(p.population**0.5 for p in pool))
        for size, pool in by_size.items()
    }
    org_ids = list(
        Actor.objects.filter(kind=Actor.Kind.ORGANISATION, is_sample=True)
        .order_by("id")
        .values_list("id", flat=True)
    ) or list(
        Actor.objects.filter(kind=Actor.Kind.ORGANISATION)
        .order_by("id")
        .values_list("id", flat=True)
    )
    if not org_ids:
        raise ValueError("Praxisbeispiele brauchen Organisationen (scale_data --organisations N).")
    kinds = {k.slug: k for k in PracticeKind.objects.all()}
    types_by_kind: dict[str, list[PracticeType]] = defaultdict(list)
    for practice_type in PracticeType.objects.select_related("kind").order_by("position", "id"):
        types_by_kind[practice_type.kind.slug].append(practice_type)
    type_cum = {
        kind: list(itertools.accumulate(len(pool) + 2 - i for i in range(len(pool))))
        for kind, pool in types_by_kind.items()
    }
    kind_pairs = tuple((slug, KIND_WEIGHTS.get(slug, 10)) for slug in sorted(kinds))
    spatial = {s.slug: s for s in SpatialField.objects.all()}
    action_by_spatial = {a.spatial_field_id: a for a in ActionField.objects.order_by("position")}
    approaches_by_action: dict[int, list[Approach]] = defaultdict(list)
    for approach in Approach.objects.order_by("position", "id"):
        approaches_by_action[approach.action_field_id].append(approach)
    all_actions = list(action_by_spatial.values())
    method_ids = list(Method.objects.order_by("id").values_list("id", flat=True))
    # Names of every term by (model, id): Practice.terms, as practice_terms_text gives it.
    term_names = {
        (model, pk): (name, name_en)
        for model in (PracticeKind, PracticeType, SpatialField, ActionField, Approach, Method)
        for pk, name, name_en in model.objects.values_list("id", "name", "name_en")
    }
    existing = set(
        Practice.objects.filter(is_sample=True, slug__regex=rf"-s{seed}-[0-9]+$").values_list(
            "slug", flat=True
        )
    )
    now = timezone.now()
    now_db = connection.ops.adapt_datetimefield_value(now)
    start = dt.datetime(2021, 1, 4, 8, 0, tzinfo=dt.UTC)
    span_minutes = int((dt.datetime(2026, 11, 1, tzinfo=dt.UTC) - start).total_seconds() // 60)

    new: list[dict[str, Any]] = []
    related: list[dict[str, Any]] = []
    skipped = 0
    for n in range(practices):
        kind_slug = _weighted(rng, kind_pairs)
        type_pool = types_by_kind[kind_slug]
        practice_type = rng.choices(type_pool, cum_weights=type_cum[kind_slug])[0]
        size_class = _weighted(rng, size_pairs)
        place = rng.choices(by_size[size_class], cum_weights=place_cum[size_class])[0]
        spatial_slug = _weighted(rng, SPATIAL_BY_SIZE.get(place.size_class, (("quarters", 1),)))
        field = spatial[spatial_slug]
        action = action_by_spatial[field.pk]
        actions = [action]
        if rng.random() < 0.2:
            other = rng.choice(all_actions)
            if other.pk != action.pk:
                actions.append(other)
        candidates = [a for af in actions for a in approaches_by_action[af.pk]]
        chosen_approaches = rng.sample(candidates, min(len(candidates), rng.choice((0, 1, 1, 2))))
        methods = rng.sample(method_ids, rng.choice((0, 0, 1, 1, 2)))
        noun = rng.choice(NOUNS.get(practice_type.slug, (practice_type.name,)))
        where = rng.choice(WHERE)
        title = " ".join(p for p in (noun, where, place.name) if p)
        summary_parts = (rng.choice(SUBJECTS[kind_slug]), rng.choice(GOALS))
        summary = " ".join(summary_parts)
        approach_texts = [rng.choice(APPROACH_TEXT.get(a.slug, GOALS)) for a in chosen_approaches]
        if not approach_texts:
            approach_texts = [rng.choice(GOALS)]
        steps = rng.sample(STEPS[kind_slug], 3)
        learnings = rng.sample(LEARNINGS, 2)
        situation = rng.choice(SITUATIONS)
        description_parts = [
            "## Ausgangslage", situation, "## Ansatz", *approach_texts, "## Was passiert",
            *[f"- {s}" for s in steps], "## Was wir gelernt haben", *[f"- {s}" for s in learnings],
        ]  # fmt: skip
        description = (
            f"## Ausgangslage\n\n{situation}\n\n## Ansatz\n\n{' '.join(approach_texts)}\n\n"
            "## Was passiert\n\n" + "\n".join(f"- {s}" for s in steps) + "\n\n"
            "## Was wir gelernt haben\n\n" + "\n".join(f"- {s}" for s in learnings)
        )
        level = rng.choice(list(CO_CREATION))
        organisation_text = rng.choice(ORGANISATION_TEXT)
        financing = rng.choice(FINANCING_TEXT)
        culture = rng.choice(CULTURE_TEXT)
        dynamics = rng.choice(DYNAMICS)
        status = _weighted(rng, STATUS_WEIGHTS)
        start_year = rng.randint(2005, 2025)
        end_year = min(2026, start_year + rng.randint(1, 6)) if status == "completed" else None
        licence = _weighted(rng, LICENCE_WEIGHTS)
        published_at = start + dt.timedelta(minutes=rng.randrange(span_minutes))
        point = None
        if (
            rng.random() < POINT_SHARE
            and place.latitude is not None
            and place.longitude is not None
        ):
            point = (
                round(place.latitude + rng.uniform(-0.008, 0.008), 5),
                round(place.longitude + rng.uniform(-0.012, 0.012), 5),
            )
        organisation_id = rng.choice(org_ids)
        partners = rng.sample(org_ids, min(len(org_ids), rng.choice((0, 1, 1, 2))))
        rated = rng.random() < RATED_SHARE
        scores: dict[str, int] = {}
        if rated:
            base = rng.uniform(1.8, 4.7)
            scores = {
                c: max(1, min(5, round(base + rng.gauss(0, 0.7)))) for c in RatingCriterion.values
            }
        adapt = rng.random() < ADAPTED_SHARE
        # Every random draw happens before this point, so skipping keeps the sequence intact.
        slug = f"{slugify(title)[:80]}-s{seed}-{n + 1}"
        if slug in existing:
            skipped += 1
            continue
        row: dict[str, Any] = {
            "kind_id": kinds[kind_slug].pk,
            "type_id": practice_type.pk,
            "title": title,
            "slug": slug,
            "summary": summary,
            "description": description,
            "municipality_id": place.id,
            "latitude": point[0] if point else None,
            "longitude": point[1] if point else None,
            "spatial_field_id": field.pk,
            "co_creation_level": level,
            "co_creation": CO_CREATION[level],
            "organisational_structure": organisation_text,
            "financing": financing,
            "cultural_strategy": culture,
            "self_sustaining_dynamics": dynamics,
            "status": str(status),
            "start_year": start_year,
            "end_year": end_year,
            "licence": str(licence),
            "organisation_id": organisation_id,
            "state": str(Practice.State.PUBLISHED),
            "submitted_at": published_at - dt.timedelta(days=7),
            "published_at": published_at,
            "is_sample": True,
            "created": now,
            "updated": now,
        }
        if scores:
            row["innovation_score"] = mean_score([scores[c] for c in INNOVATION_CRITERIA])
            row["transfer_score"] = mean_score([scores[c] for c in TRANSFER_CRITERIA])
        row["terms"] = terms_text(
            [term_names[PracticeKind, row["kind_id"]]],
            [term_names[PracticeType, row["type_id"]]],
            [term_names[SpatialField, field.pk]],
            [term_names[ActionField, a.pk] for a in actions],
            [term_names[Approach, a.pk] for a in chosen_approaches],
            [term_names[Method, m] for m in methods],
        )
        # What Practice.save() puts into search_text (the one definition), from the fragments
        # the texts were made of.
        row["search_text"] = practice_search_text(
            parts={
                "title": (noun, where, place.name),
                "summary": summary_parts,
                "description": description_parts,
                "co_creation": CO_CREATION[level],
                "organisational_structure": organisation_text,
                "financing": financing,
                "cultural_strategy": culture,
                "self_sustaining_dynamics": dynamics,
                "municipality": place.name,
                "terms": row["terms"],
            }
        )
        new.append(row)
        related.append(
            {
                "actions": [a.pk for a in actions],
                "approaches": [a.pk for a in chosen_approaches],
                "methods": methods,
                "roles": [(organisation_id, PracticeActor.Role.INITIATOR)]
                + [(p, PracticeActor.Role.PARTNER) for p in partners if p != organisation_id],
                "scores": scores,
                "place": place.name,
                "adapt": adapt,
            }
        )

    ids = _insert_practices(new, batch_size=batch_size)
    through_rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    role_rows: list[tuple[Any, ...]] = []
    rating_rows: list[tuple[Any, ...]] = []
    for pk, extra in zip(ids, related, strict=True):
        through_rows["action_fields"] += [(pk, a) for a in extra["actions"]]
        through_rows["approaches"] += [(pk, a) for a in extra["approaches"]]
        through_rows["methods"] += [(pk, m) for m in extra["methods"]]
        role_rows += [(pk, actor, role) for actor, role in extra["roles"]]
        for criterion, score in extra["scores"].items():
            band = 0 if score <= 2 else 1 if score == 3 else 2
            reason = REASONS[criterion][band].format(ort=extra["place"])
            rating_rows.append((now_db, now_db, pk, criterion, score, reason))
    with connection.cursor() as cursor:
        for name, rows in through_rows.items():
            m2m = getattr(Practice, name).field
            table = m2m.remote_field.through._meta.db_table
            source, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()
            _insert(cursor, table, (source, target), rows)
        _insert(
            cursor, PracticeActor._meta.db_table, ("practice_id", "actor_id", "role"), role_rows
        )
        _insert(
            cursor,
            PracticeRating._meta.db_table,
            ("created", "updated", "practice_id", "criterion", "score", "reason"),
            rating_rows,
        )

    # Lineage: a few practices were adapted from an earlier one of the same type.
    earlier_by_type: dict[int, list[int]] = defaultdict(list)
    adapted: list[tuple[int, int]] = []
    for position, (pk, row, extra) in enumerate(zip(ids, new, related, strict=True)):
        pool = earlier_by_type[row["type_id"]]
        if extra["adapt"] and pool:
            adapted.append((pool[-1 - position % min(len(pool), 50)], pk))
        pool.append(pk)
    table = connection.ops.quote_name(Practice._meta.db_table)
    with connection.cursor() as cursor:
        # nosemgrep: qn-sql-formatted -- model's table, quoted; values are params
        cursor.executemany(
            f"UPDATE {table} SET adapted_from_id = %s WHERE id = %s",  # noqa: S608
            adapted,
        )
    return {
        "practices": len(ids),
        "ratings": sum(1 for extra in related if extra["scores"]),
        "skipped": skipped,
    }


def _insert_practices(rows: list[dict[str, Any]], *, batch_size: int) -> list[int]:
    """Insert the rows (attname → value) with executemany; returns their ids in order.

    Every concrete column is written; a column the rows do not name gets its field default, so
    a field added to Practice later does not break the loader.
    """
    if not rows:
        return []
    fields = [f for f in Practice._meta.concrete_fields if not f.primary_key]
    adapt = {
        f.attname
        for f in fields
        if f.get_internal_type() in {"DecimalField", "DateField", "JSONField"}
    }
    # Aware UTC datetimes: SQLite stores Django's naive UTC text, PostgreSQL takes them as they
    # are (get_db_prep_save would cost more than everything else per row).
    datetimes = {f.attname for f in fields if f.get_internal_type() == "DateTimeField"}
    sqlite = connection.vendor == "sqlite"
    defaults = {f.attname: f.get_default() for f in fields}
    values = []
    for row in rows:
        record = []
        for f in fields:
            value = row.get(f.attname, defaults[f.attname])
            if value is None:
                pass
            elif f.attname in datetimes:
                if sqlite:
                    value = str(value.astimezone(dt.UTC).replace(tzinfo=None))
            elif f.attname in adapt:
                value = f.get_db_prep_save(value, connection)
            record.append(value)
        values.append(tuple(record))
    with connection.cursor() as cursor:
        _insert(cursor, Practice._meta.db_table, [f.column for f in fields], values, batch_size)
    by_slug = dict(
        Practice.objects.filter(slug__in=[r["slug"] for r in rows]).values_list("slug", "id")
    ) if len(rows) <= 900 else dict(
        Practice.objects.filter(is_sample=True).values_list("slug", "id")
    )  # fmt: skip
    return [by_slug[r["slug"]] for r in rows]


def _insert(
    cursor: Any,
    table: str,
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    batch_size: int = 5000,
) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(columns))
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({placeholders})"
    )
    for i in range(0, len(rows), batch_size):
        # nosemgrep: qn-sql-formatted -- model's table/columns, quoted; values are params
        cursor.executemany(sql, rows[i : i + batch_size])
