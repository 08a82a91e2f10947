"""Property tests of rules §5 (hypothesis) through the Python API: a demand's life and the stream.

Random valid logs are built by walking the stage machine with random choices and random gaps
between events, through ``DemandState.apply`` (a choice the fold refuses, such as a plan after
its limit, is left out, so every log kept is valid) — the same walk as
``core/tests/common/mod.rs``. Then:

- building and replaying never raise anything but a ``jiesu.JiesuError``;
- replaying a log is deterministic, and every feedback and redo due date is a working day;
- any prefix of a valid log replays;
- ``DemandState.from_json(s.to_json()) == s``;
- a rejected event leaves the state byte-identical;
- replaying a stream does not depend on how the demands interleave;
- the stream's counts add up (``applied + rejected + blank == lines``).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import jiesu

CST = timezone(timedelta(hours=8))
T0 = datetime(2025, 12, 1, 8, 0, tzinfo=CST)
CHINA = jiesu.Calendar.china()
UNITS = ["state_grid", "natural_resources", "approval", "tax"]
SATISFACTION = ["very_satisfied", "fairly_satisfied", "basically_satisfied", "unsatisfied", "unreached"]
CATEGORIES = ["consultation", "help", "suggestion", "complaint"]
EVENT_TYPES = [
    "received",
    "answered",
    "territory_handling",
    "escalated",
    "dispatched",
    "signed",
    "returned_by_unit",
    "plan_submitted",
    "replied",
    "callback",
    "returned",
    "verification_submitted",
    "verified",
    "closed",
]
SETTINGS = settings(max_examples=80, deadline=None, database=None)


def rules_of(signed: bool, co: bool, territory: bool) -> jiesu.Rules:
    knobs = {
        "name": "prop",
        "clock_start": "signed" if signed else "dispatched",
        "card_co_units": co,
        "territory_limit": territory,
    }
    return jiesu.Rules(policy=jiesu.Policy.from_json(json.dumps(knobs)))


policies = st.builds(rules_of, st.booleans(), st.booleans(), st.booleans())
steps = st.lists(st.tuples(st.integers(0, 255), st.integers(0, 8 * 24 * 60)), max_size=24)
starts = st.integers(0, 200 * 24 * 60)


def event(demand: str, kind: str, at: datetime, **fields: Any) -> dict[str, Any]:
    # Instants as aware datetimes in +08:00, or as RFC 3339 text: both are read the same.
    when: Any = at if at.minute % 2 else at.isoformat()
    return {"v": 1, "demand": demand, "type": kind, "at": when, **fields}


def choose(state: jiesu.DemandState, c: int, t: datetime) -> tuple[str, dict[str, Any]] | None:
    """The event a random choice `c` makes in the state's stage (None when the life is over)."""
    lead = state.lead or ""
    pick = UNITS[c % len(UNITS)]
    stage = state.stage
    if stage == "received":
        return [
            ("answered", {"entry": "tax-rd"}),
            ("territory_handling", {"unit": "kaifaqu"}),
            ("escalated", {"to": "center", "reason": "r"}),
            ("dispatched", {"lead": pick, "co_units": ["kaifaqu"]}),
        ][c % 4]
    if stage in ("escalated", "returned_by_unit"):
        if c % 5 == 0:
            return "escalated", {"to": "government", "reason": "r"}
        return "dispatched", {"lead": pick, "co_units": []}
    if stage == "in_progress":
        completion = (t + timedelta(days=c % 20)).date()
        return [
            ("signed", {"unit": lead}),
            ("plan_submitted", {"unit": lead, "completion": completion, "explanation": "" if c % 3 == 0 else "工期"}),
            ("returned_by_unit", {"unit": lead, "reason": "非本单位职责"}),
            ("escalated", {"to": "government", "reason": "r"}),
            ("replied", {"unit": lead, "resolved": c % 2 == 0, "contacted": c % 3 != 0, "method": "m"}),
            ("replied", {"unit": lead, "resolved": c % 2 == 0, "contacted": c % 3 != 0, "method": "m"}),
        ][c % 6]
    if stage == "replied":
        s = SATISFACTION[c % 5]
        if s == "unreached":
            return "callback", {"satisfaction": s}
        return "callback", {"satisfaction": s, "resolved": c % 2 == 0, "contacted": c % 4 != 0}
    if stage == "unsatisfied":
        return "returned", {}
    if stage == "verification":
        return "verification_submitted", {"unit": lead, "signed_by": "主要负责人"}
    if stage == "verifying":
        return "verified", {"opinion": "close" if c % 2 == 0 else "redo"}
    if stage == "closable":
        return "closed", {}
    return None  # closed, answered


def build_log(
    rules: jiesu.Rules, demand: str, start: int, category: int, walk: list[tuple[int, int]]
) -> tuple[list[dict[str, Any]], jiesu.DemandState]:
    """A valid log of one demand from random choices, and its final state."""
    t = T0 + timedelta(minutes=start)
    first = event(
        demand,
        "received",
        t,
        category=CATEGORIES[category % 4],
        topics=["power_supply"],
        territory="kaifaqu",
        enterprise="某公司",
        text="诉求",
    )
    state = jiesu.DemandState.receive(rules, first)
    log = [first]
    for c, gap in walk:
        t += timedelta(minutes=gap % (6 * 24 * 60))
        choice = choose(state, c, t)
        if choice is None:
            break
        kind, fields = choice
        e = event(demand, kind, t, **fields)
        try:
            state = state.apply(rules, e)
        except jiesu.JiesuError:
            continue  # refused (a plan after its limit, past the calendar's coverage, …)
        log.append(e)
    return log, state


@SETTINGS
@given(rules=policies, start=starts, category=st.integers(0, 3), walk=steps)
def test_valid_logs_replay_with_working_day_limits(
    rules: jiesu.Rules, start: int, category: int, walk: list[tuple[int, int]]
) -> None:
    log, walked = build_log(rules, "D", start, category, walk)
    state = rules.replay(log)
    assert state == walked and state.to_json() == walked.to_json()
    assert rules.replay(log) == state  # deterministic
    for r in state.rounds:
        limit = r["limit"]
        if limit is not None and limit["kind"] in ("feedback", "redo"):
            assert CHINA.is_working_day(r["due_date"]), r
        if r["on_time"] is not None:
            replied, due = datetime.fromisoformat(r["replied_at"]), datetime.fromisoformat(r["due"])
            assert r["on_time"] == (replied < due)
    for n in state.notices:
        assert n["at"] == n["due"]
    for k in range(1, len(log)):
        rules.replay(log[:k])  # every prefix of a valid log is valid
    again = jiesu.DemandState.from_json(state.to_json())
    assert again == state and again.to_json() == state.to_json()
    status = state.status_at(T0 + timedelta(days=400))
    assert status["demand"] == "D" and status["open"] == (state.stage not in ("closed", "answered"))


@SETTINGS
@given(
    rules=policies,
    start=starts,
    walk=steps,
    kind=st.sampled_from(EVENT_TYPES),
    gap=st.integers(-600, 6000),
    c=st.integers(0, 255),
)
def test_a_rejected_event_leaves_the_state_byte_identical(
    rules: jiesu.Rules, start: int, walk: list[tuple[int, int]], kind: str, gap: int, c: int
) -> None:
    log, state = build_log(rules, "D", start, 1, walk)
    before = state.to_json()
    at = datetime.fromisoformat(state.to_dict()["last_at"]) + timedelta(minutes=gap)
    lead = state.lead or UNITS[c % 4]
    fields = {
        "received": {"category": "help", "topics": [], "territory": "kaifaqu", "enterprise": "E", "text": "t"},
        "answered": {"entry": "x"},
        "territory_handling": {"unit": "kaifaqu" if c % 2 else lead},
        "escalated": {"to": "government" if c % 2 else "center", "reason": "r"},
        "dispatched": {"lead": UNITS[c % 4], "co_units": [lead] if c % 3 == 0 else []},
        "signed": {"unit": lead},
        "returned_by_unit": {"unit": lead, "reason": "r"},
        "plan_submitted": {"unit": lead, "completion": (at + timedelta(days=c % 40)).date(), "explanation": ""},
        "replied": {"unit": lead, "resolved": True, "contacted": c % 2 == 0, "method": "m"},
        "callback": {"satisfaction": SATISFACTION[c % 5], "resolved": True, "contacted": True},
        "returned": {},
        "verification_submitted": {"unit": lead, "signed_by": "x"},
        "verified": {"opinion": "redo" if c % 2 else "close"},
        "closed": {},
    }[kind]
    e = event("D", kind, at, **fields)
    try:
        after = state.apply(rules, e)
    except jiesu.JiesuError:
        assert state.to_json() == before  # refused: nothing changed
        assert rules.replay(log) == state
        return
    assert state.to_json() == before  # accepted: a new state, this one unchanged
    assert rules.replay([*log, e]) == after


def interleave(logs: list[list[str]], order: list[int]) -> list[str]:
    """The lines of several demands' logs, each demand's in its order, `order` picking which
    demand's next line comes next."""
    nxt = [0] * len(logs)
    lines = []
    for i in order:
        i %= len(logs)
        if nxt[i] < len(logs[i]):
            lines.append(logs[i][nxt[i]])
            nxt[i] += 1
    for i, log in enumerate(logs):
        lines.extend(log[nxt[i] :])
    return lines


@SETTINGS
@given(
    rules=policies,
    demands=st.lists(st.tuples(starts, st.integers(0, 3), steps), min_size=1, max_size=4),
    orders=st.tuples(st.lists(st.integers(0, 3), max_size=80), st.lists(st.integers(0, 3), max_size=80)),
    noise=st.lists(
        st.tuples(
            st.integers(0, 200),
            st.sampled_from(["", "  ", "{", "[1]", '{"v": 2}', "not json", "\ufeff", "null"]),
        ),
        max_size=4,
    ),
)
def test_a_stream_does_not_depend_on_how_demands_interleave(
    rules: jiesu.Rules,
    demands: list[tuple[int, int, list[tuple[int, int]]]],
    orders: tuple[list[int], list[int]],
    noise: list[tuple[int, str]],
) -> None:
    logs = []
    for i, (start, category, walk) in enumerate(demands):
        log, _ = build_log(rules, f"S{i}", start, category, walk)
        logs.append([jiesu.Event.from_dict(e).to_json() for e in log])
    one, two = (interleave(logs, order) for order in orders)
    a, b = rules.replay_stream(one), rules.replay_stream("\n".join(two))
    assert a.states == b.states and a.derived == b.derived and a.at == b.at
    assert a.rejected == [] and a.counts["applied"] == sum(len(log) for log in logs)
    # Each demand's state is its own log's replay, brought to the stream's instant.
    for state, log in zip(a.states, logs):
        assert state == rules.replay(log, a.at)
    # Junk lines are rejected or blank, never fatal in lenient mode, and leave the rest as it was.
    noisy = list(one)
    for pos, junk in noise:
        noisy.insert(pos % (len(noisy) + 1), junk)
    c = rules.replay_stream(noisy)
    counts = c.counts
    assert counts["applied"] + counts["rejected"] + counts["blank"] == counts["lines"] == len(noisy)
    assert counts["open"] + counts["finished"] == counts["demands"] == len(logs)
    assert c.states == a.states and c.derived == a.derived
    assert [r["line"] for r in c.rejected] == sorted(r["line"] for r in c.rejected)
