"""Bench-only settings: `config.settings.dev` with static files that tolerate missing source maps.

`bench/run.py` falls back to these settings (and says so in its report) only when
`collectstatic` with the real settings fails because a vendored script references a `*.map`
file that is not shipped (Django's manifest storage rewrites `sourceMappingURL` comments and
stops at a missing target). Everything else — middleware, caches, database, templates — is the
production configuration the bench measures; source maps play no part in serving a page.

    DJANGO_SETTINGS_MODULE=bench.lenient_static
"""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage

from config.settings.dev import *  # noqa: F403
from config.settings.dev import STORAGES


class LenientStaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage without the rewriting of `sourceMappingURL` comments."""

    patterns: Any = tuple(
        (
            extension,
            tuple(
                p
                for p in rules
                if "sourceMappingURL" not in str(p[0] if isinstance(p, tuple) else p)
            ),
        )
        for extension, rules in CompressedManifestStaticFilesStorage.patterns
    )


STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "bench.lenient_static.LenientStaticStorage"}}
