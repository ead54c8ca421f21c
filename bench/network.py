"""Benchmark suite "network": the figures' recomputation and the network pages at scale.

A generated network of N public organisations (sectors, municipalities, spatial and action
fields) with 10 × N edges: actors form groups of about 50 (by place), 70 % of the edges lie
within a group and 30 % join random actors — so there are communities, bridges and some
isolated actors, as in a real network. Everything is bulk-inserted; then
`network.figures.recompute_figures()` is timed (the edges are given, so
`edges.recompute_edges()` is not run: it would rebuild them from practices and projects).

    python bench/network.py [--sizes 1000,10000] [--seed 1]
        builds var/bench/bench-network-<N>.sqlite3 for each size and checks the targets:
        recompute at 10 × the actors ≤ 12 × the time, ≤ 10 minutes at 10 000.
    python bench/run.py --suite network [--network-sizes 1000,10000]
        the same databases, then /netzwerk/, /netzwerk/graph.json and /netzwerk/bereiche/
        timed like every other page (within 5 × the floor, constant query counts).

Internally `--generate N` fills the database named by DATABASE_URL (run in a subprocess with
the bench environment) and prints the timings as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EDGES_PER_ACTOR = 10
GROUP_SIZE = 50
WITHIN_GROUP = 0.7
ISOLATED_SHARE = 0.03
RATIO_LIMIT = 12.0
LIMIT_AT_LARGEST_S = 600.0

PAGES: list[tuple[str, str]] = [
    ("floor", "/robots.txt"),
    ("graph", "/netzwerk/"),
    ("json", "/netzwerk/graph.json"),
    ("json_nrw", "/netzwerk/graph.json?state=05"),
    ("sectors", "/netzwerk/bereiche/"),
    ("sectors_nrw", "/netzwerk/bereiche/?state=05"),
]


def build(db: Path, size: int, seed: int, env: dict[str, str]) -> dict[str, float]:
    """A fresh database with the generated network and its figures; returns the timings."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    timings = {"migrate_s": round(time.perf_counter() - started, 1)}
    out = subprocess.run(
        [sys.executable, str(Path(__file__)), "--generate", str(size), "--seed", str(seed)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    timings.update(json.loads(out.stdout.strip().splitlines()[-1]))
    return timings


def generate(size: int, seed: int) -> dict[str, Any]:
    """Fill the configured database (called in the bench environment)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.db import transaction

    from quartiersnetz.actors.models import Actor
    from quartiersnetz.network.figures import recompute_figures
    from quartiersnetz.network.models import Edge
    from quartiersnetz.places.models import Municipality
    from quartiersnetz.taxonomy.models import ActionField, Sector, SpatialField

    rng = random.Random(seed)
    started = time.perf_counter()
    sectors = list(Sector.objects.values_list("id", flat=True))
    places = list(Municipality.objects.order_by("ags").values_list("id", flat=True))
    places = rng.sample(places, min(len(places), max(20, size // GROUP_SIZE)))
    spatial = list(SpatialField.objects.values_list("id", flat=True))
    action = list(ActionField.objects.values_list("id", flat=True))
    with transaction.atomic():
        Actor.objects.bulk_create(
            [
                Actor(
                    kind=Actor.Kind.ORGANISATION,
                    name=f"Netzwerkorganisation {i:05d}",
                    slug=f"netzwerk-{i:05d}",
                    sector_id=rng.choice(sectors),
                    # Actors of one group share a place (groups are local networks).
                    municipality_id=places[(i // GROUP_SIZE) % len(places)],
                    is_sample=True,
                )
                for i in range(size)
            ],
            batch_size=2000,
        )
        actors = list(
            Actor.objects.filter(slug__startswith="netzwerk-")
            .order_by("slug")
            .values_list("id", "sector_id")
        )
        spatial_through = Actor.spatial_fields.through
        action_through = Actor.action_fields.through
        spatial_through.objects.bulk_create(
            [spatial_through(actor_id=a, spatialfield_id=rng.choice(spatial)) for a, _ in actors],
            batch_size=5000,
        )
        action_through.objects.bulk_create(
            [action_through(actor_id=a, actionfield_id=rng.choice(action)) for a, _ in actors],
            batch_size=5000,
        )
        sector_of = dict(actors)
        connected = [a for a, _ in actors if rng.random() >= ISOLATED_SHARE]
        pairs: set[tuple[int, int]] = set()
        target = EDGES_PER_ACTOR * size
        while len(pairs) < target:
            one = rng.randrange(len(connected))
            if rng.random() < WITHIN_GROUP:
                group = one // GROUP_SIZE * GROUP_SIZE
                other = rng.randrange(group, min(group + GROUP_SIZE, len(connected)))
            else:
                other = rng.randrange(len(connected))
            a, b = connected[one], connected[other]
            if a != b:
                pairs.add((min(a, b), max(a, b)))
        Edge.objects.bulk_create(
            [
                Edge(
                    actor_a_id=a,
                    actor_b_id=b,
                    weight=float(rng.randint(1, 3)),
                    is_cross_sector=sector_of[a] != sector_of[b],
                    sources=[],
                )
                for a, b in sorted(pairs)
            ],
            batch_size=5000,
        )
    generated = time.perf_counter() - started
    started = time.perf_counter()
    figures = recompute_figures()
    return {
        "generate_s": round(generated, 1),
        "recompute_figures_s": round(time.perf_counter() - started, 1),
        "actors_with_figures": figures,
        "edges": target,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--generate", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        print(json.dumps(generate(args.generate, args.seed)))
        return 0

    sys.path.insert(0, str(ROOT / "bench"))
    from run import BENCH_DIR, django_env

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        db = BENCH_DIR / f"bench-network-{size}.sqlite3"
        results[size] = build(db, size, args.seed, django_env(db))
        print(json.dumps({"suite": "network", "size": size, **results[size]}), flush=True)
    small, large = min(sizes), max(sizes)
    if small != large:
        a = results[small]["recompute_figures_s"]
        b = results[large]["recompute_figures_s"]
        ratio = b / a if a else float("inf")
        limit = RATIO_LIMIT * large / small / 10
        print(
            f"recompute_figures: {a:.1f} s at {small}, {b:.1f} s at {large} "
            f"({ratio:.1f}x for {large / small:g}x actors; limit {limit:g}x, "
            f"{LIMIT_AT_LARGEST_S:.0f} s) — "
            f"{'PASS' if ratio <= limit and b <= LIMIT_AT_LARGEST_S else 'MISS'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
