"""`make bench --suite notifications` (issue 13): fan-out, the daily digest and two member pages.

Fan-out and digest run in-process on a fresh test database (settings `config.settings.test`:
locmem mail, immediate tasks), at two sizes (default 1 000 and 10 000 users):

- fan-out: one published practice reaches every user (all follow its Bundesland), through
  `fanout.notify_followers` — time and queries may grow at most linearly (≤ 12× for 10×);
  the median of REPEAT runs (the notifications are deleted between them);
- digest: `mail.send("daily")` composes and sends one digest per user (each with two
  notifications of two kinds) — ≤ 12× the time for 10× the users.

The member pages `/konto/benachrichtigungen/`, `/konto/nachrichten/` and one thread are timed
by bench/run.py like every other page (gunicorn, HTTP, within 5× the floor, ≤ +30 % from the
smaller to the larger size, constant queries), with the bench member's session cookie:
`--generate N` fills the database in DATABASE_URL (N users who all got three notifications;
the member with N / 10 notifications and N / 40 message threads, so both lists fill more than
a page at both sizes), `--session` logs the member in and prints the cookie and the newest
thread.

Prints one JSON object per measurement and one per check; a missed target is reported, not
turned into a failing exit status (as bench/run.py does).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/notifications.py \
        [--sizes 1000,10000]
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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

REPEAT = 5  # fan-out runs per size; their median is reported


def _factories() -> Any:
    # The test factories make complete organisations (imported by name: they are test code,
    # outside the type-checked packages).
    return importlib.import_module("quartiersnetz.actors.tests.factories")


def _users(size: int, prefix: str) -> list[Any]:
    from django.contrib.auth.hashers import make_password

    from quartiersnetz.accounts.models import User

    password = make_password(None)
    return User.objects.bulk_create(
        [User(email=f"{prefix}{size}-{i}@example.org", password=password) for i in range(size)],
        batch_size=1000,
    )


def _threads(member: Any, writers: list[Any], size: int) -> None:
    """`len(writers)` organisations each start a thread with the member's organisation."""
    from quartiersnetz.contact import services as contact_services

    factories = _factories()
    home: Any = factories.OrganisationFactory(name=f"Quartiersverein {size}", slug=f"qv-{size}")
    factories.MembershipFactory(user=member, organisation=home)
    for i, writer in enumerate(writers):
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


def build(size: int) -> None:
    """`size` users following Nordrhein-Westfalen, opted in to a daily digest of practices and
    events (the in-process fan-out and digest measurements)."""
    from quartiersnetz.notifications.models import Follow, Notification, NotificationSettings

    Notification.objects.all().delete()
    Follow.objects.all().delete()
    NotificationSettings.objects.all().delete()
    users = _users(size, "bench")
    choice = {"practice_published": "daily", "event_published": "daily"}
    NotificationSettings.objects.bulk_create(
        [NotificationSettings(user=u, email_enabled=True, deliveries=choice) for u in users],
        batch_size=1000,
    )
    Follow.objects.bulk_create(
        [Follow(user=u, target="state", key="05") for u in users], batch_size=1000
    )
    # An event for everybody as well, so that each digest groups two kinds.
    from quartiersnetz.notifications import fanout

    fanout.notify_followers(
        kind="event_published",
        subject_type="event",
        subject_id=1,
        title="Praxiswerkstatt Innenstadt",
        url="/werkstaetten/praxiswerkstatt-innenstadt/",
        targets=[("state", "05")],
    )


MEMBER = "bench-member@example.org"


def generate(size: int) -> dict[str, Any]:
    """Fill the database in DATABASE_URL for the member pages (bench/run.py's suite)."""
    from quartiersnetz.accounts.models import User
    from quartiersnetz.notifications import fanout
    from quartiersnetz.notifications.models import Follow, Notification

    started = time.perf_counter()
    users = _users(size, "bench")
    member = User.objects.create_user(email=MEMBER, password=None)
    Follow.objects.bulk_create(
        [Follow(user=u, target="state", key="05") for u in [member, *users]], batch_size=1000
    )
    for i, title in enumerate(("Gemeinschaftsgarten am Bahnhof", "Markthalle als Dritter Ort",
                               "Leerstandsbörse im Stadtkern")):  # fmt: skip
        fanout.notify_followers(
            kind="practice_published",
            subject_type="practice",
            subject_id=i + 1,
            title=title,
            url=f"/praxis/beispiel-{i + 1}/",
            targets=[("state", "05")],
        )
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
            for i in range(max(size // 10, 60))
        ],
        batch_size=1000,
    )
    _threads(member, users[: max(size // 40, 25)], size)
    return {"generate_s": round(time.perf_counter() - started, 1)}


def session() -> dict[str, Any]:
    """Log the bench member in (a session in the configured store) and name the newest thread."""
    from django.conf import settings
    from django.test import Client

    from quartiersnetz.accounts.models import User
    from quartiersnetz.contact.models import Thread

    client = Client()
    client.force_login(User.objects.get(email=MEMBER))
    thread = Thread.objects.order_by("-last_message_at", "-id").first()
    name = settings.SESSION_COOKIE_NAME
    return {
        "cookie": f"{name}={client.cookies[name].value}",
        "thread": thread.pk if thread else 0,
    }


def timed(fn: Any) -> tuple[float, int, Any]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    return round(elapsed * 1000, 1), len(queries.captured_queries), result


def measure(size: int) -> list[dict[str, Any]]:
    from quartiersnetz.notifications import fanout, mail
    from quartiersnetz.notifications.models import Notification

    build(size)
    out: list[dict[str, Any]] = []

    def note(page: str, ms: float, queries: int, **extra: Any) -> None:
        row = {"suite": "notifications", "page": page, "size": size, "ms": ms, "queries": queries}
        out.append({**row, **extra})

    runs = []
    for _ in range(REPEAT):
        Notification.objects.filter(kind="practice_published").delete()
        runs.append(
            timed(
                lambda: fanout.notify_followers(
                    kind="practice_published",
                    subject_type="practice",
                    subject_id=1,
                    title="Gemeinschaftsgarten am Bahnhof",
                    url="/praxis/gemeinschaftsgarten/",
                    targets=[("state", "05")],
                )
            )
        )
    ms = statistics.median(run[0] for run in runs)
    note("fanout", ms, runs[-1][1], notifications=runs[-1][2], runs=[run[0] for run in runs])
    django_mail.outbox = []
    ms, queries, sent = timed(lambda: mail.send("daily"))
    if sent != size:
        raise RuntimeError(f"{sent} digests for {size} users")
    note("digest(daily)", ms, queries, mails=sent)
    django_mail.outbox = []
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
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--generate", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--session", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        print(json.dumps(generate(args.generate)))
        return
    if args.session:
        print(json.dumps(session()))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0)
    try:
        results = [row for size in sizes for row in measure(size)]
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    for row in results:
        print(json.dumps(row), flush=True)
    if len(sizes) == 2:
        for row in checks(results, sizes):
            print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
