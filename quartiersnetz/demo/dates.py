"""Calendar helpers of the sample data: no demo Werkstatt falls on a weekend or on a German
nationwide public holiday (nor on 24 and 31 December, when nobody holds a workshop either).

Computed, not looked up: Easter by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
"""

from __future__ import annotations

import datetime as dt
from functools import cache


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def holidays(year: int) -> dict[dt.date, str]:
    """Nationwide public holidays of Germany, plus Heiligabend and Silvester."""
    easter = easter_sunday(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        easter - dt.timedelta(days=2): "Karfreitag",
        easter + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        easter + dt.timedelta(days=39): "Christi Himmelfahrt",
        easter + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 12, 24): "Heiligabend",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
        dt.date(year, 12, 31): "Silvester",
    }


def is_holiday(day: dt.date) -> bool:
    return day in holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def working_days_from(day: dt.date, length: int = 1, *, backwards: bool = False) -> dt.date:
    """The first day from `day` on (or back from it) that starts `length` consecutive working
    days."""
    step = dt.timedelta(days=-1 if backwards else 1)
    while not all(is_working_day(day + dt.timedelta(days=n)) for n in range(length)):
        day += step
    return day
