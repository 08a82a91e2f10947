"""Evaluation (rules §7) through the Python API: periods, the products of the cadence, the
what-if, exact decimals.

The golden vectors of ``fixtures/vectors/evaluation/`` run here (``vectors.py``: ``expect`` is a
subset of ``json.loads(result.to_json())``; every result's ``to_dict()`` and properties are
checked against its JSON). The tests below pin down what is Python's own: figures are
``decimal.Decimal`` built from the core's strings, ``to_json()`` is the core's text (the CLI's
``--json`` output, JSON-equal), periods as objects, the what-if from a ``StreamResult`` and from a
path.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

import pytest

import jiesu
from vectors import FIXTURES, ROOT, check_case, comparison_json, evaluation_json

CST = timezone(timedelta(hours=8))
RULES = jiesu.Rules()
DIRECTORY_FILE = FIXTURES / "city" / "directory.json"
DIRECTORY = jiesu.Directory.from_json(DIRECTORY_FILE.read_text(encoding="utf-8"))
CITY = jiesu.Rules(directory=DIRECTORY)
YEAR = FIXTURES / "city" / "year-2026.jsonl"
CLI = ROOT / "target" / "release" / "jiesu"


@pytest.fixture(scope="module")
def year() -> jiesu.StreamResult:
    return CITY.replay_stream(YEAR)


def test_evaluation_vector(evaluation_case: Any) -> None:
    check_case("evaluation", evaluation_case)


# --- exact decimals -----------------------------------------------------------------------------


def ev(demand: str, kind: str, at: str, **fields: Any) -> dict[str, Any]:
    return {"v": 1, "demand": demand, "type": kind, "at": at, **fields}


def life(demand: str, replied: str, satisfaction: str, resolved: bool) -> list[dict[str, Any]]:
    """One order to state_grid: dispatched Mon 11-02 10:00, due 11-10T00:00 (seed: wd 1..5 =
    11-03 … 11-09), replied at ``replied``, called back on 11-20."""
    return [
        ev(
            demand,
            "received",
            "2026-11-02T09:00:00+08:00",
            category="help",
            topics=["power_supply"],
            territory="kaifaqu",
            enterprise="某机械公司",
            text="用电增容",
        ),
        ev(demand, "dispatched", "2026-11-02T10:00:00+08:00", lead="state_grid"),
        ev(demand, "replied", replied, unit="state_grid", resolved=True, contacted=True, method="电话"),
        ev(
            demand,
            "callback",
            "2026-11-20T10:00:00+08:00",
            satisfaction=satisfaction,
            resolved=resolved,
            contacted=True,
        ),
    ]


# Three orders: A on time (非常满意, solved), B on time (比较满意, not solved), C late on 11-12
# (基本满意, solved; its missed limit gives a yellow card at 11-10T00:00). For state_grid in
# November: on time 2/3 = 66.67 %, resolution 2/3 = 66.67 %, satisfaction 3/3 = 100.00 %, points
# (100 + 80 + 60) / 3 = 80.00; base = (30 × 200/3 + 30 × 200/3 + 40 × 80) / 100 = 72.00 exactly,
# minus 1 per yellow card → 71.00.
NOVEMBER = sorted(
    life("A", "2026-11-05T10:00:00+08:00", "very_satisfied", True)
    + life("B", "2026-11-06T10:00:00+08:00", "fairly_satisfied", False)
    + life("C", "2026-11-12T10:00:00+08:00", "basically_satisfied", True),
    key=lambda e: str(e["at"]),
)


def november(rules: jiesu.Rules = RULES) -> jiesu.StreamResult:
    result = rules.replay_stream([json.dumps(e, ensure_ascii=False) for e in NOVEMBER])
    assert result.rejected == []
    return result


def test_figures_are_decimals_from_the_cores_strings() -> None:
    assert RULES.feedback_deadline("2026-11-02T10:00+08:00").due == datetime(2026, 11, 10, tzinfo=CST)
    e = RULES.notification(november(), "2026-11")
    unit = e.units["state_grid"]
    assert unit["counts"]["replies_due"] == 3 and unit["counts"]["on_time"] == 2
    assert unit["counts"]["yellow_cards"] == 1 and unit["counts"]["resolved"] == 2
    assert unit["rates"] == {
        "on_time_rate": Decimal("66.67"),
        "resolution_rate": Decimal("66.67"),
        "satisfaction_rate": Decimal("100.00"),
        "satisfaction_points": Decimal("80.00"),
    }
    assert unit["score_parts"] == {
        "base": Decimal("72.00"),
        "yellow_deduction": Decimal("1.00"),
        "red_deduction": Decimal("0.00"),
        "false_feedback_deduction": Decimal("0.00"),
    }
    score = unit["score"]
    assert type(score) is Decimal and str(score) == "71.00"  # the digits the core wrote, not 71.0
    parts = unit["score_parts"]
    assert score == parts["base"] - parts["yellow_deduction"] - parts["red_deduction"]
    for figure in [*unit["rates"].values(), *parts.values()]:
        assert type(figure) is Decimal and figure.as_tuple().exponent == -2
    ranked = e.ranking["all"]
    assert ranked == [
        {
            "rank": 1,
            "unit": "state_grid",
            "name": None,
            "score": Decimal("71.00"),
            "satisfaction_rate": Decimal("100.00"),
            "on_time_rate": Decimal("66.67"),
            "cards": 1,
        }
    ]
    assert unit["rank"] == 1 and e.unranked == {"all": []} and e.bottom_two == {}
    # to_dict() has the same Decimals; to_json() is the core's text with the figures as strings.
    assert e.to_dict()["units"][0] == unit
    text = e.to_json()
    assert '"score":"71.00"' in text and '"on_time_rate":"66.67"' in text
    assert json.loads(text)["units"][0]["rates"]["satisfaction_points"] == "80.00"
    evaluation_json(e)


def test_figures_without_cases_are_none() -> None:
    # In October nothing of November's stream falls: no unit at all.
    october = RULES.notification(november(), "2026-10")
    assert october.units == {} and october.ranking == {} and october.cards == []
    # A unit with work orders but no reply due yet has no rates and no score, and is not ranked.
    lines = [json.dumps(e, ensure_ascii=False) for e in life("A", "", "", True)[:2]]  # received, dispatched
    e = RULES.evaluate(RULES.replay_stream(lines), "2026-11")
    unit = e.units["state_grid"]
    assert unit["counts"]["work_orders"] == 1 and unit["counts"]["replies_due"] == 0
    assert unit["score"] is None and set(unit["rates"].values()) == {None}
    assert unit["score_parts"]["base"] is None and unit["score_parts"]["yellow_deduction"] == Decimal("0.00")
    assert unit["rank"] is None and e.ranking == {"all": []} and e.unranked == {"all": ["state_grid"]}


def test_knobs_change_the_exact_score() -> None:
    # Weights 1/1/1 and 0.5 per yellow: base = (200/3 + 200/3 + 80) / 3 = 71.111… → 71.11;
    # score = 71.111… − 0.5 = 70.611… → 70.61 (one final rounding, not 71.11 − 0.50).
    policy = jiesu.Policy.from_json(
        json.dumps(
            {
                "name": "flat",
                "evaluation": {
                    "weights": {"on_time": 1, "resolution": "1", "satisfaction": "1"},
                    "deductions": {"yellow_card": "0.5"},
                },
            }
        )
    )
    rules = RULES.with_policy(policy)
    assert rules.policy == policy and rules.calendar.version == RULES.calendar.version
    unit = rules.evaluate(november(rules), "2026-11").units["state_grid"]
    assert unit["score_parts"]["base"] == Decimal("71.11")
    assert unit["score_parts"]["yellow_deduction"] == Decimal("0.50")
    assert str(unit["score"]) == "70.61"


# --- periods ------------------------------------------------------------------------------------


def test_period_parse() -> None:
    p = jiesu.Period.parse("2026-Q4")
    assert (p.label, p.kind, p.from_, p.to) == ("2026-Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31))
    assert p.start == datetime(2026, 10, 1, tzinfo=CST)
    assert p.end == datetime(2027, 1, 1, tzinfo=CST)  # 24:00 of 31 December, not included
    assert p.to_dict() == {"label": "2026-Q4", "kind": "quarter", "from": "2026-10-01", "to": "2026-12-31"}
    assert str(p) == "2026-Q4"
    assert repr(p) == "Period(label='2026-Q4', kind='quarter', from_='2026-10-01', to='2026-12-31')"
    assert p == jiesu.Period.parse("2026-Q4") and p != jiesu.Period.parse("2026-q4")
    # A limit ending at 24:00 on 30 September (00:00 on 1 October) is the fourth quarter's.
    assert p.contains("2026-10-01T00:00:00+08:00") and not p.contains("2026-09-30T23:59:59+08:00")
    assert not p.contains(datetime(2027, 1, 1)) and p.contains(datetime(2026, 12, 31, 16, tzinfo=timezone.utc) - timedelta(seconds=1))
    for text, kind, first, last in [
        ("2026-02", "month", date(2026, 2, 1), date(2026, 2, 28)),
        ("2028-02", "month", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-H1", "half", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026", "year", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-10-08..2026-10-14", "range", date(2026, 10, 8), date(2026, 10, 14)),
    ]:
        q = jiesu.Period.parse(text)
        assert (q.kind, q.from_, q.to) == (kind, first, last), text
    for bad in ("2026-13", "2026-Q5", "26", "2026-10-14..2026-10-08", "", "2026-1"):
        with pytest.raises(jiesu.EvaluationError) as e:
            jiesu.Period.parse(bad)
        assert e.value.code == "evaluation_invalid_period"


def test_period_label_zh() -> None:
    assert jiesu.period_label_zh("2026-10") == "2026年10月"
    assert jiesu.period_label_zh(jiesu.Period.parse("2026-Q4")) == "2026年第4季度"
    assert jiesu.period_label_zh("2026-H2") == "2026年下半年"
    assert jiesu.period_label_zh(2026) == "2026年"
    assert jiesu.period_label_zh("2026-10-01..2026-10-31") == "2026-10-01至2026-10-31"
    with pytest.raises(TypeError):
        jiesu.period_label_zh(2026.0)  # type: ignore[arg-type]


def test_a_period_argument_is_text_a_period_or_a_year(year: jiesu.StreamResult) -> None:
    by_text = CITY.annual_evaluation(year, "2026")
    assert CITY.annual_evaluation(year, 2026) == by_text
    assert CITY.annual_evaluation(year, jiesu.Period.parse("2026")) == by_text
    assert by_text.period == jiesu.Period.parse("2026") and by_text.product == "annual_evaluation"
    assert by_text.product_label_zh == "年终总评"
    with pytest.raises(jiesu.EvaluationError) as e:
        CITY.annual_evaluation(year, 26)
    assert e.value.code == "evaluation_invalid_period"
    with pytest.raises(TypeError):
        CITY.annual_evaluation(year, True)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        CITY.evaluate(year, date(2026, 10, 1))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "op,period,wrong",
    [
        ("notification", "2026-10", "2026-Q4"),
        ("quarterly_evaluation", "2026-Q4", "2026-10"),
        ("half_year_ranking", "2026-H2", "2026"),
        ("annual_evaluation", "2026", "2026-H2"),
    ],
)
def test_each_product_takes_its_kind_of_period(
    year: jiesu.StreamResult, op: str, period: str, wrong: str
) -> None:
    e = getattr(CITY, op)(year, period)
    assert isinstance(e, jiesu.Evaluation) and e.period.label == period
    assert e.product == {"notification": "monthly_notification"}.get(op, op)
    with pytest.raises(jiesu.EvaluationError) as err:
        getattr(CITY, op)(year, wrong)
    assert (err.value.code, err.value.module) == ("evaluation_wrong_period", "evaluation")
    # Any period for the plain evaluation, its figures the product's (only the flags differ).
    plain = json.loads(CITY.evaluate(year, period).to_json())
    product = json.loads(e.to_json())
    assert plain["product"] == "evaluation" and plain["units"] == product["units"]
    assert plain["ranking"] == product["ranking"] and plain["bottom_two"] == []


# --- the sample city --------------------------------------------------------------------------


def test_monthly_notification_of_the_sample_year(year: jiesu.StreamResult) -> None:
    e = CITY.notification(year, "2026-10")
    shape = evaluation_json(e)
    assert e.product == "monthly_notification" and e.product_label_zh == "月度通报"
    assert e.period.to_dict() == {"label": "2026-10", "kind": "month", "from": "2026-10-01", "to": "2026-10-31"}
    assert e.policy == "seed" and e.at == year.at
    # Every unit with a ranking group in directory order, named from the directory.
    grouped = [u["id"] for u in DIRECTORY.units() if u.get("group")]
    assert list(e.units)[: len(grouped)] == grouped
    assert all(e.units[u]["name"] == (DIRECTORY.unit(u) or {})["name"] for u in e.units)
    assert list(e.ranking) == ["towns_streets", "departments", "stationed_units"]
    assert e.bottom_two == {}  # the monthly notification flags nobody
    for group, ranked in e.ranking.items():
        assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
        for r in ranked:
            unit = e.units[r["unit"]]
            assert unit["group"] == group and unit["rank"] == r["rank"] and unit["score"] == r["score"]
            assert type(r["score"]) is Decimal and Decimal(0) <= r["score"] <= Decimal(100)
        listed = {u for u, x in e.units.items() if x["group"] == group}
        assert {r["unit"] for r in ranked} | set(e.unranked[group]) == listed
    # The period's cards, the overdue list and the counts agree.
    assert all(c["at"].startswith("2026-10") for c in e.cards)
    yellow = sum(1 for c in e.cards if c["kind"] == "yellow")
    assert yellow == sum(u["counts"]["yellow_cards"] for u in e.units.values())
    missed = e.accountability["limits_missed"]
    assert len(missed) == sum(u["counts"]["overdue"] for u in e.units.values())
    assert all(m["at"].startswith("2026-10") for m in missed)
    assert shape["accountability"]["false_feedback"] == e.accountability["false_feedback"]


def test_annual_evaluation_flags_the_bottom_two(year: jiesu.StreamResult) -> None:
    e = CITY.annual_evaluation(year, "2026")
    policy = jiesu.Policy.seed().evaluation
    assert set(e.bottom_two) == set(policy["bottom_groups"])
    for group, units in e.bottom_two.items():
        assert units == [r["unit"] for r in e.ranking[group][-policy["bottom_flagged"] :]]
    assert repr(e) == f"Evaluation(product='annual_evaluation', period='2026', policy='seed', units={len(e.units)}, ranked={sum(len(r) for r in e.ranking.values())})"


def cli_text(*args: str) -> str:
    run = subprocess.run([str(CLI), "--json", *args], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return run.stdout


def cli(*args: str) -> Any:
    return json.loads(cli_text(*args))


def pretty(text: str) -> str:
    """The core's compact JSON as the CLI prints it (serde_json's pretty form, then a newline)."""
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


needs_cli = pytest.mark.skipif(not CLI.exists(), reason="target/release/jiesu is not built")


@needs_cli
def test_annual_evaluation_is_the_clis_report(year: jiesu.StreamResult) -> None:
    want = cli_text("report", str(YEAR), "--directory", str(DIRECTORY_FILE), "--year", "2026")
    assert pretty(CITY.annual_evaluation(year, "2026").to_json()) == want  # byte for byte


@needs_cli
def test_monthly_notification_is_the_clis_report(year: jiesu.StreamResult) -> None:
    want = cli_text("report", str(YEAR), "--directory", str(DIRECTORY_FILE), "--month", "2026-10")
    assert pretty(CITY.notification(year, "2026-10").to_json()) == want  # byte for byte


# --- the what-if --------------------------------------------------------------------------------

HARSH = jiesu.Policy.from_json('{"name": "harsh", "evaluation": {"deductions": {"yellow_card": "2.5"}}}')
SIGNED = jiesu.Policy.from_json('{"name": "signed", "clock_start": "signed"}')


def test_what_if_a_deduction_changes_from_a_stream_result(year: jiesu.StreamResult) -> None:
    c = CITY.compare(year, HARSH, "2026")
    shape = comparison_json(c)
    assert (c.base_policy, c.other_policy, c.period.label) == ("seed", "harsh", "2026")
    assert c.knobs == [{"knob": "evaluation.deductions.yellow_card", "before": "1", "after": "2.5"}]
    # The same states under both policies: the counts do not move, only the scores (and ranks).
    assert c.base == CITY.evaluate(year, "2026")
    assert c.other.to_json() == CITY.with_policy(HARSH).evaluate(year, "2026").to_json()
    assert c.unchanged + len(c.changes) == len(c.base.units)
    for change in c.changes:
        unit = c.base.units[change["unit"]]
        yellow = unit["counts"]["yellow_cards"]
        before, after = change["before"]["score"], change["after"]["score"]
        assert "colour" not in change["changed"] and change["before"]["colour"] == change["after"]["colour"]
        if "score" in change["changed"]:
            # Exact: 1.5 more per yellow card (unless the floor of 0 is reached).
            assert after == max(Decimal("0.00"), before - Decimal("1.5") * yellow) or after == Decimal("0.00")
            assert type(before) is Decimal and type(after) is Decimal
            assert any("yellow" in why for why in change["why"])
        else:
            assert change["changed"] == ["rank"]
    unchanged = [u for u in c.base.units if u not in {x["unit"] for x in c.changes}]
    assert all(c.base.units[u]["counts"]["yellow_cards"] == 0 or c.base.units[u]["score"] in (None, Decimal("0.00")) for u in unchanged)
    assert shape["other"]["policy"] == "harsh"
    assert repr(c).startswith("Comparison(period='2026', base_policy='seed', other_policy='harsh', knobs=1")
    # A what-if that changes nothing.
    same = CITY.compare(year, jiesu.Policy.from_json('{"name": "copy"}'), "2026")
    assert same.knobs == [] and same.changes == [] and same.unchanged == len(same.base.units)


def test_what_if_a_clock_start_change_needs_the_stream(year: jiesu.StreamResult) -> None:
    with pytest.raises(jiesu.EvaluationError) as e:
        CITY.compare(year, SIGNED, "2026")
    assert e.value.code == "evaluation_needs_replay" and "clock_start" in str(e.value)
    c = CITY.compare(YEAR, SIGNED, "2026")  # a path: replayed under both policies
    comparison_json(c)
    assert c.knobs == [{"knob": "clock_start", "before": "dispatched", "after": "signed"}]
    signed = CITY.with_policy(SIGNED)
    assert c.base == CITY.evaluate(year, "2026")
    assert c.other == signed.evaluate(signed.replay_stream(YEAR), "2026")
    assert c.other != c.base and c.changes
    # The same with the path as text, as a Path, as lines and as a generator (read once).
    text = YEAR.read_text(encoding="utf-8")

    def lines() -> Iterator[str]:
        yield from text.splitlines()

    for source in (str(YEAR), text, text.splitlines(), lines()):
        assert CITY.compare(source, SIGNED, "2026").to_json() == c.to_json()
    # `at` and `strict` are those of replay_stream.
    early = CITY.compare(YEAR, SIGNED, "2026-Q4", at="2027-01-31T00:00:00+08:00", strict=True)
    assert early.base.at == datetime(2027, 1, 31, tzinfo=CST)
    with pytest.raises(jiesu.StreamError):
        CITY.compare(['{"v": 1}'], SIGNED, "2026", strict=True)
    with pytest.raises(TypeError):
        CITY.compare(year, HARSH, "2026", at="2027-01-31T00:00:00+08:00")
    with pytest.raises(TypeError):
        CITY.compare(year, HARSH, "2026", strict=True)


@needs_cli
def test_what_if_is_the_clis_compare(tmp_path: Path) -> None:
    policy = tmp_path / "signed.json"
    policy.write_text(SIGNED.to_json(), encoding="utf-8")
    want = cli("report", str(YEAR), "--directory", str(DIRECTORY_FILE), "--quarter", "2026-Q4", "--compare", str(policy))
    assert json.loads(CITY.compare(YEAR, SIGNED, "2026-Q4").to_json()) == want
