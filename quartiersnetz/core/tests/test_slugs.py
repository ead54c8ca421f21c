"""core.slugs.unique_slug: transliteration, cut, fallback, reserved words and numbering."""

from __future__ import annotations

from typing import Any

from quartiersnetz.core.slugs import unique_slug


class _Taken:
    """Stands in for a queryset: `filter(slug=…).exists()` over a fixed set of slugs."""

    def __init__(self, *slugs: str) -> None:
        self.slugs = set(slugs)
        self.asked: list[str] = []

    def filter(self, *, slug: str) -> Any:
        self.asked.append(slug)
        taken = slug in self.slugs
        return type("Q", (), {"exists": staticmethod(lambda: taken)})()


def test_transliterates_umlauts_and_numbers_taken_slugs():
    taken = _Taken("buergerstiftung-koeln", "buergerstiftung-koeln-2")
    slug = unique_slug("Bürgerstiftung Köln", queryset=taken, fallback="x")  # type: ignore[arg-type]
    assert slug == "buergerstiftung-koeln-3"
    assert taken.asked == ["buergerstiftung-koeln", "buergerstiftung-koeln-2", slug]


def test_reserved_words_are_skipped_without_a_query():
    taken = _Taken()
    slug = unique_slug("Neu", queryset=taken, fallback="x", reserved={"neu"})  # type: ignore[arg-type]
    assert slug == "neu-2"
    assert taken.asked == ["neu-2"]


def test_fallback_when_nothing_is_left():
    assert unique_slug("!!!", queryset=_Taken(), fallback="beitrag") == "beitrag"  # type: ignore[arg-type]


def test_cut_at_max_length_trims_a_dangling_dash_unless_told_not_to():
    text = "a" * 199 + " b"
    assert unique_slug(text, queryset=_Taken(), fallback="x") == "a" * 199  # type: ignore[arg-type]
    kept = unique_slug(text, queryset=_Taken(), fallback="x", trim_dashes=False)  # type: ignore[arg-type]
    assert kept == "a" * 199 + "-"
    assert unique_slug("abc def", queryset=_Taken(), fallback="x", max_length=4) == "abc"  # type: ignore[arg-type]
