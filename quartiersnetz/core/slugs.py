"""Readable, unique URL slugs: 'Bürgerstiftung Köln' → 'buergerstiftung-koeln'."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import QuerySet
from django.utils.text import slugify

GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def unique_slug(
    text: str,
    *,
    queryset: QuerySet[Any],
    fallback: str,
    reserved: Collection[str] = frozenset(),
    max_length: int = 200,
    trim_dashes: bool = True,
) -> str:
    """A slug of `text` (umlauts transliterated) not in `reserved` nor taken in `queryset`.

    The slug is cut to `max_length` (then, with `trim_dashes`, a dash left at either end by the
    cut is dropped); `fallback` serves when nothing is left. A taken slug gets `-2`, `-3` … .
    """
    base = slugify(text.translate(GERMAN_TRANSLITERATION))[:max_length]
    if trim_dashes:
        base = base.strip("-")
    base = base or fallback
    slug, counter = base, 2
    while slug in reserved or queryset.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug
