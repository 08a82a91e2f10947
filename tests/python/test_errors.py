"""Every error code of the core is raised through the Python API (style §4), as the right class.

For each `(module, code)` of `jiesu.error_codes()` this suite needs a trigger: a golden vector
that expects the code (run here through the Python API), or a direct trigger in `DIRECT` below.
A code added to the core with neither fails here until someone adds one.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Callable

import pytest

import jiesu
from conftest import load_cases
from vectors import FIXTURES, RUNNERS, error_code, exception_class, raised_code

CHINA = jiesu.Calendar.china()
RULES = jiesu.Rules()
START = "2026-09-30T16:20+08:00"
LIBRARY = jiesu.PolicyLibrary.from_json(
    (FIXTURES / "city" / "policy_library.json").read_text(encoding="utf-8")
)
DIRECTORY = jiesu.Directory.from_json((FIXTURES / "city" / "directory.json").read_text(encoding="utf-8"))

# Core modules without a Python API yet: their codes cannot be raised from Python. Each entry
# is removed when the module gets its bindings (then its codes need triggers like the others).
NOT_YET_BOUND: set[str] = set()

# A demand's first events (rules §5), for the triggers below.
RECEIVED = {
    "v": 1,
    "demand": "E-1",
    "type": "received",
    "at": "2026-09-30T09:00+08:00",
    "category": "help",
    "topics": ["power_supply"],
    "territory": "kaifaqu",
    "enterprise": "某公司",
    "text": "用电增容",
}
DISPATCHED = {"v": 1, "demand": "E-1", "type": "dispatched", "at": "2026-09-30T16:20+08:00", "lead": "state_grid"}
CITY_RULES = jiesu.Rules(directory=DIRECTORY)
# A register entry and a leader (rules §8), for the duties triggers.
ENTERPRISE = {"id": "E1", "name": "某公司", "territory": "kaifaqu", "kind": "enterprise"}
LEADER = {"id": "L1", "name": "市长", "principal": True}
EMPTY = RULES.replay_stream("")  # an empty stream, for the evaluation triggers

DIRECT: dict[str, Callable[[], Any]] = {
    "calendar_out_of_range": lambda: CHINA.add_working_days(date(2026, 12, 28), 5),
    "calendar_invalid_csv": lambda: jiesu.Calendar.from_csv("date;kind;name\n"),
    "calendar_invalid_json": lambda: jiesu.Calendar.from_holiday_cn(["{"]),
    "calendar_conflicting_date": lambda: jiesu.Calendar.from_overrides(
        2030, 2030, [(date(2030, 10, 1), "off", "a"), (date(2030, 10, 1), "work", "a")]
    ),
    "calendar_coverage_gap": lambda: jiesu.Calendar.from_csv(
        "date,kind,name\n2024-01-01,off,元旦\n2026-01-01,off,元旦\n"
    ),
    "calendar_no_coverage": lambda: jiesu.Calendar.from_csv("date,kind,name\n"),
    "calendar_invalid_years": lambda: jiesu.Calendar.from_overrides(2031, 2030, []),
    "calendar_invalid_day_count": lambda: CHINA.add_working_days(date(2026, 1, 5), -1),
    "calendar_batch_length_mismatch": lambda: CHINA.add_working_days_many(
        [date(2026, 1, 5), date(2026, 1, 6)], [1, 2, 3]
    ),
    "policy_invalid_json": lambda: jiesu.Policy.from_json("{"),
    "policy_invalid_value": lambda: jiesu.Policy.from_json('{"feedback_working_days": 0}'),
    "deadline_invalid_working_days": lambda: RULES.deadline(START, 0),
    "plan_before_start": lambda: RULES.plan_deadline(START, date(2026, 9, 1), "x"),
    "plan_extension_unexplained": lambda: RULES.plan_deadline(START, date(2026, 12, 1)),
    "plan_over_cap": lambda: jiesu.Rules(
        policy=jiesu.Policy.from_json('{"name": "cap", "max_plan_working_days": 5}')
    ).plan_deadline(START, date(2026, 12, 1), "a long job"),
    "invalid_instant": lambda: RULES.feedback_deadline("yesterday"),
    "invalid_date": lambda: CHINA.is_working_day("2026-02-30"),
    "category_unknown": lambda: LIBRARY.instant_answer("inquiry", {"date": "2026-03-02"}),
    "policy_library_invalid_json": lambda: jiesu.PolicyLibrary.from_json("{"),
    "policy_library_invalid_consultation": lambda: LIBRARY.match_consultation(
        {"date": "2026-03-02", "category": "consultation"}  # an unknown key of a dict
    ),
    "directory_invalid_json": lambda: jiesu.Directory.from_json("{"),
    "directory_invalid_request": lambda: DIRECTORY.route(
        {"category": "help", "level": "center", "urgent": True}  # an unknown key of a dict
    ),
    "directory_unknown_unit": lambda: DIRECTORY.route(
        {"category": "help", "territory": "no_such_town", "level": "center"}
    ),
    "event_invalid": lambda: RULES.replay([{**RECEIVED, "colour": "red"}]),  # an unknown field
    "event_unsupported_version": lambda: jiesu.Event.from_dict({**RECEIVED, "v": 2}),
    "event_not_allowed": lambda: RULES.replay([RECEIVED]).apply(  # a return with no callback
        RULES, {"v": 1, "demand": "E-1", "type": "returned", "at": "2026-09-30T10:00+08:00"}
    ),
    "event_out_of_order": lambda: RULES.replay(
        [RECEIVED, {**DISPATCHED, "at": "2026-09-29T16:20+08:00"}]
    ),
    "event_unknown_unit": lambda: CITY_RULES.replay([RECEIVED, {**DISPATCHED, "lead": "no_such_unit"}]),
    "event_unknown_topic": lambda: jiesu.DemandState.receive(CITY_RULES, {**RECEIVED, "topics": ["weather"]}),
    "event_unknown_demand": lambda: RULES.replay([DISPATCHED]),
    "demand_state_invalid_json": lambda: jiesu.DemandState.from_json('{"demand": "E-1"}'),
    "stream_line_rejected": lambda: RULES.replay_stream([json.dumps(DISPATCHED)], strict=True),
    "event_too_large": lambda: jiesu.Event.from_json(json.dumps({**RECEIVED, "text": "x" * 70_000})),
    "card_unknown_unit": lambda: CITY_RULES.cards([]).colour("no_such_unit", START),
    "evaluation_invalid_period": lambda: RULES.evaluate(EMPTY, "2026-13"),
    "evaluation_wrong_period": lambda: RULES.notification(EMPTY, "2026-Q4"),
    "evaluation_needs_replay": lambda: RULES.compare(
        EMPTY, jiesu.Policy.from_json('{"name": "signed", "clock_start": "signed"}'), "2026"
    ),
    "duties_invalid_register": lambda: jiesu.Register.from_json("[]"),
    "duties_duplicate_enterprise": lambda: jiesu.Register.from_json(
        json.dumps({"enterprises": [ENTERPRISE, ENTERPRISE]})
    ),
    "duties_unknown_territory": lambda: jiesu.Register.from_json(
        json.dumps({"enterprises": [{**ENTERPRISE, "territory": "center"}]})
    ).check_territories(DIRECTORY),
    "duties_invalid_leaders": lambda: jiesu.Leaders.from_json('{"leaders": [], "principal_quota": 32}'),
    "duties_duplicate_leader": lambda: jiesu.Leaders.from_json(json.dumps({"leaders": [LEADER, LEADER]})),
    "duties_invalid_line": lambda: jiesu.CollectionLog.from_jsonl("not json"),
    "duties_unsupported_version": lambda: jiesu.FieldDayLog.from_jsonl('{"v": 2, "type": "field_day"}'),
    "duties_invalid_range": lambda: jiesu.field_day_shortfalls(
        jiesu.Leaders.from_json('{"leaders": []}'), jiesu.FieldDayLog.from_jsonl(""), "2026-11-01", "2026-10-31"
    ),
    "forms_unknown_form": lambda: jiesu.build_form("ledgers", EMPTY, None, "2026-10-01", "2026-10-31"),
    "forms_invalid_range": lambda: jiesu.build_form("ledger", EMPTY, None, "2026-10-31", "2026-10-01"),
}


def vector_cases_by_code() -> dict[str, list[tuple[str, dict[str, Any]]]]:
    out: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for module in RUNNERS:
        for case in load_cases(module)[0]:
            if "error" in case:
                out.setdefault(error_code(case), []).append((module, case))
    return out


VECTOR_CASES = vector_cases_by_code()
CODES = jiesu.error_codes()
BOUND_CODES = [(m, c) for m, c in CODES if m not in NOT_YET_BOUND]


@pytest.mark.parametrize("module,code", BOUND_CODES, ids=[c for _, c in BOUND_CODES])
def test_every_code_has_a_trigger(module: str, code: str) -> None:
    triggered = False
    if code in DIRECT:
        with pytest.raises(jiesu.JiesuError) as e:
            DIRECT[code]()
        assert (e.value.code, e.value.module) == (code, module)
        assert type(e.value) is exception_class(module)
        triggered = True
    for vector_module, case in VECTOR_CASES.get(code, []):
        assert raised_code(vector_module, case) == code, case["name"]
        triggered = True
    assert triggered, f"no vector and no DIRECT trigger raises {code!r}: add one"


def test_not_yet_bound_lists_only_core_modules() -> None:
    assert NOT_YET_BOUND <= {m for m, _ in CODES}, "remove modules the core no longer has"
    assert {c for c in DIRECT} <= {c for _, c in CODES}, "remove triggers of codes the core dropped"


def test_error_codes_shape() -> None:
    assert CODES, "error_codes() lists the codes"
    assert len(set(CODES)) == len(CODES)
    assert len({code for _, code in CODES}) == len(CODES), "a code belongs to one module"
    for module, code in CODES:
        assert isinstance(module, str) and isinstance(code, str)
        assert code == code.lower() and " " not in code


def test_every_module_has_its_class() -> None:
    assert issubclass(jiesu.JiesuError, ValueError)
    for module in {m for m, _ in CODES} - NOT_YET_BOUND:
        cls = exception_class(module)
        assert cls is not jiesu.JiesuError and issubclass(cls, jiesu.JiesuError)
        assert cls.__module__ == "jiesu" and cls.__name__.endswith("Error")
        assert cls.__doc__ and module in cls.__doc__


def test_invalid_years_name_the_window() -> None:
    with pytest.raises(jiesu.CalendarError) as e:
        jiesu.Calendar.from_overrides(1800, 1801, [])
    assert e.value.code == "calendar_invalid_years"
    assert "1900–2199" in str(e.value), "the message names the supported years"


def test_exception_attributes() -> None:
    with pytest.raises(ValueError) as e:  # catchable as a plain ValueError
        CHINA.add_working_days(date(2026, 12, 28), 5)
    err = e.value
    assert isinstance(err, jiesu.CalendarError) and isinstance(err, jiesu.JiesuError)
    assert (err.code, err.module) == ("calendar_out_of_range", "calendar")
    assert str(err) == "2027-01-01 is outside the calendar's range 2004–2026"
    assert err.args == (str(err),)
    assert (err.row, err.value) == (None, None), "not a batch row's error"


# --- no internal message leaks (issue 13, item 6) --------------------------------------------------
#
# Each hostile input is the library's typed error with a `.code`, or — for a value of the wrong
# Python type — a `TypeError` that says what was expected; never pyo3's or CPython's own words.

LEAKS = ("Can't extract", "C long", "cannot be interpreted", "object is not iterable", "NoneType' object")


def hostile_calls() -> list[tuple[str, Callable[[], Any], Any]]:
    """(name, call, expected): a JiesuError code, or TypeError."""
    calls: list[tuple[str, Callable[[], Any], Any]] = [
        ("many_str", lambda: CHINA.add_working_days_many("2026-01-05", 1), TypeError),
        ("holiday_cn_str", lambda: jiesu.Calendar.from_holiday_cn("{}"), TypeError),
        ("overrides_str", lambda: jiesu.Calendar.from_overrides(2030, 2030, "x"), TypeError),
        ("topics_str", lambda: jiesu.Consultation("tax", "x", "2026-03-02"), TypeError),
        ("topics_set", lambda: jiesu.RouteRequest("help", {"tax"}), TypeError),
        ("count_huge", lambda: CHINA.add_working_days(date(2026, 1, 5), 10**30), "calendar_invalid_day_count"),
        ("count_none", lambda: CHINA.add_working_days(date(2026, 1, 5), None), TypeError),
        ("counts_none", lambda: CHINA.add_working_days_many([date(2026, 1, 5)], None), TypeError),
        ("counts_huge", lambda: CHINA.add_working_days_many([date(2026, 1, 5)], [10**30]), "calendar_invalid_day_count"),
        ("working_days_huge", lambda: RULES.deadline(START, -(10**30)), "deadline_invalid_working_days"),
        ("year_huge", lambda: CHINA.arrangement(10**30), "calendar_out_of_range"),
        ("years_huge", lambda: jiesu.Calendar.from_overrides(10**30, 10**30, []), "calendar_invalid_years"),
        ("period_huge", lambda: jiesu.period_label_zh(10**30), "evaluation_invalid_period"),
        ("dues_none", lambda: RULES.feedback_dues(None), TypeError),
        ("dues_date", lambda: RULES.feedback_dues(date(2026, 1, 5)), TypeError),
        ("errors_kw", lambda: RULES.feedback_dues([], errors=None), TypeError),
        ("errors_str", lambda: RULES.feedback_dues([], errors="ignore"), TypeError),
        ("naive_str", lambda: RULES.feedback_dues([], naive="local"), TypeError),
        ("naive_utc_list", lambda: RULES.feedback_dues(["2026-09-30T16:20"], naive="utc"), "invalid_instant"),
    ]
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        return calls
    calls += [
        ("nat_instant", lambda: RULES.feedback_deadline(pd.NaT), "invalid_instant"),
        ("nat_date", lambda: CHINA.day(pd.NaT), "invalid_date"),
        ("nat_in_dict", lambda: RULES.replay([{**RECEIVED, "at": pd.NaT}]), "invalid_instant"),
        ("nat_batch", lambda: RULES.feedback_dues([pd.NaT]), "invalid_instant"),
        ("nat_plan", lambda: RULES.plan_deadline(START, pd.NaT, "x"), "invalid_date"),
    ]
    return calls


HOSTILE = hostile_calls()


@pytest.mark.parametrize("name,call,expected", HOSTILE, ids=[n for n, _, _ in HOSTILE])
def test_no_internal_message_leaks(name: str, call: Callable[[], Any], expected: Any) -> None:
    with pytest.raises(Exception) as e:
        call()
    if isinstance(expected, str):
        assert isinstance(e.value, jiesu.JiesuError), f"{type(e.value).__name__}: {e.value}"
        assert e.value.code == expected, str(e.value)
    else:
        assert type(e.value) is expected, f"{type(e.value).__name__}: {e.value}"
    assert not any(leak in str(e.value) for leak in LEAKS), str(e.value)


def test_every_error_has_row_and_value() -> None:
    with pytest.raises(jiesu.JiesuError) as e:
        CHINA.add_working_days_many([date(2026, 1, 5), date(2026, 12, 28)], 5)
    assert (e.value.code, e.value.module, e.value.row, e.value.value) == (
        "calendar_out_of_range",
        "calendar",
        1,
        "2026-12-28",
    )
    with pytest.raises(jiesu.JiesuError) as e:
        jiesu.Policy.from_json("{")
    assert (e.value.row, e.value.value) == (None, None)


def test_json_inputs_with_a_bom_are_read() -> None:
    """A UTF-8 BOM (Windows editors write one) is not a JSON error (issue 13, item 6)."""
    bom = "\ufeff"
    assert jiesu.Policy.from_json(bom + '{"name": "x"}').name == "x"
    assert jiesu.Directory.from_json(bom + (FIXTURES / "city" / "directory.json").read_text(encoding="utf-8")) == DIRECTORY
    assert jiesu.PolicyLibrary.from_json(bom + '{"entries": []}').entries() == []
    assert jiesu.Consultation.from_json(bom + '{"date": "2026-03-02"}').date == date(2026, 3, 2)
    assert jiesu.RouteRequest.from_json(bom + '{"category": "help"}').level == "center"
    assert jiesu.Register.from_json(bom + '{"enterprises": []}').enterprises() == []
    assert jiesu.Leaders.from_json(bom + '{"leaders": []}').leaders() == []
    assert jiesu.Event.from_json(bom + json.dumps(RECEIVED)).demand == "E-1"
