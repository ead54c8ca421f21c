"""Demo offer and need categories: every sample actor gets categories that fit its free-text
offers and needs (keywords below), so the partner matching has categories and text to work
with on every demo profile. Idempotent (categories are set, not added)."""

from __future__ import annotations

import random

from quartiersnetz.actors.models import Actor
from quartiersnetz.taxonomy.models import ExchangeCategory

# category slug → words in an offer or need that point to it (lower case, parts of words).
KEYWORDS: dict[str, tuple[str, ...]] = {
    "zwischennutzung": ("zwischennutz", "pop-up", "leere läden", "ladenlokal"),
    "leerstandsmanagement": ("leerstand", "leerstehend"),
    "foerdermittel": ("förder", "finanz", "geld", "stift", "zuschuss", "anschub"),
    "beteiligung": ("beteilig", "bürger", "mitwirk", "ko-kreation", "werkstatt"),
    "flaechen": ("räume", "raum", "fläche", "immobilie"),
    "kultur-oeffentlicher-raum": ("kultur", "kunst", "fest", "musik", "veranstalt"),
    "projektentwicklung": ("projektentwickl", "umbau", "investi", "bestand", "gebäude"),
    "zentrenmanagement": ("citymanag", "zentrenmanag", "quartiersmanag", "innenstadtmanag"),
    "verwaltungswissen": ("verwaltung", "genehmig", "kommun", "planungsrecht"),
    "moderation": ("moderat", "prozess", "begleit", "workshop"),
    "daten": ("daten", "analyse", "frequenz", "befrag", "monitoring"),
    "kommunikation": ("kommunikation", "öffentlichkeit", "presse", "kampagne", "marketing"),
    "netzwerkzugang": ("netzwerk", "kontakt", "vernetz"),
    "bildung-campus": ("hochschul", "studier", "bildung", "campus", "schule", "forschung"),
    "handel": ("handel", "händler", "gastronom", "einzelhandel", "gründ"),
    "gruen-klima": ("grün", "klima", "mobilität", "rad"),
    "soziales": ("nachbarschaft", "sozial", "inklusion", "jugend", "senior"),
    "ehrenamt": ("ehrenamt", "freiwillig", "engagement"),
}


def categories_for(text: str, by_slug: dict[str, ExchangeCategory]) -> list[ExchangeCategory]:
    lower = text.lower()
    return [
        by_slug[slug]
        for slug, words in KEYWORDS.items()
        if slug in by_slug and any(word in lower for word in words)
    ][:3]


def load(seed: int = 11) -> dict[str, int]:
    """Give every sample actor offer and need categories; return how many actors got some."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    by_slug = {c.slug: c for c in ExchangeCategory.objects.all()}
    if not by_slug:
        return {"actors": 0}
    fallback = sorted(by_slug)
    count = 0
    for actor in Actor.objects.filter(is_sample=True).order_by("pk"):
        offers = categories_for(actor.offers, by_slug) or [by_slug[rng.choice(fallback)]]
        needs = categories_for(actor.seeks, by_slug) or [by_slug[rng.choice(fallback)]]
        actor.offer_categories.set(offers)
        actor.need_categories.set([c for c in needs if c not in offers] or needs)
        count += 1
    return {"actors": count}
