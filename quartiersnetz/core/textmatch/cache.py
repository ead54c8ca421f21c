"""A per-process cache of one fitted model, keyed by a version the caller computes.

The caller says what the data version is (e.g. `MAX(updated)` and `COUNT(*)` of its records)
and how to build a model for it; the cache answers from the model of that version, rebuilds
lazily when the version changed or the model is older than `max_age`, and never lets a
request wait for a large fit: from `background_first_from` expected documents even a
process's first model is built in a background thread (requests get `empty()` meanwhile), and
from `background_rebuild_from` documents a newer model is built in the background while the
previous one keeps answering. One thread builds at a time (`lock`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sized
from typing import Generic, TypeVar

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Sized)


class VersionedCache(Generic[M]):
    def __init__(
        self, *, label: str, thread_name: str, cleanup: Callable[[], None] | None = None
    ) -> None:
        """`label` names the model in log messages, `thread_name` its background builds;
        `cleanup` runs when one ends (e.g. closing that thread's database connections)."""
        self.lock = threading.Lock()
        self.label = label
        self.thread_name = thread_name
        self.cleanup = cleanup
        self._entry: tuple[str, float, M] | None = None  # version, built at, model

    def current(self) -> M | None:
        return self._entry[2] if self._entry is not None else None

    def clear(self) -> None:
        with self.lock:
            self._entry = None

    def get(
        self,
        version: str,
        *,
        build: Callable[[str], M],
        empty: Callable[[], M],
        expected_size: int,
        max_age: float,
        background_first_from: int,
        background_rebuild_from: int,
    ) -> M:
        """The model of `version`: cached, or built by `build(version)` as described above.
        `expected_size` is the number of documents the new model will hold."""
        entry = self._entry
        current = entry[2] if entry is not None else None
        if entry is not None and entry[0] == version and time.monotonic() - entry[1] < max_age:
            return entry[2]
        if current is None and expected_size >= background_first_from:
            # A process's first large fit takes tens of seconds: never in a request. Build it
            # in the background; until then answer from an empty model.
            if self.lock.acquire(blocking=False):
                self._start(build, version)
            return empty()
        if current is not None and len(current) >= background_rebuild_from:
            if self.lock.acquire(blocking=False):
                self._start(build, version)
            return current
        if not self.lock.acquire(blocking=current is None):
            assert current is not None  # noqa: S101 - acquire only fails when not blocking
            return current
        try:
            latest = self._entry
            if latest is not None and latest[2] is not current and latest[0] == version:
                return latest[2]
            return self._build(build, version)
        finally:
            self.lock.release()

    def _build(self, build: Callable[[str], M], version: str) -> M:
        model = build(version)
        self._entry = (version, time.monotonic(), model)
        return model

    def _start(self, build: Callable[[str], M], version: str) -> None:
        threading.Thread(
            target=self._build_in_background,
            args=(build, version),
            name=self.thread_name,
            daemon=True,
        ).start()

    def _build_in_background(self, build: Callable[[str], M], version: str) -> None:
        """Runs with `lock` held (acquired by the starting thread) and releases it."""
        try:
            self._build(build, version)
        except Exception:
            logger.exception("Rebuilding %s failed", self.label)
        finally:
            if self.cleanup is not None:
                self.cleanup()
            self.lock.release()
