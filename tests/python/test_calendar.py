"""Calendar (rules §1): every golden vector of fixtures/vectors/calendar/, and the Python types."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pytest

import jiesu
from vectors import check_case


def test_calendar_vector(calendar_case: Any) -> None:
    check_case("calendar", calendar_case)


CHINA = jiesu.Calendar.china()


def test_dates_are_date_objects_and_strings_are_read_by_the_core() -> None:
    assert CHINA.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert CHINA.add_working_days("2026-09-30", 1) == date(2026, 10, 8)
    assert type(CHINA.next_working_day(date(2026, 9, 30))) is date
    assert CHINA.previous_working_day(date(2026, 10, 8)) == date(2026, 9, 30)
    assert CHINA.working_days_between(date(2026, 9, 30), date(2026, 10, 13)) == 5
    assert CHINA.working_days_between(date(2026, 10, 13), date(2026, 9, 30)) == -5
    assert CHINA.working_days_in(date(2026, 10, 7), date(2026, 10, 10)) == [
        date(2026, 10, 8),
        date(2026, 10, 9),
        date(2026, 10, 10),
    ]
    assert CHINA.is_working_day(date(2026, 10, 10))  # make-up Saturday
    assert not CHINA.is_working_day(date(2026, 10, 1))


def test_a_datetime_is_not_a_date() -> None:
    with pytest.raises(TypeError, match="not a datetime"):
        CHINA.is_working_day(datetime(2026, 10, 1, 12, 0))
    with pytest.raises(TypeError):
        CHINA.is_working_day(20261001)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2026-02-30", "2026/10/01", "tomorrow", ""])
def test_invalid_date_text_raises_time_error(text: str) -> None:
    with pytest.raises(jiesu.TimeError) as e:
        CHINA.day(text)
    assert e.value.code == "invalid_date"
    assert e.value.module == "time"
    assert isinstance(e.value, ValueError)


@pytest.mark.parametrize("n", [-1, 100_001])
def test_bad_day_counts_are_typed_errors(n: int) -> None:
    with pytest.raises(jiesu.CalendarError) as e:
        CHINA.add_working_days(date(2026, 1, 5), n)
    assert e.value.code == "calendar_invalid_day_count"
    assert str(n) in str(e.value)


def test_non_int_count_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        CHINA.add_working_days(date(2026, 1, 5), 1.5)  # type: ignore[arg-type]


def test_out_of_coverage_and_weekends_only() -> None:
    with pytest.raises(jiesu.CalendarError) as e:
        CHINA.add_working_days(date(2026, 12, 28), 5)
    assert e.value.code == "calendar_out_of_range"
    assert isinstance(e.value, jiesu.JiesuError) and isinstance(e.value, ValueError)
    loose = CHINA.with_beyond_coverage("weekends_only")
    assert loose.beyond_coverage == "weekends_only"
    assert CHINA.beyond_coverage == "error"
    assert loose.version == CHINA.version
    assert loose.add_working_days(date(2026, 12, 28), 5) == date(2027, 1, 4)
    assert loose.day(date(2027, 1, 1)).provisional
    assert not CHINA.covers(date(2027, 1, 1)) and CHINA.covers(date(2026, 12, 31))


def test_unknown_mode_is_a_calendar_error() -> None:
    with pytest.raises(jiesu.CalendarError) as e:
        CHINA.with_beyond_coverage("weekend_only")
    assert e.value.code == "calendar_invalid_beyond_coverage"
    with pytest.raises(jiesu.CalendarError) as e:
        jiesu.Calendar.from_overrides(2030, 2030, [(date(2030, 10, 1), "holiday", "国庆节")])
    assert e.value.code == "calendar_invalid_override_kind"


def test_info_properties_are_read_only() -> None:
    assert CHINA.source == "cn-official"
    assert CHINA.first_year <= 2026 <= CHINA.last_year
    assert CHINA.version.startswith("cn-official:")
    with pytest.raises(AttributeError):
        CHINA.version = "x"  # type: ignore[misc]
    assert "cn-official" in repr(CHINA)


def test_day_is_a_frozen_value() -> None:
    d = CHINA.day(date(2026, 10, 1))
    assert (d.date, d.working, d.kind, d.name, d.provisional) == (
        date(2026, 10, 1),
        False,
        "holiday",
        "国庆节",
        False,
    )
    assert d.to_dict() == {
        "date": "2026-10-01",
        "working": False,
        "kind": "holiday",
        "name": "国庆节",
        "provisional": False,
    }
    assert d == CHINA.day("2026-10-01") and hash(d) == hash(CHINA.day("2026-10-01"))
    assert d != CHINA.day("2026-10-02")
    assert len({d, CHINA.day("2026-10-01"), CHINA.day("2026-10-02")}) == 2
    assert repr(d) == (
        "Day(date='2026-10-01', working=False, kind='holiday', name='国庆节', provisional=False)"
    )
    with pytest.raises(AttributeError):
        d.working = True  # type: ignore[misc]
    plain = CHINA.day(date(2026, 10, 12))
    assert (plain.kind, plain.name, plain.working) == ("workday", None, True)
    assert CHINA.day(date(2026, 10, 11)).kind == "weekend"
    assert CHINA.day(date(2026, 10, 10)).kind == "make_up_workday"


def test_arrangement_and_overrides() -> None:
    days = CHINA.arrangement(2026)
    assert all(isinstance(d, jiesu.Day) for d in days)
    assert {d.kind for d in days} == {"holiday", "make_up_workday"}
    overrides = CHINA.overrides()
    assert (date(2026, 10, 1), "off", "国庆节") in overrides
    assert (date(2026, 10, 10), "work", "国庆节") in overrides
    assert all(type(d) is date and k in ("off", "work") for d, k, _ in overrides)


def test_from_overrides_round_trips() -> None:
    cal = jiesu.Calendar.from_overrides(
        2030,
        2030,
        [(date(2030, 10, 1), "off", "国庆节"), ("2030-09-29", "work", "国庆节")],
    )
    assert cal.source == "custom"
    assert (cal.first_year, cal.last_year) == (2030, 2030)
    assert cal.overrides() == [
        (date(2030, 9, 29), "work", "国庆节"),
        (date(2030, 10, 1), "off", "国庆节"),
    ]
    assert cal.is_working_day(date(2030, 9, 29))  # a Sunday made a working day
    same = jiesu.Calendar.from_overrides(2030, 2030, cal.overrides())
    assert same.version == cal.version


def test_from_overrides_rejects_an_unknown_kind() -> None:
    with pytest.raises(jiesu.CalendarError) as e:
        jiesu.Calendar.from_overrides(2030, 2030, [(date(2030, 10, 1), "holiday", "x")])
    assert "off" in str(e.value) and "work" in str(e.value)


def test_loaders() -> None:
    csv = "date,kind,name\n2030-10-01,off,国庆节\n"
    assert jiesu.Calendar.from_csv(csv).source == "csv"
    with pytest.raises(jiesu.CalendarError) as e:
        jiesu.Calendar.from_csv("no header\n")
    assert e.value.code == "calendar_invalid_csv"
    text = '{"year": 2030, "days": [{"name": "元旦", "date": "2030-01-01", "isOffDay": true}]}'
    cal = jiesu.Calendar.from_holiday_cn([text])
    assert (cal.source, cal.first_year, cal.last_year) == ("holiday-cn", 2030, 2030)
    with pytest.raises(TypeError):
        jiesu.Calendar.from_holiday_cn(text)  # a str is not a list of texts


def test_notable_days_explain_a_range() -> None:
    days = CHINA.notable_days_in(date(2026, 9, 30), date(2026, 10, 11))
    assert [(d.date.day, d.kind) for d in days] == [
        *[(n, "holiday") for n in range(1, 8)],
        (10, "make_up_workday"),
        (11, "weekend"),
    ]
    assert days[0].name == "国庆节" and not days[0].working and days[7].working


# --- what a per-call function takes (issue 13, items 2 and 8) --------------------------------------


@pytest.mark.parametrize("n", [None, "", "3", [], [3], False, True, 2.0])
def test_a_day_count_is_an_int(n: Any) -> None:
    """None, "", [], a bool or a list were read as 0, 1 or 3 once; each is a TypeError now."""
    with pytest.raises(TypeError, match="must be an int"):
        CHINA.add_working_days(date(2026, 9, 30), n)


def test_numpy_integers_and_dates_are_accepted() -> None:
    want = CHINA.add_working_days(date(2026, 9, 30), 3)
    for n in (np.int8(3), np.int64(3), np.uint32(3)):
        assert CHINA.add_working_days(date(2026, 9, 30), n) == want
    day = np.datetime64("2026-10-10")
    assert CHINA.is_working_day(day) and CHINA.day(day).kind == "make_up_workday"
    assert CHINA.add_working_days(np.datetime64("2026-09-30"), 1) == date(2026, 10, 8)
    assert CHINA.working_days_between(np.datetime64("2026-09-30"), "2026-10-08") == 1
    with pytest.raises(TypeError, match="datetime64\\[m\\]"):  # an instant is not a date
        CHINA.is_working_day(np.datetime64("2026-10-10T10:00"))
    with pytest.raises(jiesu.TimeError) as e:
        CHINA.is_working_day(np.datetime64("NaT"))
    assert (e.value.code, str(e.value)) == ("invalid_date", 'invalid date "NaT": expected YYYY-MM-DD')


def test_huge_numbers_are_the_library_errors() -> None:
    with pytest.raises(jiesu.CalendarError) as e:
        CHINA.add_working_days(date(2026, 9, 30), 10**30)
    assert e.value.code == "calendar_invalid_day_count"
    with pytest.raises(jiesu.CalendarError) as e:
        CHINA.arrangement(10**30)
    assert e.value.code == "calendar_out_of_range"
    with pytest.raises(jiesu.CalendarError) as e:
        jiesu.Calendar.from_overrides(-(10**30), 10**30, [])
    assert e.value.code == "calendar_invalid_years"
    with pytest.raises(TypeError, match="year must be an int"):
        CHINA.arrangement(True)


def test_pandas_nat_is_an_invalid_date() -> None:
    with pytest.raises(jiesu.TimeError) as e:
        CHINA.is_working_day(pd.NaT)
    assert e.value.code == "invalid_date"
