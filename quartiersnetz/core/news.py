"""The outbox of news (`core.models.News`): lower apps record what happened, higher apps tell.

`record(kind, subject_id)` is called by a service inside the transaction that makes the news
(a practice published, a member joined an alliance …). It writes one row and announces the topic
`"news"` (`core.changes`), so the subscriber — the notifications app's worker task — runs soon
after the commit. Kinds are plain strings named by the recording app ("practice_published");
the app that tells about them registers what each kind means. Decision 0011.
"""

from __future__ import annotations

from typing import Any

from . import changes
from .models import News

TOPIC = "news"


def record(kind: str, subject_id: Any) -> News:
    """Note that `kind` happened to the record `subject_id` (within the caller's transaction)."""
    row = News.objects.create(kind=kind, subject_id=str(subject_id))
    changes.announce(TOPIC)
    return row
