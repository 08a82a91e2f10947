"""Property tests of rules §6–§7 (hypothesis) through the Python API: cards and evaluation of
random streams.

Random valid demand logs come from the walk of ``test_demand_properties.py`` (through
``DemandState.apply``, so every log is valid); random §7 knobs (points, weights, deductions,
``min_ranked_cases``) ride on top. Then, for every evaluation:

- every score and every rate is a ``Decimal`` in [0, 100] (or None without cases), with two
  decimals, and the score is its parts' difference clamped to [0, 100] up to the final rounding;
- each group's ranking is a strict total order under the tie-break chain of rules §7 (score,
  satisfaction rate, on-time rate descending — a missing figure lowest —, fewer cards, unit id),
  ranks 1…n, and ranked ∪ unranked is the group;
- two interleavings of the same demands give the same JSON (evaluation, what-if and card board);
- a card never skips a level.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import jiesu
from test_demand_properties import build_log, interleave, steps
from vectors import plain

SETTINGS = settings(max_examples=40, deadline=None, database=None)
# The walk starts on 2025-12-01; demands start in its first 60 days and run up to ~150 days: a
# range over both years holds it all, the others part of it.
PERIODS = st.sampled_from(
    ["2025-12-01..2026-12-31", "2025-12-01..2026-12-31", "2026", "2026-Q1", "2026-01", "2025-12"]
)
DECIMALS = st.sampled_from(["0", "0.5", "1", "2.25", "3", "5", "12.5", "40", "100"])
HUNDRED = Decimal(100)


@st.composite
def rules_strategy(draw: st.DrawFn) -> jiesu.Rules:
    weights = draw(st.lists(DECIMALS, min_size=3, max_size=3).filter(lambda w: any(x != "0" for x in w)))
    knobs = {
        "name": "prop",
        "clock_start": draw(st.sampled_from(["dispatched", "signed"])),
        "card_co_units": draw(st.booleans()),
        "consecutive": draw(st.sampled_from(["events", "periods"])),
        "evaluation": {
            "points": {
                "very_satisfied": draw(DECIMALS),
                "fairly_satisfied": draw(DECIMALS),
                "basically_satisfied": draw(DECIMALS),
                "unsatisfied": draw(DECIMALS),
            },
            "weights": dict(zip(["on_time", "resolution", "satisfaction"], weights)),
            "deductions": {
                "yellow_card": draw(DECIMALS),
                "red_card": draw(DECIMALS),
                "false_feedback": draw(DECIMALS),
            },
            "min_ranked_cases": draw(st.integers(0, 3)),
        },
    }
    return jiesu.Rules(policy=jiesu.Policy.from_json(json.dumps(knobs)))


demands = st.lists(
    st.tuples(st.integers(0, 60 * 24 * 60), st.integers(1, 3), steps), min_size=2, max_size=10
)
orders = st.tuples(st.lists(st.integers(0, 9), max_size=200), st.lists(st.integers(0, 9), max_size=200))


def logs_of(rules: jiesu.Rules, spec: list[tuple[int, int, list[tuple[int, int]]]]) -> list[list[str]]:
    logs = []
    for i, (start, category, walk) in enumerate(spec):
        log, _ = build_log(rules, f"P{i}", start, category, walk)
        logs.append([jiesu.Event.from_dict(e).to_json() for e in log])
    return logs


def figure(x: Decimal | None) -> Decimal:
    """A published figure for the ranking: a missing one ranks below any."""
    return Decimal(-1) if x is None else x


def rank_key(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (
        -figure(entry["score"]),
        -figure(entry["satisfaction_rate"]),
        -figure(entry["on_time_rate"]),
        entry["cards"],
        entry["unit"],
    )


def check_evaluation(e: jiesu.Evaluation, policy: jiesu.Policy) -> None:
    for unit in e.units.values():
        score = unit["score"]
        figures = [score, *unit["rates"].values(), *unit["score_parts"].values()]
        for x in figures:
            assert x is None or (type(x) is Decimal and x.as_tuple().exponent == -2), unit
        for x in [score, *unit["rates"].values()]:
            assert x is None or Decimal(0) <= x <= HUNDRED, unit
        parts = unit["score_parts"]
        assert (score is None) == (parts["base"] is None), unit
        if score is not None:
            raw = parts["base"] - parts["yellow_deduction"] - parts["red_deduction"] - parts["false_feedback_deduction"]
            # Each part is rounded once on its own: the score is within their rounding of it.
            assert abs(score - min(max(raw, Decimal(0)), HUNDRED)) <= Decimal("0.02"), unit
    min_cases = policy.evaluation["min_ranked_cases"]
    for group, ranked in e.ranking.items():
        assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
        keys = [rank_key(r) for r in ranked]
        assert all(a < b for a, b in zip(keys, keys[1:])), f"{group}: not a strict total order: {keys}"
        members = {u for u, x in e.units.items() if x["group"] == group}
        assert {r["unit"] for r in ranked}.isdisjoint(e.unranked[group])
        assert {r["unit"] for r in ranked} | set(e.unranked[group]) == members
        for r in ranked:
            unit = e.units[r["unit"]]
            assert unit["rank"] == r["rank"] and unit["score"] == r["score"] is not None
            assert unit["counts"]["replies_due"] >= min_cases
        for u in e.unranked[group]:
            assert e.units[u]["rank"] is None


@SETTINGS
@given(rules=rules_strategy(), spec=demands, period=PERIODS)
def test_scores_in_range_and_the_ranking_is_a_total_order(
    rules: jiesu.Rules, spec: list[tuple[int, int, list[tuple[int, int]]]], period: str
) -> None:
    logs = logs_of(rules, spec)
    result = rules.replay_stream([line for log in logs for line in log])
    assert result.rejected == []
    e = rules.evaluate(result, period)
    check_evaluation(e, rules.policy)
    assert plain(e.to_dict()) == json.loads(e.to_json())  # the Decimals are the core's strings


@SETTINGS
@given(rules=rules_strategy(), spec=demands, orders=orders, period=PERIODS)
def test_the_same_json_for_two_interleavings(
    rules: jiesu.Rules,
    spec: list[tuple[int, int, list[tuple[int, int]]]],
    orders: tuple[list[int], list[int]],
    period: str,
) -> None:
    logs = logs_of(rules, spec)
    one, two = (interleave(logs, order) for order in orders)
    a, b = rules.replay_stream(one), rules.replay_stream("\n".join(two))
    ea, eb = rules.evaluate(a, period), rules.evaluate(b, period)
    assert ea.to_json() == eb.to_json() and ea == eb
    assert rules.cards(a) == rules.cards(b) == rules.cards(b.derived)
    # The what-if over the §7 knobs reuses either result alike.
    knobs = json.loads(rules.policy.to_json())
    knobs["name"], knobs["evaluation"]["deductions"]["yellow_card"] = "other", "7"
    other = jiesu.Policy.from_json(json.dumps(knobs))
    assert rules.compare(a, other, period).to_json() == rules.compare(two, other, period).to_json()


@SETTINGS
@given(rules=rules_strategy(), spec=demands)
def test_a_card_never_skips_a_level(
    rules: jiesu.Rules, spec: list[tuple[int, int, list[tuple[int, int]]]]
) -> None:
    logs = logs_of(rules, spec)
    board = rules.cards(rules.replay_stream([line for log in logs for line in log]))
    for unit in board.units:
        history = board.history(unit)
        kinds = [h["kind"] for h in history]
        for i, kind in enumerate(kinds):
            if kind == "yellow":
                assert kinds[i - 1] == "notice"  # every yellow follows its notice
            if kind == "red":
                assert kinds[i - 1] == "yellow" and kinds[i + 1] == "deputy_interview"
            if kind == "principal_interview":
                assert "red" in kinds[:i]
        for h in history:
            assert h["causes"], h
            assert board.colour(unit, h["at"]) in ("green", "yellow", "red")
