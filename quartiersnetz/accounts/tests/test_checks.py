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
        ("django_redis.cache.RedisCache", False),
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


def test_production_deploy_check_passes_with_redis_and_silences_nothing(tmp_path):
    result = run_python(
        [*DEPLOY_CHECK, "--fail-level", "WARNING"],
        {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/0"},
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "accounts.E00" not in result.stdout + result.stderr
    assert "django_ratelimit" not in result.stdout + result.stderr


def test_production_without_redis_counts_in_the_database_and_the_deploy_check_asks_for_redis(
    tmp_path,
):
    """Without REDIS_URL the counters are shared (database) - no error - but django-ratelimit's
    warning is not silenced in production, so `--fail-level WARNING` asks for Redis."""
    result = run_python(DEPLOY_CHECK, PRODUCTION_ENV, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "accounts.E00" not in output
    assert "django_ratelimit.W001" in output
    strict = run_python([*DEPLOY_CHECK, "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path)
    assert strict.returncode != 0


def test_no_django_ratelimit_check_is_silenced_in_production(tmp_path):
    result = run_python(
        [
            "-c",
            "import django, json; django.setup(); from django.conf import settings; "
            "print(json.dumps(settings.SILENCED_SYSTEM_CHECKS))",
        ],
        {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/0"},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "django_ratelimit" not in result.stdout
