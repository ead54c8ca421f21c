"""Deploy checks of accounts: throttling must count in a cache every worker shares."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

# Caches that live inside one process: each gunicorn worker would count on its own.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.security, deploy=True)
def check_throttle_cache(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    caches_setting: dict[str, dict[str, Any]] = getattr(settings, "CACHES", {})
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = caches_setting.get(alias, {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        errors.append(
            checks.Error(
                f"The rate-limit cache {alias!r} ({backend}) is per process: every worker "
                "would count on its own, so limits multiply with the number of workers.",
                hint="Set REDIS_URL, or use quartiersnetz.core.cache.AtomicDatabaseCache "
                "(the default of config/settings/base.py).",
                id="accounts.E001",
            )
        )
    handler = getattr(settings, "AXES_HANDLER", "")
    if "cache" in handler.rsplit(".", 1)[0]:
        axes_cache = caches_setting.get(getattr(settings, "AXES_CACHE", "default"), {})
        if axes_cache.get("BACKEND", "") in PER_PROCESS_CACHES:
            errors.append(
                checks.Error(
                    f"Login throttling ({handler}) counts in a per-process cache.",
                    hint="Use the database handler (quartiersnetz.accounts.throttle."
                    "LoginThrottleHandler) or a shared cache.",
                    id="accounts.E002",
                )
            )
    return errors
