"""`make bench`: latency and query counts of the main public pages at two data sizes.

For each size (default 1 000 and 20 000 organisations) this script

1. builds a fresh SQLite database under var/bench/ (`migrate`, then `scale_data`),
2. starts the production server as `make run` does (gunicorn with config/gunicorn.py,
   settings config.settings.dev, static files collected, DEBUG off) on a free loopback port,
3. warms every worker up, then times N sequential GET requests per page, each on a new
   loopback connection (pages interleaved so background noise hits all pages alike),
4. counts each page's SQL queries in a separate process against the same database
   (bench/queries.py: the test Client inside CaptureQueriesContext; the server is untouched),

prints one JSON object per measurement, writes everything to var/bench/latest.json and checks
the targets: every page's median within 5x the floor's (robots.txt, no database), and no page
more than 30 % slower at the largest size than at the smallest. A missed target is reported,
not turned into a failing exit status.

    python bench/run.py [--sizes 1000,20000] [--requests 200] [--reuse-db]

BENCH_SETTINGS=<module> runs server and query counting with other settings (experiments).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import math
import os
import platform
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SETTINGS = os.environ.get("BENCH_SETTINGS", "config.settings.dev")
PY = sys.executable

FLOOR = "floor"
# (name, path); the profile path is looked up per database.
PAGES: list[tuple[str, str]] = [
    (FLOOR, "/robots.txt"),
    ("start", "/"),
    ("directory", "/mitwirkende/"),
    ("filtered", "/mitwirkende/?sector=stiftungen&state=05"),
    ("search", "/mitwirkende/?q=quartier"),
    ("profile", ""),
]
FLOOR_FACTOR = 5.0
SCALING_LIMIT = 1.30


@dataclass
class Measurement:
    page: str
    size: int
    path: str
    median_ms: float
    p95_ms: float
    queries: int
    mean_ms: float
    min_ms: float
    max_ms: float
    requests: int
    bytes: int


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low, high = math.floor(k), math.ceil(k)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def django_env(db: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=f"sqlite:///{db}",
        VAR_DIR=str(BENCH_DIR),  # static files, secret key and media of the bench stay apart
        DJANGO_DEBUG="0",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def manage(db: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=django_env(db), check=True)
    return time.perf_counter() - started


def build_database(size: int, seed: int, reuse: bool) -> tuple[Path, dict[str, float]]:
    db = BENCH_DIR / f"bench-{size}.sqlite3"
    if reuse and db.exists():
        log(f"reusing {db.relative_to(ROOT)}")
        return db, {}
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    log(f"building {db.relative_to(ROOT)}: migrate + scale_data --organisations {size}")
    timings = {"migrate_s": manage(db, "migrate", "--noinput", "-v0")}
    timings["scale_data_s"] = manage(
        db, "scale_data", "--organisations", str(size), "--seed", str(seed)
    )
    return db, {k: round(v, 1) for k, v in timings.items()}


def profile_path(db: Path, size: int) -> str:
    """A sample organisation from the middle of the generated data (with fields and places)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute(
            "SELECT slug FROM actors_actor WHERE is_sample AND kind = 'organisation' "
            "AND municipality_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET ?",
            (size // 2,),
        ).fetchone()
    return f"/mitwirkende/{row[0]}/"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """gunicorn as `make run` starts it, on a free loopback port."""

    def __init__(self, db: Path, logfile: IO[bytes]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [PY, "-m", "gunicorn", "config.wsgi:application", "-c", "config/gunicorn.py"],
            cwd=ROOT,
            env=django_env(db, HOST="127.0.0.1", PORT=str(self.port)),
            stdout=logfile,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited; see var/bench/gunicorn.log")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not become ready")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Client:
    """Sequential GETs, each on a new loopback connection (`Connection: close`).

    Keep-alive would save ~0.1 ms per request but gunicorn's gthread worker resets reused
    connections now and then (benoitc/gunicorn#1698), which broke long runs; a fresh
    connection costs every page, the floor included, the same.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.retries = 0

    def get(self, path: str) -> tuple[int, int, float]:
        for attempt in range(3):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Language": "de", "Connection": "close"})
                response = conn.getresponse()
                body = response.read()
            except (http.client.HTTPException, OSError):
                self.retries += 1
                if attempt == 2:
                    raise
                continue
            finally:
                conn.close()
            return response.status, len(body), (time.perf_counter() - started) * 1000
        raise AssertionError("unreachable")


def count_queries(db: Path, paths: list[str]) -> dict[str, dict[str, Any]]:
    out = subprocess.run(
        [PY, str(ROOT / "bench" / "queries.py"), *paths],
        cwd=ROOT,
        env=django_env(db),
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, dict[str, Any]] = json.loads(out.stdout)
    return result


def measure_size(
    size: int, db: Path, requests: int, warmup: int, logfile: IO[bytes]
) -> tuple[list[Measurement], dict[str, Any]]:
    pages = [(name, path or profile_path(db, size)) for name, path in PAGES]
    queries = count_queries(db, [path for _name, path in pages])
    for name, path in pages:
        if queries[path]["status"] != 200:
            raise RuntimeError(f"{name} {path}: status {queries[path]['status']} (test client)")

    server = Server(db, logfile)
    try:
        server.wait_ready()
        client = Client(server.port)
        # Warm-up, so that every worker has rendered every page at least once.
        for _round in range(warmup):
            for _name, path in pages:
                status, _size, _ms = client.get(path)
                if status != 200:
                    raise RuntimeError(f"{path}: HTTP {status}")
        timings: dict[str, list[float]] = {name: [] for name, _path in pages}
        sizes: dict[str, int] = {}
        for _round in range(requests):
            for name, path in pages:
                status, length, elapsed = client.get(path)
                if status != 200:
                    raise RuntimeError(f"{path}: HTTP {status}")
                timings[name].append(elapsed)
                sizes[name] = length
        if client.retries:
            log(f"{client.retries} request(s) retried after a connection error")
    finally:
        server.stop()

    measurements = [
        Measurement(
            page=name,
            size=size,
            path=path,
            median_ms=round(percentile(timings[name], 0.5), 2),
            p95_ms=round(percentile(timings[name], 0.95), 2),
            queries=int(queries[path]["queries"]),
            mean_ms=round(sum(timings[name]) / len(timings[name]), 2),
            min_ms=round(min(timings[name]), 2),
            max_ms=round(max(timings[name]), 2),
            requests=len(timings[name]),
            bytes=sizes[name],
        )
        for name, path in pages
    ]
    return measurements, queries


def check_targets(measurements: list[Measurement], sizes: list[int]) -> list[dict[str, Any]]:
    by_key = {(m.page, m.size): m for m in measurements}
    checks: list[dict[str, Any]] = []
    for m in measurements:
        if m.page == FLOOR:
            continue
        floor = by_key[(FLOOR, m.size)].median_ms
        limit = FLOOR_FACTOR * floor
        checks.append(
            {
                "check": f"median <= {FLOOR_FACTOR:g}x floor at {m.size}",
                "page": m.page,
                "size": m.size,
                "value_ms": m.median_ms,
                "limit_ms": round(limit, 2),
                "ratio": round(m.median_ms / floor, 1),
                "ok": m.median_ms <= limit,
            }
        )
    small, large = min(sizes), max(sizes)
    if small != large:
        for name, _path in PAGES:
            a, b = by_key[(name, small)], by_key[(name, large)]
            checks.append(
                {
                    "check": f"median <= {SCALING_LIMIT:g}x from {small} to {large}",
                    "page": name,
                    "size": large,
                    "value_ms": b.median_ms,
                    "limit_ms": round(SCALING_LIMIT * a.median_ms, 2),
                    "ratio": round(b.median_ms / a.median_ms, 2),
                    "ok": b.median_ms <= SCALING_LIMIT * a.median_ms,
                }
            )
    return checks


def machine() -> dict[str, Any]:
    import django

    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
                break
    gunicorn_version = subprocess.run(
        [PY, "-c", "import gunicorn; print(gunicorn.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "gunicorn": gunicorn_version,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,20000", help="organisations per run")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse-db", action="store_true", help="keep existing bench databases")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    log("collectstatic")
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=django_env(BENCH_DIR / "unused.sqlite3"),
        check=True,
    )
    Path(BENCH_DIR / "unused.sqlite3").unlink(missing_ok=True)

    measurements: list[Measurement] = []
    builds: dict[int, dict[str, float]] = {}
    all_queries: dict[int, dict[str, Any]] = {}
    with open(BENCH_DIR / "gunicorn.log", "wb") as logfile:
        for size in sizes:
            db, builds[size] = build_database(size, args.seed, args.reuse_db)
            log(f"measuring {size} organisations: {args.warmup} warm-up + {args.requests} each")
            results, all_queries[size] = measure_size(size, db, args.requests, args.warmup, logfile)
            for m in results:
                print(
                    json.dumps(
                        {
                            "page": m.page,
                            "size": m.size,
                            "median_ms": m.median_ms,
                            "p95_ms": m.p95_ms,
                            "queries": m.queries,
                        }
                    ),
                    flush=True,
                )
            measurements += results

    checks = check_targets(measurements, sizes)
    report = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "method": {
            "server": "gunicorn -c config/gunicorn.py (WEB_CONCURRENCY/GUNICORN_THREADS "
            "defaults), settings config.settings.dev, DEBUG off",
            "database": f"SQLite, fresh file per size: migrate + scale_data --seed {args.seed}",
            "requests_per_page": args.requests,
            "warmup_per_page": args.warmup,
            "client": "http.client, sequential, one connection per request, pages interleaved",
            "queries": "bench/queries.py: test Client in CaptureQueriesContext, same database",
        },
        "builds": builds,
        "measurements": [asdict(m) for m in measurements],
        "checks": checks,
    }
    (BENCH_DIR / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    (BENCH_DIR / "queries.json").write_text(
        json.dumps({str(k): v for k, v in all_queries.items()}, indent=2, ensure_ascii=False)
    )

    print("\nSummary (median ms; target: within 5x floor, <= +30 % from smallest to largest size)")
    header = f"{'page':<10}" + "".join(f"{size:>10}" for size in sizes) + "  result"
    print(header)
    by_key = {(m.page, m.size): m for m in measurements}
    for name, _path in PAGES:
        page_checks = [c for c in checks if c["page"] == name]
        failed = [c for c in page_checks if not c["ok"]]
        verdict = (
            "PASS"
            if not failed
            else "MISS: " + "; ".join(f"{c['check']} ({c['ratio']}x)" for c in failed)
        )
        row = f"{name:<10}" + "".join(f"{by_key[(name, s)].median_ms:>10.2f}" for s in sizes)
        print(f"{row}  {verdict}")
    missed = sum(1 for c in checks if not c["ok"])
    print(f"\n{len(checks) - missed}/{len(checks)} checks passed; details in var/bench/latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
