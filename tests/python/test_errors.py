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
NOT_YET_BOUND: set[str] = {
    "duties",  # rules §8 (core::duties)
    "forms",  # rules §9 (core::forms)
}

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
    "calendar_no_coverage": lambda: jiesu.Calendar.from_overrides(2031, 2030, []),
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
    "card_unknown_unit": lambda: CITY_RULES.cards([]).colour("no_such_unit", START),
    "evaluation_invalid_period": lambda: RULES.evaluate(EMPTY, "2026-13"),
    "evaluation_wrong_period": lambda: RULES.notification(EMPTY, "2026-Q4"),
    "evaluation_needs_replay": lambda: RULES.compare(
        EMPTY, jiesu.Policy.from_json('{"name": "signed", "clock_start": "signed"}'), "2026"
    ),
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


def test_exception_attributes() -> None:
    with pytest.raises(ValueError) as e:  # catchable as a plain ValueError
        CHINA.add_working_days(date(2026, 12, 28), 5)
    err = e.value
    assert isinstance(err, jiesu.CalendarError) and isinstance(err, jiesu.JiesuError)
    assert (err.code, err.module) == ("calendar_out_of_range", "calendar")
    assert str(err) == "2027-01-01 is outside the calendar's range 2004–2026"
    assert err.args == (str(err),)
