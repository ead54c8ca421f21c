"""Sample events for `demo_data` (filled in with the events pages)."""

from __future__ import annotations

from quartiersnetz.accounts.models import User


def load(*, curator: User, demo_user: User | None = None) -> dict[str, int]:
    """Add the sample records (idempotent); returns counts for the command's summary."""
    return {"created": 0, "skipped": 0}
