"""Cards (rules §6) through the Python API: ``Rules.cards`` and the ``CardBoard``.

The golden vectors of ``fixtures/vectors/card/`` run here (``vectors.py``: the subset rule on
``history``, ``colours``, ``board`` rows and ``units``, then the ``error`` call; every case again
with the board built from the derived events as dicts with ``datetime`` instants). The tests below
pin down what is Python's own: the board at instants across National Day, the unknown-unit error,
the board from a list of derived events, the shapes.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator

import pytest

import jiesu
from vectors import FIXTURES, check_case

CST = timezone(timedelta(hours=8))
RULES = jiesu.Rules()
DIRECTORY = jiesu.Directory.from_json((FIXTURES / "city" / "directory.json").read_text(encoding="utf-8"))
CITY = jiesu.Rules(directory=DIRECTORY)


def test_card_vector(card_case: Any) -> None:
    check_case("card", card_case)


def ev(demand: str, kind: str, at: str, **fields: Any) -> dict[str, Any]:
    return {"v": 1, "demand": demand, "type": kind, "at": at, **fields}


def received(demand: str, at: str) -> dict[str, Any]:
    return ev(
        demand,
        "received",
        at,
        category="help",
        topics=["power_supply"],
        territory="kaifaqu",
        enterprise="某机械公司",
        text="用电增容",
    )


# Two orders to state_grid across National Day 2026, never replied (seed policy):
# N-1 dispatched Wed 09-30 16:20; wd 1..5 = 10-08, 10-09, 10-10 (Sat make-up), 10-12, 10-13
#     → due 10-14T00:00 → notice + yellow card then;
# N-2 dispatched Thu 10-08 09:00 (the start day does not count in seed); wd 1..5 = 10-09,
#     10-10 (Sat make-up), 10-12, 10-13, 10-14 → due 10-15T00:00 → notice + yellow, and the
#     second consecutive yellow makes a red card and the deputy-head interview.
NATIONAL_DAY = [
    received("N-1", "2026-09-30T09:00:00+08:00"),
    ev("N-1", "dispatched", "2026-09-30T16:20:00+08:00", lead="state_grid"),
    received("N-2", "2026-10-08T08:30:00+08:00"),
    ev("N-2", "dispatched", "2026-10-08T09:00:00+08:00", lead="state_grid"),
]
END = "2026-10-20T12:00:00+08:00"


def national_day(rules: jiesu.Rules = RULES) -> jiesu.StreamResult:
    return rules.replay_stream([json.dumps(e) for e in NATIONAL_DAY], at=END)


def row(board: jiesu.CardBoard, unit: str, at: Any) -> dict[str, Any]:
    return next(r for r in board.board(at) if r["unit"] == unit)


def test_board_at_instants_across_national_day() -> None:
    assert not jiesu.Policy.seed().count_start_day
    board = RULES.cards(national_day())
    assert board.units == ["state_grid"]
    kinds = [(h["kind"], h["at"]) for h in board.history("state_grid")]
    assert kinds == [
        ("notice", "2026-10-14T00:00:00+08:00"),
        ("yellow", "2026-10-14T00:00:00+08:00"),
        ("notice", "2026-10-15T00:00:00+08:00"),
        ("yellow", "2026-10-15T00:00:00+08:00"),
        ("red", "2026-10-15T00:00:00+08:00"),
        ("deputy_interview", "2026-10-15T00:00:00+08:00"),
    ]
    red = board.history("state_grid")[4]
    assert [(c["demand"], c["limit"], c["due"]) for c in red["causes"]] == [
        ("N-1", "feedback", "2026-10-14T00:00:00+08:00"),
        ("N-2", "feedback", "2026-10-15T00:00:00+08:00"),
    ]
    # During the holiday and up to the last second of 13 October: green, nothing issued.
    for at in ("2026-10-01T12:00:00+08:00", datetime(2026, 10, 7, 18), "2026-10-13T23:59:59+08:00"):
        assert board.colour("state_grid", at) == "green"
        r = row(board, "state_grid", at)
        assert (r["colour"], r["notices"], r["yellow_cards"], r["latest"]) == ("green", 0, 0, None)
    # The limit ends at 24:00 on 13 October = 00:00 on the 14th: the card is there at that instant.
    at = datetime(2026, 10, 14, tzinfo=CST)
    assert board.colour("state_grid", at) == "yellow"
    r = row(board, "state_grid", at)
    assert (r["yellow_streak"], r["red_streak"], r["notices"], r["yellow_cards"]) == (1, 0, 1, 1)
    assert r["latest"]["kind"] == "yellow"
    # The same instant in UTC is the same instant.
    assert board.colour("state_grid", datetime(2026, 10, 13, 16, tzinfo=timezone.utc)) == "yellow"
    r = row(board, "state_grid", "2026-10-15 00:00")  # naive: read as +08:00
    assert r == {
        "unit": "state_grid",
        "name": None,
        "colour": "red",
        "yellow_streak": 0,
        "red_streak": 1,
        "notices": 2,
        "yellow_cards": 2,
        "red_cards": 1,
        "deputy_interviews": 1,
        "principal_interviews": 0,
        "latest": board.history("state_grid")[5],
    }
    # An on-time reply of state_grid's later clears the streak (consecutive = events).
    cleared = RULES.cards(
        RULES.replay_stream(
            [json.dumps(e) for e in NATIONAL_DAY]
            + [
                json.dumps(received("N-3", "2026-10-16T08:00:00+08:00")),
                json.dumps(ev("N-3", "dispatched", "2026-10-16T09:00:00+08:00", lead="state_grid")),
                json.dumps(
                    ev(
                        "N-3",
                        "replied",
                        "2026-10-19T10:00:00+08:00",
                        unit="state_grid",
                        resolved=True,
                        contacted=True,
                        method="现场",
                    )
                ),
            ],
            at=END,
        )
    )
    assert cleared.colour("state_grid", "2026-10-19T09:59:59+08:00") == "red"
    assert cleared.colour("state_grid", "2026-10-19T10:00:00+08:00") == "green"


def test_board_with_the_city_directory_lists_its_units() -> None:
    result = national_day(CITY)
    board = CITY.cards(result)
    handling = [u["id"] for u in DIRECTORY.units() if u["kind"] in ("territory", "development_zone", "department", "stationed_unit")]
    assert board.units == handling and "state_grid" in board.units
    rows = board.board(END)
    assert [r["unit"] for r in rows] == board.units
    named = {r["unit"]: r for r in rows}
    assert named["state_grid"]["name"] == (DIRECTORY.unit("state_grid") or {})["name"]
    assert named["state_grid"]["colour"] == "red"
    assert {r["colour"] for u, r in named.items() if u != "state_grid"} == {"green"}
    assert board.history("kaifaqu") == [] and board.colour("kaifaqu", END) == "green"


def test_unknown_unit_is_an_error_with_a_directory() -> None:
    board = CITY.cards(national_day(CITY))
    for call in (lambda: board.colour("no_such_unit", END), lambda: board.history("no_such_unit")):
        with pytest.raises(jiesu.CardError) as e:
            call()
        assert isinstance(e.value, jiesu.JiesuError) and isinstance(e.value, ValueError)
        assert (e.value.code, e.value.module) == ("card_unknown_unit", "card")
        assert "no_such_unit" in str(e.value)
    # Without a directory, any unit is known: never carded means green, no history.
    plain = RULES.cards(national_day())
    assert plain.colour("no_such_unit", END) == "green" and plain.history("no_such_unit") == []


def test_board_from_a_list_of_derived_events() -> None:
    result = national_day()
    board = RULES.cards(result)
    derived = result.derived
    assert RULES.cards(derived) == board
    assert RULES.cards(tuple(derived)) == board
    assert RULES.cards(d for d in derived) == board  # any iterable
    # Instants as datetime objects (aware in any offset, or naive +08:00) read the same.
    as_objects = [
        {**d, "at": datetime.fromisoformat(d["at"]).astimezone(timezone.utc)}
        | ({"due": datetime.fromisoformat(d["due"]).replace(tzinfo=None)} if "due" in d else {})
        for d in derived
    ]
    assert RULES.cards(as_objects) == board
    # Any order of instants: the board takes them by instant (stably: events of one instant
    # keep their order, a notice before its yellow card).
    latest_first = sorted(derived, key=lambda d: d["at"], reverse=True)  # stable
    assert latest_first != derived and RULES.cards(latest_first) == board
    # Only notices and replies matter; the board of no events is empty.
    empty = RULES.cards([])
    assert empty.units == [] and empty.events() == [] and empty.board(END) == []
    # The §6 knobs are the rules' own: consecutive = periods keeps two October yellows one month.
    periods = jiesu.Rules(policy=jiesu.Policy.from_json('{"name": "p", "consecutive": "periods"}'))
    assert periods.cards(derived).colour("state_grid", END) == "yellow"
    assert RULES.cards(derived).colour("state_grid", END) == "red"


def test_a_bad_derived_event_is_the_demand_modules_typed_error() -> None:
    derived = national_day().derived
    bad = [*derived[:2], {**derived[2], "colour": "red"}]  # an unknown field
    with pytest.raises(jiesu.DemandError) as e:
        RULES.cards(bad)
    assert e.value.code == "event_invalid" and "[2]" in str(e.value)
    with pytest.raises(jiesu.DemandError) as e:
        RULES.cards([{"type": "notice"}])
    assert e.value.code == "event_invalid"
    with pytest.raises(jiesu.DemandError) as e:
        RULES.cards([{**derived[0], "at": {1, 2}}])  # not JSON data
    assert e.value.code == "event_invalid" and "at" in str(e.value)
    for one in (derived[0], json.dumps(derived), "fixtures/city/year-2026.jsonl"):
        with pytest.raises(TypeError):
            RULES.cards(one)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        RULES.cards(42)  # type: ignore[arg-type]


def test_events_and_to_dict() -> None:
    result = national_day()
    board = RULES.cards(result)
    events = board.events()
    assert events == board.history("state_grid")
    assert board.to_dict() == {"units": ["state_grid"], "events": events}
    assert list(board.to_dict()) == ["units", "events"]
    assert repr(board) == "CardBoard(units=1, events=6)"
    assert board == RULES.cards(result) and board != RULES.cards([])
    with pytest.raises(AttributeError):
        board.units = []  # type: ignore[misc]


def test_the_sample_year_board() -> None:
    def lines() -> Iterator[str]:
        yield from (FIXTURES / "city" / "year-2026.jsonl").read_text(encoding="utf-8").splitlines()

    result = CITY.replay_stream(lines())
    board = CITY.cards(result)
    events = board.events()
    assert len(events) == sum(len(board.history(u)) for u in board.units)
    for unit in board.units:
        history = board.history(unit)
        # A card never skips a level: each red follows a yellow, each principal interview a red.
        for i, h in enumerate(history):
            if h["kind"] == "red":
                assert history[i - 1]["kind"] == "yellow" and history[i + 1]["kind"] == "deputy_interview"
            if h["kind"] == "principal_interview":
                assert any(p["kind"] == "red" for p in history[:i])
    at = datetime(2026, 12, 31, 23, 59, tzinfo=CST)
    assert {r["colour"] for r in board.board(at)} <= {"green", "yellow", "red"}
    totals = {k: sum(r[k] for r in board.board(at)) for k in ("notices", "yellow_cards", "red_cards")}
    assert totals["notices"] == sum(1 for e in events if e["kind"] == "notice")
    assert totals["yellow_cards"] == sum(1 for e in events if e["kind"] == "yellow")
    assert totals["red_cards"] == sum(1 for e in events if e["kind"] == "red")
