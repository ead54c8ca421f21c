"""Fit time and memory of the practice similarity model at a synthetic data size.

    .venv/bin/python bench/similarity.py --practices 5000 [--queries 50] [--seed 1]

Builds N synthetic German practices in memory (title, summary, a description of ~1 500
characters, five guiding-question texts, type and approaches, random context), fits the model
exactly as `quartiersnetz.practices.similarity.get_model` does after loading rows from the
database (no database is touched; simplemma's one-off dictionary load is timed separately),
then times ranking queries against it (vectorising a challenge text and scoring every row, as
`rank_for_context` does before loading its winners). Prints one JSON object: fit seconds,
resident memory before/after/peak, the model's array bytes and pickled size, matrix shape and
non-zeros, query latency (median, p95). CPU seconds and the load average are printed too, as
wall-clock times on a shared machine vary with its load.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import random
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def _split(words: str) -> list[str]:
    return words.split()


NOUNS = _split(
    "Leerstand Innenstadt Erdgeschosszone Ladenlokal Quartier Nachbarschaft Treffpunkt Kultur "
    "Zwischennutzung Handelsimmobilie Marktplatz Bahnhof Kleinstadt Dorf Gemeinde Verwaltung "
    "Bürgerschaft Verein Genossenschaft Stiftung Förderung Finanzierung Miete Eigentümer "
    "Kaufhaus Warenhaus Werkstatt Atelier Bibliothek Schule Jugend Senioren Familie Wohnen "
    "Arbeit Coworking Gastronomie Festival Theater Kunst Musik Bühne Platz Straße Park Grün "
    "Klima Mobilität Radverkehr Stadtumbau Sanierung Denkmal Brache Fabrik Halle Hof Garten "
    "Beteiligung Mitwirkung Netzwerk Management Kommunikation Marketing Tourismus Einzelhandel "
    "Handwerk Gründung Digitalisierung Lieferdienst Wochenmarkt Ehrenamt Hauptamt Raum Ort "
    "Transformation Strategie Konzept Prozess Labor Reallabor Campus Hochschule Studierende "
    "Kreativwirtschaft Kulturschaffende Initiative Projekt Bündnis Allianz Partnerschaft "
    "Erdgeschoss Fassade Schaufenster Passage Fußgängerzone Zentrum Ortskern Stadtteil"
)
PREFIXES = _split("Stadt Orts Quartiers Kultur Laden Markt Dorf Kreativ Bürger Nachbarschafts")
VERBS = _split(
    "beleben nutzen öffnen gestalten entwickeln verbinden stärken fördern erproben betreiben "
    "vernetzen umbauen sanieren aktivieren begleiten organisieren finanzieren verstetigen"
)
FILLER = _split("und die der das mit für im in auf durch von zu einer einem den als auch wird")
APPROACHES = [
    "nutzungsgemischte Transformation von Handelsimmobilien",
    "Transformationsmanagement und performative Stadtentwicklung",
    "Creative Places als Bausteine kreativer Netzwerke",
    "Mikroquartiere als Kerne aktivierender Entwicklung",
    "Kreativimport – Potenziale für Zukunftsorte",
    "Kleinstadt als Campus – eigendynamische Strategien",
]
TYPES = ["Mixed-Use-Immobilie", "Dritter Ort", "Creative Place", "Masterplan", "BID"]


def word(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return rng.choice(PREFIXES) + rng.choice(NOUNS).lower()
    return rng.choice(NOUNS)


def sentence(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        roll = rng.random()
        if roll < 0.35:
            out.append(rng.choice(FILLER))
        elif roll < 0.5:
            out.append(rng.choice(VERBS))
        else:
            out.append(word(rng))
    return " ".join(out).capitalize() + "."


def text(rng: random.Random, chars: int) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < chars:
        parts.append(sentence(rng, rng.randint(6, 16)))
    return " ".join(parts)


def synthetic_rows(count: int, seed: int) -> list[Any]:
    from quartiersnetz.practices.similarity import _document, _Row

    rng = random.Random(seed)
    rows = []
    for pk in range(1, count + 1):
        approaches = rng.sample(range(1, 7), rng.randint(0, 2))
        values = [
            f"{word(rng)} {rng.choice(FILLER)} {word(rng)} {pk}",
            text(rng, 250),
            text(rng, 1500),
            *(text(rng, 300) for _ in range(5)),
        ]
        rows.append(
            _Row(
                id=pk,
                text=_document(values, rng.choice(TYPES), [APPROACHES[a - 1] for a in approaches]),
                kind=rng.randint(1, 3),
                spatial_field=rng.randint(1, 3),
                size=rng.randint(0, 3),
                urbanisation=rng.randint(1, 3),
                state=rng.randint(1, 16),
                transfer=rng.choice([float("nan"), 2.5, 3.0, 4.0, 4.5]),
                approaches=approaches,
            )
        )
    return rows


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import django

    django.setup()
    import numpy as np

    from quartiersnetz.core import textmatch
    from quartiersnetz.practices import similarity

    started = time.perf_counter()
    textmatch.lemma("Läden")  # simplemma loads its German dictionary once per process
    lemmatiser_seconds = time.perf_counter() - started
    lemmatiser_mb = rss_mb()
    started = time.perf_counter()
    rows = synthetic_rows(args.practices, args.seed)
    generate_seconds = time.perf_counter() - started
    text_mb = sum(len(r.text) for r in rows) / 2**20
    gc.collect()
    before = rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    model = similarity.build_model("bench", rows)
    fit_seconds = time.perf_counter() - started
    fit_cpu_seconds = time.process_time() - cpu
    del rows
    gc.collect()
    after = rss_mb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rng = random.Random(args.seed + 1)
    latencies: list[float] = []
    cpu_times: list[float] = []
    for _ in range(args.queries):
        challenge = "Leerstand in der Innenstadt, Erdgeschosszonen beleben. " + text(rng, 300)
        started = time.perf_counter()
        cpu = time.process_time()
        query = model.vectorise(challenge)
        scores = similarity.W_TEXT * np.minimum(
            1.0,
            model.text_scores(query, char_only_min=similarity.CHAR_ONLY_MIN)
            / similarity.TEXT_SATURATION,
        )
        scores += similarity.W_SIZE * (model.size == 2)
        scores += similarity.W_APPROACH * model.approach_share([3])
        top = textmatch.top_k(scores.astype(np.float32), 20)
        model.shared_terms(query, top[0], similarity.SHARED_TERMS)
        latencies.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu) * 1000)
    latencies.sort()

    print(
        json.dumps(
            {
                "practices": args.practices,
                "text_mb": round(text_mb, 1),
                "generate_seconds": round(generate_seconds, 2),
                "lemmatiser_load_seconds": round(lemmatiser_seconds, 2),
                "rss_after_lemmatiser_load_mb": round(lemmatiser_mb, 1),
                "fit_seconds": round(fit_seconds, 2),
                "fit_cpu_seconds": round(fit_cpu_seconds, 2),
                "load_average": os.getloadavg()[0],
                "rss_before_fit_mb": round(before, 1),
                "rss_after_fit_mb": round(after, 1),
                "rss_peak_mb": round(peak, 1),
                "model_array_mb": round(model.nbytes() / 2**20, 1),
                "model_pickled_mb": round(len(pickle.dumps(model)) / 2**20, 1),
                "matrix_shape": [len(model), model.text.n_word + model.text.chars.width],
                "matrix_nnz": int(model.text.word_matrix.nnz + model.text.char_matrix.nnz),
                "word_features": model.text.n_word,
                "query_ms_median": round(statistics.median(latencies), 2),
                "query_ms_p95": round(latencies[int(len(latencies) * 0.95) - 1], 2),
                "query_cpu_ms_median": round(statistics.median(cpu_times), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
