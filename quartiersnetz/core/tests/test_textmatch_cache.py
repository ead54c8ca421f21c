"""textmatch.VersionedCache: one model per process under a version the caller computes."""

import logging
import threading

import pytest

from quartiersnetz.core.textmatch import VersionedCache

THREAD = "textmatch-test-rebuild"


class Model(list):
    """A stand-in for a fitted model: only its length matters to the cache."""


def options(**overrides):
    return {
        "empty": lambda: Model(),
        "expected_size": 2,
        "max_age": 3600,
        "background_first_from": 100,
        "background_rebuild_from": 100,
        **overrides,
    }


class Builder:
    def __init__(self, size=2, *, gate=None):
        self.versions = []
        self.size = size
        self.gate = gate
        self.started = threading.Event()

    def __call__(self, version):
        self.started.set()
        if self.gate is not None:
            assert self.gate.wait(10)
        self.versions.append(version)
        return Model([version] * self.size)


def join_builds():
    for thread in threading.enumerate():
        if thread.name == THREAD:
            thread.join(10)


@pytest.fixture
def cache():
    return VersionedCache(label="the test model", thread_name=THREAD)


def test_built_once_per_version_and_rebuilt_when_it_changes(cache):
    build = Builder()
    first = cache.get("v1", build=build, **options())
    assert cache.get("v1", build=build, **options()) is first
    assert build.versions == ["v1"]
    second = cache.get("v2", build=build, **options())
    assert second is not first
    assert second == ["v2", "v2"]
    assert cache.current() is second
    cache.clear()
    assert cache.current() is None


def test_rebuilt_after_max_age(cache):
    build = Builder()
    first = cache.get("v1", build=build, **options())
    assert cache.get("v1", build=build, **options(max_age=-1)) is not first
    assert build.versions == ["v1", "v1"]


def test_a_busy_builder_leaves_other_threads_the_previous_model(cache):
    build = Builder()
    first = cache.get("v1", build=build, **options())
    assert cache.lock.acquire()
    try:
        assert cache.get("v2", build=build, **options()) is first
    finally:
        cache.lock.release()
    assert build.versions == ["v1"]


def test_a_large_model_is_rebuilt_in_the_background(cache):
    cleaned = []
    cache.cleanup = lambda: cleaned.append(threading.current_thread().name)
    first = cache.get("v1", build=Builder(), **options())
    gate = threading.Event()
    slow = Builder(gate=gate)
    large = options(background_rebuild_from=2)
    assert cache.get("v2", build=slow, **large) is first  # the request does not wait …
    assert slow.started.wait(10)
    assert cache.get("v2", build=slow, **large) is first  # … nor starts a second build
    gate.set()
    join_builds()
    assert slow.versions == ["v2"]
    assert cache.get("v2", build=slow, **large) == ["v2", "v2"]
    assert cleaned == [THREAD]


def test_a_large_first_model_is_built_in_the_background(cache):
    gate = threading.Event()
    slow = Builder(gate=gate)
    large = options(expected_size=5, background_first_from=5)
    assert cache.get("v1", build=slow, **large) == []  # the empty model, at once
    gate.set()
    join_builds()
    assert cache.get("v1", build=slow, **large) == ["v1", "v1"]
    assert slow.versions == ["v1"]


def test_a_failing_background_build_is_logged_and_frees_the_lock(cache, caplog):
    def broken(version):
        raise RuntimeError("boom")

    large = options(expected_size=5, background_first_from=5)
    with caplog.at_level(logging.ERROR, logger="quartiersnetz.core.textmatch.cache"):
        assert cache.get("v1", build=broken, **large) == []
        join_builds()
    assert "Rebuilding the test model failed" in caplog.text
    assert not cache.lock.locked()
    assert cache.current() is None
