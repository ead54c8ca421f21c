"""Settings for the test suite."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Tasks run at once, inside the test (one test runs the real worker: core/tests/test_worker.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The search by meaning loads the sentence encoder: off, except in the tests about it
# (search/tests/test_semantic.py switches it on, with the index built in the request).
SEARCH_SEMANTIC = False
# The open-data dump of the tests: a directory of their own (tests that build one use tmp_path).
OPENDATA_DUMP_DIR = Path(tempfile.gettempdir()) / f"qn-test-opendata-{os.getpid()}"
SEARCH_SEMANTIC_BACKGROUND = False
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The embedded setup counts rate limits in its own atomic database cache (base.py, tested under
# concurrency in core/tests/test_cache.py); django-ratelimit's W001 only says that this backend is
# not on its list of known ones. Production uses django-redis and silences nothing.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Tests with `serialized_rollback` restore the data migrations' rows after a flush. Core's tables
# are kept by triggers (the data versions and the row-change log fill themselves while the other
# rows are restored); restoring their own serialized rows as well would clash with that.
TEST_NON_SERIALIZED_APPS = ["quartiersnetz.core"]
