"""Batch forms (plain sequences, numpy arrays, pandas Series / DatetimeIndex, pyarrow arrays)
agree with the per-call results; zones are converted exactly and a naive column must say how it
reads; a failing row is named, or coerced; numpy, pandas and pyarrow stay optional at import."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings
from datetime import date, datetime, timedelta, timezone
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import jiesu

CHINA = jiesu.Calendar.china()
LOOSE = CHINA.with_beyond_coverage("weekends_only")
RULES = jiesu.Rules()
CST = timezone(timedelta(hours=8))

# Every day of 2025–2026 (two covered years with Spring Festival and National Day).
DAYS = [date(2025, 1, 1) + timedelta(days=i) for i in range(730)]
ARRAY = np.array(DAYS, dtype="datetime64[D]")


def test_add_working_days_many_agrees_with_add_working_days() -> None:
    want = [LOOSE.add_working_days(d, 5) for d in DAYS]
    got = LOOSE.add_working_days_many(ARRAY, 5)
    assert isinstance(got, np.ndarray) and got.dtype == np.dtype("datetime64[D]")
    assert got.tolist() == want
    assert LOOSE.add_working_days_many(DAYS, 5) == want
    assert LOOSE.add_working_days_many(tuple(d.isoformat() for d in DAYS), 5) == want


@pytest.mark.parametrize("kind", ["list", "int64", "int32", "strided"])
def test_one_count_per_date(kind: str) -> None:
    counts = [i % 12 for i in range(len(DAYS))]
    want = [LOOSE.add_working_days(d, n) for d, n in zip(DAYS, counts)]
    n: object = {
        "list": counts,
        "int64": np.array(counts, dtype=np.int64),
        "int32": np.array(counts, dtype=np.int32),
        "strided": np.array([c for c in counts for _ in (0, 1)], dtype=np.int64)[::2],
    }[kind]
    assert LOOSE.add_working_days_many(ARRAY, n).tolist() == want  # type: ignore[arg-type]
    assert LOOSE.add_working_days_many(DAYS, n) == want  # type: ignore[arg-type]


def test_numpy_integer_scalar_count() -> None:
    assert LOOSE.add_working_days_many(ARRAY, np.int64(3)).tolist() == [  # type: ignore[arg-type]
        LOOSE.add_working_days(d, 3) for d in DAYS
    ]


def test_non_contiguous_and_empty_arrays() -> None:
    every_other = ARRAY[::2]
    assert not every_other.flags["C_CONTIGUOUS"]
    assert CHINA.add_working_days_many(every_other, 1).tolist() == [
        CHINA.add_working_days(d, 1) for d in DAYS[::2]
    ]
    empty = np.array([], dtype="datetime64[D]")
    assert CHINA.add_working_days_many(empty, 1).dtype == np.dtype("datetime64[D]")
    assert len(CHINA.add_working_days_many(empty, 1)) == 0
    assert CHINA.add_working_days_many([], 1) == []
    assert CHINA.is_working_day_many([]) == []


def test_is_working_day_many_agrees_with_is_working_day() -> None:
    want = [CHINA.is_working_day(d) for d in DAYS]
    got = CHINA.is_working_day_many(ARRAY)
    assert isinstance(got, np.ndarray) and got.dtype == np.bool_
    assert got.tolist() == want
    assert CHINA.is_working_day_many(DAYS) == want
    assert CHINA.is_working_day_many(ARRAY[::3]).tolist() == want[::3]


def test_batch_errors_are_typed() -> None:
    with pytest.raises(jiesu.CalendarError) as e:
        CHINA.add_working_days_many(ARRAY[:3], [1, 2])
    assert e.value.code == "calendar_batch_length_mismatch"
    with pytest.raises(jiesu.CalendarError) as e:
        CHINA.add_working_days_many(np.array(["2026-12-28"], dtype="datetime64[D]"), 5)
    assert e.value.code == "calendar_out_of_range"
    with pytest.raises(jiesu.CalendarError) as e:
        CHINA.add_working_days_many(DAYS[:2], -1)
    assert e.value.code == "calendar_invalid_day_count"
    with pytest.raises(jiesu.TimeError) as e:
        CHINA.is_working_day_many(np.array(["2026-01-05", "NaT"], dtype="datetime64[D]"))
    assert e.value.code == "invalid_date" and "NaT" in str(e.value)
    with pytest.raises(jiesu.TimeError) as e:
        CHINA.is_working_day_many(["2026-01-05", "2026-02-30"])
    assert e.value.code == "invalid_date"


def test_wrong_array_types_are_type_errors() -> None:
    with pytest.raises(TypeError, match="datetime64"):
        CHINA.is_working_day_many(np.array(["2026-01-05T10:00"], dtype="datetime64[s]"))
    with pytest.raises(TypeError, match="1-D"):
        CHINA.is_working_day_many(ARRAY[:4].reshape(2, 2))
    with pytest.raises(TypeError):
        CHINA.is_working_day_many(np.array([20_000, 20_001]))
    with pytest.raises(TypeError):
        CHINA.is_working_day_many("2026-01-05")  # a str is not a sequence of dates
    with pytest.raises(TypeError):
        CHINA.add_working_days_many(ARRAY, [1.5] * len(ARRAY))


def test_object_arrays_take_the_sequence_path() -> None:
    objects = np.array(DAYS[:10], dtype=object)
    assert CHINA.add_working_days_many(objects, 1) == [CHINA.add_working_days(d, 1) for d in DAYS[:10]]


# --- bulk due instants -------------------------------------------------------------------------

STARTS = [
    datetime(2025, 1, 1) + timedelta(hours=7 * i, minutes=13 * i, seconds=i) for i in range(2000)
]  # naive: +08:00 wall-clock, 2025-01-01 .. 2026-08


def wall(t: datetime) -> datetime:
    """An aware +08:00 datetime as its naive wall-clock time (what datetime64 holds)."""
    assert t.utcoffset() == timedelta(hours=8)
    return t.replace(tzinfo=None)


@pytest.mark.parametrize("which", ["feedback", "redo"])
@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_dues_from_arrays_agree_with_deadlines(which: str, unit: str) -> None:
    single = RULES.feedback_deadline if which == "feedback" else RULES.redo_deadline
    bulk = RULES.feedback_dues if which == "feedback" else RULES.redo_dues
    want = [wall(single(t).due) for t in STARTS]
    got = bulk(np.array(STARTS, dtype=f"datetime64[{unit}]"), naive="cst")
    assert isinstance(got, np.ndarray) and got.dtype == np.dtype("datetime64[s]")
    assert got.tolist() == want


@pytest.mark.parametrize("unit", ["m", "h", "D"])
def test_dues_from_coarser_units(unit: str) -> None:
    starts = np.array(STARTS[:200], dtype=f"datetime64[{unit}]")  # truncated to the unit
    want = [wall(RULES.feedback_deadline(t).due) for t in starts.astype("datetime64[s]").tolist()]
    assert RULES.feedback_dues(starts, naive="cst").tolist() == want


def test_sub_second_starts_are_floored() -> None:
    # 23:59:59.999 is still the same day; a knob cut-off at 12:00 compares on whole seconds.
    p = jiesu.Policy.from_json('{"name": "k", "count_start_day": true, "intake_cutoff": "12:00"}')
    rules = jiesu.Rules(policy=p)
    starts = np.array(["2026-03-02T11:59:59.999999", "2026-03-02T23:59:59.999"], dtype="datetime64[us]")
    want = [wall(rules.feedback_deadline(t).due) for t in starts.tolist()]
    assert rules.feedback_dues(starts, naive="cst").tolist() == want


def test_dues_from_sequences_are_aware_datetimes() -> None:
    mixed = [
        STARTS[0],  # naive
        STARTS[1].replace(tzinfo=CST),
        (STARTS[2].replace(tzinfo=CST)).astimezone(timezone.utc),
        STARTS[3].isoformat(),
    ]
    want = [RULES.feedback_deadline(t).due for t in mixed]
    got = RULES.feedback_dues(mixed)
    assert got == want
    assert all(isinstance(t, datetime) and t.utcoffset() == timedelta(hours=8) for t in got)
    assert RULES.redo_dues(STARTS[:50]) == [RULES.redo_deadline(t).due for t in STARTS[:50]]
    assert RULES.feedback_dues([]) == []


def test_bulk_due_errors() -> None:
    with pytest.raises(jiesu.TimeError) as e:
        RULES.feedback_dues(np.array(["NaT"], dtype="datetime64[s]"), naive="cst")
    assert e.value.code == "invalid_instant"
    with pytest.raises(jiesu.TimeError) as e:
        RULES.feedback_dues(["2026-01-05T09:00", "soon"])
    assert e.value.code == "invalid_instant"
    with pytest.raises(jiesu.CalendarError) as e:
        RULES.feedback_dues(np.array(["2026-12-30T09:00"], dtype="datetime64[s]"), naive="cst")
    assert e.value.code == "calendar_out_of_range"
    with pytest.raises(TypeError, match="unit"):
        RULES.feedback_dues(np.array(["2026-01"], dtype="datetime64[M]"), naive="cst")
    with pytest.raises(TypeError):
        RULES.feedback_dues([date(2026, 1, 5)])  # type: ignore[list-item]


def test_numpy_is_optional() -> None:
    """`import jiesu` does not import numpy, and the sequence paths work without it."""
    script = textwrap.dedent(
        """
        import sys
        sys.modules["numpy"] = None  # any `import numpy` now raises ImportError
        from datetime import date, datetime
        import jiesu
        cal = jiesu.Calendar.china()
        assert cal.add_working_days_many([date(2026, 9, 30)], 1) == [date(2026, 10, 8)]
        assert cal.is_working_day_many(["2026-10-10"]) == [True]
        due = jiesu.Rules().feedback_dues([datetime(2026, 9, 30, 16, 20)])
        assert due[0].isoformat() == "2026-10-14T00:00:00+08:00"
        print("ok")
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"
    run = subprocess.run(
        [sys.executable, "-c", "import sys, jiesu; print('numpy' in sys.modules)"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"


# --- pandas and pyarrow columns, zones (issue 13, item 1) ------------------------------------------

CST_NAME = "Asia/Shanghai"
# 2,000 starts every 7h13m, as +08:00 wall-clock times: many fall in the 8 hours where the UTC
# date and the China date differ, which is where reading UTC as +08:00 went wrong.
WALL = pd.DatetimeIndex(STARTS[:2000])


def aware_series(tz: str = CST_NAME) -> Any:
    return pd.Series(WALL.tz_localize(CST_NAME).tz_convert(tz), index=range(100, 100 + len(WALL)))


def per_call_dues(starts: Any) -> list[datetime]:
    return [RULES.feedback_deadline(t.to_pydatetime()).due for t in starts]


@pytest.mark.parametrize("tz", [CST_NAME, "UTC", "America/New_York"])
def test_an_aware_series_is_converted_exactly(tz: str) -> None:
    starts = aware_series(tz)
    got = RULES.feedback_dues(starts)
    assert isinstance(got, pd.Series) and got.index.equals(starts.index), "the Series keeps its index"
    assert str(got.dtype) == "datetime64[s, UTC+08:00]", "aware in, aware (+08:00) out"
    assert [t.to_pydatetime() for t in got] == per_call_dues(starts)
    index = RULES.redo_dues(pd.DatetimeIndex(starts))
    assert isinstance(index, pd.DatetimeIndex) and str(index.tz) == "UTC+08:00"
    assert list(index) == [RULES.redo_deadline(t.to_pydatetime()).due for t in starts]


def test_the_values_of_an_aware_column_must_say_how_they_read() -> None:
    """The trap of issue 13: `.values` of an aware column is naive UTC; it was read as +08:00."""
    starts = aware_series()
    with warnings.catch_warnings():  # pandas 3.1 deprecates `.values` dropping the zone
        warnings.simplefilter("ignore")
        values = starts.values
    assert values.dtype.kind == "M", "naive datetime64"
    assert (values == starts.dt.tz_convert(None).to_numpy()).all(), "UTC, as pandas says"
    for naive_column in (values, starts.dt.tz_localize(None), pa.array(values)):
        with pytest.raises(jiesu.TimeError) as e:
            RULES.feedback_dues(naive_column)
        assert e.value.code == "invalid_instant"
        assert 'naive="cst"' in str(e.value) and 'naive="utc"' in str(e.value) and ".values" in str(e.value)
    want = RULES.feedback_dues(starts)
    assert (RULES.feedback_dues(starts.array) == want.array).all(), "pandas' DatetimeArray too"
    assert RULES.feedback_dues(starts.to_numpy()) == list(want), "an object array of Timestamps"
    utc = RULES.feedback_dues(values, naive="utc")  # naive UTC in, naive UTC out
    assert utc.dtype == np.dtype("datetime64[s]")
    assert (pd.DatetimeIndex(utc).tz_localize("UTC") == pd.DatetimeIndex(want)).all()
    cst = RULES.feedback_dues(starts.dt.tz_localize(None), naive="cst")  # wall-clock in and out
    assert str(cst.dtype) == "datetime64[s]" and cst.index.equals(starts.index)
    assert (cst.dt.tz_localize(CST_NAME) == want).all()
    with pytest.raises(TypeError, match="naive must be"):
        RULES.feedback_dues(values, naive="local")  # type: ignore[call-overload]


def test_pyarrow_timestamps() -> None:
    starts = aware_series("UTC")
    want = per_call_dues(starts)
    array = pa.array(starts)
    assert array.type.tz == "UTC"
    for source in (array, pa.chunked_array([array[:500], array[500:]])):
        got = RULES.feedback_dues(source)
        assert isinstance(got, pa.Array) and str(got.type) == "timestamp[s, tz=+08:00]"
        assert got.to_pylist() == want
    naive = pa.array(list(WALL.to_pydatetime()))
    assert naive.type.tz is None
    wall = RULES.feedback_dues(naive, naive="cst")
    assert wall.type.tz is None and [t.replace(tzinfo=CST) for t in wall.to_pylist()] == want


def test_dates_from_pandas_and_pyarrow() -> None:
    days = pd.Series(pd.to_datetime(["2026-09-30", "2026-10-09", "2026-10-10"]), index=["a", "b", "c"])
    got = LOOSE.add_working_days_many(days, 1)
    assert isinstance(got, pd.Series) and list(got.index) == ["a", "b", "c"]
    assert [t.date() for t in got] == [date(2026, 10, 8), date(2026, 10, 10), date(2026, 10, 12)]
    flags = CHINA.is_working_day_many(days)
    assert isinstance(flags, pd.Series) and flags.to_dict() == {"a": True, "b": True, "c": True}
    assert isinstance(CHINA.is_working_day_many(pd.DatetimeIndex(days)), np.ndarray)
    assert isinstance(CHINA.add_working_days_many(pd.DatetimeIndex(days), 1), pd.DatetimeIndex)
    # An aware instant stands for its +08:00 date: 2026-09-30T20:00Z is 10-01 in China.
    aware = pd.Series(pd.to_datetime(["2026-09-30 20:00"]).tz_localize("UTC"))
    assert CHINA.is_working_day_many(aware).tolist() == [False]
    # A naive timestamp with a time of day is an instant, not a date: its row's error.
    with pytest.raises(jiesu.TimeError) as e:
        CHINA.is_working_day_many(pd.Series([datetime(2026, 10, 9), datetime(2026, 10, 9, 10)]))
    assert (e.value.code, e.value.row) == ("invalid_date", 1)
    date32 = pa.array([date(2026, 9, 30), date(2026, 10, 10)])
    got32 = CHINA.add_working_days_many(date32, 1)
    assert str(got32.type) == "date32[day]" and got32.to_pylist() == [date(2026, 10, 8), date(2026, 10, 12)]
    assert CHINA.is_working_day_many(date32).to_pylist() == [True, True]


def test_object_columns_take_the_sequence_path() -> None:
    strings = pd.Series(["2026-09-30 16:20", "2026-10-09T09:00+08:00"], index=[7, 8])
    got = RULES.feedback_dues(strings)
    assert list(got.index) == [7, 8] and str(got.dtype) == "datetime64[s, UTC+08:00]"
    assert [t.to_pydatetime() for t in got] == [RULES.feedback_deadline(s).due for s in strings]
    assert CHINA.is_working_day_many(pa.array(["2026-10-10"])).to_pylist() == [True]


def test_pandas_and_pyarrow_are_optional() -> None:
    run = subprocess.run(
        [sys.executable, "-c", "import sys, jiesu; print(sorted({'pandas', 'pyarrow', 'numpy'} & set(sys.modules)))"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


# --- rows: which row failed, and errors="coerce" (issue 13, item 5) --------------------------------


def test_a_batch_error_names_its_row_and_value() -> None:
    with pytest.raises(jiesu.CalendarError) as e:
        CHINA.add_working_days_many([date(2026, 9, 30), "2026-12-28"], 5)
    assert (e.value.code, e.value.row, e.value.value) == ("calendar_out_of_range", 1, "2026-12-28")
    assert str(e.value).startswith("row 1 (2026-12-28): ")
    with pytest.raises(jiesu.CalendarError) as e:
        CHINA.add_working_days_many(ARRAY[:3], [1, -1, 1])
    assert (e.value.code, e.value.row, e.value.value) == ("calendar_invalid_day_count", 1, "-1")
    with pytest.raises(jiesu.TimeError) as e:
        CHINA.is_working_day_many(np.array(["2026-10-09", "NaT"], dtype="datetime64[D]"))
    assert (e.value.code, e.value.row, e.value.value) == ("invalid_date", 1, "NaT")
    with pytest.raises(jiesu.TimeError) as e:
        RULES.feedback_dues(["2026-09-30T16:20", None])
    assert (e.value.code, e.value.row, e.value.value) == ("invalid_instant", 1, "None")
    series = pd.Series(pd.to_datetime(["2026-09-30 09:00", "2026-12-30 09:00"]).tz_localize(CST_NAME), index=[5, 9])
    with pytest.raises(jiesu.CalendarError) as e:
        RULES.feedback_dues(series)
    assert e.value.row == 1, "the position, not the index label"
    with pytest.raises(TypeError, match="^row 1: "):
        CHINA.is_working_day_many([date(2026, 1, 5), 3])


def test_coerce_dates() -> None:
    dates = np.array(["2026-09-30", "NaT", "2026-12-28", "2026-10-09"], dtype="datetime64[D]")
    got, codes = CHINA.add_working_days_many(dates, [1, 1, 5, -1], errors="coerce")
    assert got.dtype == np.dtype("datetime64[D]") and codes.dtype == object
    assert [None if np.isnat(d) else d.item() for d in got] == [date(2026, 10, 8), None, None, None]
    assert codes.tolist() == [None, "invalid_date", "calendar_out_of_range", "calendar_invalid_day_count"]
    listed, listed_codes = CHINA.add_working_days_many(["2026-09-30", None, "2026-02-30"], 1, errors="coerce")
    assert listed == [date(2026, 10, 8), None, None] and listed_codes == [None, "invalid_date", "invalid_date"]
    series = pd.Series(pd.to_datetime(["2026-09-30", None]), index=["x", "y"])
    s_got, s_codes = CHINA.add_working_days_many(series, 1, errors="coerce")
    assert s_got.isna().tolist() == [False, True] and s_codes.to_dict() == {"x": None, "y": "invalid_date"}
    assert CHINA.add_working_days_many([], [], errors="coerce") == ([], [])
    assert CHINA.add_working_days_many([None], [1], errors="coerce") == ([None], ["invalid_date"])
    with pytest.raises(jiesu.CalendarError):  # a length mismatch fails whole, even coerced
        CHINA.add_working_days_many(dates, [1, 2], errors="coerce")
    with pytest.raises(TypeError, match="errors must be"):
        CHINA.add_working_days_many(dates, 1, errors="ignore")  # type: ignore[call-overload]


def test_coerce_dues_with_a_provisional_flag_per_row() -> None:
    loose = jiesu.Rules(calendar=LOOSE)  # beyond 2026: weekends only, provisional
    starts = ["2026-09-30T16:20", "soon", None, "2026-12-30T09:00"]
    due, provisional, codes = loose.feedback_dues(starts, errors="coerce")
    assert due[0] == RULES.feedback_deadline(starts[0]).due and due[1:3] == [None, None]
    assert due[3] == loose.feedback_deadline(starts[3]).due
    assert provisional == [False, False, False, True]
    assert codes == [None, "invalid_instant", "invalid_instant", None]
    due, provisional, codes = RULES.feedback_dues(starts, errors="coerce")
    assert codes[3] == "calendar_out_of_range" and due[3] is None and provisional[3] is False
    array = np.array(["2026-09-30T16:20", "NaT", "2026-12-30T09:00"], dtype="datetime64[s]")
    a_due, a_prov, a_codes = loose.redo_dues(array, naive="cst", errors="coerce")
    assert a_due.dtype == np.dtype("datetime64[s]") and np.isnat(a_due[1])
    assert a_prov.tolist() == [False, False, True] and a_codes.tolist() == [None, "invalid_instant", None]
    p_due, p_prov, p_codes = loose.feedback_dues(pa.array(pd.Series(pd.to_datetime(array).tz_localize(CST_NAME))), errors="coerce")
    assert p_due.null_count == 1 and p_prov.to_pylist() == [False, False, True]
    assert p_codes.to_pylist() == [None, "invalid_instant", None]


# --- day counts are ints (issue 13, item 2) --------------------------------------------------------


@pytest.mark.parametrize("n", [None, "", "3", False, True, 2.0, 1.5, {3}, object()])
def test_a_count_that_is_not_an_int_is_a_type_error(n: Any) -> None:
    with pytest.raises(TypeError, match="int"):
        CHINA.add_working_days_many(DAYS[:2], n)
    with pytest.raises(TypeError, match="int"):
        CHINA.add_working_days(DAYS[0], n)


def test_counts_are_one_for_all_or_one_per_date() -> None:
    two = [date(2026, 9, 30), date(2026, 10, 9)]
    for n in ([], [3], [1, 2, 3], np.array([3])):
        with pytest.raises(jiesu.CalendarError) as e:  # never "one for all" when given as a list
            CHINA.add_working_days_many(two, n)
        assert e.value.code == "calendar_batch_length_mismatch"
    with pytest.raises(TypeError, match="row 1"):
        CHINA.add_working_days_many(two, [1, True])
    with pytest.raises(TypeError):
        CHINA.add_working_days_many(two, np.array([True, False]))
    want = [CHINA.add_working_days(d, k) for d, k in zip(two, (1, 2))]
    for n in ([1, 2], (1, 2), [np.int8(1), np.uint64(2)], np.array([1, 2], dtype=np.uint16), pd.Series([1, 2]), pa.array([1, 2])):
        assert CHINA.add_working_days_many(two, n) == want
    assert CHINA.add_working_days_many(two, np.int16(1)) == [CHINA.add_working_days(d, 1) for d in two]
    with pytest.raises(jiesu.CalendarError) as e:
        CHINA.add_working_days_many(two, 10**30)  # out of range, not an OverflowError
    assert e.value.code == "calendar_invalid_day_count"
