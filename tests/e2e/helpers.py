"""Helpers for the browser tests: axe-core, the Nu HTML Checker, log-in, keyboard focus."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse, urlsplit

from django.conf import settings

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


# --- axe-core -----------------------------------------------------------------------------


# Browser contexts opened with JavaScript switched off (conftest.new_context registers them).
NO_SCRIPT_CONTEXTS: weakref.WeakSet[Any] = weakref.WeakSet()


def axe_violations(page: Any) -> list[str]:
    """WCAG 2.1 A/AA violations axe-core finds on the current page, one line per node.

    A page in a context without JavaScript is audited in a twin page (see `_script_free_twin`):
    there `page.evaluate` still runs, but no timer ever fires, so `axe.run` (which schedules
    its work with setTimeout) would never settle, and Playwright's evaluate has no timeout: the
    test would hang for good.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    if page.context in NO_SCRIPT_CONTEXTS:
        with _script_free_twin(page) as twin:
            results = Axe().run(twin, options=options)
    else:
        results = Axe().run(page, options=options)
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} – {target}\n"
                f"        {node.get('html', '')[:200]}\n"
                f"        {node.get('failureSummary', '').replace(chr(10), ' ')[:300]}"
            )
    return lines


@contextmanager
def _script_free_twin(page: Any) -> Iterator[Any]:
    """The no-JavaScript page's document in a page where axe can run, but the site's scripts cannot.

    The twin (a fresh context with JavaScript on and the same viewport) loads the same URL; the
    document is the no-JS page's DOM (which no script changed), served with the policy
    `script-src 'none'`, so no inline or external script of the site runs; stylesheets, fonts
    and images come from the live server as before (they matter for colour contrast).
    Playwright's evaluate is not bound by the page's CSP, so axe still runs. (A `<noscript>`
    element would be shown in the original and hidden in the twin; the site uses none.)
    """
    html = page.content()
    url = urldefrag(page.url).url
    viewport = page.viewport_size
    context = page.context.browser.new_context(viewport=viewport, locale="de-DE")
    try:
        twin = context.new_page()

        def serve(route: Any) -> None:
            request = route.request
            if request.resource_type == "document" and urldefrag(request.url).url == url:
                route.fulfill(
                    status=200,
                    headers={
                        "Content-Type": "text/html; charset=utf-8",
                        "Content-Security-Policy": "script-src 'none'",
                    },
                    body=html,
                )
            else:
                route.continue_()

        twin.route("**/*", serve)
        twin.goto(url)
        yield twin
    finally:
        context.close()


# --- Nu HTML Checker --------------------------------------------------------------------------


def vnu_available() -> tuple[bool, str]:
    if not shutil.which("java"):
        return False, "no `java` on PATH: install a Java runtime (default-jre-headless) for vnu"
    if not VNU_JAR.is_file():
        return False, f"no Nu HTML Checker at {VNU_JAR}: run `npm ci` (devDependency vnu-jar)"
    return True, ""


def vnu_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """Check all documents in ONE java run; return the errors per document name."""
    with tempfile.TemporaryDirectory(prefix="qn-vnu-") as tmp:
        names: dict[str, str] = {}
        for index, (name, html) in enumerate(documents.items()):
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            filename = f"{index:02d}-{slug}.html"
            (Path(tmp) / filename).write_text(html, encoding="utf-8")
            names[filename] = name
        completed = subprocess.run(
            ["java", "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--stdout",
             "--errors-only", *(str(Path(tmp) / f) for f in names)],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            f"vnu gave no JSON report: {completed.stdout[:500]} {completed.stderr[:500]}"
        ) from exc
    errors: dict[str, list[str]] = {}
    for message in report.get("messages", []):
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        url = message.get("url", "")
        name = names.get(Path(urlparse(url).path).name, url)
        where = f"line {message.get('lastLine', '?')}" if "lastLine" in message else ""
        extract = " ".join(message.get("extract", "").split())[:160]
        errors.setdefault(name, []).append(f"{where}: {message.get('message')}  «{extract}»")
    return errors


# --- collecting pages -------------------------------------------------------------------------


@dataclass
class PageTour:
    """Visits pages in one browser page, runs axe on each and keeps the served HTML for vnu."""

    page: Any
    run_axe: bool = True
    # With check_overflow, each page is measured for horizontal overflow (wider than the
    # viewport: a phone user would have to scroll sideways).
    check_overflow: bool = False
    documents: dict[str, str] = field(default_factory=dict)
    axe_problems: dict[str, list[str]] = field(default_factory=dict)
    overflow: dict[str, str] = field(default_factory=dict)

    def _record(self, name: str, response: Any, status: int, path: str | None) -> None:
        assert response is not None, f"{name}: no response"
        assert response.status == status, f"{name}: HTTP {response.status} at {response.url}"
        if path is not None:
            # A redirect (e.g. to the login page) would check the wrong page.
            assert urlsplit(response.url).path == urlsplit(path).path, (
                f"{name}: expected {path}, landed on {response.url}"
            )
        self.documents[name] = response.text()
        self.audit_state(name)

    def audit_state(self, name: str) -> None:
        """Run axe on the page as it is now (also for states without a new document)."""
        if self.run_axe:
            violations = axe_violations(self.page)
            if violations:
                self.axe_problems[name] = violations
        if self.check_overflow:
            wider = horizontal_overflow(self.page)
            if wider:
                self.overflow[name] = wider

    def visit(self, name: str, path: str, *, status: int = 200) -> None:
        response = self.page.goto(path)
        self._record(name, response, status, path)

    def follow(
        self, name: str, control: Any, *, status: int = 200, path: str | None = None
    ) -> None:
        """Click a link or submit button and check the page it leads to (e.g. form errors)."""
        with self.page.expect_navigation() as navigation:
            control.click()
        self._record(name, navigation.value, status, path)

    def assert_clean(self) -> None:
        """Fail on any axe-core finding of the tour, then on any Nu HTML Checker error in the
        pages' HTML (when the checker is installed)."""
        assert not self.axe_problems, (
            "axe-core found WCAG 2.1 A/AA violations:\n" + self.axe_report()
        )
        available, _reason = vnu_available()
        if available:
            errors = vnu_errors(self.documents)
            report = "\n".join(
                f"{name}:\n    " + "\n    ".join(lines) for name, lines in errors.items()
            )
            assert not errors, f"the Nu HTML Checker found errors:\n{report}"

    def axe_report(self) -> str:
        return "\n".join(
            f"{name}:\n    " + "\n    ".join(lines) for name, lines in self.axe_problems.items()
        )


def horizontal_overflow(page: Any) -> str:
    """'' if the page fits the viewport's width, else how wide it is and the widest elements
    that stick out (scrolling boxes such as wide tables in `overflow-x: auto` are fine)."""
    return str(
        page.evaluate(
            """() => {
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width) return "";
              const out = [];
              for (const el of document.body.querySelectorAll("*")) {
                const box = el.getBoundingClientRect();
                const shown =
                  !el.checkVisibility || el.checkVisibility({ visibilityProperty: true });
                if (shown && box.right > width + 1 && box.width > 0) {
                  let inScroller = false;
                  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    const o = getComputedStyle(p).overflowX;
                    if (o === "auto" || o === "scroll" || o === "hidden") {
                      inScroller = true;
                      break;
                    }
                  }
                  const name = typeof el.className === "string" && el.className.trim()
                    ? "." + el.className.trim().split(/\\s+/).join(".") : "";
                  if (!inScroller) {
                    out.push(el.tagName.toLowerCase() + name + " → " + Math.round(box.right));
                  }
                }
              }
              const wide = document.documentElement.scrollWidth;
              return wide + " px wide for " + width + ": " + out.slice(0, 5).join("; ");
            }"""
        )
    )


# --- sessions, mail, keyboard ------------------------------------------------------------


def log_in(context: Any, user: Any, site: Any) -> None:
    """Give the browser context a logged-in session for `user` (no form round trip)."""
    from django.test import Client

    client = Client()
    with site.quiet():
        client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": site.url}]
    )


def log_out(context: Any) -> None:
    context.clear_cookies()


def link_from_mail(outbox: list[Any], *, to: str, path_contains: str) -> str:
    """The first link containing `path_contains` in the newest mail to `to`."""
    for message in reversed(outbox):
        if to in message.to:
            for url in re.findall(r"https?://\S+", message.body):
                if path_contains in url:
                    return url
    raise AssertionError(f"no mail to {to} with a link containing {path_contains!r}")


def focused_is(locator: Any) -> bool:
    return bool(locator.evaluate("el => el === document.activeElement"))


_FOCUS_STATE = """el => {
    const active = document.activeElement;
    let visible = true;
    let indicated = true;
    if (active && active !== document.body) {
        const box = active.getBoundingClientRect();
        visible = box.width > 0 && box.height > 0;
        const style = getComputedStyle(active);
        indicated = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== "none";
    }
    return [el === active, visible, indicated];
}"""


def tab_to(page: Any, locator: Any, *, backwards: bool = False, max_presses: int = 120) -> None:
    """Press Tab (or Shift+Tab) until `locator` has the focus, as a keyboard user would.

    Every element that receives the focus on the way must be visible (no hidden tab stops)
    and show a focus indicator (an outline or a box shadow; WCAG 2.4.7).
    """
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(max_presses):
        reached, visible, indicated = locator.evaluate(_FOCUS_STATE)
        assert visible, f"keyboard focus went to an invisible element: {describe_focus(page)}"
        assert indicated, f"the focused element shows no focus outline: {describe_focus(page)}"
        if reached:
            return
        page.keyboard.press(key)
    raise AssertionError(f"{max_presses}× {key} never reached {locator}; at {describe_focus(page)}")


def describe_focus(page: Any) -> str:
    return str(
        page.evaluate(
            "() => document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : ''"
        )
    )
