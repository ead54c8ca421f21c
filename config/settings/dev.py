"""Settings for `make run`: a local demo over plain HTTP on loopback.

DEBUG stays off unless DJANGO_DEBUG=1 is set. Without SECRET_KEY in the
environment a random key is generated once and kept under var/.
"""

import secrets

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR

if not SECRET_KEY:
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

# The embedded setup counts rate limits in its own atomic database cache (base.py, tested under
# concurrency in core/tests/test_cache.py); django-ratelimit's W001 only says that this backend is
# not on its list of known ones. Production uses django-redis and silences nothing.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
