"""`make bench BENCH_ARGS="--suite dump"` (issue 14): building the open-data dump at two sizes.

The databases are the practices suite's (`scale_data --organisations 1000 --practices N`,
var/bench/bench-practices-N.sqlite3; reused with `--reuse-db`), default 5 000 and 50 000
practices. For each size a fresh process (settings config.settings.dev, DEBUG off) writes the
whole dump (`opendata.dump.write_dump`: every dataset as CSV, JSON, GeoJSON, schemas, README)
into a temporary file twice: once timed, once under tracemalloc for the peak of the Python
heap while writing. Targets:

- time: at most 12x for 10x the records (linear, with a margin for noise);
- memory: the peak grows by at most 20 % from the smaller to the larger size (constant: the
  records are read and written in batches, never held all at once).

Prints one JSON object per measurement and one per check; a missed target is reported, not
turned into a failing exit status (as bench/run.py does).

    .venv/bin/python bench/dump.py [--sizes 5000,50000] [--reuse-db]
    .venv/bin/python bench/dump.py --sizes 500,5000      # quick
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TIME_FACTOR = 1.2  # time may grow 1.2x the records' factor (12x for 10x)
MEMORY_GROWTH = 0.20  # peak heap may grow 20 % at most


def measure() -> dict[str, Any]:
    """In a process set up for one database: write the dump twice (timed; under tracemalloc)."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from quartiersnetz.opendata.dump import write_dump

    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "dump.zip"
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            counts = write_dump(target)
        seconds = time.perf_counter() - started
        size = target.stat().st_size
        target.unlink()
        tracemalloc.start()
        write_dump(target)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "records": sum(counts.values()),
        "practices": counts["practices"],
        "counts": counts,
        "seconds": round(seconds, 2),
        "queries": len(queries),
        "peak_mib": round(peak / 2**20, 2),
        "zip_mib": round(size / 2**20, 2),
    }


def run(sizes: list[int], reuse: bool, seed: int) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import build_database, django_env

    results: list[dict[str, Any]] = []
    for size in sizes:
        db, timings = build_database("practices", size, seed, reuse)
        answer = subprocess.run(
            [PY, str(Path(__file__).resolve()), "--measure"],
            cwd=ROOT,
            env=django_env(db),
            check=True,
            capture_output=True,
            text=True,
        )
        result = {"suite": "dump", "size": size, **timings, **json.loads(answer.stdout)}
        print(json.dumps(result), flush=True)
        results.append(result)
    for small, large in itertools.pairwise(results):
        factor = large["size"] / small["size"]  # the practices (the other datasets grow less)
        time_ratio = large["seconds"] / small["seconds"]
        memory_growth = large["peak_mib"] / small["peak_mib"] - 1
        checks = [
            {
                "check": "time",
                "sizes": [small["size"], large["size"]],
                "ratio": round(time_ratio, 2),
                "target": f"<= {TIME_FACTOR * factor:.1f}x for {factor:.1f}x the practices",
                "ok": time_ratio <= TIME_FACTOR * factor,
            },
            {
                "check": "memory",
                "sizes": [small["size"], large["size"]],
                "growth": f"{memory_growth:+.1%}",
                "target": f"<= +{MEMORY_GROWTH:.0%}",
                "ok": memory_growth <= MEMORY_GROWTH,
            },
        ]
        for check in checks:
            print(json.dumps({"suite": "dump", **check}), flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="5000,50000", help="practices (records of the dump)")
    parser.add_argument("--reuse-db", action="store_true", help="keep existing bench databases")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        print(json.dumps(measure()))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    return run(sizes, args.reuse_db, args.seed)


if __name__ == "__main__":
    sys.exit(main())
