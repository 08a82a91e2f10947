"""Property tests (style §8) through the Python API."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

import jiesu
from vectors import FIXTURES

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


DIRECTORY = jiesu.Directory.from_json((FIXTURES / "city" / "directory.json").read_text(encoding="utf-8"))
TOPICS = [t["key"] for t in DIRECTORY.topics()] + ["no_such_topic"]
TERRITORIES = [u["id"] for u in DIRECTORY.units() if u["kind"] in ("territory", "development_zone")]


@settings(max_examples=300, deadline=None, database=None)
@given(
    category=st.sampled_from([c["key"] for c in jiesu.categories()]),
    topics=st.lists(st.sampled_from(TOPICS), max_size=6),
    territory=st.none() | st.sampled_from(TERRITORIES),
    level=st.sampled_from(["center", "government", "territory"]),
    data=st.data(),
)
def test_routing_does_not_depend_on_the_order_of_topics(
    category: str, topics: list[str], territory: str | None, level: str, data: st.DataObject
) -> None:
    """Rules §3: the route is a function of the set of topics (order and duplicates ignored)."""
    if level == "territory" and territory is None:
        territory = TERRITORIES[0]
    request = {"category": category, "topics": topics, "territory": territory, "level": level}
    shuffled = data.draw(st.permutations(topics))
    route = DIRECTORY.route(request)
    assert DIRECTORY.route({**request, "topics": shuffled}) == route
    assert DIRECTORY.route({**request, "topics": shuffled + topics[:1]}) == route
    # Every unit named exists, the lead is never a co-unit, each co-unit is named once.
    named = [route["lead"]] if route["lead"] else []
    assert all(DIRECTORY.unit(u) is not None for u in named + route["co_units"])
    assert route["lead"] not in route["co_units"]
    assert len(set(route["co_units"])) == len(route["co_units"])
