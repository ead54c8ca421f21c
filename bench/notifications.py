"""`make bench --suite notifications` (issue 13): fan-out, the daily digest and two member pages.

In-process on a fresh test database (settings `config.settings.test`: locmem mail, immediate
tasks), at two sizes (default 1 000 and 10 000 users):

- fan-out: one published practice reaches every user (all follow its Bundesland), through
  `fanout.notify_followers` — time and queries may grow at most linearly (≤ 12× for 10×);
- digest: `mail.send("daily")` composes and sends one digest per user (each with two
  notifications of two kinds) — ≤ 12× the time for 10× the users;
- pages: `/konto/benachrichtigungen/` and `/konto/nachrichten/` for one member with 30 resp.
  300 notifications and threads (so the data grows with the size), each the median of N
  requests through the test client, within 5× the floor (`/robots.txt` through the same client)
  and with the same number of SQL queries at both sizes.

Prints one JSON object per measurement and one per check; a missed target is reported, not
turned into a failing exit status (as bench/run.py does).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/notifications.py \
        [--sizes 1000,10000] [--requests 40]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core import mail as django_mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAGES = ["/konto/benachrichtigungen/", "/konto/nachrichten/"]
FLOOR = "/robots.txt"


def build(size: int) -> Any:
    """`size` users following Nordrhein-Westfalen, opted in to a daily digest of practices and
    events; one member ("bench-member") with size // 33 notifications and message threads."""
    from django.contrib.auth.hashers import make_password

    from quartiersnetz.accounts.models import User

    # The test factories make complete organisations (imported by name: they are test code,
    # outside the type-checked packages).
    factories = importlib.import_module("quartiersnetz.actors.tests.factories")
    from quartiersnetz.contact import services as contact_services
    from quartiersnetz.notifications.models import Follow, Notification, NotificationSettings

    Notification.objects.all().delete()
    Follow.objects.all().delete()
    NotificationSettings.objects.all().delete()
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(email=f"bench{size}-{i}@example.org", password=password) for i in range(size)],
        batch_size=1000,
    )
    choice = {"practice_published": "daily", "event_published": "daily"}
    NotificationSettings.objects.bulk_create(
        [NotificationSettings(user=u, email_enabled=True, deliveries=choice) for u in users],
        batch_size=1000,
    )
    Follow.objects.bulk_create(
        [Follow(user=u, target="state", key="05") for u in users], batch_size=1000
    )
    member = users[0]
    extra = max(size // 33, 30)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=member,
                kind="event_published",
                subject_type="event",
                subject_id=str(10_000 + i),
                title=f"Praxiswerkstatt Nummer {i}",
                url=f"/werkstaetten/pw-{i}/",
            )
            for i in range(extra)
        ]
    )
    # Threads: the member's organisation is written to by `extra // 10` others.
    home: Any = factories.OrganisationFactory(name=f"Quartiersverein {size}", slug=f"qv-{size}")
    factories.MembershipFactory(user=member, organisation=home)
    for i in range(max(extra // 10, 3)):
        writer = users[i + 1]
        other: Any = factories.OrganisationFactory(
            name=f"Nachbarschaft {size}-{i}", slug=f"nb-{size}-{i}"
        )
        factories.MembershipFactory(user=writer, organisation=other)
        contact_services.contact_start(
            user=writer,
            sender_actor=other,
            recipient_actor=home,
            subject=f"Gemeinsames Fest {i}",
            body="Hätten Sie Lust, mitzumachen?",
        )
    return member


def timed(fn: Any) -> tuple[float, int, Any]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    return round(elapsed * 1000, 1), len(queries.captured_queries), result


def page_queries(member: Any, path: str) -> int:
    """The SQL queries of a warm request, on a new client (counted before any timing: after a
    static answer such as robots.txt the test client's next count came out empty)."""
    client = Client()
    client.force_login(member)
    client.get(path)  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return len(queries.captured_queries)


def page_median(client: Client, path: str, requests: int) -> float:
    client.get(path)  # warm
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def measure(size: int, requests: int) -> list[dict[str, Any]]:
    from quartiersnetz.notifications import fanout, mail

    member = build(size)
    out: list[dict[str, Any]] = []

    def note(page: str, ms: float, queries: int, **extra: Any) -> None:
        row = {"suite": "notifications", "page": page, "size": size, "ms": ms, "queries": queries}
        out.append({**row, **extra})

    ms, queries, made = timed(
        lambda: fanout.notify_followers(
            kind="practice_published",
            subject_type="practice",
            subject_id=1,
            title="Gemeinschaftsgarten am Bahnhof",
            url="/praxis/gemeinschaftsgarten/",
            targets=[("state", "05")],
        )
    )
    note("fanout", ms, queries, notifications=made)
    django_mail.outbox = []
    ms, queries, sent = timed(lambda: mail.send("daily"))
    if sent != size:
        raise RuntimeError(f"{sent} digests for {size} users")
    note("digest(daily)", ms, queries, mails=sent)
    django_mail.outbox = []

    counts = {path: page_queries(member, path) for path in PAGES}
    client = Client()
    client.force_login(member)
    note(FLOOR, page_median(client, FLOOR, requests), 0)
    for path in PAGES:
        note(path, page_median(client, path, requests), counts[path])
    return out


def checks(results: list[dict[str, Any]], sizes: list[int]) -> list[dict[str, Any]]:
    factor = sizes[1] / sizes[0]
    found = []

    def at(page: str, size: int) -> dict[str, Any]:
        return next(r for r in results if r["page"] == page and r["size"] == size)

    for page in ("fanout", "digest(daily)"):
        small, large = at(page, sizes[0]), at(page, sizes[1])
        ratio = large["ms"] / max(small["ms"], 0.1)
        query_ratio = large["queries"] / max(small["queries"], 1)
        found.append(
            {
                "check": f"{page}: at most linear ({factor:g}× data → ≤ {1.2 * factor:g}×)",
                "time_ratio": round(ratio, 2),
                "query_ratio": round(query_ratio, 2),
                "ok": ratio <= 1.2 * factor and query_ratio <= 1.2 * factor,
            }
        )
    for page in PAGES:
        for size in sizes:
            ratio = at(page, size)["ms"] / max(at(FLOOR, size)["ms"], 0.01)
            found.append(
                {
                    "check": f"{page} within 5× floor",
                    "size": size,
                    "ratio": round(ratio, 2),
                    "ok": ratio <= 5,
                }
            )
        counts = [at(page, size)["queries"] for size in sizes]
        found.append(
            {"check": f"{page} constant queries", "queries": counts, "ok": counts[0] == counts[1]}
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0)
    try:
        results = [row for size in sizes for row in measure(size, args.requests)]
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    for row in results:
        print(json.dumps(row), flush=True)
    if len(sizes) == 2:
        for row in checks(results, sizes):
            print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
