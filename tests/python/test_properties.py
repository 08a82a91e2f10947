"""Property tests (style §8) through the Python API."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

import jiesu

CHINA = jiesu.Calendar.china()
# weekends_only answers past coverage, so every generated case has an answer.
LOOSE = CHINA.with_beyond_coverage("weekends_only")
RULES = jiesu.Rules(policy=jiesu.Policy.from_json('{"name": "loose", "beyond_coverage": "weekends_only"}'))
CST = timezone(timedelta(hours=8))

dates = st.dates(min_value=date(CHINA.first_year, 1, 1), max_value=date(CHINA.last_year, 12, 31))
counts = st.integers(min_value=0, max_value=400)


@settings(max_examples=300, deadline=None, database=None)
@given(d=dates, n=counts)
def test_add_then_count_is_the_identity(d: date, n: int) -> None:
    end = LOOSE.add_working_days(d, n)
    assert LOOSE.working_days_between(d, end) == n
    assert LOOSE.working_days_between(end, d) == -n
    if n > 0:
        assert end > d and LOOSE.is_working_day(end)
        assert LOOSE.previous_working_day(end) == LOOSE.add_working_days(d, n - 1) or n == 1
    # The batch forms say the same.
    assert LOOSE.add_working_days_many([d], n) == [end]


@settings(max_examples=200, deadline=None, database=None)
@given(
    day=dates,
    minutes=st.integers(min_value=0, max_value=24 * 60 - 1),
    offset_hours=st.integers(min_value=-12, max_value=14),
)
def test_a_deadline_is_after_its_start_and_on_a_working_day(
    day: date, minutes: int, offset_hours: int
) -> None:
    local = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes)
    start = local.replace(tzinfo=CST).astimezone(timezone(timedelta(hours=offset_hours)))
    d = RULES.feedback_deadline(start)
    assert d.start == start and d.start.utcoffset() == timedelta(hours=8)
    assert d.due > d.start
    assert LOOSE.is_working_day(d.due_date)
    assert d.to_dict()["due"] == d.due.isoformat()
    assert RULES.feedback_dues([start]) == [d.due]
