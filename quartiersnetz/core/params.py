"""Reading query-string parameters: one set of parsers for every list, filter and API.

No query string may cause a server error. Two layers see to it:

- `CleanQueryStringMiddleware` (quartiersnetz.core.query_strings) removes what no parameter may
  carry (NUL, unpaired surrogates, the marks of undecodable bytes) from every request before any
  view reads it, so a new filter cannot pass a NUL to PostgreSQL ("text fields cannot contain NUL
  bytes").
- The parsers below give each value its shape: a slug is a slug (it ends up in `reverse()` and in
  lookups), a choice is one of the choices, a number is ASCII digits within bounds. A value that
  does not fit is ignored quietly (the filter is not applied), as the lists always did for
  unknown choices; the API, which must say what was wrong, uses `bounded_int` and answers 400.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

# Django's slug converter: what `reverse()` accepts for a <slug:…> argument.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# ASCII digits only: str.isdigit() is also true for "²" (which int() refuses) and "١٩٩٩".
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
MAX_SLUG_LENGTH = 100
MAX_TEXT_LENGTH = 200


def text_value(query: Mapping[str, str], name: str, *, max_length: int = MAX_TEXT_LENGTH) -> str:
    """Free text (a search): whitespace collapsed, cut to `max_length` characters."""
    return " ".join(str(query.get(name, "")).split())[:max_length]


def slug_value(query: Mapping[str, str], name: str) -> str:
    """A slug of a vocabulary term or record, or "" if the value cannot be one."""
    value = str(query.get(name, "")).strip()
    return value if len(value) <= MAX_SLUG_LENGTH and _SLUG.fullmatch(value) else ""


def choice_value(query: Mapping[str, str], name: str, choices: Collection[str]) -> str:
    """One of `choices`, or "" for anything else."""
    value = str(query.get(name, "")).strip()
    return value if value in choices else ""


def digits_value(query: Mapping[str, str], name: str, *, max_length: int = 20) -> str:
    """A code of ASCII digits (a municipality key), or ""."""
    value = str(query.get(name, "")).strip()
    return value if len(value) <= max_length and value.isascii() and value.isdigit() else ""


def bounded_int(raw: object, *, minimum: int, maximum: int) -> int | None:
    """The integer `raw` spells in ASCII digits if it lies within [minimum, maximum], else None.

    Huge, negative, fractional or non-numeric input gives None, never an exception or a
    number the database cannot hold.
    """
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        return None
    text = str(raw).strip()
    if not _INTEGER.fullmatch(text):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None
