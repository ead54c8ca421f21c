"""Wall-clock times in a named time zone, as forms take them.

A date and time typed for a time zone may not exist (the hour skipped when clocks go forward,
e.g. 2027-03-28 02:30 in Europe/Berlin) or exist twice (the hour repeated when they go back,
2027-10-31 02:30). Python would silently shift the first and pick one of the second; every form
that combines a date, a time and a zone goes through `local_instant` instead, which refuses both
with a message the form shows at the time field (the input stays as typed).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext_lazy as _


def local_instant(day: dt.date, time: dt.time, tz_name: str) -> dt.datetime:
    """The instant ``day`` ``time`` on the wall clock of ``tz_name``; `ValidationError` when that
    wall-clock time does not exist or is ambiguous there."""
    zone = zoneinfo.ZoneInfo(tz_name)
    naive = dt.datetime.combine(day, time.replace(tzinfo=None))
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    params = {"date": date_format(day, "d.m.Y"), "time": time.strftime("%H:%M"), "zone": tz_name}
    if first.utcoffset() == second.utcoffset():
        return first
    if first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            _(
                "Diese Uhrzeit gibt es am %(date)s in %(zone)s wegen der Zeitumstellung nicht "
                "(die Uhren springen vor). Bitte wählen Sie eine andere Uhrzeit."
            ),
            code="nonexistent_time",
            params=params,
        )
    raise ValidationError(
        _(
            "%(time)s Uhr kommt am %(date)s in %(zone)s wegen der Zeitumstellung zweimal vor. "
            "Bitte wählen Sie eine andere Uhrzeit."
        ),
        code="ambiguous_time",
        params=params,
    )


def form_local_instant(
    form: forms.BaseForm, field: str, day: dt.date, time: dt.time, tz_name: str
) -> dt.datetime | None:
    """`local_instant` inside a form's ``clean()``: the refusal becomes an error at ``field``."""
    try:
        return local_instant(day, time, tz_name)
    except ValidationError as error:
        form.add_error(field, error)
        return None


@dataclass(frozen=True)
class Stamp:
    """A moment as a list row shows it: `iso` for `<time datetime>`, `text` for the reader."""

    iso: str
    text: str


def stamps(values: Iterable[dt.datetime], format_name: str) -> list[Stamp]:
    """`Stamp`s of aware datetimes in the current time zone and language, `format_name` a
    Django format name ("DATETIME_FORMAT") or format string ("j. F Y, H:i").

    Rows of member lists (notifications, the inbox) prepare their times here, once per page:
    the template's `date` filter twice per row was a third of those pages' time."""
    time_format = get_format(format_name)
    out = []
    for value in values:
        local = timezone.localtime(value)
        text = dateformat.format(local, time_format)
        out.append(Stamp(local.isoformat(timespec="seconds"), text))
    return out
