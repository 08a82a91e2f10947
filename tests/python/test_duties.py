"""Duties (rules §8): the weekly collection (问题征询) and the leaders' field days (现场推进) — every
golden vector of fixtures/vectors/duties/ through the Python API, the sample city's files, and the
Python conventions (inputs read from text by the core, reports as dicts in the serde shape)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

import jiesu
from vectors import FIXTURES, check_case

DUTIES = FIXTURES / "duties"
REGISTER = jiesu.Register.from_json((DUTIES / "register.json").read_text(encoding="utf-8"))
LEADERS = jiesu.Leaders.from_json((DUTIES / "leaders.json").read_text(encoding="utf-8"))
COLLECTION = jiesu.CollectionLog.from_jsonl((DUTIES / "collection.jsonl").read_text(encoding="utf-8"))
FIELD_DAYS = jiesu.FieldDayLog.from_jsonl((DUTIES / "field_days.jsonl").read_text(encoding="utf-8"))
DIRECTORY = jiesu.Directory.from_json((FIXTURES / "city" / "directory.json").read_text(encoding="utf-8"))


def test_duties_vector(duties_case: Any) -> None:
    check_case("duties", duties_case)


def test_sample_files_are_consistent() -> None:
    """``core/tests/duties_vectors.rs::sample_files_are_consistent`` through Python."""
    assert len(REGISTER.enterprises()) == 40
    assert REGISTER.check_territories(DIRECTORY) is None
    assert (LEADERS.quota("L01"), LEADERS.quota("L02"), LEADERS.quota("L06")) == (1, 2, 1)
    assert LEADERS.quota("nobody") is None
    report = jiesu.collection_shortfalls(REGISTER, COLLECTION, date(2026, 10, 1), date(2026, 12, 31))
    assert report == jiesu.collection_shortfalls(REGISTER, COLLECTION, "2026-10-01", "2026-12-31")
    assert json.loads(json.dumps(report)) == report, "plain JSON data"
    assert report["from"] == "2026-10-01" and report["weeks"][0] == "2026-W40"
    totals = report["totals"]
    assert totals["rows"] == len(report["rows"]) == totals["weeks"] * totals["territories"]
    assert totals["rows_short"] == sum(r["short"] for r in report["rows"])
    fd = jiesu.field_day_shortfalls(LEADERS, FIELD_DAYS, "2026-10-01", date(2026, 12, 31))
    assert fd["months"] == ["2026-10", "2026-11", "2026-12"]
    assert fd["totals"]["rows"] == len(fd["rows"]) == 3 * len(LEADERS.leaders())


def test_objects_are_read_only_values() -> None:
    text = (DUTIES / "register.json").read_text(encoding="utf-8")
    assert jiesu.Register.from_json(text) == REGISTER
    assert REGISTER != jiesu.Register.from_json('{"enterprises": []}')
    assert repr(REGISTER) == "Register(enterprises=40)"
    assert repr(LEADERS) == f"Leaders(leaders={len(LEADERS.leaders())})"
    assert repr(COLLECTION).startswith("CollectionLog(consultations=")
    assert repr(FIELD_DAYS) == f"FieldDayLog(days={len(FIELD_DAYS.days)})"
    assert REGISTER.to_dict()["enterprises"] == REGISTER.enterprises()
    with pytest.raises(TypeError):
        hash(REGISTER)
    with pytest.raises(AttributeError):
        FIELD_DAYS.days = []  # type: ignore[misc]


def test_a_bom_and_crlf_are_read() -> None:
    log = jiesu.CollectionLog.from_jsonl(
        '\ufeff{"v":1,"type":"consulted","at":"2026-10-13 10:00","territory":"kaifaqu","enterprise":"E1"}\r\n'
    )
    assert log.consultations == [
        {"line": 1, "at": "2026-10-13T10:00:00+08:00", "territory": "kaifaqu", "enterprise": "E1"}
    ]


def test_errors_name_line_and_field() -> None:
    with pytest.raises(jiesu.DutiesError) as e:
        jiesu.FieldDayLog.from_jsonl('\n{"v":1,"type":"field_day","date":"2026-10-1","leader":"L01"}')
    assert (e.value.code, e.value.module) == ("duties_invalid_line", "duties")
    assert str(e.value).startswith("line 2 (field `date`)")
    assert e.value.row is None and e.value.value is None
    with pytest.raises(jiesu.DutiesError) as e:
        jiesu.collection_shortfalls(REGISTER, COLLECTION, "2026-10-31", "2026-10-01")
    assert e.value.code == "duties_invalid_range"
    with pytest.raises(jiesu.TimeError):
        jiesu.field_day_shortfalls(LEADERS, FIELD_DAYS, "2026-10-32", "2026-11-01")


def test_wrong_argument_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        jiesu.collection_shortfalls(LEADERS, COLLECTION, "2026-10-01", "2026-10-31")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        jiesu.field_day_shortfalls(LEADERS, COLLECTION, "2026-10-01", "2026-10-31")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        REGISTER.check_territories("city")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        jiesu.Register.from_json({"enterprises": []})  # type: ignore[arg-type]
