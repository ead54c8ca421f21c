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
