"""Deadlines (rules §4) and the Rules facade: every golden vector of fixtures/vectors/deadline/,
and the Python types (aware datetimes, naive datetimes read as +08:00, typed errors)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

import jiesu
from vectors import check_case

CST = timezone(timedelta(hours=8))
RULES = jiesu.Rules()


def test_deadline_vector(deadline_case: Any) -> None:
    check_case("deadline", deadline_case)


def test_defaults() -> None:
    assert RULES.policy == jiesu.Policy.seed()
    assert RULES.policy.name == "seed"
    assert RULES.calendar.version == jiesu.Calendar.china().version
    assert "seed" in repr(RULES)


def test_results_are_aware_datetimes_and_dates() -> None:
    d = RULES.feedback_deadline(datetime(2026, 9, 30, 16, 20, tzinfo=CST))
    assert d.kind == "feedback"
    assert d.start == datetime(2026, 9, 30, 16, 20, tzinfo=CST)
    assert d.due == datetime(2026, 10, 14, tzinfo=CST)
    assert d.due.utcoffset() == timedelta(hours=8)
    assert d.start.utcoffset() == timedelta(hours=8)
    assert type(d.due_date) is date and d.due_date == date(2026, 10, 13)
    assert d.working_days == 5
    assert [x.date for x in d.skipped][:2] == [date(2026, 10, 1), date(2026, 10, 2)]
    assert [x.date for x in d.make_up_days] == [date(2026, 10, 10)]
    assert d.extension_working_days is None
    assert d.calendar_version == jiesu.Calendar.china().version
    assert d.provisional is False
    assert d.policy == "seed"
    assert repr(d).startswith("Deadline(kind='feedback'")


def test_every_form_of_the_same_instant_agrees() -> None:
    """Rules §0: naive datetimes and naive text are +08:00; any offset is converted."""
    forms: list[datetime | str] = [
        datetime(2026, 9, 30, 16, 20),  # naive: read as +08:00
        datetime(2026, 9, 30, 16, 20, tzinfo=CST),
        datetime(2026, 9, 30, 8, 20, tzinfo=timezone.utc),
        datetime(2026, 9, 30, 16, 20, tzinfo=ZoneInfo("Asia/Shanghai")),
        datetime(2026, 9, 30, 10, 20, tzinfo=ZoneInfo("Europe/Paris")),  # CEST, +02:00
        "2026-09-30T16:20",
        "2026-09-30 16:20:00",
        "2026-09-30T08:20:00Z",
        "2026-09-30T04:20:00-04:00",
    ]
    results = [RULES.feedback_deadline(f) for f in forms]
    assert all(r == results[0] for r in results)
    assert results[0].start == datetime(2026, 9, 30, 16, 20, tzinfo=CST)
    # The start is shown in +08:00 whatever the input offset.
    assert results[2].to_dict()["start"] == "2026-09-30T16:20:00+08:00"


def test_naive_midnight_is_the_start_of_the_local_day() -> None:
    d = RULES.same_day_target(datetime(2026, 10, 9, 0, 0))
    assert d.start == datetime(2026, 10, 9, tzinfo=CST)
    assert d.due_date == date(2026, 10, 9)


def test_is_on_time_is_strictly_before_due() -> None:
    d = RULES.feedback_deadline("2026-09-30T16:20+08:00")
    assert d.is_on_time(d.due - timedelta(microseconds=1))
    assert not d.is_on_time(d.due)
    assert d.is_on_time(datetime(2026, 10, 13, 23, 59))  # naive, +08:00
    assert not d.is_on_time(datetime(2026, 10, 13, 16, 0, tzinfo=timezone.utc))  # = 24:00 CST
    assert d.is_on_time("2026-10-13T15:59:59Z")


def test_to_dict_is_the_serde_shape() -> None:
    d = RULES.plan_deadline("2026-09-30T16:20+08:00", date(2026, 10, 20), "needs a permit")
    shape = d.to_dict()
    assert list(shape) == [
        "kind",
        "start",
        "due",
        "due_date",
        "working_days",
        "skipped",
        "make_up_days",
        "extension_working_days",
        "calendar_version",
        "provisional",
        "policy",
        "policy_fingerprint",
    ]
    assert d.policy_fingerprint == jiesu.Policy.seed().fingerprint
    assert shape["kind"] == "plan" and shape["due_date"] == "2026-10-20"
    assert shape["extension_working_days"] == d.extension_working_days == 5
    json.dumps(shape)  # plain JSON data


def test_kinds() -> None:
    start = "2026-10-09T10:00+08:00"
    assert RULES.redo_deadline(start).kind == "redo"
    assert RULES.redo_deadline(start).working_days == 3
    assert RULES.same_day_target(start).kind == "same_day"
    assert RULES.return_deadline(start).kind == "return"
    assert RULES.deadline(start, 2).kind == "working_days"
    assert RULES.plan_deadline(start, date(2026, 10, 12)).kind == "plan"


def test_plan_explanation_defaults_to_empty() -> None:
    with pytest.raises(jiesu.DeadlineError) as e:
        RULES.plan_deadline("2026-09-30T16:20+08:00", date(2026, 11, 30))
    assert e.value.code == "plan_extension_unexplained"
    with pytest.raises(jiesu.DeadlineError) as e:
        RULES.plan_deadline("2026-09-30T16:20+08:00", "2026-09-01", "why")
    assert e.value.code == "plan_before_start"


@pytest.mark.parametrize("n", [0, -1, 1001])
def test_bad_working_days_are_deadline_errors(n: int) -> None:
    with pytest.raises(jiesu.DeadlineError) as e:
        RULES.deadline("2026-09-30T16:20+08:00", n)
    assert e.value.code == "deadline_invalid_working_days"
    assert e.value.module == "deadline"


@pytest.mark.parametrize("text", ["yesterday", "2026-09-30", "2026-13-01T00:00", ""])
def test_invalid_instant_text_is_a_time_error(text: str) -> None:
    with pytest.raises(jiesu.TimeError) as e:
        RULES.feedback_deadline(text)
    assert e.value.code == "invalid_instant"
    assert repr(text) in str(e.value) or text in str(e.value)


def test_a_date_is_not_an_instant() -> None:
    with pytest.raises(TypeError):
        RULES.feedback_deadline(date(2026, 9, 30))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        RULES.feedback_deadline(1_790_000_000)  # type: ignore[arg-type]


def test_the_policy_governs_beyond_coverage() -> None:
    loose = jiesu.Policy.from_json('{"name": "loose", "beyond_coverage": "weekends_only"}')
    rules = jiesu.Rules(jiesu.Calendar.china(), loose)
    assert rules.calendar.beyond_coverage == "weekends_only"
    d = rules.feedback_deadline("2026-12-28T09:00+08:00")
    assert d.provisional and d.policy == "loose"
    with pytest.raises(jiesu.CalendarError) as e:
        RULES.feedback_deadline("2026-12-28T09:00+08:00")
    assert e.value.code == "calendar_out_of_range"
    only_policy = jiesu.Rules(policy=loose)
    assert only_policy.calendar.source == "cn-official"


def test_policy_knobs_are_read_only_properties() -> None:
    p = jiesu.Policy.from_json(
        '{"name": "k", "count_start_day": true, "intake_cutoff": "12:00", "day_end": "17:30",'
        ' "max_plan_working_days": 20, "clock_start": "signed"}'
    )
    assert (p.name, p.count_start_day, p.intake_cutoff, p.day_end) == ("k", True, "12:00", "17:30")
    assert (p.max_plan_working_days, p.clock_start, p.beyond_coverage) == (20, "signed", "error")
    assert (p.feedback_working_days, p.redo_working_days) == (5, 3)
    assert jiesu.Policy.seed().max_plan_working_days is None
    assert jiesu.Policy.from_json(p.to_json()) == p
    assert p != jiesu.Policy.seed()
    assert repr(p) == "Policy(name='k')"
    with pytest.raises(AttributeError):
        p.name = "x"  # type: ignore[misc]
    rules = jiesu.Rules(policy=p)
    d = rules.feedback_deadline("2026-10-09T09:00+08:00")
    assert d.due.hour == 17 and d.due.minute == 30


def test_policy_errors() -> None:
    with pytest.raises(jiesu.PolicyError) as e:
        jiesu.Policy.from_json('{"feedback_workingdays": 5}')
    assert e.value.code == "policy_invalid_json"
    with pytest.raises(jiesu.PolicyError) as e:
        jiesu.Policy.from_json('{"redo_working_days": 0}')
    assert e.value.code == "policy_invalid_value"


# --- what a per-call function takes, and is_on_time_many (issue 13, items 2, 6, 8, 10) -------------


@pytest.mark.parametrize("n", [None, "5", True, 5.0, [5]])
def test_working_days_are_an_int(n: Any) -> None:
    with pytest.raises(TypeError, match="must be an int"):
        RULES.deadline("2026-09-30T16:20+08:00", n)


def test_numpy_and_pandas_instants() -> None:
    want = RULES.feedback_deadline(datetime(2026, 9, 30, 16, 20))  # naive: +08:00
    assert RULES.feedback_deadline(np.datetime64("2026-09-30T16:20")) == want  # as naive, rules §0
    assert RULES.feedback_deadline(np.datetime64("2026-09-30T16:20:00.999", "ms")) == want
    assert RULES.feedback_deadline(pd.Timestamp("2026-09-30 08:20", tz="UTC")) == want
    assert RULES.deadline("2026-09-30T16:20", np.int64(5)).due == want.due
    for nat in (np.datetime64("NaT"), pd.NaT):
        with pytest.raises(jiesu.TimeError) as e:
            RULES.feedback_deadline(nat)
        assert (e.value.code, str(e.value)) == (
            "invalid_instant",
            'invalid instant "NaT": expected RFC 3339 (2026-09-30T16:20:00+08:00) or a naive local date-time',
        )
    with pytest.raises(jiesu.DeadlineError) as e:
        RULES.deadline("2026-09-30T16:20", 10**30)  # out of range, not an OverflowError
    assert e.value.code == "deadline_invalid_working_days"


def test_is_on_time_many() -> None:
    due = RULES.feedback_deadline("2026-09-30T16:20").due
    replies = [due - timedelta(seconds=1), due, due + timedelta(days=1), due - timedelta(microseconds=1)]
    want = [RULES.feedback_deadline("2026-09-30T16:20").is_on_time(r) for r in replies]
    assert want == [True, False, False, True]
    assert jiesu.is_on_time_many([due] * 4, replies) == want
    aware = pd.Series(pd.DatetimeIndex(replies), index=list("abcd"))
    dues = pd.Series(pd.DatetimeIndex([due] * 4), index=list("abcd"))
    got = jiesu.is_on_time_many(dues, aware)
    assert isinstance(got, pd.Series) and got.to_dict() == dict(zip("abcd", want))
    wall = np.array([r.replace(tzinfo=None) for r in replies], dtype="datetime64[us]")
    got_np = jiesu.is_on_time_many(np.array([due.replace(tzinfo=None)] * 4, dtype="datetime64[s]"), wall, naive="cst")
    assert got_np.dtype == np.bool_ and got_np.tolist() == want
    with pytest.raises(jiesu.TimeError) as e:
        jiesu.is_on_time_many(np.array([due.replace(tzinfo=None)] * 4, dtype="datetime64[s]"), wall)
    assert e.value.code == "invalid_instant" and "naive=" in str(e.value)
    with pytest.raises(jiesu.CalendarError) as e:
        jiesu.is_on_time_many([due], replies)
    assert e.value.code == "calendar_batch_length_mismatch"
    with pytest.raises(jiesu.TimeError) as e:
        jiesu.is_on_time_many([due, due], [due, None])  # no reply yet
    assert (e.value.code, e.value.row) == ("invalid_instant", 1)
    flags, codes = jiesu.is_on_time_many([due, "soon", due], [replies[0], replies[0], None], errors="coerce")
    assert (flags, codes) == ([True, None, None], [None, "invalid_instant", "invalid_instant"])
    s_flags, s_codes = jiesu.is_on_time_many(dues, aware.where(aware.index != "c"), errors="coerce")
    assert str(s_flags.dtype) == "boolean" and s_flags.isna().tolist() == [False, False, True, False]
    assert s_codes.to_dict() == {"a": None, "b": None, "c": "invalid_instant", "d": None}
    with pytest.raises(jiesu.CalendarError):  # lengths are checked, even coerced
        jiesu.is_on_time_many([due], replies, errors="coerce")


# --- the audit trail and the kept calendar setting (issue 13, items 3 and 4) -----------------------


def test_an_unnamed_policy_is_custom_with_its_own_fingerprint() -> None:
    unnamed = jiesu.Policy.from_json('{"feedback_working_days": 6}')
    assert unnamed.name == "custom" and unnamed.fingerprint != jiesu.Policy.seed().fingerprint
    assert jiesu.Policy.from_json("{}").fingerprint == jiesu.Policy.seed().fingerprint, "knobs, not names"
    d = jiesu.Rules(policy=unnamed).feedback_deadline("2026-09-30T16:20")
    assert (d.policy, d.policy_fingerprint) == ("custom", unnamed.fingerprint)
    assert len(unnamed.fingerprint) == 16 and int(unnamed.fingerprint, 16) >= 0
    empty = jiesu.Rules(policy=unnamed).replay_stream("")
    assert jiesu.Rules(policy=unnamed).evaluate(empty, "2026").policy_fingerprint == unnamed.fingerprint


def test_an_explicit_calendar_setting_is_kept() -> None:
    loose = jiesu.Calendar.china().with_beyond_coverage("weekends_only")
    rules = jiesu.Rules(calendar=loose)
    assert rules.calendar.beyond_coverage == "weekends_only"
    d = rules.feedback_deadline("2026-12-28T10:00+08:00")
    assert d.provisional and d.due_date > date(2026, 12, 31)
    assert rules.feedback_dues(["2026-12-28T10:00+08:00"]) == [d.due]
