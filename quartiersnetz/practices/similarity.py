"""Text and context similarity of Praxisbeispiele.

SKELETON: the transfer-finder implementation replaces this module's bodies; the
signature of `similar_practices` is the contract the detail page relies on.
"""

from __future__ import annotations

from .models import Practice


def similar_practices(practice: Practice, *, limit: int = 5) -> list[Practice]:
    """Published practices most similar to `practice` (never itself), best first."""
    return []
