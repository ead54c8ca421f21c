"""Wall-clock times that the clock change skips or repeats are refused, not shifted."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from quartiersnetz.core.timezones import local_instant

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_normal_times_are_the_wall_clock_instant():
    assert local_instant(dt.date(2027, 3, 28), dt.time(3, 30), "Europe/Berlin") == dt.datetime(
        2027, 3, 28, 1, 30, tzinfo=dt.UTC
    )
    assert local_instant(dt.date(2027, 10, 31), dt.time(3, 30), "Europe/Berlin") == dt.datetime(
        2027, 10, 31, 2, 30, tzinfo=dt.UTC
    )
    assert local_instant(dt.date(2027, 7, 1), dt.time(10), "Europe/London") == dt.datetime(
        2027, 7, 1, 9, tzinfo=dt.UTC
    )
    assert local_instant(dt.date(2027, 3, 28), dt.time(2, 30), "UTC") == dt.datetime(
        2027, 3, 28, 2, 30, tzinfo=dt.UTC
    )


@pytest.mark.parametrize("time", [dt.time(2, 0), dt.time(2, 30), dt.time(2, 59)])
def test_time_skipped_by_the_clock_change_is_refused(time):
    with pytest.raises(ValidationError) as caught:
        local_instant(dt.date(2027, 3, 28), time, "Europe/Berlin")
    assert caught.value.code == "nonexistent_time"
    assert message(caught.value).startswith(
        "Diese Uhrzeit gibt es am 28.03.2027 in Europe/Berlin wegen der Zeitumstellung nicht"
    )


@pytest.mark.parametrize("time", [dt.time(2, 0), dt.time(2, 30), dt.time(2, 59)])
def test_time_repeated_by_the_clock_change_is_refused(time):
    with pytest.raises(ValidationError) as caught:
        local_instant(dt.date(2027, 10, 31), time, "Europe/Berlin")
    assert caught.value.code == "ambiguous_time"
    assert (
        f"{time:%H:%M} Uhr kommt am 31.10.2027 in Europe/Berlin wegen der Zeitumstellung "
        "zweimal vor" in message(caught.value)
    )


def test_other_zones_have_their_own_clock_changes():
    # London changes at 01:00 local time: 01:30 is skipped there, 02:30 exists.
    with pytest.raises(ValidationError):
        local_instant(dt.date(2027, 3, 28), dt.time(1, 30), "Europe/London")
    assert local_instant(dt.date(2027, 3, 28), dt.time(2, 30), "Europe/London") == dt.datetime(
        2027, 3, 28, 1, 30, tzinfo=dt.UTC
    )
