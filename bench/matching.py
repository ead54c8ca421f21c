"""Partner matching: quality (recall@10 of planted complementary partners) per text matcher,
and the time of `recompute_suggestions()` at two population sizes.

    .venv/bin/python bench/matching.py [--population 10000] [--sizes 1000,10000]
                                       [--methods words,chars,tfidf,encoder,hybrid] [--seed 1]

Quality: a generated population (in memory, no database) of `--population` actors. Planted
pairs: for each hand-written paraphrase pair (`PAIRS`, what one actor seeks ↔ what another
offers, in different words, inflected forms and compounds), several seeker/offerer couples
whose texts are framed and padded differently (`frame`); everyone else gets offers and needs
from pools of ordinary offers and needs that do not answer each other (`OFFER_POOL`,
`NEED_POOL`), random sectors, places, fields and, for a
third, random categories. For each matcher the full score (`network.matching`: text,
categories, sectors, fields, nearness) ranks every actor for every planted seeker; recall@10
is the share of seekers whose planted partner is among their ten suggestions.

Time: for each size a fresh SQLite database under var/bench/ (migrate, then the generated
actors), then `recompute_suggestions()` with the default matcher, once with an empty
embedding cache (cold) and once warm. Prints one JSON object per measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"

# (what a seeker writes, what its partner offers): paraphrases, not shared words.
PAIRS: list[tuple[str, str]] = [
    ("leere Geschäfte vorübergehend bespielen", "Zwischennutzung von Ladenlokalen"),
    ("Geld für unser Vorhaben auftreiben", "Beratung zu Förderprogrammen und Zuschüssen"),
    ("Anwohnende an der Planung mitwirken lassen", "Beteiligungsverfahren und Bürgerwerkstätten"),
    ("einen Raum für regelmäßige Treffen", "vermieten günstige Gemeinschaftsräume"),
    ("Konzerte und Theater auf dem Marktplatz", "Kulturprogramm im öffentlichen Raum"),
    ("wie man ein altes Kaufhaus umbaut", "Projektentwicklung für Warenhausimmobilien"),
    ("jemand, der unsere Sitzungen leitet", "Moderation von Workshops und runden Tischen"),
    (
        "Zahlen, wie viele Menschen durch die Straße gehen",
        "Passantenfrequenzzählungen und Analysen",
    ),
    ("Aufmerksamkeit in Presse und sozialen Medien", "Öffentlichkeitsarbeit und Kampagnen"),
    ("Kontakte zu Hauseigentümern in der City", "Netzwerk der Immobilieneigentümer vermitteln"),
    (
        "Studierende, die Ideen für die Stadtmitte entwickeln",
        "Lehrprojekte der Hochschule im Zentrum",
    ),
    ("einen Überblick über leerstehende Läden", "Leerstandskataster und Flächenmonitoring"),
    ("Hilfe bei Baugenehmigungen", "Wissen über Genehmigungsverfahren der Bauaufsicht"),
    ("mehr Bäume und Schatten in der Fußgängerzone", "Begrünung und Hitzeschutz für Innenstädte"),
    ("Freiwillige für unser Straßenfest", "Vermittlung von Ehrenamtlichen"),
    ("Jugendliche für die Innenstadt begeistern", "Jugendarbeit und Angebote für junge Menschen"),
    ("ein Café im Erdgeschoss betreiben", "Gastronomiekonzepte für Erdgeschosszonen"),
    ("Händler untereinander vernetzen", "Aufbau von Standortgemeinschaften im Einzelhandel"),
    (
        "eine Strategie für die Zukunft des Zentrums",
        "Innenstadtkonzepte und Entwicklungsstrategien",
    ),
    ("Fahrradwege in die Altstadt", "Planung von Radverkehrsanlagen"),
    ("Künstlerinnen, die Schaufenster gestalten", "Kunstprojekte in leeren Schaufenstern"),
    ("Gründer:innen, die es mit einem Laden probieren", "Probeläden und Gründungsförderung"),
    ("Ältere Menschen aus der Nachbarschaft einbinden", "Seniorenarbeit und Nachbarschaftstreffs"),
    ("jemand, der uns die Buchhaltung des Vereins abnimmt", "Verwaltung und Finanzen für Vereine"),
    ("Ideen, wie wir Parkhäuser anders nutzen", "Umnutzung von Parkhäusern"),
    ("eine Stiftung, die unser Projekt mitträgt", "Förderung durch Stiftungsmittel"),
    ("Wohnungen über den Geschäften schaffen", "Umbau von Obergeschossen zu Wohnraum"),
    ("die Stimmung der Bürger erfragen", "Befragungen und Meinungsforschung"),
    ("ein Logo und Plakate für unsere Aktion", "Grafikdesign und Gestaltung"),
    ("einen Markt mit regionalen Lebensmitteln", "Organisation von Wochen- und Bauernmärkten"),
    ("unser Quartier barrierefrei machen", "Beratung zu Barrierefreiheit und Inklusion"),
    ("die Stadtverwaltung besser verstehen", "Einblick in kommunale Verwaltungsabläufe"),
    ("digitale Werkzeuge für den Einzelhandel", "Digitalisierung kleiner Geschäfte"),
    ("Streit zwischen Anwohnern und Gastronomie schlichten", "Mediation bei Nutzungskonflikten"),
    ("Flächen für Urban Gardening", "Gemeinschaftsgärten auf Brachflächen"),
    ("Coworking für Selbstständige in der Stadtmitte", "Gemeinsame Arbeitsplätze im Zentrum"),
    ("ein Konzept für Lichtkunst im Winter", "Lichtinstallationen und Illuminationen"),
    (
        "Menschen mit Einwanderungsgeschichte erreichen",
        "Interkulturelle Arbeit und Migrantenorganisationen",
    ),
    ("Schulklassen, die die Stadt erkunden", "Stadtführungen und Bildungsangebote für Schulen"),
    ("Investoren für ein denkmalgeschütztes Haus", "Finanzierung von Denkmalsanierungen"),
    ("Musikerinnen für Auftritte auf Plätzen", "Vermittlung von Straßenmusik und Bands"),
    ("Erfahrungen anderer Städte mit Pop-up-Stores", "Austausch über temporäre Läden"),
    ("Mieten für Läden bezahlbar halten", "Mietmodelle und Ankauf durch die Kommune"),
    ("Spielflächen für Kinder in der Innenstadt", "Planung von Spielplätzen und Spielorten"),
]

SEEK_FRAMES = [
    "Wir suchen {x}.",
    "Gesucht: {x}.",
    "Uns fehlt {x}.",
    "Wir brauchen Unterstützung: {x}.",
    "Wer hilft uns? {x}.",
    "Für unser Vorhaben suchen wir {x}.",
]
OFFER_FRAMES = [
    "Wir bieten {x}.",
    "Unser Angebot: {x}.",
    "{x} – das ist unsere Stärke.",
    "Wir haben Erfahrung mit {x}.",
    "Gern unterstützen wir mit {x}.",
    "Seit Jahren machen wir {x}.",
]
# Ordinary offers and needs of everyone else (and padding of the planted texts). The two pools
# do not answer each other, so the planted partner is the one true complement of its seeker.
OFFER_POOL = [
    "Vorträge und Fachbeiträge",
    "Stadtteilzeitung",
    "Veranstaltungstechnik",
    "Praxiswissen aus dem Stadtteil",
    "Kontakte in die Stadtgesellschaft",
    "Erfahrungen aus vielen Projekten",
    "Mitarbeit in Arbeitskreisen",
    "Hinweise auf gute Beispiele",
    "Informationen über das Quartier",
    "Begleitung von Pilotprojekten",
    "Fotografie und Dokumentation",
    "Übersetzungen ins Englische",
    "Lastenräder zum Ausleihen",
    "Sitzmöbel und Zelte für Feste",
    "juristische Erstberatung",
]
NEED_POOL = [
    "Mitglieder für unseren Vorstand",
    "Sponsoren für das Vereinsjubiläum",
    "einen Nachfolger für unsere Kassenwartin",
    "Rückmeldungen zu unserer Webseite",
    "Mitfahrgelegenheiten zu Fachtagungen",
    "Austausch mit Gleichgesinnten",
    "neue Ideen für unser Sommerfest",
    "Verstärkung für unser Team",
    "Lagerplatz für Material",
    "Mitstreiter für die nächste Saison",
]


PLANTED_PADDING = int(os.environ.get("PLANTED_PADDING", "1"))


def frame(rng: random.Random, frames: list[str], text: str, pool: list[str], pad: int) -> str:
    padding = ". ".join(rng.sample(pool, rng.randint(0, pad)))
    core = rng.choice(frames).format(x=text)
    core = core[0].upper() + core[1:]
    return f"{core} {padding}." if padding else core


def generate(n: int, seed: int, planted_per_pair: int) -> dict[str, Any]:
    """Rows of actors as plain lists; `planted` holds (seeker row, partner row)."""
    rng = random.Random(seed)
    offers: list[str] = []
    seeks: list[str] = []
    planted = []
    for seek, offer in PAIRS:
        for _ in range(planted_per_pair):
            s, o = len(offers), len(offers) + 1
            seeks.append(frame(rng, SEEK_FRAMES, seek, NEED_POOL, PLANTED_PADDING))
            offers.append(frame(rng, OFFER_FRAMES, rng.choice(OFFER_POOL), OFFER_POOL, 1))
            seeks.append(frame(rng, SEEK_FRAMES, rng.choice(NEED_POOL), NEED_POOL, 1))
            offers.append(frame(rng, OFFER_FRAMES, offer, OFFER_POOL, PLANTED_PADDING))
            planted.append((s, o))
    while len(offers) < n:
        offers.append(frame(rng, OFFER_FRAMES, rng.choice(OFFER_POOL), OFFER_POOL, 2))
        seeks.append(frame(rng, SEEK_FRAMES, rng.choice(NEED_POOL), NEED_POOL, 2))
    order = list(range(len(offers)))
    rng.shuffle(order)
    position = {old: new for new, old in enumerate(order)}
    return {
        "offers": [offers[i] for i in order],
        "seeks": [seeks[i] for i in order],
        "planted": [(position[s], position[o]) for s, o in planted],
        "sector": [rng.randrange(7) for _ in order],
        "lat": [rng.uniform(47.5, 54.5) for _ in order],
        "lon": [rng.uniform(6.0, 14.5) for _ in order],
        "fields": [rng.sample(range(30), rng.randint(0, 3)) for _ in order],
        "offer_cats": [rng.sample(range(18), 1) if rng.random() < 0.33 else [] for _ in order],
        "need_cats": [rng.sample(range(18), 1) if rng.random() < 0.33 else [] for _ in order],
    }


def population(data: dict[str, Any]) -> Any:
    import numpy as np
    from scipy import sparse

    from quartiersnetz.network.matching import Population

    n = len(data["offers"])

    def incidence(lists: list[list[int]], width: int) -> Any:
        rows = [r for r, items in enumerate(lists) for _ in items]
        cols = [c for items in lists for c in items]
        return sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, width)
        )

    return Population(
        ids=list(range(1, n + 1)),
        names=[f"Akteur {i}" for i in range(n)],
        offers=data["offers"],
        seeks=data["seeks"],
        sector=np.array(data["sector"], dtype=np.int64),
        sector_names={i: f"Bereich {i}" for i in range(7)},
        lat=np.radians(np.array(data["lat"])),
        lon=np.radians(np.array(data["lon"])),
        places=["Ort"] * n,
        offer_cats=incidence(data["offer_cats"], 18),
        need_cats=incidence(data["need_cats"], 18),
        category_names=[f"Kategorie {i}" for i in range(18)],
        fields=incidence(data["fields"], 30),
        row={i + 1: i for i in range(n)},
    )


def quality(n: int, seed: int, methods: list[str], planted_per_pair: int) -> list[dict[str, Any]]:
    import numpy as np
    from scipy import sparse

    from quartiersnetz.core.textmatch import encoder
    from quartiersnetz.network import matching

    data = generate(n, seed, planted_per_pair)
    pop = population(data)
    seekers = np.array([s for s, _o in data["planted"]])
    partner = dict(data["planted"])
    results = []
    with tempfile.TemporaryDirectory() as cache_dir:
        original = encoder.default_cache_dir
        encoder.default_cache_dir = lambda: Path(cache_dir)
        try:
            for method in methods:
                started = time.perf_counter()
                text = matching.TEXT_METHODS[method](pop.seeks, pop.offers)
                fit = time.perf_counter() - started
                scorer = matching.Scorer(pop, text, sparse.csr_matrix((n, n), dtype=np.float32))
                hits = text_hits = 0
                for start in range(0, len(seekers), matching.BLOCK):
                    rows = seekers[start : start + matching.BLOCK]
                    parts = scorer.block(rows)
                    scores = matching.combine(parts)
                    columns = parts["columns"]
                    for i, s in enumerate(rows.tolist()):
                        own = columns[i] == s
                        scores[i, own] = 0
                        top = columns[i][matching._top(scores[i], 10)]
                        hits += partner[s] in top.tolist()
                        need = parts["need_text"][i].copy()
                        need[own] = 0
                        top = columns[i][matching._top(need, 10)]
                        text_hits += partner[s] in top.tolist()
                results.append(
                    {
                        "bench": "matching-quality",
                        "method": method,
                        "population": n,
                        "planted_pairs": len(seekers),
                        "paraphrase_pairs": len(PAIRS),
                        "recall_at_10": round(hits / len(seekers), 3),
                        "recall_at_10_text_only": round(text_hits / len(seekers), 3),
                        "text_fit_seconds": round(fit, 1),
                    }
                )
                print(json.dumps(results[-1]), flush=True)
        finally:
            encoder.default_cache_dir = original
    return results


def timing(size: int, seed: int) -> dict[str, Any]:
    """A fresh database of `size` actors; recompute_suggestions() cold and warm."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db = BENCH_DIR / f"bench-matching-{size}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    script = f"""
import json, os, random, sys, time, tempfile
sys.path.insert(0, {str(ROOT)!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = "sqlite:///{db}"
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("migrate", verbosity=0)
from bench.matching import generate
from quartiersnetz.actors.models import Actor
from quartiersnetz.places.models import Municipality
from quartiersnetz.taxonomy.models import Sector, ExchangeCategory
from quartiersnetz.network import matching
data = generate({size}, {seed}, max(1, {size} // 1000))
sectors = list(Sector.objects.all())
places = list(Municipality.objects.exclude(latitude=None).values_list("pk", flat=True)[:2000])
cats = list(ExchangeCategory.objects.all())
rng = random.Random({seed})
Actor.objects.filter(is_sample=False).delete()
actors = Actor.objects.bulk_create([
    Actor(kind="organisation", name=f"Bench {{i}}", slug=f"bench-{{i}}", offers=o, seeks=s,
          sector=sectors[data["sector"][i] % len(sectors)],
          municipality_id=rng.choice(places) if places else None)
    for i, (o, s) in enumerate(zip(data["offers"], data["seeks"]))], batch_size=2000)
Through = Actor.offer_categories.through
Through.objects.bulk_create([Through(actor_id=a.pk, exchangecategory_id=cats[c].pk)
    for a, cs in zip(actors, data["offer_cats"]) for c in cs])
Through = Actor.need_categories.through
Through.objects.bulk_create([Through(actor_id=a.pk, exchangecategory_id=cats[c].pk)
    for a, cs in zip(actors, data["need_cats"]) for c in cs])
settings.VAR_DIR = tempfile.mkdtemp()
out = {{"bench": "matching-time", "actors": Actor.objects.visible().count(),
        "method": matching.DEFAULT_TEXT_METHOD}}
for run in ("cold", "warm"):
    started = time.perf_counter()
    out["suggestions"] = matching.recompute_suggestions()
    out[run + "_seconds"] = round(time.perf_counter() - started, 1)
print(json.dumps(out))
"""
    import subprocess

    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    line = json.loads(result.stdout.strip().splitlines()[-1])
    print(json.dumps(line), flush=True)
    return line


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--population", type=int, default=10_000)
    parser.add_argument("--planted-per-pair", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--methods", default="words,chars,tfidf,use,use-hybrid,encoder,hybrid")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-time", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    results: list[dict[str, Any]] = []
    if not args.skip_quality:
        methods = [m.strip() for m in args.methods.split(",") if m.strip()]
        results += quality(args.population, args.seed, methods, args.planted_per_pair)
    if not args.skip_time:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        times = [timing(size, args.seed) for size in sizes]
        results += times
        if len(times) == 2:
            ratio = times[1]["cold_seconds"] / max(times[0]["cold_seconds"], 0.1)
            check = {
                "bench": "matching-scaling",
                "ratio": round(ratio, 1),
                "limit": 12,
                "ok": ratio <= 12 and times[1]["cold_seconds"] <= 600,
            }
            print(json.dumps(check), flush=True)
            results.append(check)
    return results


if __name__ == "__main__":
    main()
