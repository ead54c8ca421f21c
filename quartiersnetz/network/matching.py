"""Partner suggestions → `Suggestion` rows."""


def recompute_suggestions() -> int:
    """Replace the suggestions; return their number."""
    return 0
