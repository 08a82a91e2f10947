"""Golden vectors through the Python API: the Python call for each op of fixtures/README.md.

Every case runs through the public ``jiesu`` API: building the calendar and the policy is part of
the case (a ``load`` case, or a policy with an unknown knob, fails there). Results are turned into
the Rust serde JSON shape (``to_dict()``, ISO strings) and judged like ``core/tests/vectors.rs``:
an object ``expect`` checks only its listed keys; lists and scalars compare exactly. An ``error``
case must raise a ``jiesu.JiesuError`` of the module's class whose ``.code`` is the expected code.

Each passing case runs twice: with the arguments as the vector gives them (strings, read by the
core), then with Python objects (``datetime.date`` / ``datetime.datetime`` parsed by Python) when
Python can read them; both must give the expected result. For the policy library and the
directory, the first run passes a record (consultation, route request) as JSON text through
``Consultation.from_json`` / ``RouteRequest.from_json`` (fixtures/README.md), the second as a dict
(dates as ``datetime.date``, the category as a ``jiesu.Category``).

The ``demand`` folder (rules §5) is judged by the recursive subset rule (``subset``): ``replay``
cases fold the case's ``events`` (dicts) with ``Rules.replay``, then again with every event's instants
as ``datetime`` objects and as ``jiesu.Event`` objects (and folded one ``apply`` at a time); an
error case replays all events but the last, applies the last (it must raise, leaving the state's
JSON unchanged, and replaying the whole log must raise the same code). ``stream`` cases replay
``"\\n".join(args.lines)`` with ``Rules.replay_stream``, then the same lines as a list and through
a ``jiesu.Replayer``: all three must agree, and the counts add up; a strict failure names the first
line lenient mode rejects (the checks of ``core/tests/demand_vectors.rs``).

The ``card`` folder (rules §6) replays each case's ``lines`` and checks ``Rules.cards`` of the
result (``history``, ``colours``, ``board`` rows, ``units``) by the subset rule, then the
``error`` call (``colour`` of an unknown unit); the second run builds the board from the derived
events as dicts with ``datetime`` instants and passes instants as ``datetime``. The
``evaluation`` folder (rules §7) replays ``lines`` and runs ``op`` (a product, or ``compare``
under ``other_policy``); ``expect`` is a subset of ``json.loads(result.to_json())``, and every
result's ``to_dict()`` and properties are checked against it (exact figures as ``Decimal``).

The ``duties`` (rules §8) and ``forms`` (rules §9) folders make the calls of
``core/tests/{duties,forms}_vectors.rs`` — ``collection_short_rows`` filters the report's short
rows, ``error_message_contains`` is a substring of the error's message — and are judged by the
recursive subset rule; each case runs again with Python objects (dates as ``datetime.date``, the
form as a ``jiesu.FormKind``, a stream file as its path).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pytest

import jiesu

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
VECTORS = FIXTURES / "vectors"
CST = timedelta(hours=8)


class VectorProblem:
    """Stands for a folder-level problem; the test receiving it fails with ``why``."""

    def __init__(self, why: str) -> None:
        self.why = why

    def __repr__(self) -> str:
        return f"VectorProblem({self.why!r})"


def exception_class(module: str) -> type[jiesu.JiesuError]:
    """``jiesu.<Module>Error`` for a core module name (``policy_library`` → PolicyLibraryError)."""
    name = "".join(part.title() for part in module.split("_")) + "Error"
    cls = getattr(jiesu, name)
    assert issubclass(cls, jiesu.JiesuError)
    return cls


# --- arguments -------------------------------------------------------------------------------

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def as_date(value: Any) -> Any:
    """A strict ``YYYY-MM-DD`` string as a ``date`` (else unchanged)."""
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def as_datetime(value: Any) -> Any:
    """An instant string as a ``datetime`` when Python reads it (aware or naive), else unchanged."""
    if isinstance(value, str) and not ISO_DATE.match(value.strip()):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def as_category(value: Any) -> Any:
    """Category text as a ``jiesu.Category`` when it reads (else unchanged)."""
    if isinstance(value, str):
        try:
            return jiesu.Category.parse(value)
        except jiesu.CategoryError:
            return value
    return value


def as_record(value: Any) -> Any:
    """A record dict (consultation, route request) with Python objects: its ``date`` as a
    ``date``, its ``category`` as a ``jiesu.Category``."""
    if not isinstance(value, dict):
        return value
    out = dict(value)
    if "date" in out:
        out["date"] = as_date(out["date"])
    if "category" in out:
        out["category"] = as_category(out["category"])
    return out


DATE_ARGS = {"date", "a", "b", "from", "to", "completion"}
INSTANT_ARGS = {"start"}
CATEGORY_ARGS = {"category"}
RECORD_ARGS = {"consultation", "request"}


def typed_args(args: dict[str, Any]) -> dict[str, Any]:
    out = dict(args)
    for k, v in args.items():
        if k in DATE_ARGS:
            out[k] = as_date(v)
        elif k in INSTANT_ARGS:
            out[k] = as_datetime(v)
        elif k in CATEGORY_ARGS:
            out[k] = as_category(v)
        elif k in RECORD_ARGS:
            out[k] = as_record(v)
    return out


# --- calendars and policies ------------------------------------------------------------------


def build_calendar(spec: Any, typed: bool = False) -> jiesu.Calendar:
    if spec is None or spec == "china":
        return jiesu.Calendar.china()
    if "csv_text" in spec:
        return jiesu.Calendar.from_csv(spec["csv_text"])
    if "holiday_cn_files" in spec:
        texts = [(FIXTURES / p).read_text(encoding="utf-8") for p in spec["holiday_cn_files"]]
        return jiesu.Calendar.from_holiday_cn(texts)
    if "holiday_cn_texts" in spec:
        return jiesu.Calendar.from_holiday_cn(spec["holiday_cn_texts"])
    if "overrides" in spec:
        o = spec["overrides"]
        days = [
            (as_date(d["date"]) if typed else d["date"], d["kind"], d["name"]) for d in o["days"]
        ]
        return jiesu.Calendar.from_overrides(o["first_year"], o["last_year"], days)
    raise AssertionError(f"unknown calendar spec {spec!r} (update tests/python/vectors.py)")


def build_policy(spec: Any) -> jiesu.Policy:
    if spec is None:
        return jiesu.Policy.seed()
    return jiesu.Policy.from_json(spec if isinstance(spec, str) else json.dumps(spec))


# --- results in the serde JSON shape, with type checks ----------------------------------------


def iso_date(d: Any) -> str:
    assert type(d) is date, f"expected a datetime.date, got {d!r}"
    return d.isoformat()


def day_json(d: Any) -> dict[str, Any]:
    assert isinstance(d, jiesu.Day)
    shape = d.to_dict()
    assert shape == {
        "date": iso_date(d.date),
        "working": d.working,
        "kind": d.kind,
        "name": d.name,
        "provisional": d.provisional,
    }
    return shape


def instant_json(t: Any) -> str:
    assert isinstance(t, datetime) and t.utcoffset() == CST, f"expected +08:00, got {t!r}"
    return t.isoformat()


def deadline_json(d: Any) -> dict[str, Any]:
    assert isinstance(d, jiesu.Deadline)
    shape = d.to_dict()
    # Every property agrees with the serde shape.
    assert shape["kind"] == d.kind
    assert shape["start"] == instant_json(d.start)
    assert shape["due"] == instant_json(d.due)
    assert shape["due_date"] == iso_date(d.due_date)
    assert shape["working_days"] == d.working_days
    assert shape["skipped"] == [day_json(x) for x in d.skipped]
    assert shape["make_up_days"] == [day_json(x) for x in d.make_up_days]
    assert shape["extension_working_days"] == d.extension_working_days
    assert shape["calendar_version"] == d.calendar_version
    assert shape["provisional"] == d.provisional
    assert shape["policy"] == d.policy
    assert shape["policy_fingerprint"] == d.policy_fingerprint
    return shape


def policy_json(p: jiesu.Policy) -> dict[str, Any]:
    shape = json.loads(p.to_json())
    for knob, value in shape.items():  # a read-only property for every knob
        assert getattr(p, knob) == value, knob
    return shape


CALENDAR_OPS: dict[str, Callable[[jiesu.Calendar, dict[str, Any]], Any]] = {
    "is_working_day": lambda c, a: c.is_working_day(a["date"]),
    "day": lambda c, a: day_json(c.day(a["date"])),
    "add_working_days": lambda c, a: iso_date(c.add_working_days(a["date"], a["n"])),
    "working_days_between": lambda c, a: c.working_days_between(a["a"], a["b"]),
    "next_working_day": lambda c, a: iso_date(c.next_working_day(a["date"])),
    "previous_working_day": lambda c, a: iso_date(c.previous_working_day(a["date"])),
    "working_days_in": lambda c, a: [iso_date(d) for d in c.working_days_in(a["from"], a["to"])],
    "arrangement": lambda c, a: [day_json(d) for d in c.arrangement(a["year"])],
    "info": lambda c, a: {
        "first_year": c.first_year,
        "last_year": c.last_year,
        "version": c.version,
        "source": c.source,
    },
    "load": lambda c, a: None,
}

DEADLINE_OPS: dict[str, Callable[[jiesu.Rules, dict[str, Any]], Any]] = {
    "feedback_deadline": lambda r, a: r.feedback_deadline(a["start"]),
    "redo_deadline": lambda r, a: r.redo_deadline(a["start"]),
    "same_day_target": lambda r, a: r.same_day_target(a["start"]),
    "return_deadline": lambda r, a: r.return_deadline(a["start"]),
    "deadline": lambda r, a: r.deadline(a["start"], a["n"]),
    "plan_deadline": lambda r, a: r.plan_deadline(a["start"], a["completion"], a["explanation"]),
}


def run_calendar(case: dict[str, Any], typed: bool = False) -> Any:
    op = CALENDAR_OPS.get(case["op"])
    assert op is not None, f"unknown calendar op {case['op']!r} (update tests/python/vectors.py)"
    cal = build_calendar(case.get("calendar"), typed)
    if "beyond_coverage" in case:
        cal = cal.with_beyond_coverage(case["beyond_coverage"])
    args = case.get("args", {})
    return op(cal, typed_args(args) if typed else args)


def run_deadline(case: dict[str, Any], typed: bool = False) -> Any:
    args = case.get("args", {})
    if case["op"] == "policy":
        return policy_json(build_policy(args["json"]))
    op = DEADLINE_OPS.get(case["op"])
    assert op is not None, f"unknown deadline op {case['op']!r} (update tests/python/vectors.py)"
    rules = jiesu.Rules(build_calendar(case.get("calendar"), typed), build_policy(case.get("policy")))
    return deadline_json(op(rules, typed_args(args) if typed else args))


# --- categories, the policy library and the directory (rules §2, §3) --------------------------


def category_json(c: Any) -> dict[str, Any]:
    assert isinstance(c, jiesu.Category)
    shape = c.info()
    assert shape == {
        "key": c.key,
        "label_zh": c.label_zh,
        "label_en": c.label_en,
        "handling": c.handling,
    }
    assert c.is_dispatched == (c.handling == "dispatch")
    assert str(c) == c.key and jiesu.Category.parse(c.key) == c
    return shape


def run_category(case: dict[str, Any], typed: bool = False) -> Any:
    args = case.get("args", {})
    if case["op"] == "categories":
        listed = jiesu.categories()
        assert listed == [category_json(jiesu.Category.parse(c["key"])) for c in listed]
        return listed
    if case["op"] == "category":
        return category_json(jiesu.Category.parse(args["text"]))
    raise AssertionError(f"unknown category op {case['op']!r} (update tests/python/vectors.py)")


def source_text(spec: Any, city_file: str) -> str:
    """The JSON text of a ``library`` / ``directory`` spec (fixtures/README.md)."""
    if spec is None or spec == "city":
        return (FIXTURES / "city" / city_file).read_text(encoding="utf-8")
    if "json_text" in spec:
        return str(spec["json_text"])
    if "json" in spec:
        return json.dumps(spec["json"], ensure_ascii=False)
    raise AssertionError(f"unknown spec {spec!r} (update tests/python/vectors.py)")


def record_text(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False)


def run_policy_library(case: dict[str, Any], typed: bool = False) -> Any:
    lib = jiesu.PolicyLibrary.from_json(source_text(case.get("library"), "policy_library.json"))
    assert isinstance(lib, jiesu.PolicyLibrary)
    args = typed_args(case.get("args", {})) if typed else case.get("args", {})
    if case["op"] == "load":
        return True
    c = args["consultation"]
    consultation = c if typed else jiesu.Consultation.from_json(record_text(c))
    if case["op"] == "match":
        return lib.match_consultation(consultation)
    if case["op"] == "instant_answer":
        return lib.instant_answer(args["category"], consultation)
    raise AssertionError(f"unknown policy_library op {case['op']!r} (update tests/python/vectors.py)")


def run_directory(case: dict[str, Any], typed: bool = False) -> Any:
    directory = jiesu.Directory.from_json(source_text(case.get("directory"), "directory.json"))
    assert isinstance(directory, jiesu.Directory)
    args = typed_args(case.get("args", {})) if typed else case.get("args", {})
    if case["op"] == "load":
        return True
    if case["op"] == "route":
        r = args["request"]
        return directory.route(r if typed else jiesu.RouteRequest.from_json(record_text(r)))
    raise AssertionError(f"unknown directory op {case['op']!r} (update tests/python/vectors.py)")


# --- a demand's life and the stream (rules §5) ------------------------------------------------


def demand_rules(case: dict[str, Any], typed: bool = False) -> jiesu.Rules:
    """``Rules(calendar, policy, directory)`` of a demand case: ``policy`` knobs over ``seed``,
    ``directory`` absent (none), ``"city"``, ``{"json_text"}`` or ``{"json"}``."""
    spec = case.get("directory")
    directory = None if spec is None else jiesu.Directory.from_json(source_text(spec, "directory.json"))
    rules = jiesu.Rules(build_calendar(case.get("calendar"), typed), build_policy(case.get("policy")), directory)
    assert rules.directory == directory
    return rules


def demand_args(case: dict[str, Any]) -> dict[str, Any]:
    """The case's arguments: in ``args`` (the other folders' layout) or on the case itself."""
    args = case.get("args", case)
    assert isinstance(args, dict)
    return args


def typed_event(event: Any) -> Any:
    """An event dict with Python objects: instants as ``datetime``, ``completion`` as a ``date``."""
    if not isinstance(event, dict):
        return event
    out = dict(event)
    if "at" in out:
        out["at"] = as_datetime(out["at"])
    if "completion" in out:
        out["completion"] = as_date(out["completion"])
    return out


def status_spec(case: dict[str, Any]) -> tuple[Any, Any] | None:
    """``(at, expect)`` of a replay case's ``status`` check: ``{"at", "expect"}``, or the expected
    status itself (then at ``args.status_at`` or ``args.at``)."""
    args = demand_args(case)
    spec = args.get("status", case.get("status"))
    if spec is None:
        return None
    if isinstance(spec, dict) and "expect" in spec:
        return spec.get("at", args.get("status_at", args.get("at"))), spec["expect"]
    at = spec.get("at") if isinstance(spec, dict) else None
    return at or args.get("status_at", args.get("at")), spec


def state_json(state: Any) -> dict[str, Any]:
    """A ``DemandState`` in its serde shape, checked against its properties and its JSON."""
    assert isinstance(state, jiesu.DemandState)
    shape = state.to_dict()
    assert json.loads(state.to_json()) == shape
    assert jiesu.DemandState.from_json(state.to_json()) == state
    for key in ("demand", "stage", "level", "lead", "co_units", "round", "rounds", "notices", "flags"):
        assert getattr(state, key) == shape[key], key
    return shape


def run_replay(case: dict[str, Any], typed: bool = False) -> Any:
    args = demand_args(case)
    rules = demand_rules(case, typed)
    events = list(args.get("events", []))
    at = args.get("at")
    if typed:  # events as dicts with Python objects, then as `jiesu.Event` objects
        events = [typed_event(e) for e in events]
        at = as_datetime(at)
    if "error" not in case:
        state = rules.replay(events, at)
        if typed:
            again = rules.replay([jiesu.Event.from_dict(e) for e in events], at)
            assert again == state and again.to_json() == state.to_json()
        # Folding one event at a time with `apply` gives the replayed state.
        folded = jiesu.DemandState.receive(rules, events[0])
        for event in events[1:]:
            folded = folded.apply(rules, event)
        assert folded == rules.replay(events), "apply one by one == replay"
        result: dict[str, Any] = {"state": state_json(state)}
        spec = status_spec(case)
        if spec is not None:
            status_at = as_datetime(spec[0]) if typed else spec[0]
            assert status_at is not None, "a status check needs an instant (status.at or args.at)"
            result["status"] = state.status_at(status_at)
        return result
    if len(events) <= 1:
        return rules.replay(events, at)
    state = rules.replay(events[:-1])
    before = state.to_json()
    try:
        return state.apply(rules, events[-1])
    except jiesu.JiesuError as e:
        # Replaying the whole log fails with the same code.
        with pytest.raises(jiesu.JiesuError) as whole:
            rules.replay(events)
        assert whole.value.code == e.code, f"replaying the whole log: {whole.value.code}"
        raise
    finally:
        assert state.to_json() == before, "a rejected event leaves the state unchanged"


def run_stream(case: dict[str, Any], typed: bool = False) -> Any:
    args = demand_args(case)
    rules = demand_rules(case, typed)
    lines = list(args.get("lines", []))
    strict = bool(args.get("strict", False))
    at = args.get("at")
    if typed:
        at = as_datetime(at)
    text = "\n".join(lines)
    if strict:  # a strict failure names the first line lenient mode rejects
        lenient = rules.replay_stream(text, False, at)
        try:
            rules.replay_stream(text, True, at)
        except jiesu.StreamError as e:
            first = lenient.rejected[0]
            assert f"line {first['line']}" in str(e) and first["code"] in str(e), str(e)
            raise
    result = rules.replay_stream(text, strict, at)
    assert isinstance(result, jiesu.StreamResult)
    shape = result.to_dict()
    assert json.loads(result.to_json()) == shape
    assert [s.to_dict() for s in result.states] == shape["states"]
    assert (result.rejected, result.derived, result.counts) == (
        shape["rejected"],
        shape["derived"],
        shape["counts"],
    )
    assert (None if result.at is None else instant_json(result.at)) == shape["at"]
    counts = result.counts
    assert counts["applied"] + counts["rejected"] + counts["blank"] == counts["lines"]
    # The text's lines (as Rust's `str::lines` splits them) as a list, and pushed one by one:
    # the same result.
    text_lines = text.split("\n")
    if text_lines[-1] == "":
        text_lines.pop()
    assert rules.replay_stream(text_lines, strict, at).to_dict() == shape
    replayer = jiesu.Replayer(rules, strict)
    for line in text_lines:
        replayer.push_line(line)
    assert replayer.finish(at).to_dict() == shape
    return shape


def run_demand(case: dict[str, Any], typed: bool = False) -> Any:
    if case["op"] == "replay":
        return run_replay(case, typed)
    if case["op"] == "stream":
        return run_stream(case, typed)
    raise AssertionError(f"unknown demand op {case['op']!r} (update tests/python/vectors.py)")


def subset(want: Any, got: Any, where: str = "$") -> None:
    """The demand folder's rule: an object checks each key it lists, recursively (other keys are
    not checked); a list has the same length and matches element-wise; a scalar is equal (and of
    the same JSON type)."""
    if isinstance(want, dict):
        assert isinstance(got, dict), f"{where}: expected an object, got {got!r}"
        for key, value in want.items():
            assert key in got, f"{where}.{key}: missing in {sorted(got)}"
            subset(value, got[key], f"{where}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list), f"{where}: expected a list, got {got!r}"
        assert len(got) == len(want), f"{where}: expected {len(want)} items, got {len(got)}: {got!r}"
        for i, (w, g) in enumerate(zip(want, got)):
            subset(w, g, f"{where}[{i}]")
    else:
        assert want == got and type(want) is type(got), f"{where}: expected {want!r}, got {got!r}"


def check_demand(case: dict[str, Any], typed: bool = False) -> None:
    got = run_demand(case, typed)
    if case["op"] == "replay":
        subset(case["expect"], got["state"], "state")
        spec = status_spec(case)
        if spec is not None:
            subset(spec[1], got["status"], "status")
    else:
        subset(case["expect"], got)


# --- cards (rules §6) -------------------------------------------------------------------------


def stream_text(case: dict[str, Any]) -> str:
    """A card or evaluation case's ``lines`` (event objects) as JSON Lines text."""
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in case.get("lines", []))


def typed_derived(d: dict[str, Any]) -> dict[str, Any]:
    """A derived-event dict with its instants (``at``, ``due``) as ``datetime`` objects."""
    return {k: as_datetime(v) if k in ("at", "due") else v for k, v in d.items()}


def card_board(case: dict[str, Any], typed: bool = False) -> jiesu.CardBoard:
    """The case's board: its stream replayed leniently, then ``Rules.cards`` of the result — or,
    with Python objects, of the result's derived events as dicts with ``datetime`` instants
    (``Rules::cards_from_derived``); both boards are equal."""
    rules = demand_rules(case, typed)
    at = as_datetime(case.get("at")) if typed else case.get("at")
    result = rules.replay_stream(stream_text(case), False, at)
    board = rules.cards(result)
    assert isinstance(board, jiesu.CardBoard)
    if typed:
        from_derived = rules.cards([typed_derived(d) for d in result.derived])
        assert from_derived == board, "cards(result.derived) == cards(result)"
        board = from_derived
    events = board.events()
    assert board.to_dict() == {"units": board.units, "events": events}
    assert events == sorted(events, key=lambda e: (datetime.fromisoformat(e["at"]), e["unit"]))
    histories = [e for unit in board.units for e in board.history(unit)]
    assert sorted(map(json.dumps, histories)) == sorted(map(json.dumps, events)), "events = histories"
    return board


def card_call(case: dict[str, Any], typed: bool) -> tuple[str, Any, str]:
    """``(unit, at, code)`` of a card case's ``error`` (``{"colour": {unit, at}, "code"}``)."""
    error = case["error"]
    call = error["colour"]
    return call["unit"], as_datetime(call["at"]) if typed else call["at"], error["code"]


def run_card(case: dict[str, Any], typed: bool = False) -> Any:
    """The board's answers to the case's ``expect`` keys; for a case with an ``error``, the
    failing ``colour`` call is made last (it raises)."""
    board = card_board(case, typed)
    got: dict[str, Any] = {}
    expect = case.get("expect", {})
    assert set(expect) <= {"history", "colours", "board", "units"}, f"unknown expect keys {sorted(expect)}"
    if "history" in expect:
        got["history"] = {unit: board.history(unit) for unit in expect["history"]}
    if "colours" in expect:
        got["colours"] = [
            {**c, "colour": board.colour(c["unit"], as_datetime(c["at"]) if typed else c["at"])}
            for c in expect["colours"]
        ]
    if "board" in expect:
        at = expect["board"]["at"]
        rows = board.board(as_datetime(at) if typed else at)
        assert [r["unit"] for r in rows] == board.units, "the board lists the units in board order"
        got["board"] = {"at": at, "rows": {r["unit"]: r for r in rows}}
    if "units" in expect:
        got["units"] = board.units
    if "error" in case:
        unit, at, _ = card_call(case, typed)
        board.colour(unit, at)
    return got


def check_card(case: dict[str, Any], typed: bool = False) -> None:
    """``core/tests/card_vectors.rs``'s checks: the subset rule on each ``expect`` key (board rows
    by unit), then the ``error`` call fails with its code (a case may carry both)."""
    if "expect" in case:
        got = run_card({k: v for k, v in case.items() if k != "error"}, typed)
        want = case["expect"]
        if "board" in want:
            rows = got["board"]["rows"]
            missing = set(want["board"]["rows"]) - set(rows)
            assert not missing, f"board.rows: {sorted(missing)} not on the board"
            got["board"]["rows"] = {u: rows[u] for u in want["board"]["rows"]}
        subset(want, got)
    if "error" in case:
        unit, _, code = card_call(case, typed)
        with pytest.raises(jiesu.CardError) as e:
            run_card(case, typed)
        assert (e.value.code, e.value.module) == (code, "card"), f"expected {code}, got {e.value.code}"
        assert unit in str(e.value)


# --- evaluation (rules §7) --------------------------------------------------------------------

EVALUATION_OPS = ("evaluate", "notification", "quarterly_evaluation", "half_year_ranking", "annual_evaluation")


def plain(data: Any) -> Any:
    """Python data with every ``Decimal`` as its string: the serde JSON shape of ``to_dict()``."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    if isinstance(data, Decimal):
        return str(data)
    return data


def evaluation_json(e: Any) -> dict[str, Any]:
    """An ``Evaluation`` in its serde JSON shape (``json.loads(to_json())``), checked against
    ``to_dict()`` (exact figures as ``Decimal``) and every property."""
    assert isinstance(e, jiesu.Evaluation)
    shape: dict[str, Any] = json.loads(e.to_json())
    data = e.to_dict()
    assert plain(data) == shape, "to_dict() is to_json() with Decimal figures"
    for u in data["units"]:
        assert u["score"] is None or isinstance(u["score"], Decimal), u
        for rate in u["rates"].values():
            assert rate is None or isinstance(rate, Decimal), u
    assert e.units == {u["unit"]: u for u in data["units"]}
    assert list(e.units) == [u["unit"] for u in shape["units"]]
    assert e.ranking == {g["group"]: g["ranked"] for g in data["ranking"]}
    assert e.unranked == {g["group"]: g["unranked"] for g in shape["ranking"]}
    assert e.bottom_two == {b["group"]: b["units"] for b in shape["bottom_two"]}
    assert (e.accountability, e.cards, e.product, e.policy, e.policy_fingerprint) == (
        shape["accountability"],
        shape["cards"],
        shape["product"],
        shape["policy"],
        shape["policy_fingerprint"],
    )
    assert e.period.to_dict() == shape["period"]
    assert (None if e.at is None else instant_json(e.at)) == shape["at"]
    return shape


def comparison_json(c: Any) -> dict[str, Any]:
    """A ``Comparison`` in its serde JSON shape, checked like ``evaluation_json``."""
    assert isinstance(c, jiesu.Comparison)
    shape: dict[str, Any] = json.loads(c.to_json())
    assert plain(c.to_dict()) == shape
    assert plain(c.changes) == shape["changes"]
    assert (c.knobs, c.unchanged, c.base_policy, c.other_policy) == (
        shape["knobs"],
        shape["unchanged"],
        shape["base_policy"],
        shape["other_policy"],
    )
    assert c.period.to_dict() == shape["period"]
    assert evaluation_json(c.base) == shape["base"] and evaluation_json(c.other) == shape["other"]
    return shape


def run_evaluation(case: dict[str, Any], typed: bool = False) -> Any:
    """The case's product in its serde JSON shape. The stream is replayed leniently; the period
    is passed as text (as a ``jiesu.Period`` with Python objects). ``compare`` first reuses the
    ``StreamResult`` (the core raises ``evaluation_needs_replay`` when the other policy folds
    differently); unless the case expects that error, it then passes the lines themselves
    (replayed under both policies), which must agree with the reuse whenever it was allowed."""
    rules = demand_rules(case, typed)
    at = as_datetime(case.get("at")) if typed else case.get("at")
    text = stream_text(case)
    result = rules.replay_stream(text, False, at)
    period: Any = case["period"]
    if typed:
        period = jiesu.Period.parse(period)
    op = case["op"]
    if op in EVALUATION_OPS:
        return evaluation_json(getattr(rules, op)(result, period))
    if op == "compare":
        other = build_policy(case.get("other_policy"))
        try:
            reused = rules.compare(result, other, period)
        except jiesu.EvaluationError as e:
            if e.code != "evaluation_needs_replay" or "error" in case:
                raise
            reused = None
        replayed = rules.compare(text.splitlines() if typed else text, other, period, at=at)
        if reused is not None:
            assert reused == replayed and reused.to_json() == replayed.to_json()
        return comparison_json(replayed)
    raise AssertionError(f"unknown evaluation op {op!r} (update tests/python/vectors.py)")


# --- duties (rules §8) ------------------------------------------------------------------------


def compact(value: Any) -> str:
    """A JSON value as the Rust runner writes it (``serde_json::to_string``: no spaces)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def duties_json_source(spec: Any, sample: str) -> str:
    """A register / leaders argument: ``"sample"``, ``{"json_text"}`` or ``{"json"}``."""
    if spec == "sample":
        return (FIXTURES / "duties" / sample).read_text(encoding="utf-8")
    if isinstance(spec, dict) and "json_text" in spec:
        return str(spec["json_text"])
    if isinstance(spec, dict) and "json" in spec:
        return compact(spec["json"])
    raise AssertionError(f"unknown JSON source {spec!r} (update tests/python/vectors.py)")


def duties_log_source(spec: Any, sample: str) -> str:
    """A log argument: ``"sample"``, the text itself, or a list of lines (objects serialised,
    strings verbatim) joined with ``\n``."""
    if spec == "sample":
        return (FIXTURES / "duties" / sample).read_text(encoding="utf-8")
    if isinstance(spec, str):
        return spec
    if isinstance(spec, list):
        return "\n".join(i if isinstance(i, str) else compact(i) for i in spec)
    raise AssertionError(f"unknown log source {spec!r} (update tests/python/vectors.py)")


def run_duties(case: dict[str, Any], typed: bool = False) -> Any:
    """``core/tests/duties_vectors.rs``'s calls through the Python API; with ``typed``, the
    dates are ``datetime.date`` objects."""
    args = case.get("args", {})
    op = case["op"]

    def dates() -> tuple[Any, Any]:
        return (as_date(args["from"]), as_date(args["to"])) if typed else (args["from"], args["to"])

    def register() -> jiesu.Register:
        reg = jiesu.Register.from_json(duties_json_source(args["register"], "register.json"))
        assert isinstance(reg, jiesu.Register) and reg == jiesu.Register.from_json(
            duties_json_source(args["register"], "register.json")
        )
        assert reg.to_dict()["enterprises"] == reg.enterprises()
        return reg

    def leaders() -> jiesu.Leaders:
        found = jiesu.Leaders.from_json(duties_json_source(args["leaders"], "leaders.json"))
        shape = found.to_dict()
        assert shape["leaders"] == found.leaders()
        for leader in found.leaders():  # every leader's quota: their own, else the file's
            default = shape["principal_quota"] if leader["principal"] else shape["other_quota"]
            assert found.quota(leader["id"]) == leader.get("quota", default)
        return found

    def collection_log() -> jiesu.CollectionLog:
        log = jiesu.CollectionLog.from_jsonl(duties_log_source(args["log"], "collection.jsonl"))
        assert log.to_dict() == {"consultations": log.consultations, "reports": log.reports}
        return log

    def field_day_log() -> jiesu.FieldDayLog:
        log = jiesu.FieldDayLog.from_jsonl(duties_log_source(args["log"], "field_days.jsonl"))
        assert log.to_dict() == {"days": log.days}
        return log

    if op == "load_register":
        reg = register()
        if "directory" in args:
            assert args["directory"] == "city", "directory: only \"city\" is known"
            directory = jiesu.Directory.from_json(source_text("city", "directory.json"))
            assert reg.check_territories(directory) is None
        return True
    if op == "load_leaders":
        leaders()
        return True
    if op == "read_collection_log":
        return collection_log().to_dict()
    if op == "read_field_day_log":
        return field_day_log().to_dict()
    if op in ("collection_shortfalls", "collection_short_rows"):
        reg, log = register(), collection_log()
        report = jiesu.collection_shortfalls(reg, log, *dates())
        if op == "collection_shortfalls":
            return report
        return [r for r in report["rows"] if r["short"]]
    if op == "field_day_shortfalls":
        found, log = leaders(), field_day_log()
        return jiesu.field_day_shortfalls(found, log, *dates())
    raise AssertionError(f"unknown duties op {op!r} (update tests/python/vectors.py)")


# --- forms (rules §9) -------------------------------------------------------------------------


def forms_events(spec: Any) -> str:
    """The stream: ``{"file": "<path under fixtures/>"}``, or a list of events (objects
    serialised, strings verbatim) joined with ``\n``."""
    if isinstance(spec, dict) and "file" in spec:
        return (FIXTURES / spec["file"]).read_text(encoding="utf-8")
    if isinstance(spec, list):
        return "\n".join(i if isinstance(i, str) else compact(i) for i in spec)
    raise AssertionError(f"unknown events {spec!r} (update tests/python/vectors.py)")


def form_kind_json(k: Any) -> dict[str, Any]:
    """A ``FormKind`` as the runner's ``{key, label_zh, attachment, title, headers}``, checked
    against ``info()`` and ``str()``."""
    assert isinstance(k, jiesu.FormKind)
    shape = {"key": k.key, "label_zh": k.label_zh, "attachment": k.attachment, "title": k.title, "headers": k.headers}
    assert k.info() == shape and str(k) == k.key
    assert jiesu.FormKind.parse(k.key) == k and hash(jiesu.FormKind.parse(k.title)) == hash(k)
    assert shape in jiesu.form_kinds()
    return shape


def form_json(form: Any) -> dict[str, Any]:
    """A ``Form`` in its serde JSON shape (``json.loads(to_json())``), checked against
    ``to_dict()`` and every property."""
    assert isinstance(form, jiesu.Form)
    shape: dict[str, Any] = json.loads(form.to_json())
    assert form.to_dict() == shape
    assert (form.kind, form.attachment, form.title, form.headers, form.rows) == (
        shape["kind"],
        shape["attachment"],
        shape["title"],
        shape["headers"],
        shape["rows"],
    )
    assert (iso_date(form.from_), iso_date(form.to)) == (shape["from"], shape["to"])
    return shape


def run_forms(case: dict[str, Any], typed: bool = False) -> Any:
    """``core/tests/forms_vectors.rs``'s calls: the kind read with ``FormKind.parse`` (``typed``:
    passed as a ``FormKind``, else as its name to ``build_form``), the events replayed strictly
    with ``Rules()`` (``typed``: a file is passed as its path), the dates as text (``typed``:
    ``datetime.date``)."""
    args = case.get("args", {})
    op = case["op"]
    if op == "form_kind":
        return form_kind_json(jiesu.FormKind.parse(args["name"]))
    if op not in ("form", "csv"):
        raise AssertionError(f"unknown forms op {op!r} (update tests/python/vectors.py)")
    kind: Any = jiesu.FormKind.parse(args["form"]) if typed else args["form"]
    directory = None
    if "directory" in args:
        assert args["directory"] == "city", "directory: only \"city\" is known"
        directory = jiesu.Directory.from_json(source_text("city", "directory.json"))
    events = args["events"]
    source: Any = FIXTURES / events["file"] if typed and isinstance(events, dict) else forms_events(events)
    result = jiesu.Rules().replay_stream(source, strict=True)
    start, end = (as_date(args["from"]), as_date(args["to"])) if typed else (args["from"], args["to"])
    form = jiesu.build_form(kind, result, directory, start, end)
    if op == "csv":
        return form.to_csv()
    return form_json(form)


# Modules whose ops take records (dicts or from_json objects), or Python objects (a `Period`, a
# datetime): both forms run for every case, error cases too.
RECORD_MODULES = {"policy_library", "directory", "demand", "evaluation", "duties", "forms"}

RUNNERS = {
    "calendar": run_calendar,
    "deadline": run_deadline,
    "category": run_category,
    "policy_library": run_policy_library,
    "directory": run_directory,
    "demand": run_demand,
    "card": run_card,
    "evaluation": run_evaluation,
    "duties": run_duties,
    "forms": run_forms,
}

# Folders judged by the recursive subset rule (``subset``), whose error cases may name a
# substring of the message (``error_message_contains``): ``core/tests/{duties,forms}_vectors.rs``.
SUBSET_MODULES = {"duties", "forms"}


def error_code(case: dict[str, Any]) -> str:
    """A case's expected error code: ``error`` itself, or a card case's ``error.code``."""
    error = case["error"]
    return str(error["code"] if isinstance(error, dict) else error)

# --- judging ---------------------------------------------------------------------------------


def matches(want: Any, got: Any) -> bool:
    """``core/tests/vectors.rs``'s rule: an object checks its listed keys, the rest exactly."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and got[k] == v for k, v in want.items())
    return bool(want == got) and type(want) is type(got)


def raised_code(module: str, case: dict[str, Any], typed: bool = False) -> str | None:
    """Runs an ``error`` case; the code it raised (checked against its class), or None."""
    try:
        result = RUNNERS[module](case, typed)
    except jiesu.JiesuError as e:
        assert isinstance(e, ValueError)
        assert isinstance(e, exception_class(e.module)), f"{type(e).__name__} for {e.module}"
        assert (e.module, e.code) in jiesu.error_codes()
        assert str(e), "an error has a message"
        return e.code
    pytest.fail(f"expected error {case['error']}, got {result!r}")


def check_subset_case(module: str, case: dict[str, Any]) -> None:
    """A duties or forms case, as text and with Python objects: ``expect`` by the subset rule, or
    the ``error`` code with the ``error_message_contains`` substring in the message."""
    for typed in (False, True):
        if "error" in case:
            with pytest.raises(jiesu.JiesuError) as e:
                RUNNERS[module](case, typed)
            assert e.value.code == case["error"], f"expected error {case['error']}, got {e.value.code}: {e.value}"
            assert isinstance(e.value, exception_class(e.value.module))
            needle = case.get("error_message_contains", "")
            assert needle in str(e.value), f"message {str(e.value)!r} lacks {needle!r}"
        else:
            subset(case["expect"], RUNNERS[module](case, typed))


def check_case(module: str, case: Any) -> None:
    """Runs one vector case (or fails on a folder problem) and judges it."""
    if isinstance(case, VectorProblem):
        pytest.fail(case.why)
    if module == "card":  # `expect` and `error` may come together; every case also runs typed
        check_card(case)
        check_card(case, typed=True)
        return
    if module == "evaluation" and "error" not in case:  # the subset rule, then typed
        subset(case["expect"], run_evaluation(case))
        subset(case["expect"], run_evaluation(case, typed=True))
        return
    if module in SUBSET_MODULES:  # the recursive subset rule; every case also runs typed
        check_subset_case(module, case)
        return
    if "error" in case:
        code = raised_code(module, case)
        assert code == case["error"], f"expected error {case['error']}, got {code}"
        if module in RECORD_MODULES:  # a record as a dict fails with the same typed code
            code = raised_code(module, case, typed=True)
            assert code == case["error"], f"as a dict: expected error {case['error']}, got {code}"
        return
    if module == "demand":  # the recursive subset rule; every case also runs with Python objects
        check_demand(case)
        check_demand(case, typed=True)
        return
    want = case["expect"]
    got = RUNNERS[module](case)
    assert matches(want, got), f"\nexpected {json.dumps(want, ensure_ascii=False)}\n     got {json.dumps(got, ensure_ascii=False)}"
    args = case.get("args", {})
    spec = case.get("calendar")
    has_typed = typed_args(args) != args or (isinstance(spec, dict) and "overrides" in spec)
    if has_typed:
        typed = RUNNERS[module](case, typed=True)
        assert matches(want, typed), f"with Python objects:\nexpected {want}\n     got {typed}"
