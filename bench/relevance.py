"""Search relevance: precision@5 and recall@10 of /suche/ on a relevance set of German and
English queries, per mode (full text only; full text and meaning together).

    .venv/bin/python bench/relevance.py [--reuse-db] [--modes fulltext,hybrid]

Corpus: the demo data (`manage.py demo_data`, deterministic: 58 published practices of 13
practice types in invented places) in a fresh SQLite file `var/bench/relevance.sqlite3`
(`VAR_DIR=var/bench/relevance`, its own embedding file). Queries search practices only
(`/suche/?q=…&art=praxis`; English queries on `/en/suche/`), through the real view with the
Django test client, so the measured ranking is the page's: full-text AND, the any-word
fallback, "Meinten Sie" not followed, the fused head in hybrid mode.

Relevance set (`JUDGEMENTS`, 46 queries: 25 German, 21 English): each query names what it
is about — practice types (all practices of those types are relevant), or practices by slug,
judged by reading their titles and summaries (e.g. "leere Läden": the eleven practices whose
title or summary is about empty shops or vacant buildings). Type and taxonomy names, inflected
forms, compounds, a misspelling, paraphrases and English translations.

Metrics per query: precision@5 = relevant among the first five hits / min(5, |relevant|)
(so a query with two relevant practices can reach 1.0), recall@10 = relevant among the first
ten / |relevant|; reported as means over all queries and per language, per mode, with the
median time per query. One JSON object per mode and the per-query results in
var/bench/relevance.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
DB = BENCH_DIR / "relevance.sqlite3"
VAR = BENCH_DIR / "relevance"

VACANT = [
    "gemeinschaftsburo-im-leeren-ladenlokal-neubulach",
    "innenstadtmanagement-mit-leerstandsborse-herrnhut",
    "innenstadtmanagement-mit-leerstandsborse-schmolln",
    "kaufhaus-umnutzung-am-markt-bremen",
    "kummerin-fur-die-ortsmitte-alsheim",
    "ladenlokale-auf-probe-kolleda",
    "pop-up-laden-fur-grunderinnen-und-grunder-ingelheim-am-rhein",
    "pop-up-laden-fur-grunderinnen-und-grunder-langen-hessen",
    "theaterparcours-durch-leere-laden-hamburg",
    "zentrenmanagement-lonitz",
    "testladen-in-der-innenstadt-mittelangeln",
]
STORES = [
    "kaufhaus-umnutzung-am-markt-bremen",
    "kaufhaus-umnutzung-am-markt-mittelangeln",
    "haus-der-vielen-im-fruheren-kaufhaus-hamburg",
    "vom-warenhaus-zum-stadthaus-hannover",
]
LIBRARY = [
    "bibliothek-der-dinge-berlin",
    "stadtteilbibliothek-als-wohnzimmer-burg",
    "kaufhaus-umnutzung-am-markt-bremen",
]
STATION = [
    "coworking-im-bahnhofsgebaude-spremberggrodk",
    "coworking-im-bahnhofsgebaude-wildpoldsried",
    "landcoworking-am-bahnhof-ehrenberg-rhon",
    "kulturbahnhof-brockum",
]
BUDGET = [
    "nachbarschaftsbudget-berlin",
    "nachbarschaftsbudget-ingelheim-am-rhein",
    "kiezrat-mit-eigenem-budget-lauf-adpegnitz",
]
TRIAL_LIVING = [
    "probewohnen-und-arbeiten-in-der-altstadt-friesenried",
    "probewohnen-und-arbeiten-in-der-altstadt-loberschutz",
    "zwei-wochen-hirschfeld-auf-probe",
]
VILLAGE_SHOP = [
    "dorfladen-mit-kulturscheune-hallenberg",
    "dorfladen-mit-kulturscheune-muhbrook",
    "laden-cafe-und-buhne-hochst-i-odw",
]
POP_UP = [
    "pop-up-laden-fur-grunderinnen-und-grunder-ingelheim-am-rhein",
    "pop-up-laden-fur-grunderinnen-und-grunder-langen-hessen",
    "ladenlokale-auf-probe-kolleda",
    "testladen-in-der-innenstadt-mittelangeln",
]
SUBSTATION = ["ateliers-im-alten-umspannwerk-saarbrucken", "kreativquartier-umspannwerk-berlin"]
CITY_LAB = ["stadtlabor-auf-dem-marktplatz-oberkramer", "stadtlabor-auf-dem-marktplatz-schwalbach"]
OLD_SCHOOL = [
    "soziokulturelles-zentrum-in-der-alten-schule-ingelheim-am-rhein",
    "soziokulturelles-zentrum-in-der-alten-schule-weyhe",
]


def types(*slugs: str) -> dict[str, list[str]]:
    return {"types": list(slugs)}


def slugs(*names: str | list[str]) -> dict[str, list[str]]:
    flat: list[str] = []
    for name in names:
        flat.extend([name] if isinstance(name, str) else name)
    return {"slugs": flat}


# (query, language, what is relevant)
JUDGEMENTS: list[tuple[str, str, dict[str, list[str]]]] = [
    # German: type and taxonomy names, inflected, compounds, a misspelling, paraphrases
    ("Dritte Orte", "de", types("dritter-ort")),
    ("Mixed-Use", "de", types("mixed-use-immobilie")),
    ("Zwischennutzungen", "de", types("zwischennutzung")),
    ("Coworking", "de", types("coworking-space")),
    ("Masterpläne", "de", types("masterplan")),
    ("Zentrenmanagement", "de", types("zentrenmanagement")),
    ("Quartiersmanagment", "de", types("quartiersmanagement")),
    ("Soziokulturelle Zentren", "de", types("soziokulturelles-zentrum")),
    ("Theater im öffentlichen Raum", "de", types("theater-oeffentlicher-raum")),
    ("Beteiligungsformate", "de", types("beteiligungsformat")),
    ("Business Improvement District", "de", types("bid")),
    ("Performative Stadtentwicklung", "de", types("performative-stadtentwicklung")),
    ("Creative Places", "de", types("creative-place")),
    ("leere Läden", "de", slugs(VACANT)),
    ("Leerstand", "de", slugs(VACANT)),
    ("Kaufhaus umnutzen", "de", slugs(STORES)),
    ("Bibliotheken", "de", slugs(LIBRARY)),
    ("Coworking im Bahnhof", "de", slugs(STATION[:3])),
    ("Bürgerhaushalt für die Nachbarschaft", "de", slugs(BUDGET)),
    ("Wohnen auf Probe", "de", slugs(TRIAL_LIVING)),
    ("Dorfläden", "de", slugs(VILLAGE_SHOP)),
    ("Umspannwerk", "de", slugs(SUBSTATION)),
    ("Stadtlabor", "de", slugs(CITY_LAB)),
    ("Eigentümer gemeinsam für die Straße", "de", types("bid")),
    ("Kultur in der alten Schule", "de", slugs(OLD_SCHOOL)),
    # English: translations of the type names, paraphrases
    ("third places", "en", types("dritter-ort")),
    ("mixed-use property", "en", types("mixed-use-immobilie")),
    ("interim use", "en", types("zwischennutzung")),
    ("coworking space", "en", types("coworking-space")),
    ("master plan", "en", types("masterplan")),
    ("town centre management", "en", types("zentrenmanagement")),
    ("neighbourhood management", "en", types("quartiersmanagement")),
    ("sociocultural centre", "en", types("soziokulturelles-zentrum")),
    ("street theatre", "en", types("theater-oeffentlicher-raum")),
    ("participation formats", "en", types("beteiligungsformat")),
    ("vacant shops", "en", slugs(VACANT)),
    ("vacancy", "en", slugs(VACANT)),
    ("department store conversion", "en", slugs(STORES)),
    ("library", "en", slugs(LIBRARY)),
    ("neighbourhood budget", "en", slugs(BUDGET)),
    ("trial living in a small town", "en", slugs(TRIAL_LIVING)),
    ("village shop", "en", slugs(VILLAGE_SHOP)),
    ("creative quarter", "en", types("creative-place")),
    ("pop-up shops for founders", "en", slugs(POP_UP)),
    ("working at the railway station", "en", slugs(STATION[:3])),
    ("city lab on the market square", "en", slugs(CITY_LAB)),
]

_RESULTS = re.compile(r'<ol class="actor-list search-results".*?</ol>', re.DOTALL)
_HREF = re.compile(r'href="(?:/en)?/praxis/([^/"]+)/"')


def build(reuse: bool) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{DB}", "VAR_DIR": str(VAR)}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    if reuse and DB.exists():
        return
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    DB.unlink(missing_ok=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], check=True, env=env, cwd=ROOT)
    subprocess.run([*manage, "demo_data"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)


def relevant(spec: dict[str, list[str]]) -> set[str]:
    from quartiersnetz.practices.models import Practice

    published = Practice.objects.published()
    if "types" in spec:
        return set(published.filter(type__slug__in=spec["types"]).values_list("slug", flat=True))
    found = set(published.filter(slug__in=spec["slugs"]).values_list("slug", flat=True))
    missing = set(spec["slugs"]) - found
    if missing:
        raise SystemExit(f"relevance set names practices the corpus lacks: {sorted(missing)}")
    return found


def ranked(client: Any, query: str, language: str) -> list[str]:
    prefix = "/en" if language == "en" else ""
    html = client.get(f"{prefix}/suche/", {"q": query, "art": "praxis"}).content.decode()
    block = _RESULTS.search(html)
    return list(dict.fromkeys(_HREF.findall(block.group()))) if block else []


def evaluate(mode: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from django.core.cache import cache
    from django.test import Client, override_settings

    from quartiersnetz.search import semantic

    rows: list[dict[str, Any]] = []
    with override_settings(SEARCH_SEMANTIC=(mode == "hybrid"), SEARCH_SEMANTIC_BACKGROUND=False):
        semantic.clear()
        cache.clear()
        if mode == "hybrid":
            semantic.warm()  # what the worker / `embed_search_records` do (not timed)
        client = Client()
        ranked(client, "Vorbereitung", "de")  # loads the index and the encoder (not timed)
        for query, language, spec in JUDGEMENTS:
            wanted = relevant(spec)
            started = time.perf_counter()
            hits = ranked(client, query, language)
            elapsed = (time.perf_counter() - started) * 1000
            top5 = len(wanted & set(hits[:5]))
            top10 = len(wanted & set(hits[:10]))
            rows.append(
                {
                    "mode": mode,
                    "query": query,
                    "language": language,
                    "relevant": len(wanted),
                    "hits": len(hits),
                    "p_at_5": round(top5 / min(5, len(wanted)), 3),
                    "r_at_10": round(top10 / len(wanted), 3),
                    "ms": round(elapsed, 1),
                    "first": hits[:5],
                }
            )

    def mean(key: str, language: str = "") -> float:
        values = [r[key] for r in rows if not language or r["language"] == language]
        return round(statistics.fmean(values), 3)

    summary = {
        "bench": "relevance",
        "mode": mode,
        "queries": len(rows),
        "p_at_5": mean("p_at_5"),
        "r_at_10": mean("r_at_10"),
        "p_at_5_de": mean("p_at_5", "de"),
        "r_at_10_de": mean("r_at_10", "de"),
        "p_at_5_en": mean("p_at_5", "en"),
        "r_at_10_en": mean("r_at_10", "en"),
        "no_hits": sum(1 for r in rows if not r["hits"]),
        "median_ms": round(statistics.median(r["ms"] for r in rows), 1),
    }
    return summary, rows


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse-db", action="store_true")
    parser.add_argument("--modes", default="fulltext,hybrid")
    args = parser.parse_args(argv)
    build(args.reuse_db)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ["VAR_DIR"] = str(VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    summaries: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
        summary, rows = evaluate(mode)
        print(json.dumps(summary), flush=True)
        summaries.append(summary)
        details.extend(rows)
    (BENCH_DIR / "relevance.json").write_text(
        json.dumps({"summaries": summaries, "queries": details}, indent=1, ensure_ascii=False)
    )
    return summaries


if __name__ == "__main__":
    main()
