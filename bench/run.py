"""`make bench`: latency and query counts of the main public pages at two data sizes.

Four suites, each at two sizes: `actors` (the directory: 1 000 and 20 000 organisations),
`practices` (Praxisbeispiele: 5 000 and 50 000 practices, with 1 000 organisations), `events`
(Werkstätten: 200 and 2 000 events with programmes, one with 500 registrations; list, filters,
search, the iCal feed and that event's page) and `network` (1 000 and 10 000 actors with 10
connections each, alliances and partner suggestions: the network pages, an alliance, a profile
and its partner page and JSON, plus the recomputation times; bench/network.py); `--suite
matching` adds bench/matching.py, `--suite notifications` bench/notifications.py (fan-out and
digests of issue 13 in-process; then the member pages like the other suites, requested with a
bench member's session cookie, at 1 000 and 10 000 users), `--suite relevance`
bench/relevance.py (search relevance: precision@5 and recall@10 of 46 German and English
queries, full text vs. hybrid), `--suite dump` bench/dump.py (the open-data dump at the
practices suite's sizes: time and peak memory). For each suite and size this script

1. builds a fresh SQLite database under var/bench/ (`migrate`, then `scale_data`),
2. starts the production server as `make run` does (gunicorn with config/gunicorn.py,
   settings config.settings.dev, static files collected, DEBUG off) on a free loopback port,
3. warms every worker up, then times N sequential GET requests per page, each on a new
   loopback connection (pages interleaved so background noise hits all pages alike),
4. counts each page's SQL queries in a separate process against the same database
   (bench/queries.py: the test Client inside CaptureQueriesContext; the server is untouched),

prints one JSON object per measurement, writes everything to var/bench/latest.json and checks
the targets: every page's median within 5x the floor's (robots.txt, no database), no page
more than 30 % slower at the largest size than at the smallest, and the same number of SQL
queries per page at both sizes. A missed target is reported, not turned into a failing exit
status. A page that answers 404 (not built yet) is skipped with a note.

    python bench/run.py [--suite actors,practices,events,network,matching,notifications,relevance,
                                 dump]
                        [--sizes 1000,20000]
                        [--practice-sizes 5000,50000] [--event-sizes 200,2000]
                        [--network-sizes 1000,10000] [--notification-sizes 1000,10000]
                        [--requests 200] [--reuse-db] [--ports 8710-8719]

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
from urllib.parse import quote

from network import PAGES as NETWORK_PAGES  # bench/network.py: the "network" suite
from network import build as build_network
from network import page_paths as network_page_paths
from network import recompute_checks as network_recompute_checks

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SETTINGS = os.environ.get("BENCH_SETTINGS", "config.settings.dev")
PY = sys.executable

FLOOR = "floor"
PORTS = range(8700, 8800)  # the bench server's port range on this machine
# (name, path) per suite; an empty path is looked up per database (see detail_path).
PAGES: list[tuple[str, str]] = [
    (FLOOR, "/robots.txt"),
    ("start", "/"),
    ("directory", "/mitwirkende/"),
    ("filtered", "/mitwirkende/?sector=stiftungen&state=05"),
    ("search", "/mitwirkende/?q=quartier"),
    ("profile", ""),
    # The open-data API (issue 14): first page, a filtered list, a page from the middle (a
    # signed cursor: "{api_cursor}") and a synchronisation from the beginning.
    ("api_list", "/api/v1/actors"),
    ("api_filtered", "/api/v1/actors?kind=organisation&state=05"),
    ("api_deep", "/api/v1/actors?cursor={api_cursor}"),
    ("api_sync", "/api/v1/actors?updated_since=2000-01-01T00:00:00Z"),
]
PRACTICE_PAGES: list[tuple[str, str]] = [
    (FLOOR, "/robots.txt"),
    ("list", "/praxis/"),
    # three facets: Ort, Quartiere, Nordrhein-Westfalen
    ("facets", "/praxis/?kind=place&spatial_field=quarters&state=05"),
    ("search", "/suche/?q=leerstand"),
    ("typology", "/praxis/typologie/"),
    ("geojson", "/api/v1/practices.geojson"),
    # the map beside the list: page 1 of its no-JS list; markers come from the GeoJSON pages
    ("map", "/praxis/karte/"),
    ("map_facets", "/praxis/karte/?kind=place&spatial_field=quarters&state=05"),
    # the map's first marker request (practices.map_views: MAP_FIELDS, MAP_GEOJSON_LIMIT, keyset)
    (
        "map_geojson",
        "/api/v1/practices.geojson?fields=title%2Cslug%2Curl%2Ckind_name%2Ctype_name"
        "%2Cmunicipality%2Cstate_name%2Cpoint_precision&limit=5000&after=0",
    ),
    ("detail", ""),
    ("api_list", "/api/v1/practices"),
    ("api_filtered", "/api/v1/practices?kind=place&spatial_field=quarters&state=05"),
    ("api_deep", "/api/v1/practices?cursor={api_cursor}"),
    ("api_sync", "/api/v1/practices?updated_since=2000-01-01T00:00:00Z"),
]
EVENT_PAGES: list[tuple[str, str]] = [
    (FLOOR, "/robots.txt"),
    ("list", "/werkstaetten/"),
    # three filters: upcoming, on site, Nordrhein-Westfalen
    ("filtered", "/werkstaetten/?zeitraum=kommend&mode=on_site&state=05"),
    ("search", "/werkstaetten/?q=leerstand"),
    ("calendar", "/werkstaetten/kalender.ics"),
    # the event with 500 registrations (public attendee list)
    ("detail", ""),
]
# The member pages of issue 13, requested with the bench member's session cookie
# (bench/notifications.py --generate / --session; "{thread}": the member's newest thread).
NOTIFICATION_PAGES: list[tuple[str, str]] = [
    (FLOOR, "/robots.txt"),
    ("notifications", "/konto/benachrichtigungen/"),
    ("notifications_p2", "/konto/benachrichtigungen/?seite=2"),
    ("inbox", "/konto/nachrichten/"),
    ("thread", "/konto/nachrichten/{thread}/"),
]
SUITES: dict[str, list[tuple[str, str]]] = {
    "actors": PAGES,
    "practices": PRACTICE_PAGES,
    "events": EVENT_PAGES,
    "network": NETWORK_PAGES,
    "notifications": NOTIFICATION_PAGES,
}
UNITS = {
    "actors": "organisations",
    "practices": "practices",
    "events": "events",
    "network": "actors (10 edges each)",
    "notifications": "users (the member: users/10 notifications, users/40 threads)",
}
EVENT_REGISTRATIONS = 500
FLOOR_FACTOR = 5.0
SLOW_MS = 100.0  # pages slower than this (warm-up median) get proportionally fewer requests
MIN_REQUESTS = 30
SCALING_LIMIT = 1.30


@dataclass
class Measurement:
    suite: str
    page: str
    size: int
    path: str
    median_ms: float
    p95_ms: float
    queries: int
    cold_queries: int
    cold_ms: float
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
        # The API's synchronisation includes the rows the build wrote a moment before (and, as
        # in production, answers the same pass within a second from the cache).
        API_SYNC_HORIZON_SECONDS="1",
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


def build_database(suite: str, size: int, seed: int, reuse: bool) -> tuple[Path, dict[str, float]]:
    db = BENCH_DIR / (
        f"bench-{size}.sqlite3" if suite == "actors" else f"bench-{suite}-{size}.sqlite3"
    )
    if reuse and db.exists():
        log(f"reusing {db.relative_to(ROOT)} (migrated to the current schema)")
        manage(db, "migrate", "--noinput", "-v0")
        return db, {}
    if suite == "network":
        log(f"building {db.relative_to(ROOT)}: migrate + bench/network.py --generate {size}")
        return db, build_network(db, size, seed, django_env(db))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    if suite == "notifications":
        log(f"building {db.relative_to(ROOT)}: migrate + bench/notifications.py --generate {size}")
        timings = {"migrate_s": round(manage(db, "migrate", "--noinput", "-v0"), 1)}
        return db, {**timings, **notifications_script(db, "--generate", str(size))}
    if suite == "actors":
        args = ["--organisations", str(size)]
    elif suite == "events":
        args = ["--organisations", "200", "--events", str(size)]
        args += ["--event-registrations", str(EVENT_REGISTRATIONS)]
    else:
        args = ["--organisations", "1000", "--practices", str(size)]
    log(f"building {db.relative_to(ROOT)}: migrate + scale_data {' '.join(args)}")
    timings = {"migrate_s": manage(db, "migrate", "--noinput", "-v0")}
    timings["scale_data_s"] = manage(db, "scale_data", *args, "--seed", str(seed))
    return db, {k: round(v, 1) for k, v in timings.items()}


def notifications_script(db: Path, *args: str) -> dict[str, Any]:
    """bench/notifications.py's `--generate N` or `--session` against `db`: its JSON answer."""
    out = subprocess.run(
        [PY, str(ROOT / "bench" / "notifications.py"), *args],
        cwd=ROOT,
        env=django_env(db),
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def detail_path(suite: str, db: Path, size: int) -> str:
    """A sample record from the middle of the generated data (with fields and a place)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        if suite == "actors":
            row = conn.execute(
                "SELECT slug FROM actors_actor WHERE is_sample AND kind = 'organisation' "
                "AND municipality_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET ?",
                (size // 2,),
            ).fetchone()
            return f"/mitwirkende/{row[0]}/"
        if suite == "events":
            row = conn.execute(
                "SELECT e.slug FROM events_event e JOIN events_registration r ON r.event_id = e.id "
                "WHERE e.is_sample GROUP BY e.id ORDER BY COUNT(*) DESC, e.id LIMIT 1"
            ).fetchone()
            return f"/werkstaetten/{row[0]}/"
        row = conn.execute(
            "SELECT slug FROM practices_practice WHERE is_sample AND state = 'published' "
            "ORDER BY id LIMIT 1 OFFSET ?",
            (size // 2,),
        ).fetchone()
        return f"/praxis/{row[0]}/"


def api_cursor(suite: str, db: Path, size: int) -> str:
    """The signed cursor of the API list page that starts in the middle of the data (signed
    with the bench server's key: computed with its settings)."""
    table = "actors_actor" if suite == "actors" else "practices_practice"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        (middle,) = conn.execute(
            f"SELECT id FROM {table} ORDER BY id LIMIT 1 OFFSET ?",  # noqa: S608 - our tables
            (size // 2,),
        ).fetchone()
    code = (
        "import django; django.setup(); from quartiersnetz.api.lists import make_cursor; "
        f"print(make_cursor({int(middle)}, {{}}))"
    )
    out = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env=django_env(db), check=True, capture_output=True, text=True
    )
    return quote(out.stdout.strip().splitlines()[-1], safe="")


def free_port() -> int:
    """The first free loopback port of PORTS."""
    for port in PORTS:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


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

    def _cpu_seconds(self) -> float:
        """CPU time used so far by the master and its workers (Linux /proc)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(stat.parent.name), int(fields[1])
            if self.process.pid in (pid, ppid):
                total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / ticks

    def wait_idle(self, timeout: float = 300) -> float:
        """Wait until the workers' start-up work (the similarity model's warm-up fit) is done:
        measurements are of the steady state. Returns the seconds waited."""
        started = time.monotonic()
        quiet = 0
        last = self._cpu_seconds()
        while time.monotonic() - started < timeout and quiet < 2:
            time.sleep(1)
            now = self._cpu_seconds()
            quiet = quiet + 1 if now - last < 0.05 else 0
            last = now
        return time.monotonic() - started

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

    def __init__(self, port: int, cookie: str = "") -> None:
        self.port = port
        self.cookie = cookie  # "sessionid=…" for pages behind the login
        self.retries = 0

    def get(self, path: str) -> tuple[int, int, float]:
        for attempt in range(3):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            started = time.perf_counter()
            try:
                # Like every browser, accept gzip (only the GeoJSON export compresses).
                headers = {
                    "Accept-Language": "de",
                    "Accept-Encoding": "gzip",
                    "Connection": "close",
                }
                if self.cookie:
                    headers["Cookie"] = self.cookie
                conn.request("GET", path, headers=headers)
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


def count_queries(db: Path, paths: list[str], cookie: str = "") -> dict[str, dict[str, Any]]:
    out = subprocess.run(
        [PY, str(ROOT / "bench" / "queries.py"), *paths],
        cwd=ROOT,
        env=django_env(db, BENCH_COOKIE=cookie),
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, dict[str, Any]] = json.loads(out.stdout)
    return result


def budget(requests: int, warm_median_ms: float) -> int:
    """Timed requests for a page: all of them, unless a page takes longer than SLOW_MS."""
    if warm_median_ms <= SLOW_MS:
        return requests
    return min(requests, max(MIN_REQUESTS, int(requests * SLOW_MS / warm_median_ms)))


def measure_size(
    suite: str, size: int, db: Path, requests: int, warmup: int, logfile: IO[bytes]
) -> tuple[list[Measurement], dict[str, Any], list[dict[str, Any]]]:
    """Measure the suite's pages; pages that are not there (404) are skipped with a note."""
    all_pages = [(name, path or detail_path(suite, db, size)) for name, path in SUITES[suite]]
    if suite in ("actors", "practices"):  # "{api_cursor}": the API's page from the middle
        cursor = api_cursor(suite, db, size)
        all_pages = [(name, path.replace("{api_cursor}", cursor)) for name, path in all_pages]
    if suite == "network":  # "{actor}", "{alliance}": records of the generated network
        slugs = network_page_paths(db)
        all_pages = [(name, path.format(**slugs)) for name, path in all_pages]
    cookie = ""
    if suite == "notifications":  # the member's pages: logged in, with their newest thread
        member = notifications_script(db, "--session")
        cookie = member["cookie"]
        all_pages = [(name, path.format(thread=member["thread"])) for name, path in all_pages]
    queries = count_queries(db, [path for _name, path in all_pages], cookie)
    pages: list[tuple[str, str]] = []
    skipped: list[dict[str, Any]] = []
    for name, path in all_pages:
        status = queries[path]["status"]
        if status == 200:
            pages.append((name, path))
        elif status == 404 and name != FLOOR:
            log(f"SKIP {suite}/{name} {path}: 404 (page not built yet)")
            skipped.append({"suite": suite, "page": name, "size": size, "path": path,
                            "status": status, "note": "404: page not built yet"})  # fmt: skip
        else:
            raise RuntimeError(f"{name} {path}: status {status} (test client)")

    server = Server(db, logfile)
    try:
        server.wait_ready()
        log(f"server idle after {server.wait_idle():.0f} s (workers' warm-up)")
        client = Client(server.port, cookie)
        # Warm-up, so that every worker has rendered every page at least once.
        warm: dict[str, list[float]] = {name: [] for name, _path in pages}
        for _round in range(warmup):
            for name, path in pages:
                status, _size, elapsed = client.get(path)
                if status != 200:
                    raise RuntimeError(f"{path}: HTTP {status}")
                warm[name].append(elapsed)
        # A slow page gets fewer timed requests (at least MIN_REQUESTS), so that one page of
        # seconds does not stretch the run to hours; the count is in the report.
        planned = {
            name: budget(requests, percentile(warm[name], 0.5) if warm[name] else 0.0)
            for name, _path in pages
        }
        timings: dict[str, list[float]] = {name: [] for name, _path in pages}
        sizes: dict[str, int] = {}
        for round_ in range(requests):
            for name, path in pages:
                if round_ >= planned[name]:
                    continue
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
            suite=suite,
            page=name,
            size=size,
            path=path,
            median_ms=round(percentile(timings[name], 0.5), 2),
            p95_ms=round(percentile(timings[name], 0.95), 2),
            queries=int(queries[path]["queries"]),
            cold_queries=int(queries[path]["cold_queries"]),
            cold_ms=float(queries[path]["cold_ms"]),
            mean_ms=round(sum(timings[name]) / len(timings[name]), 2),
            min_ms=round(min(timings[name]), 2),
            max_ms=round(max(timings[name]), 2),
            requests=len(timings[name]),
            bytes=sizes[name],
        )
        for name, path in pages
    ]
    return measurements, queries, skipped


def check_targets(
    suite: str, measurements: list[Measurement], sizes: list[int]
) -> list[dict[str, Any]]:
    """Floor and scaling checks (latency) and the query-count check, for one suite."""
    ms = [m for m in measurements if m.suite == suite]
    by_key = {(m.page, m.size): m for m in ms}
    checks: list[dict[str, Any]] = []
    for m in ms:
        if m.page == FLOOR:
            continue
        floor = by_key[(FLOOR, m.size)].median_ms
        limit = FLOOR_FACTOR * floor
        checks.append(
            {
                "suite": suite,
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
        for name, _path in SUITES[suite]:
            a, b = by_key.get((name, small)), by_key.get((name, large))
            if a is None or b is None:
                continue
            checks.append(
                {
                    "suite": suite,
                    "check": f"median <= {SCALING_LIMIT:g}x from {small} to {large}",
                    "page": name,
                    "size": large,
                    "value_ms": b.median_ms,
                    "limit_ms": round(SCALING_LIMIT * a.median_ms, 2),
                    "ratio": round(b.median_ms / a.median_ms, 2),
                    "ok": b.median_ms <= SCALING_LIMIT * a.median_ms,
                }
            )
            if name == FLOOR:
                continue
            same = (a.queries, a.cold_queries) == (b.queries, b.cold_queries)
            checks.append(
                {
                    "suite": suite,
                    "check": f"same query count at {small} and {large}",
                    "page": name,
                    "size": large,
                    "value": f"{b.queries}/{b.cold_queries}",
                    "limit": f"{a.queries}/{a.cold_queries}",
                    "ratio": round(b.cold_queries / a.cold_queries, 2) if a.cold_queries else 1,
                    "ok": same,
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


def collect_static() -> str:
    """collectstatic with the bench settings; falls back to bench/lenient_static.py (noted).

    The fallback is for one known failure only: a vendored script whose `sourceMappingURL`
    points to a `.map` file that is not shipped stops Django's manifest storage.
    """
    global SETTINGS  # every later subprocess uses the settings chosen here
    log(f"collectstatic ({SETTINGS})")
    unused = BENCH_DIR / "unused.sqlite3"
    result = subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=django_env(unused),
        capture_output=True,
        text=True,
        check=False,
    )
    note = SETTINGS
    if result.returncode != 0:
        if "BENCH_SETTINGS" in os.environ or ".map" not in result.stderr:
            sys.stderr.write(result.stderr)
            raise RuntimeError("collectstatic failed")
        lines = [line for line in result.stderr.splitlines() if ".map" in line]
        missing = lines[0].strip() if lines else ""
        log(f"collectstatic failed on a missing source map ({missing[:160]})")
        log("falling back to bench.lenient_static (dev settings, source maps not rewritten)")
        SETTINGS = "bench.lenient_static"
        subprocess.run(
            [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=django_env(unused),
            check=True,
        )
        note = f"{SETTINGS} (fallback: collectstatic with config.settings.dev failed: {missing})"
    unused.unlink(missing_ok=True)
    return note


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--suite",
        default="actors,practices,events,network,matching,notifications,relevance,dump",
        help="actors, practices, events, network, matching, notifications, relevance, dump "
        "(comma-separated)",
    )
    parser.add_argument("--sizes", default="1000,20000", help="organisations (actors suite)")
    parser.add_argument(
        "--practice-sizes", default="5000,50000", help="practices (practices suite)"
    )
    parser.add_argument(
        "--event-sizes", default="200,2000", help="events (events suite; 500 registrations)"
    )
    parser.add_argument(
        "--network-sizes", default="1000,10000", help="actors with 10 edges each (network suite)"
    )
    parser.add_argument(
        "--notification-sizes",
        default="1000,10000",
        help="users (notifications suite: fan-out, digest and the member pages)",
    )
    parser.add_argument(
        "--ports", default="", help="loopback port range for the server, e.g. 8710-8719"
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse-db", action="store_true", help="keep existing bench databases")
    args = parser.parse_args()
    suites = [s.strip() for s in args.suite.split(",") if s.strip()]
    if "matching" in suites:  # partner matching: quality and recompute time (bench/matching.py)
        suites.remove("matching")
        subprocess.run([PY, str(ROOT / "bench" / "matching.py")], check=False)
    if "notifications" in suites:  # fan-out and digests in-process (bench/notifications.py);
        # the member pages are measured below like every other suite's
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
        sizes_arg = ["--sizes", args.notification_sizes]
        subprocess.run(
            [PY, str(ROOT / "bench" / "notifications.py"), *sizes_arg], check=False, env=env
        )
    if "relevance" in suites:  # search relevance: P@5 and R@10 per mode (bench/relevance.py)
        suites.remove("relevance")
        reuse = ["--reuse-db"] if args.reuse_db else []
        subprocess.run([PY, str(ROOT / "bench" / "relevance.py"), *reuse], check=False)
    if "dump" in suites:  # the open-data dump: time and peak memory (bench/dump.py), on the
        # practices suite's databases
        suites.remove("dump")
        reuse = ["--reuse-db"] if args.reuse_db else []
        dump_sizes = ["--sizes", args.practice_sizes]
        subprocess.run([PY, str(ROOT / "bench" / "dump.py"), *dump_sizes, *reuse], check=False)
    for suite in suites:
        if suite not in SUITES:
            parser.error(
                f"unknown suite {suite!r} (actors, practices, events, network, matching, "
                "notifications, relevance, dump)"
            )
    sizes_of = {
        "actors": [int(s) for s in args.sizes.split(",") if s.strip()],
        "practices": [int(s) for s in args.practice_sizes.split(",") if s.strip()],
        "events": [int(s) for s in args.event_sizes.split(",") if s.strip()],
        "network": [int(s) for s in args.network_sizes.split(",") if s.strip()],
        "notifications": [int(s) for s in args.notification_sizes.split(",") if s.strip()],
    }
    if args.ports:
        global PORTS
        first, _sep, last = args.ports.partition("-")
        PORTS = range(int(first), int(last or first) + 1)

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    settings_note = collect_static()

    measurements: list[Measurement] = []
    builds: dict[str, dict[str, float]] = {}
    all_queries: dict[str, dict[str, Any]] = {}
    skipped: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    with open(BENCH_DIR / "gunicorn.log", "wb") as logfile:
        for suite in suites:
            for size in sizes_of[suite]:
                key = f"{suite}:{size}"
                db, builds[key] = build_database(suite, size, args.seed, args.reuse_db)
                log(
                    f"measuring {size} {UNITS[suite]}: {args.warmup} warm-up + {args.requests} each"
                )
                results, all_queries[key], missing = measure_size(
                    suite, size, db, args.requests, args.warmup, logfile
                )
                skipped += missing
                for m in results:
                    print(
                        json.dumps(
                            {
                                "suite": m.suite,
                                "page": m.page,
                                "size": m.size,
                                "median_ms": m.median_ms,
                                "p95_ms": m.p95_ms,
                                "queries": m.queries,
                                "cold_queries": m.cold_queries,
                                "cold_ms": m.cold_ms,
                            }
                        ),
                        flush=True,
                    )
                measurements += results
            checks += check_targets(suite, measurements, sizes_of[suite])

    report = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "method": {
            "server": "gunicorn -c config/gunicorn.py (WEB_CONCURRENCY/GUNICORN_THREADS "
            "defaults), DEBUG off",
            "settings": settings_note,
            "database": f"SQLite, fresh file per suite and size: migrate + scale_data --seed "
            f"{args.seed} (actors: --organisations N; practices: --organisations 1000 "
            f"--practices N; events: --organisations 200 --events N --event-registrations "
            f"{EVENT_REGISTRATIONS}; network: bench/network.py --generate N instead of "
            f"scale_data)",
            "requests_per_page": args.requests,
            "warmup_per_page": args.warmup,
            "client": "http.client, sequential, one connection per request, pages interleaved",
            "queries": "bench/queries.py: test Client in CaptureQueriesContext, same database; "
            "warm (second request) and cold (after cache.clear())",
        },
        "builds": builds,
        "measurements": [asdict(m) for m in measurements],
        "skipped": skipped,
        "checks": checks,
    }
    (BENCH_DIR / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    (BENCH_DIR / "queries.json").write_text(json.dumps(all_queries, indent=2, ensure_ascii=False))

    by_key = {(m.suite, m.page, m.size): m for m in measurements}
    for suite in suites:
        sizes = sizes_of[suite]
        print(
            f"\n{suite} (median ms; queries warm/cold; target: within 5x floor, <= +30 % "
            "from smallest to largest size, same query count)"
        )
        print(f"{'page':<12}" + "".join(f"{size:>10}" for size in sizes) + "  queries  result")
        for name, _path in SUITES[suite]:
            row_ms = [by_key.get((suite, name, s)) for s in sizes]
            if all(m is None for m in row_ms):
                print(f"{name:<12}" + "".join(f"{'-':>10}" for _ in sizes) + "  SKIPPED (404)")
                continue
            page_checks = [c for c in checks if c["suite"] == suite and c["page"] == name]
            failed = [c for c in page_checks if not c["ok"]]
            verdict = (
                "PASS"
                if not failed
                else "MISS: " + "; ".join(f"{c['check']} ({c['ratio']}x)" for c in failed)
            )
            cells = "".join(f"{m.median_ms:>10.2f}" if m else f"{'-':>10}" for m in row_ms)
            counts = "/".join(f"{m.queries}:{m.cold_queries}" if m else "-" for m in row_ms)
            print(f"{name:<12}{cells}  {counts:<9}  {verdict}")
    if "network" in suites and len(set(sizes_of["network"])) > 1:
        small, large = min(sizes_of["network"]), max(sizes_of["network"])
        timed = {size: builds.get(f"network:{size}", {}) for size in (small, large)}
        lines = network_recompute_checks(timed, small, large)
        if lines:
            print("\nnetwork recomputation (figures; suggestions with an empty embedding cache)")
            print("\n".join(lines))
    missed = sum(1 for c in checks if not c["ok"])
    if skipped:
        names = sorted({f"{s['suite']}/{s['page']}" for s in skipped})
        print(f"\nskipped (404, not built yet): {', '.join(names)}")
    print(f"\n{len(checks) - missed}/{len(checks)} checks passed; details in var/bench/latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
