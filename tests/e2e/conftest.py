"""Fixtures for the real-browser tests (Playwright + Debian chromium).

One chromium serves all consecutive browser tests; each test gets a fresh browser context
(cookies) with one page that it reuses. The Django app runs in pytest-django's `live_server`
thread on the test database. A live-server test runs outside a transaction and the database is
flushed after it, so the data that migrations seed (taxonomy, municipalities, curator group,
pre-seeded organisations) is written back before each test from a snapshot (see seed.py).

Without chromium (or Playwright, Java and vnu.jar for the HTML check) the tests skip with a
message; with REQUIRE_BROWSER_TESTS=1 (set by .ci/run) they fail instead.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from quartiersnetz.core.testing import require

from .helpers import NO_SCRIPT_CONTEXTS
from .seed import Snapshot, database_is_seeded, pristine_snapshot

# Playwright's sync API runs an asyncio event loop in the test thread, which makes Django
# refuse ORM calls from the test body ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # WebGL (the sigma.js network graph) through SwiftShader, the software renderer: chromium
    # still falls back to it on its own but warns that this fallback is going away.
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 15_000


class _Chromium:
    """One chromium for all consecutive browser tests, started on first use.

    It is closed as soon as the next test is not one of these (see pytest_runtest_teardown):
    a running Playwright sync API keeps an asyncio loop in the test thread, which would make
    Django's async-safety checks and other tests' own Playwright instances fail.
    """

    def __init__(self) -> None:
        self.playwright: Any = None
        self.browser: Any = None

    def get(self) -> Any:
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            self.playwright = sync_playwright().start()
            try:
                self.browser = self.playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS
                )
            except Exception:
                self.close()
                raise
        return self.browser

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.browser = None
        if self.playwright is not None:
            self.playwright.stop()
            self.playwright = None


_CHROMIUM = _Chromium()
E2E_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    try:
        return (yield)  # the fixtures' teardown (browser contexts) runs in here
    finally:
        if nextitem is None or E2E_DIR not in Path(nextitem.path).resolve().parents:
            _CHROMIUM.close()


def pytest_sessionfinish(session: pytest.Session) -> None:
    _CHROMIUM.close()


@pytest.fixture
def browser() -> Any:
    require(
        Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK),
        f"no chromium at {CHROMIUM}: install Debian's `chromium` or set CHROMIUM_PATH",
    )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - the dev requirements install it
        require(False, "Playwright is not installed (pip install -r requirements-dev.txt)")
    try:
        return _CHROMIUM.get()
    except Exception as exc:
        require(False, f"chromium at {CHROMIUM} does not start under Playwright: {exc}")
        raise


@pytest.fixture(scope="session")
def seed_snapshot(django_db_setup: None, django_db_blocker: Any) -> Snapshot:
    with django_db_blocker.unblock():
        return pristine_snapshot()


class _OneRequestAtATime:
    """WSGI wrapper: handle one request at a time, under the lock the test body uses too.

    With SQLite the test database lives in memory, and pytest-django's live server hands the
    test's single connection to every request thread. Two requests at once (a page and its
    favicon, the autocomplete's fetch and a form post) or a request and a query in the test
    body would then share one connection and one transaction. PostgreSQL gives each thread
    its own connection, so there requests stay concurrent.
    """

    def __init__(self, app: Any, lock: threading.RLock) -> None:
        self.app = app
        self.lock = lock

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        with self.lock:
            result = self.app(environ, start_response)
            try:
                return [b"".join(result)]
            finally:
                if hasattr(result, "close"):
                    result.close()


@dataclass
class Site:
    """The running site: its base URL, and `quiet()` for database access from the test body."""

    url: str
    lock: threading.RLock

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Hold off requests while the test body reads or writes the database."""
        with self.lock:
            yield


@pytest.fixture
def server(live_server: Any, transactional_db: None, seed_snapshot: Snapshot) -> Iterator[Site]:
    """The live server, with the migration-seeded data in the (flushed) database."""
    lock = threading.RLock()
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if live_server.thread.connections_override:  # an in-memory SQLite connection is shared
        httpd.set_app(_OneRequestAtATime(app, lock))
    try:
        with lock:
            if not database_is_seeded(seed_snapshot):
                seed_snapshot.restore()
        yield Site(url=live_server.url, lock=lock)
    finally:
        httpd.set_app(app)


def new_context(browser: Any, server: Any, **options: Any) -> Any:
    context = browser.new_context(
        base_url=server.url,
        locale="de-DE",
        viewport={"width": 1280, "height": 900},
        **options,
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    if options.get("java_script_enabled") is False:
        NO_SCRIPT_CONTEXTS.add(context)  # axe_violations audits its pages in a twin
    return context


@pytest.fixture
def context(browser: Any, server: Any) -> Iterator[Any]:
    ctx = new_context(browser, server)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture
def nojs_context(browser: Any, server: Any) -> Iterator[Any]:
    ctx = new_context(browser, server, java_script_enabled=False)
    yield ctx
    ctx.close()
