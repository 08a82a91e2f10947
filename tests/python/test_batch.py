"""Batch forms (numpy arrays and plain sequences) agree with the per-call results; numpy stays
optional at import."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta, timezone

import numpy as np
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
    got = bulk(np.array(STARTS, dtype=f"datetime64[{unit}]"))
    assert isinstance(got, np.ndarray) and got.dtype == np.dtype("datetime64[s]")
    assert got.tolist() == want


@pytest.mark.parametrize("unit", ["m", "h", "D"])
def test_dues_from_coarser_units(unit: str) -> None:
    starts = np.array(STARTS[:200], dtype=f"datetime64[{unit}]")  # truncated to the unit
    want = [wall(RULES.feedback_deadline(t).due) for t in starts.astype("datetime64[s]").tolist()]
    assert RULES.feedback_dues(starts).tolist() == want


def test_sub_second_starts_are_floored() -> None:
    # 23:59:59.999 is still the same day; a knob cut-off at 12:00 compares on whole seconds.
    p = jiesu.Policy.from_json('{"name": "k", "count_start_day": true, "intake_cutoff": "12:00"}')
    rules = jiesu.Rules(policy=p)
    starts = np.array(["2026-03-02T11:59:59.999999", "2026-03-02T23:59:59.999"], dtype="datetime64[us]")
    want = [wall(rules.feedback_deadline(t).due) for t in starts.tolist()]
    assert rules.feedback_dues(starts).tolist() == want


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
        RULES.feedback_dues(np.array(["NaT"], dtype="datetime64[s]"))
    assert e.value.code == "invalid_instant"
    with pytest.raises(jiesu.TimeError) as e:
        RULES.feedback_dues(["2026-01-05T09:00", "soon"])
    assert e.value.code == "invalid_instant"
    with pytest.raises(jiesu.CalendarError) as e:
        RULES.feedback_dues(np.array(["2026-12-30T09:00"], dtype="datetime64[s]"))
    assert e.value.code == "calendar_out_of_range"
    with pytest.raises(TypeError, match="unit"):
        RULES.feedback_dues(np.array(["2026-01"], dtype="datetime64[M]"))
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
