"""The session engine (settings.SESSION_ENGINE): Django's database sessions, read with a query
compiled once per process (core/precompiled.py) — every member page reads its session first.

The expiry is checked on the row read (the same answer as Django's `expire_date > now` in SQL)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from .precompiled import Precompiled

_BY_KEY = Precompiled(lambda key: Session.objects.filter(session_key=key), sentinel="\x00")


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        try:
            rows = _BY_KEY.run(self.session_key)
        except SuspiciousOperation as error:
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            rows = []
        if rows and rows[0].expire_date > timezone.now():
            return rows[0]
        self._session_key = None
        return None
