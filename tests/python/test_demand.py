"""A demand's life and the event stream (rules §5) through the Python API.

The golden vectors of ``fixtures/vectors/demand/`` run here (``vectors.py``: the recursive
subset rule); the tests below pin down what is Python's own: events as dicts with datetimes or
as strings, immutable states, JSON round trips, the exception classes, and every stream source
(text, a path, a list, a generator, a file object).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

import pytest

import jiesu
from vectors import FIXTURES, check_case

CST = timezone(timedelta(hours=8))
RULES = jiesu.Rules()
DIRECTORY = jiesu.Directory.from_json((FIXTURES / "city" / "directory.json").read_text(encoding="utf-8"))
CITY = jiesu.Rules(directory=DIRECTORY)
SAMPLE = FIXTURES / "events" / "sample.jsonl"


def test_demand_vector(demand_case: Any) -> None:
    check_case("demand", demand_case)


def ev(kind: str, at: Any, demand: str = "L-1", **fields: Any) -> dict[str, Any]:
    return {"v": 1, "demand": demand, "type": kind, "at": at, **fields}


RECEIVED = ev(
    "received",
    "2026-09-28 09:12",  # naive: read as +08:00
    category="投诉类",  # the Chinese label is read too; the key comes back
    topics=["power_supply"],
    territory="kaifaqu",
    enterprise="滕州某机械有限公司",
    text="新厂房用电增容",
    ext={"channel": "e呼善应", "form_id": "F-889"},
)
DISPATCHED = ev("dispatched", "2026-09-30T16:20:00+08:00", lead="state_grid", co_units=["kaifaqu"])


def life() -> list[dict[str, Any]]:
    """A whole life across National Day 2026, instants in every form Python users write."""
    return [
        RECEIVED,
        ev("dispatched", datetime(2026, 9, 30, 16, 20), lead="state_grid", co_units=["kaifaqu"]),
        ev("signed", "2026-09-30T09:00:00Z", unit="state_grid"),  # 17:00 in +08:00
        ev(
            "replied",
            datetime(2026, 10, 9, 2, 0, tzinfo=timezone.utc),  # 10:00 in +08:00
            unit="state_grid",
            resolved=True,
            contacted=True,
            method="现场办理",
        ),
        ev("callback", "2026-10-10T09:00+08:00", satisfaction="不满意", resolved=False, contacted=True),
        ev("returned", "2026-10-10 11:00"),
        ev("replied", "2026-10-14 16:00", unit="state_grid", resolved=True, contacted=True, method="再次办理"),
        ev("callback", "2026-10-15 09:00", satisfaction="unreached"),
        ev("callback", "2026-10-15 15:00", satisfaction="unsatisfied", resolved=False, contacted=True),
        ev("verification_submitted", "2026-10-16 10:00", unit="state_grid", signed_by="李主任"),
        ev("verified", "2026-10-19 10:00", opinion="close"),
        ev("closed", datetime(2026, 10, 19, 11, 0, tzinfo=CST)),
    ]


# --- a demand's life -------------------------------------------------------------------------


def test_a_whole_life_across_national_day() -> None:
    log = life()
    state = jiesu.DemandState.receive(RULES, log[0])
    assert (state.stage, state.level, state.lead, state.round, state.rounds) == (
        "received",
        "territory",
        None,
        0,
        [],
    )
    stages = []
    for event in log[1:]:
        state = state.apply(RULES, event)
        stages.append((state.stage, state.round))
    assert stages == [
        ("in_progress", 1),
        ("in_progress", 1),
        ("replied", 1),
        ("unsatisfied", 1),
        ("in_progress", 2),  # the redo round
        ("replied", 2),
        ("replied", 2),  # unreached: nothing changes
        ("verification", 2),  # unsatisfied after a redo: 核查
        ("verifying", 2),
        ("closable", 2),
        ("closed", 2),
    ]
    assert state == RULES.replay(log)
    assert (state.demand, state.level, state.lead, state.co_units) == ("L-1", "center", "state_grid", ["kaifaqu"])
    first, redo = state.rounds
    # 5 working days from Wed 09-30 16:20: 10-08, 10-09, Sat 10-10 (make-up), 10-12, 10-13.
    assert first["kind"] == "first" and first["opened_by"] == "dispatched"
    assert first["due"] == "2026-10-14T00:00:00+08:00" and first["due_date"] == "2026-10-13"
    assert first["signed_at"] == "2026-09-30T17:00:00+08:00"
    assert first["replied_at"] == "2026-10-09T10:00:00+08:00" and first["on_time"] is True
    assert [d["date"] for d in first["limit"]["make_up_days"]] == ["2026-10-10"]
    # 3 working days from the return on Sat 10-10: 10-12, 10-13, 10-14.
    assert redo["kind"] == "redo" and redo["opened_by"] == "returned"
    assert redo["due_date"] == "2026-10-14" and redo["on_time"] is True
    for r in state.rounds:
        assert jiesu.Calendar.china().is_working_day(r["due_date"])
    assert state.notices == [] and state.flags == []
    shape = state.to_dict()
    assert shape["category"] == "complaint" and shape["closed_as"] == "verified"
    assert shape["ext"] == [{"event": 1, "type": "received", "ext": RECEIVED["ext"]}]
    assert shape["events"] == len(log)
    assert repr(state) == "DemandState(demand='L-1', stage='closed', lead='state_grid', round=2, events=12)"
    status = state.status_at("2026-10-20 09:00")
    assert (status["open"], status["waiting_for"], status["notices_due"]) == (False, None, [])


def test_events_in_every_form_give_the_same_state() -> None:
    log = life()
    state = RULES.replay(log)
    events = [jiesu.Event.from_dict(e) for e in log]
    assert RULES.replay(events) == state
    assert RULES.replay([e.to_json() for e in events]) == state
    assert RULES.replay(e.to_dict() for e in events) == state  # any iterable
    assert RULES.replay(tuple(json.dumps(e.to_dict(), ensure_ascii=False) for e in events)) == state


def test_the_event_object() -> None:
    e = jiesu.Event.from_dict(life()[3])
    assert (e.type, e.demand) == ("replied", "L-1")
    assert e.at == datetime(2026, 10, 9, 10, 0, tzinfo=CST) and e.at.utcoffset() == timedelta(hours=8)
    assert e.to_dict()["at"] == "2026-10-09T10:00:00+08:00"
    assert jiesu.Event.from_json(e.to_json()) == e
    assert jiesu.Event.from_dict(e.to_dict()) == e
    assert repr(e) == "Event(type='replied', demand='L-1', at='2026-10-09T10:00:00+08:00')"
    received = jiesu.Event.from_dict(RECEIVED)
    assert received.to_dict()["category"] == "complaint" and received.to_dict()["ext"] == RECEIVED["ext"]
    assert received != e
    plan = jiesu.Event.from_dict(
        ev("plan_submitted", "2026-10-09 10:00", unit="state_grid", completion=date(2026, 10, 30), explanation="工期")
    )
    assert plan.to_dict()["completion"] == "2026-10-30"


def test_status_at_shows_the_notices_due() -> None:
    state = RULES.replay([RECEIVED, DISPATCHED])
    before = state.status_at(datetime(2026, 10, 13, 23, 59))
    assert (before["overdue"], before["notices_due"], before["next_due"]) == (
        False,
        [],
        "2026-10-14T00:00:00+08:00",
    )
    status = state.status_at("2026-10-14T08:00+08:00")
    assert status["waiting_for"] == "reply" and status["waiting_on"] == "state_grid"
    assert status["overdue"] is True and status["due"] == "2026-10-14T00:00:00+08:00"
    assert [(n["kind"], n["unit"], n["role"], n["at"]) for n in status["notices_due"]] == [
        ("supervision_notice", "state_grid", "lead", "2026-10-14T00:00:00+08:00"),
        ("yellow_card", "state_grid", "lead", "2026-10-14T00:00:00+08:00"),
    ]
    assert state.notices == []  # status_at issues nothing
    # Under card_co_units the co-unit gets its notices too: a policy given, or remembered.
    co = jiesu.Policy.from_json('{"name": "co", "card_co_units": true}')
    assert len(state.status_at("2026-10-14 08:00", co)["notices_due"]) == 4
    co_state = jiesu.Rules(policy=co).replay([RECEIVED, DISPATCHED])
    assert len(co_state.status_at("2026-10-14 08:00")["notices_due"]) == 4
    # Replaying up to an instant issues them into the state.
    issued = RULES.replay([RECEIVED, DISPATCHED], at=datetime(2026, 10, 14, 8, 0))
    assert [n["kind"] for n in issued.notices] == ["supervision_notice", "yellow_card"]
    assert issued.rounds[0]["overdue"] is True
    assert issued.status_at("2026-10-14 08:00")["notices_due"] == []


def test_state_json_round_trip() -> None:
    state = RULES.replay(life()[:5])
    text = state.to_json()
    again = jiesu.DemandState.from_json(text)
    assert again == state and again.to_json() == text and again.to_dict() == state.to_dict()
    assert json.loads(text) == state.to_dict()
    # The state read back remembers the policy given (seed by default).
    open_state = RULES.replay([RECEIVED, DISPATCHED])
    co = jiesu.Policy.from_json('{"name": "co", "card_co_units": true}')
    read = jiesu.DemandState.from_json(open_state.to_json(), co)
    assert read == open_state
    assert len(read.status_at("2026-10-14 08:00")["notices_due"]) == 4
    assert len(jiesu.DemandState.from_json(open_state.to_json()).status_at("2026-10-14 08:00")["notices_due"]) == 2
    # Not a state: no hash (states are values compared by ==, not keys).
    assert state != "state" and jiesu.DemandState.__hash__ is None


def test_apply_is_atomic() -> None:
    state = RULES.replay([RECEIVED, DISPATCHED])
    text, shape = state.to_json(), state.to_dict()
    bad = [
        ev("closed", "2026-10-01 10:00"),  # not allowed in progress
        ev("replied", "2026-09-29 10:00", unit="state_grid", resolved=True, contacted=True, method="m"),
        ev("replied", "2026-10-09 10:00", unit="tax", resolved=True, contacted=True, method="m"),
        ev("plan_submitted", "2026-10-09 10:00", unit="state_grid", completion="2026-12-01"),
        {**DISPATCHED, "colour": "red"},
    ]
    for event in bad:
        with pytest.raises(jiesu.JiesuError):
            state.apply(RULES, event)
        assert state.to_json() == text and state.to_dict() == shape
    assert state.stage == "in_progress" and state.rounds == shape["rounds"]


def test_rules_with_a_directory() -> None:
    assert RULES.directory is None
    assert CITY.directory == DIRECTORY
    assert RULES.with_directory(DIRECTORY).directory == DIRECTORY
    assert RULES.directory is None  # with_directory returns new rules
    assert "directory=" in repr(CITY) and "directory" not in repr(RULES)
    # Unknown units are accepted without a directory, refused with one.
    unknown = {**DISPATCHED, "lead": "no_such_unit"}
    assert RULES.replay([RECEIVED, unknown]).lead == "no_such_unit"
    with pytest.raises(jiesu.DemandError) as e:
        CITY.replay([RECEIVED, unknown])
    assert e.value.code == "event_unknown_unit"


def ll(kind: str, at: str, demand: str, **fields: Any) -> str:
    return json.dumps(ev(kind, at, demand, **fields), ensure_ascii=False)


GOOD_EVENT = ll("received", "2026-09-28T09:00+08:00", "X-1", category="help", topics=[], territory="kaifaqu", enterprise="E", text="t")

ERRORS: list[tuple[str, type[jiesu.JiesuError], Any]] = [
    ("event_invalid", jiesu.DemandError, lambda: RULES.replay([{**RECEIVED, "colour": "red"}])),
    ("event_invalid", jiesu.DemandError, lambda: RULES.replay([{**RECEIVED, "topics": {"power_supply"}}])),  # a set
    ("event_invalid", jiesu.DemandError, lambda: RULES.replay(["not json"])),
    ("event_invalid", jiesu.DemandError, lambda: RULES.replay([42])),
    ("event_invalid", jiesu.DemandError, lambda: RULES.replay([])),
    ("event_invalid", jiesu.DemandError, lambda: jiesu.Event.from_dict({**RECEIVED, "at": "yesterday"})),
    ("event_unsupported_version", jiesu.DemandError, lambda: jiesu.Event.from_json(json.dumps({**RECEIVED, "v": 2}))),
    ("event_not_allowed", jiesu.DemandError, lambda: RULES.replay([RECEIVED, ev("closed", "2026-09-29 09:00")])),
    ("event_out_of_order", jiesu.DemandError, lambda: RULES.replay([RECEIVED, {**DISPATCHED, "at": "2026-09-27 09:00"}])),
    ("event_unknown_unit", jiesu.DemandError, lambda: jiesu.DemandState.receive(CITY, {**RECEIVED, "territory": "atlantis"})),
    ("event_unknown_topic", jiesu.DemandError, lambda: CITY.replay([{**RECEIVED, "topics": ["weather"]}])),
    ("event_unknown_demand", jiesu.DemandError, lambda: RULES.replay([DISPATCHED])),
    ("demand_state_invalid_json", jiesu.DemandError, lambda: jiesu.DemandState.from_json("{")),
    ("demand_state_invalid_json", jiesu.DemandError, lambda: jiesu.DemandState.from_json("[]")),
    ("stream_line_rejected", jiesu.StreamError, lambda: RULES.replay_stream("\n".join([GOOD_EVENT, "{"]), strict=True)),
    ("stream_line_rejected", jiesu.StreamError, lambda: RULES.replay_stream([GOOD_EVENT, GOOD_EVENT], True)),
    ("invalid_instant", jiesu.TimeError, lambda: RULES.replay([RECEIVED], at="yesterday")),
    ("plan_extension_unexplained", jiesu.DeadlineError, lambda: RULES.replay(
        [RECEIVED, DISPATCHED, ev("plan_submitted", "2026-10-09 10:00", unit="state_grid", completion="2026-12-01")]
    )),
]


@pytest.mark.parametrize("code,cls,call", ERRORS, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(ERRORS)])
def test_errors_have_their_class_and_code(code: str, cls: type[jiesu.JiesuError], call: Any) -> None:
    with pytest.raises(jiesu.JiesuError) as e:
        call()
    assert type(e.value) is cls and e.value.code == code, f"{type(e.value).__name__}: {e.value}"
    assert isinstance(e.value, ValueError) and str(e.value)


def test_error_messages_name_the_field_and_the_line() -> None:
    with pytest.raises(jiesu.DemandError, match="colour"):
        RULES.replay([{**RECEIVED, "colour": "red"}])
    with pytest.raises(jiesu.DemandError, match=r"topics"):
        RULES.replay([{**RECEIVED, "topics": ["ok", object()]}])
    with pytest.raises(jiesu.StreamError, match="line 2"):
        RULES.replay_stream([GOOD_EVENT, GOOD_EVENT], strict=True)


def test_wrong_argument_types() -> None:
    for one_event in (RECEIVED, json.dumps(RECEIVED), jiesu.Event.from_dict(RECEIVED)):
        with pytest.raises(TypeError, match="iterable of events"):
            RULES.replay(one_event)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        RULES.replay(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="line 2: expected a str"):
        RULES.replay_stream([GOOD_EVENT, b"{}"])  # type: ignore[list-item]


# --- the stream ------------------------------------------------------------------------------


def test_replay_stream_from_every_source(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    want = RULES.replay_stream(text).to_dict()
    assert want["counts"] == {
        "lines": 21,
        "applied": 21,
        "rejected": 0,
        "blank": 0,
        "demands": 3,
        "open": 1,
        "finished": 2,
    }

    def generator() -> Iterator[str]:
        yield from text.splitlines()

    sources: list[Any] = [
        SAMPLE,  # a pathlib.Path
        str(SAMPLE),  # a path as str
        text.splitlines(),  # a list of lines
        text.splitlines(keepends=True),  # lines with their newlines, as a file gives them
        generator(),
        iter(tuple(text.splitlines())),
    ]
    for source in sources:
        assert RULES.replay_stream(source).to_dict() == want, repr(source)[:60]
    with SAMPLE.open(encoding="utf-8") as f:  # a Python file object is an iterable of lines
        assert RULES.replay_stream(f).to_dict() == want
    # CRLF, a BOM and no final newline: the same.
    crlf = tmp_path / "crlf.jsonl"
    crlf.write_bytes(("\ufeff" + "\r\n".join(text.splitlines())).encode("utf-8"))
    assert RULES.replay_stream(crlf).to_dict() == want
    assert RULES.replay_stream("\ufeff" + text.replace("\n", "\r\n")).to_dict() == want


def test_a_stream_result() -> None:
    result = RULES.replay_stream(SAMPLE)
    assert isinstance(result, jiesu.StreamResult)
    assert result.at == datetime(2026, 10, 19, 11, 0, tzinfo=CST)
    assert [s.demand for s in result.states] == ["TZ-2026-0001", "TZ-2026-0002", "TZ-2026-0003"]
    assert [s.stage for s in result.states] == ["in_progress", "answered", "closed"]
    assert result.states[2] == RULES.replay(
        line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if '"TZ-2026-0003"' in line
    )
    assert result.rejected == []
    assert {d["type"] for d in result.derived} <= {"notice", "reply", "flag"}
    shape = result.to_dict()
    assert json.loads(result.to_json()) == shape
    assert shape["states"] == [s.to_dict() for s in result.states]
    assert shape["at"] == "2026-10-19T11:00:00+08:00" and shape["counts"] == result.counts
    assert repr(result).startswith("StreamResult(at='2026-10-19T11:00:00+08:00', lines=21, applied=21")
    # The states remember the rules' policy.
    co = jiesu.Rules(policy=jiesu.Policy.from_json('{"name": "co", "card_co_units": true}'))
    open_state = co.replay_stream(SAMPLE, at="2026-10-19 11:00").states[0]
    assert open_state.status_at("2026-11-02 09:00") == open_state.status_at(
        "2026-11-02 09:00", co.policy
    )


def test_the_stream_is_lenient_by_default_and_counts_every_line() -> None:
    lines = [
        GOOD_EVENT,
        "",
        "   ",
        "{",  # not JSON
        ll("closed", "2026-09-28T10:00+08:00", "X-1"),  # not allowed
        ll("dispatched", "2026-09-28T11:00+08:00", "X-2", lead="tax"),  # unknown demand
        ll("dispatched", "2026-09-28T12:00+08:00", "X-1", lead="tax"),
    ]
    result = RULES.replay_stream("\n".join(lines))
    counts = result.counts
    assert counts == {"lines": 7, "applied": 2, "rejected": 3, "blank": 2, "demands": 1, "open": 1, "finished": 0}
    assert counts["applied"] + counts["rejected"] + counts["blank"] == counts["lines"]
    assert [(r["line"], r["demand"], r["code"]) for r in result.rejected] == [
        (4, None, "event_invalid"),
        (5, "X-1", "event_not_allowed"),
        (6, "X-2", "event_unknown_demand"),
    ]
    assert result.states[0].lead == "tax"
    with pytest.raises(jiesu.StreamError) as e:
        RULES.replay_stream("\n".join(lines), strict=True)
    assert e.value.code == "stream_line_rejected" and "line 4" in str(e.value)
    # An empty stream.
    for empty in ("", "\n\n", []):
        result = RULES.replay_stream(empty)
        assert result.states == [] and result.at is None


def test_the_stream_at_brings_open_demands_to_it() -> None:
    lines = [json.dumps(RECEIVED), json.dumps(DISPATCHED)]
    plain = RULES.replay_stream(lines)
    assert plain.at == datetime(2026, 9, 30, 16, 20, tzinfo=CST) and plain.derived == []
    late = RULES.replay_stream(lines, at=datetime(2026, 10, 20, 9, 0))
    assert late.at == datetime(2026, 10, 20, 9, 0, tzinfo=CST)
    assert [(d["type"], d["kind"]) for d in late.derived] == [
        ("notice", "supervision_notice"),
        ("notice", "yellow_card"),
    ]
    assert late.states[0].notices == [{k: v for k, v in d.items() if k != "type"} for d in late.derived]


def test_unreadable_files_are_os_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as e:
        RULES.replay_stream(tmp_path / "missing.jsonl")
    assert e.value.filename == str(tmp_path / "missing.jsonl")
    with pytest.raises(FileNotFoundError):
        RULES.replay_stream("missing.jsonl")  # a str without a newline or `{` is a path
    with pytest.raises(IsADirectoryError):
        RULES.replay_stream(tmp_path)
    bad = tmp_path / "latin1.jsonl"
    bad.write_bytes(GOOD_EVENT.encode("utf-8") + b"\n{\"text\": \"caf\xe9\"}\n")
    with pytest.raises(UnicodeDecodeError, match="line 2"):
        RULES.replay_stream(bad)


def test_the_incremental_replayer() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    replayer = jiesu.Replayer(RULES)
    for line in text.splitlines():
        replayer.push_line(line)
    assert replayer.finish().to_dict() == RULES.replay_stream(text).to_dict()
    with pytest.raises(RuntimeError, match="finished"):
        replayer.push_line(GOOD_EVENT)
    with pytest.raises(RuntimeError, match="finished"):
        replayer.finish()
    strict = jiesu.Replayer(RULES, strict=True)
    strict.push_line(GOOD_EVENT)
    with pytest.raises(jiesu.StreamError) as e:
        strict.push_line(GOOD_EVENT)
    assert e.value.code == "stream_line_rejected"
    assert strict.finish(at="2026-09-28 10:00").counts["applied"] == 1


# --- labels and knobs ------------------------------------------------------------------------


def test_demand_labels() -> None:
    labels = jiesu.demand_labels()
    kinds = {k for k, _, _ in labels}
    assert kinds == {"stage", "round_kind", "satisfaction", "notice", "flag", "waiting"}
    table = {(k, key): zh for k, key, zh in labels}
    assert table[("stage", "in_progress")] == "办理中"
    assert table[("notice", "supervision_notice")] == "督办通知"
    assert table[("satisfaction", "unsatisfied")] == "不满意"
    assert {key for k, key, _ in labels if k == "stage"} >= {
        RULES.replay(life()[: i + 1]).stage for i in range(len(life()))
    }


def test_the_new_policy_knobs() -> None:
    seed = jiesu.Policy.seed()
    assert (seed.territory_limit, seed.card_co_units, seed.consecutive, seed.reset_yearly) == (
        True,
        False,
        "events",
        True,
    )
    p = jiesu.Policy.from_json(
        '{"name": "p", "territory_limit": false, "card_co_units": true, "consecutive": "periods",'
        ' "reset_yearly": false}'
    )
    assert (p.territory_limit, p.card_co_units, p.consecutive, p.reset_yearly) == (False, True, "periods", False)
    shape = json.loads(p.to_json())
    for knob in ("territory_limit", "card_co_units", "consecutive", "reset_yearly"):
        assert getattr(p, knob) == shape[knob], knob
