"""The deploy check refuses a per-process throttle cache (issue 9, finding 6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from quartiersnetz.accounts.checks import check_throttle_cache

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k7Vq-2rN9pX4zL8wT1mB6cH3jF5dS0gY-aE7uR2iO9nK4vQ1xZ8tW3yP6bM5",
    "ALLOWED_HOSTS": "quartiersnetz.example.org",
    "SITE_URL": "https://quartiersnetz.example.org",
}


def run_python(args: list[str], env: dict[str, str], tmp_path: Path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY"))}
    clean.update({"VAR_DIR": str(tmp_path), **env})
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, *args],
        cwd=django_settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


DEPLOY_CHECK = ["manage.py", "check", "--deploy", "--settings=config.settings.production"]


@pytest.mark.parametrize(
    ("backend", "refused"),
    [
        ("django.core.cache.backends.locmem.LocMemCache", True),
        ("django.core.cache.backends.dummy.DummyCache", True),
        ("quartiersnetz.core.cache.AtomicDatabaseCache", False),
        ("django.core.cache.backends.redis.RedisCache", False),
    ],
)
def test_the_check_refuses_per_process_caches(settings, backend, refused):
    settings.CACHES = {**settings.CACHES, "throttle": {"BACKEND": backend}}
    ids = [message.id for message in check_throttle_cache()]
    assert ids == (["accounts.E001"] if refused else [])


def test_production_deploy_check_fails_with_a_per_process_throttle_cache(tmp_path):
    (tmp_path / "locmem_production.py").write_text(
        "from config.settings.production import *  # noqa\n"
        "CACHES = {**CACHES, 'throttle': "
        "{'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}\n"
    )
    result = run_python(
        [*DEPLOY_CHECK[:-1], "--settings=locmem_production"],
        {**PRODUCTION_ENV, "PYTHONPATH": str(tmp_path)},
        tmp_path,
    )
    assert result.returncode != 0
    assert "accounts.E001" in result.stderr
    assert "django_ratelimit.E003" in result.stderr  # no longer silenced


@pytest.mark.parametrize("redis_url", [None, "redis://127.0.0.1:6379/0"])
def test_production_deploy_check_passes_with_the_database_or_redis(tmp_path, redis_url):
    env = dict(PRODUCTION_ENV)
    if redis_url:
        env["REDIS_URL"] = redis_url
    result = run_python(DEPLOY_CHECK, env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "accounts.E00" not in result.stdout + result.stderr
    assert "django_ratelimit" not in result.stdout + result.stderr
