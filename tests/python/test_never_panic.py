"""No input makes the Python API panic or leak an internal error type (issue: never-panic).

Every public callable of ``jiesu`` — the module's functions, each class's constructor, static
methods, methods and a few dunders, found by reflection — is called with 0–3 arbitrary positional
arguments (and keyword arguments from its text signature) drawn by hypothesis: arbitrary and
date-like text, full-width digits, a BOM, very long text, huge and negative integers, NaN and
infinities, None, bools, bytes, nested and 200-deep lists and dicts, dates and datetimes (naive,
aware, extreme years), numpy scalars and arrays (``datetime64`` of every unit, NaT), pandas
Series / DatetimeIndex / Timestamps (naive and aware), pyarrow arrays, ``Decimal``, paths, the
library's own objects and known-good values (so that calls also get deep into the core).

Each call returns, or raises ``jiesu.JiesuError`` with a non-empty ``.code`` other than
``internal`` (a caught panic: a bug), or ``TypeError`` (a value of the wrong Python type: never
when every argument is a ``str`` bound to a parameter whose stub type takes a ``str``), or
``OSError`` / ``UnicodeDecodeError`` for a stream read from a path. Anything else — pyo3's
``PanicException``, ``OverflowError``, ``KeyError``, ``RuntimeError``, ``RecursionError``, a plain
``ValueError`` — fails the test. Properties are read once on each instance.

Deterministic (``derandomize``). ``JIESU_NEVER_PANIC_EXAMPLES`` sets the examples per callable
(default 25) for a longer hunt.
"""

from __future__ import annotations

import ast
import inspect
import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jiesu
from vectors import FIXTURES, ROOT

# The strategies hold whole fixture texts: hypothesis would warn that their repr is large.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

EXAMPLES = int(os.environ.get("JIESU_NEVER_PANIC_EXAMPLES", "25"))
STUB = ROOT / "bindings-python" / "python" / "jiesu" / "_jiesu.pyi"

# --- known-good objects (each class needs at least one, so that its methods are reached) ---------

SAMPLE = FIXTURES / "events" / "sample.jsonl"
SAMPLE_LINES = SAMPLE.read_text(encoding="utf-8").splitlines()
SAMPLE_EVENTS: list[dict[str, Any]] = [json.loads(line) for line in SAMPLE_LINES]
DIRECTORY_TEXT = (FIXTURES / "city" / "directory.json").read_text(encoding="utf-8")
LIBRARY_TEXT = (FIXTURES / "city" / "policy_library.json").read_text(encoding="utf-8")
REGISTER_TEXT = (FIXTURES / "duties" / "register.json").read_text(encoding="utf-8")
LEADERS_TEXT = (FIXTURES / "duties" / "leaders.json").read_text(encoding="utf-8")
COLLECTION_TEXT = (FIXTURES / "duties" / "collection.jsonl").read_text(encoding="utf-8")
FIELD_DAYS_TEXT = (FIXTURES / "duties" / "field_days.jsonl").read_text(encoding="utf-8")
HARSH_TEXT = '{"name": "harsh", "evaluation": {"deductions": {"yellow_card": "2.5"}}}'

CHINA = jiesu.Calendar.china()
POLICY = jiesu.Policy.seed()
HARSH = jiesu.Policy.from_json(HARSH_TEXT)
DIRECTORY = jiesu.Directory.from_json(DIRECTORY_TEXT)
LIBRARY = jiesu.PolicyLibrary.from_json(LIBRARY_TEXT)
RULES = jiesu.Rules()
CITY = jiesu.Rules(directory=DIRECTORY)
RESULT = CITY.replay_stream(str(SAMPLE))
REGISTER = jiesu.Register.from_json(REGISTER_TEXT)
LEADERS = jiesu.Leaders.from_json(LEADERS_TEXT)

INSTANCES: dict[type, Callable[[], Any]] = {
    jiesu.Calendar: lambda: CHINA,
    jiesu.Day: lambda: CHINA.day("2026-10-01"),
    jiesu.Policy: lambda: POLICY,
    jiesu.Rules: lambda: CITY,
    jiesu.Deadline: lambda: RULES.feedback_deadline("2026-09-30T16:20+08:00"),
    jiesu.Category: lambda: jiesu.Category.parse("help"),
    jiesu.PolicyLibrary: lambda: LIBRARY,
    jiesu.Consultation: lambda: jiesu.Consultation(["tax"], "研发费用加计扣除", date(2026, 3, 2)),
    jiesu.Directory: lambda: DIRECTORY,
    jiesu.RouteRequest: lambda: jiesu.RouteRequest("help", ["power_supply"], "kaifaqu"),
    jiesu.Event: lambda: jiesu.Event.from_json(SAMPLE_LINES[0]),
    jiesu.DemandState: lambda: RESULT.states[0],
    jiesu.StreamResult: lambda: RESULT,
    # Mutable: a new one for each call (a finished Replayer refuses with its documented error).
    jiesu.Replayer: lambda: jiesu.Replayer(CITY),
    jiesu.CardBoard: lambda: CITY.cards(RESULT),
    jiesu.Period: lambda: jiesu.Period.parse("2026-10"),
    jiesu.Evaluation: lambda: CITY.evaluate(RESULT, "2026-10"),
    jiesu.Comparison: lambda: CITY.compare(RESULT, HARSH, "2026-10"),
    jiesu.Register: lambda: REGISTER,
    jiesu.Leaders: lambda: LEADERS,
    jiesu.CollectionLog: lambda: jiesu.CollectionLog.from_jsonl(COLLECTION_TEXT),
    jiesu.FieldDayLog: lambda: jiesu.FieldDayLog.from_jsonl(FIELD_DAYS_TEXT),
    jiesu.FormKind: lambda: jiesu.FormKind.parse("ledger"),
    jiesu.Form: lambda: jiesu.build_form("ledger", RESULT, DIRECTORY, "2026-09-01", "2026-10-31"),
}
OBJECTS = [make() for make in INSTANCES.values()]

# --- discovery ----------------------------------------------------------------------------------

# Dunders of our own (`#[pymethods]`) worth calling with arbitrary arguments.
DUNDERS = ("__repr__", "__eq__", "__hash__")


@dataclass(frozen=True)
class Target:
    """One callable: `name` as the stub spells it, and how to get the callable."""

    name: str
    kind: str  # "function", "constructor", "static", "method" or "property"
    get: Callable[[], Any]


def is_api_class(obj: Any) -> bool:
    return (
        inspect.isclass(obj)
        and obj.__module__ == "jiesu"
        and not issubclass(obj, BaseException)
    )


def discover() -> list[Target]:
    names = sorted(set(jiesu.__all__) | {n for n in dir(jiesu) if not n.startswith("_")})
    targets: list[Target] = []
    for name in names:
        obj = getattr(jiesu, name)
        if is_api_class(obj):
            assert obj in INSTANCES, f"jiesu.{name}: add a known-good instance to INSTANCES"
            targets.append(Target(name, "constructor", lambda obj=obj: obj))
            for attr, raw in vars(obj).items():
                if attr.startswith("_") and attr not in DUNDERS:
                    continue
                full = f"{name}.{attr}"
                if isinstance(raw, staticmethod):
                    targets.append(Target(full, "static", lambda obj=obj, attr=attr: getattr(obj, attr)))
                elif inspect.isgetsetdescriptor(raw) or isinstance(raw, property):
                    make = INSTANCES[obj]
                    targets.append(Target(full, "property", lambda make=make, attr=attr: (make(), attr)))
                elif callable(raw):
                    make = INSTANCES[obj]
                    targets.append(
                        Target(full, "method", lambda make=make, attr=attr: getattr(make(), attr))
                    )
        elif callable(obj) and getattr(obj, "__module__", None) in ("jiesu", "jiesu._jiesu"):
            if not inspect.isclass(obj):
                targets.append(Target(name, "function", lambda obj=obj: obj))
    return targets


TARGETS = discover()
CALLS = [t for t in TARGETS if t.kind != "property"]
PROPERTIES = [t for t in TARGETS if t.kind == "property"]

# --- what the stub says each parameter takes ------------------------------------------------------


def stub_parameters() -> tuple[dict[str, dict[str, list[ast.expr]]], dict[str, ast.expr]]:
    """`name -> parameter -> annotations` (every overload's) and the stub's type aliases."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    aliases: dict[str, ast.expr] = {}
    params: dict[str, dict[str, list[ast.expr]]] = {}

    def add(name: str, fn: ast.FunctionDef) -> None:
        args = fn.args
        for a in args.posonlyargs + args.args + args.kwonlyargs:
            if a.annotation is not None:
                params.setdefault(name, {}).setdefault(a.arg, []).append(a.annotation)

    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            aliases[node.target.id] = node.value
        elif isinstance(node, ast.FunctionDef):
            add(node.name, node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    add(node.name if item.name == "__new__" else f"{node.name}.{item.name}", item)
    return params, aliases


PARAMS, ALIASES = stub_parameters()


def takes(annotation: ast.expr, wanted: str) -> bool:
    """Whether the annotation admits `wanted` ("str": any str; "path": an os.PathLike)."""
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return takes(annotation.left, wanted) or takes(annotation.right, wanted)
    if isinstance(annotation, ast.Name):
        if annotation.id in ALIASES:
            return takes(ALIASES[annotation.id], wanted)
        return wanted == "str" and annotation.id in ("str", "object", "Any")
    if isinstance(annotation, ast.Subscript):  # Sequence[str], Literal[...], os.PathLike[str]
        return wanted == "path" and ast.unparse(annotation.value) == "os.PathLike"
    return False


def str_is_typed(name: str, bound: inspect.BoundArguments) -> bool:
    """Whether every bound argument (one at least) is a `str` for a parameter whose stub type
    takes any `str`."""
    if not bound.arguments:
        return False
    for param, value in bound.arguments.items():
        annotations = PARAMS.get(name, {}).get(param)
        if type(value) is not str or not annotations:
            return False
        if not any(takes(a, "str") for a in annotations):
            return False
    return True


def reads_paths(name: str) -> bool:
    return any(takes(a, "path") for anns in PARAMS.get(name, {}).values() for a in anns)


# --- arguments ---------------------------------------------------------------------------------------

GOOD_STRINGS = [
    "2026-10-01", "2026-09-30", "2026-12-31", "2027-01-01", "2004-01-01", "1900-01-01",
    "2026-09-30T16:20+08:00", "2026-09-30 16:20", "2026-10-14T09:00:00Z", "2026-10-19T11:00:00+08:00",
    "2026", "2026-10", "2026-Q4", "2026-H2", "2026-10-01..2026-10-31", "2026-W40",
    "help", "consultation", "complaint", "report", "投诉类", "咨询类", "求助类",
    "ledger", "transfer", "feedback", "satisfaction", "附件2", "附件5",
    "state_grid", "kaifaqu", "longquan_jd", "dawu_zhen", "social_governance", "power_supply", "tax",
    "land_use", "center", "government", "territory", "error", "weekends_only", "raise", "coerce",
    "cst", "utc", "off", "work", "L01", "L99", "KFQ-01", "tax-rd-super-deduction",
    "responsibility-dispute", "TZ-2026-0001", "TZ-2026-0003", "received", "dispatched",
    str(SAMPLE), "fixtures/events/sample.jsonl", "/nonexistent/events.jsonl",
    *SAMPLE_LINES[:4], "\n".join(SAMPLE_LINES), HARSH_TEXT, '{"name": "x"}', '{"entries": []}',
    '{"enterprises": []}', '{"leaders": []}', '{"category": "help"}', '{"date": "2026-03-02"}',
    "date,kind,name\n2026-10-01,off,国庆节\n", '{"year": 2026, "days": []}',
]
HOSTILE_STRINGS = [
    "", " ", "\n", "\r\n", "\x00", "\ufeff", "\ud800", "a\udfffb", "{", "}", "[]", "null", "{}", '""',
    "２０２６-１０-０１", "２０２６", "2026-10-01T25:00+08:00", "2026-02-30", "2026-13-01", "0000-01-01",
    "9999-12-31T23:59:59+14:00", "-262144-01-01", "+275760-09-13", "262143-12-31", "-0001-01-01",
    "2026-10-01T12:00+99:99", "2026-10-01T12:00:60+08:00", "2026-10-01T12:00:00.9999999999+08:00",
    "2026-Q5", "2026-Q0", "2026-H3", "2026-00", "2026-10-01..2025-10-01", "1900-01-01..2199-12-31",
    "..", "2026-10-01..", "..2026-10-01", "99999999999999999999", "-1", "1e309", "NaN", "Infinity",
    "\ufeff2026-10-01", "2026-10-01\x00", "２０２６-１０-０１T１６:２０+０８:００", "2026‐10‐01",
    '{"v": 1}', '{"v": 2}', '{"v": 1e400}', '{"v": 99999999999999999999}', "[" * 300, "{\"a\":" * 300,
    DIRECTORY_TEXT[: len(DIRECTORY_TEXT) // 2], LIBRARY_TEXT[:-1], COLLECTION_TEXT[:300],
]
DATEISH = "0123456789-:T+Z ./年月日Qq HW\t０１２３４５６７８９－：．\ufeff"

texts = st.one_of(
    st.text(),
    st.text(alphabet=DATEISH, max_size=30),
    st.from_regex(
        r"\A[+-]?\d{1,6}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{1,2}(:\d{1,2}(\.\d{1,12})?)?"
        r"(Z|[+-]\d{1,2}(:?\d{2})?)?)?\Z"
    ),
    st.sampled_from(GOOD_STRINGS + HOSTILE_STRINGS),
    st.sampled_from(GOOD_STRINGS).map(lambda s: "\ufeff" + s),
    st.builds(
        lambda s, n: s * n,
        st.sampled_from(["9", "2026-10-01", "\n", " ", "{\"v\":1}\n", "好"]),
        st.integers(1_000, 20_000),
    ),
)
huge = st.sampled_from([2**31, -(2**31) - 1, 2**32, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64, 10**30, -(10**30), 10**400])
integers = st.one_of(st.integers(), st.integers(-5, 500), huge)
floats = st.one_of(st.floats(), st.sampled_from([float("nan"), float("inf"), -float("inf"), -0.0, 1e308, 5e-324]))
CST = timezone(timedelta(hours=8))
zones = st.one_of(
    st.sampled_from([timezone.utc, CST, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))]),
    st.builds(timezone, st.timedeltas(min_value=timedelta(hours=-23, minutes=59), max_value=timedelta(hours=23, minutes=59))),
)
datetimes = st.one_of(
    st.datetimes(),
    st.datetimes(timezones=zones),
    st.sampled_from([
        datetime.min, datetime.max, datetime.min.replace(tzinfo=timezone(timedelta(hours=23, minutes=59))),
        datetime.max.replace(tzinfo=timezone(timedelta(hours=-23, minutes=-59))),
        datetime(2026, 9, 30, 16, 20), datetime(2026, 9, 30, 16, 20, tzinfo=CST),
    ]),
)
dates = st.one_of(st.dates(), st.sampled_from([date.min, date.max, date(2026, 10, 1), date(2004, 1, 1), date(2199, 12, 31)]))
UNITS = ["D", "s", "ns", "us", "ms", "m", "h", "W", "M", "Y"]


def datetime64_array(values: list[int], unit: str) -> Any:
    return np.array(values, dtype=f"datetime64[{unit}]")


int64s = st.one_of(st.integers(-(2**63), 2**63 - 1), st.integers(-30_000, 30_000), st.integers(1_700_000_000, 1_800_000_000))
numpy_values = st.one_of(
    int64s.map(np.int64),
    st.integers(0, 2**64 - 1).map(np.uint64),
    st.integers(-128, 127).map(np.int8),
    floats.map(np.float64),
    st.booleans().map(np.bool_),
    st.builds(np.datetime64, int64s, st.sampled_from(UNITS)),
    st.sampled_from([np.datetime64("NaT"), np.datetime64("NaT", "ns"), np.datetime64("2026-10-01"), np.str_("2026-10-01")]),
    st.builds(datetime64_array, st.lists(int64s, max_size=5), st.sampled_from(UNITS)),
    st.lists(int64s, max_size=5).map(lambda xs: np.array(xs, dtype=np.int64)),
    st.lists(st.integers(0, 2**64 - 1), max_size=5).map(lambda xs: np.array(xs, dtype=np.uint64)),
    st.lists(floats, max_size=5).map(lambda xs: np.array(xs, dtype=np.float64)),
    st.lists(st.booleans(), max_size=5).map(lambda xs: np.array(xs, dtype=np.bool_)),
    st.lists(texts, max_size=4).map(lambda xs: np.array(xs, dtype=object)),
    st.lists(st.sampled_from(GOOD_STRINGS), max_size=4).map(np.array),  # dtype <U
    st.lists(st.binary(max_size=8), max_size=4).map(lambda xs: np.array(xs, dtype="S")),
    st.sampled_from([
        np.zeros((2, 2), dtype="datetime64[D]"), np.zeros((2, 0), dtype=np.int64), np.array(5),
        np.array("2026-10-01", dtype="datetime64[D]"), np.array([], dtype=np.float32),
        np.array(["2026-10-01", "NaT"], dtype="datetime64[D]")[::-1], np.array(["NaT"], dtype="datetime64"), np.arange(6, dtype=np.int32)[::2],
    ]),
)
seconds = st.integers(-9_000_000_000, 9_000_000_000)
pandas_values = st.one_of(
    st.sampled_from([pd.NaT, pd.Timestamp("2026-10-01 09:00"), pd.Timestamp("2026-10-01 09:00", tz="Asia/Shanghai"),
                     pd.Timestamp.min, pd.Timestamp.max, pd.Timestamp("2026-10-01", tz="UTC")]),
    st.lists(seconds, max_size=4).map(lambda xs: pd.Series(pd.to_datetime(xs, unit="s"))),
    st.lists(seconds, max_size=4).map(lambda xs: pd.Series(pd.to_datetime(xs, unit="s", utc=True), index=range(10, 10 + len(xs)))),
    st.lists(seconds, max_size=4).map(lambda xs: pd.DatetimeIndex(pd.to_datetime(xs, unit="s"))),
    st.lists(seconds, max_size=4).map(lambda xs: pd.DatetimeIndex(pd.to_datetime(xs, unit="s", utc=True)).tz_convert("Asia/Shanghai")),
    st.lists(seconds, max_size=4).map(lambda xs: pd.to_datetime(xs, unit="s").array),
    st.lists(st.one_of(st.none(), integers.filter(lambda i: abs(i) < 2**63)), max_size=4).map(lambda xs: pd.Series(xs, dtype="Int64")),
    st.lists(texts, max_size=3).map(lambda xs: pd.Series(xs, dtype=object)),
    st.lists(st.one_of(st.none(), st.sampled_from(GOOD_STRINGS)), max_size=3).map(lambda xs: pd.Series(xs, dtype="string")),
)
arrow_values = st.one_of(
    st.lists(st.one_of(st.none(), st.integers(-(2**31), 2**31 - 1)), max_size=4).map(lambda xs: pa.array(xs, type=pa.date32())),
    st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), max_size=4).map(lambda xs: pa.array(xs, type=pa.date64())),
    st.builds(
        lambda xs, unit, tz: pa.array(xs, type=pa.timestamp(unit, tz=tz)),
        st.lists(st.one_of(st.none(), st.integers(-(2**63) + 1, 2**63 - 1)), max_size=4),
        st.sampled_from(["s", "ms", "us", "ns"]),
        st.sampled_from([None, "UTC", "Asia/Shanghai", "+14:00"]),
    ),
    st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), max_size=4).map(pa.array),
    st.lists(st.one_of(st.none(), texts.map(lambda t: t.encode("utf-8", "replace").decode())), max_size=3).map(
        lambda xs: pa.array(xs, type=pa.string())  # pyarrow holds UTF-8: no lone surrogates
    ),
    st.lists(st.one_of(st.none(), dates), max_size=3).map(lambda xs: pa.chunked_array([xs, xs], type=pa.date32())),
    st.lists(st.one_of(st.none(), st.booleans()), max_size=3).map(pa.array),
)
decimals = st.one_of(st.decimals(), st.sampled_from([Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"), Decimal("1e1000"), Decimal("2026")]))
others = st.sampled_from([
    object(), {1, 2}, frozenset(), complex(1, 2), range(3), bytearray(b"2026-10-01"), memoryview(b"x"),
    Path("/nonexistent/events.jsonl"), Path(SAMPLE), Path("/"), Path("."), Path("fixtures"), type, len, Ellipsis,
    NotImplemented, jiesu, jiesu.JiesuError("x"),
])
instances = st.one_of(st.sampled_from(OBJECTS), st.just(None).map(lambda _: jiesu.Replayer(CITY)))


def nested(depth: int, as_dict: bool) -> Any:
    value: Any = {} if as_dict else []
    for _ in range(depth):
        value = {"a": value} if as_dict else [value]
    return value


def mutated(event: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    out = dict(event)
    out[key] = value
    return out


# Text that is not valid Unicode (lone surrogates) or that every parser must refuse.
weird_texts = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),
    st.builds(lambda a, b: a + b, st.sampled_from(GOOD_STRINGS), st.text(st.characters(categories=["Cs"]), min_size=1, max_size=2)),
)
leaves = st.one_of(
    texts, weird_texts, integers, floats, st.none(), st.booleans(), st.binary(max_size=20), dates, datetimes,
    numpy_values, pandas_values, arrow_values, decimals, others, instances,
)
EVENT_KEYS = sorted({k for e in SAMPLE_EVENTS for k in e} | {"entry", "reason", "completion", "unit", "to"})
events = st.builds(mutated, st.sampled_from(SAMPLE_EVENTS), st.sampled_from(EVENT_KEYS), leaves)
good_records = st.sampled_from([
    {"topics": ["tax"], "text": "研发费用加计扣除", "date": "2026-03-02"},
    {"category": "help", "topics": ["power_supply"], "territory": "kaifaqu", "level": "center"},
    *SAMPLE_EVENTS, *RESULT.derived[:3],
])
values = st.recursive(
    st.one_of(leaves, events, good_records),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.tuples(inner, inner, inner),
        st.dictionaries(st.one_of(st.sampled_from(EVENT_KEYS), st.text(max_size=8)), inner, max_size=4),
        st.lists(inner, max_size=3).map(iter),
    ),
    max_leaves=8,
) | st.sampled_from([nested(200, False), nested(200, True), [SAMPLE_EVENTS] * 3, SAMPLE_LINES, list(SAMPLE_EVENTS)])


# Known-good values by parameter name (the text signatures' names), so that calls get past the
# argument checks into the core; one argument is then often swapped for an arbitrary value.


def json_text(doc: Any) -> Any:
    return st.builds(lambda d: json.dumps(d, ensure_ascii=False), json_mutant(doc))


json_leaves = st.one_of(
    texts, weird_texts, integers, st.floats(allow_nan=False), st.none(), st.booleans(),
    st.sampled_from([[], {}, [None], {"": None}]),
)


@st.composite
def json_mutant(draw: Any, doc: Any) -> Any:
    """A copy of JSON data with one value (at a random path) replaced by an arbitrary one."""
    root: list[Any] = [json.loads(json.dumps(doc))]
    holder: Any = root
    key: Any = 0
    for _ in range(draw(st.integers(0, 5))):
        node = holder[key]
        if isinstance(node, dict) and node:
            holder, key = node, draw(st.sampled_from(sorted(node)))
        elif isinstance(node, list) and node:
            holder, key = node, draw(st.integers(0, len(node) - 1))
        else:
            break
    if draw(st.booleans()) and isinstance(holder, dict):
        holder[draw(st.sampled_from(EVENT_KEYS + ["extra", "v", "id"]))] = draw(json_leaves)
    else:
        holder[key] = draw(json_leaves)
    return root[0]


def mutated_jsonl(lines: list[str]) -> Any:
    return st.builds(
        lambda i, line: "\n".join(lines[:i] + [line] + lines[i + 1 :]),
        st.integers(0, len(lines) - 1),
        st.sampled_from(lines).flatmap(lambda l: json_text(json.loads(l))),
    )


good_dates = st.one_of(
    st.dates(date(2003, 6, 1), date(2027, 6, 30)),
    st.dates(date(2003, 6, 1), date(2027, 6, 30)).map(str),
    st.dates(date(2003, 6, 1), date(2027, 6, 30)).map(np.datetime64),
)
good_instants = st.one_of(
    st.datetimes(datetime(2025, 6, 1), datetime(2027, 6, 30)),
    st.datetimes(datetime(2025, 6, 1), datetime(2027, 6, 30), timezones=zones),
    st.datetimes(datetime(2025, 6, 1), datetime(2027, 6, 30)).map(lambda d: d.isoformat(sep=" ", timespec="minutes")),
    st.datetimes(datetime(2025, 6, 1), datetime(2027, 6, 30), timezones=zones).map(lambda d: d.isoformat()),
)
good_periods = st.one_of(
    st.sampled_from(["2026", "2026-09", "2026-10", "2026-Q3", "2026-Q4", "2026-H2", "2026-10-01..2026-10-31", 2026]),
    st.sampled_from([jiesu.Period.parse("2026-10"), jiesu.Period.parse("2026-Q4")]),
)
good_columns = lambda one: st.one_of(  # noqa: E731
    st.lists(one, max_size=5),
    st.lists(st.datetimes(datetime(2025, 6, 1), datetime(2027, 6, 30)), max_size=5).map(
        lambda xs: np.array(xs, dtype="datetime64[s]")
    ),
    st.lists(st.datetimes(datetime(2025, 6, 1), datetime(2027, 6, 30)), max_size=5).map(
        lambda xs: pd.Series(pd.to_datetime(xs)).dt.tz_localize("Asia/Shanghai")
    ),
    st.lists(st.dates(date(2025, 6, 1), date(2027, 6, 30)), max_size=5).map(lambda xs: pa.array(xs, type=pa.date32())),
)
UNIT_IDS = [u["id"] for u in DIRECTORY.units()] + ["no_such_unit"]
TOPIC_KEYS = [t["key"] for t in DIRECTORY.topics()] + ["no_such_topic"]
CATEGORIES = [c["key"] for c in jiesu.categories()] + ["投诉类", "nope"]
consultations = st.one_of(
    st.fixed_dictionaries({"topics": st.lists(st.sampled_from(TOPIC_KEYS), max_size=2), "text": texts, "date": good_dates}),
    json_mutant({"topics": ["tax"], "text": "研发费用加计扣除", "date": "2026-03-02"}),
    st.just(INSTANCES[jiesu.Consultation]()),
)
route_requests = st.one_of(
    st.fixed_dictionaries({
        "category": st.sampled_from(CATEGORIES), "topics": st.lists(st.sampled_from(TOPIC_KEYS), max_size=2),
        "territory": st.sampled_from(UNIT_IDS), "level": st.sampled_from(["center", "government", "x"]),
    }),
    json_mutant({"category": "help", "topics": ["power_supply"], "territory": "kaifaqu", "level": "center"}),
    st.just(INSTANCES[jiesu.RouteRequest]()),
)
sample_events = st.one_of(
    st.sampled_from(SAMPLE_EVENTS), st.sampled_from(SAMPLE_LINES),
    st.sampled_from(SAMPLE_EVENTS).flatmap(json_mutant), st.sampled_from(SAMPLE_EVENTS).flatmap(json_text),
)
demand_logs = st.sampled_from(sorted({e["demand"] for e in SAMPLE_EVENTS})).map(
    lambda d: [e for e in SAMPLE_EVENTS if e["demand"] == d]
)
stream_sources = st.one_of(
    st.sampled_from([RESULT, str(SAMPLE), SAMPLE, SAMPLE_LINES, "\n".join(SAMPLE_LINES), "", "/nonexistent.jsonl"]),
    mutated_jsonl(SAMPLE_LINES),
    mutated_jsonl(SAMPLE_LINES).map(str.splitlines),
)
JSON_DOCS = {
    name: json.loads(text)
    for name, text in [("directory", DIRECTORY_TEXT), ("library", LIBRARY_TEXT), ("register", REGISTER_TEXT),
                       ("leaders", LEADERS_TEXT), ("policy", POLICY.to_json()), ("harsh", HARSH_TEXT),
                       ("state", RESULT.states[0].to_json()), ("evaluation", INSTANCES[jiesu.Evaluation]().to_json())]
}
json_texts = st.one_of(
    st.sampled_from(sorted(JSON_DOCS)).flatmap(lambda k: json_text(JSON_DOCS[k])),
    st.sampled_from([json.dumps(d) for d in JSON_DOCS.values()]),
    mutated_jsonl(COLLECTION_TEXT.splitlines()[:8]),
    mutated_jsonl(FIELD_DAYS_TEXT.splitlines()[:8]),
    st.sampled_from([COLLECTION_TEXT, FIELD_DAYS_TEXT, "date,kind,name\n2026-10-01,off,国庆节\n"]),
    st.builds(lambda rows: "date,kind,name\n" + "\n".join(rows),
              st.lists(st.builds(lambda d, k, n: f"{d},{k},{n}", good_dates.map(str) | texts, st.sampled_from(["off", "work", "x"]), texts), max_size=4)),
)
holiday_cn = st.builds(
    lambda y, days: json.dumps({"year": y, "days": days}),
    st.integers(1899, 2201) | integers,
    st.lists(st.fixed_dictionaries({"name": texts, "date": good_dates.map(str) | texts, "isOffDay": st.booleans() | json_leaves}), max_size=3),
)
GOOD: dict[str, Any] = {
    "date": good_dates, "a": good_dates, "b": good_dates, "from_": good_dates, "to": good_dates,
    "completion": good_dates,
    "start": good_instants, "reply": good_instants, "now": good_instants, "at": good_instants,
    "n": st.integers(-3, 40) | huge, "working_days": st.integers(-3, 40),
    "year": st.integers(1899, 2201), "first_year": st.integers(1899, 2201), "last_year": st.integers(1899, 2201),
    "period": good_periods, "month": good_periods, "quarter": good_periods, "half": good_periods,
    "text": json_texts, "texts": st.lists(holiday_cn, max_size=3), "line": sample_events.map(lambda e: e if isinstance(e, str) else json.dumps(e)),
    "mode": st.sampled_from(["error", "weekends_only", "x"]),
    "dates": good_columns(good_dates), "starts": good_columns(good_instants),
    "dues": good_columns(good_instants), "replies": good_columns(good_instants),
    "events": demand_logs | st.lists(sample_events, max_size=4), "event": sample_events,
    "rules": st.sampled_from([RULES, CITY]), "policy": st.sampled_from([POLICY, HARSH, None]),
    "other_policy": st.sampled_from([POLICY, HARSH]), "directory": st.sampled_from([DIRECTORY, None]),
    "calendar": st.sampled_from([CHINA, CHINA.with_beyond_coverage("weekends_only"), None]),
    "result": st.just(RESULT), "stream_result": st.just(RESULT), "source": stream_sources,
    "unit": st.sampled_from(UNIT_IDS), "id": st.sampled_from(UNIT_IDS + ["L01", "tax-rd-super-deduction", "responsibility-dispute"]),
    "category": st.sampled_from(CATEGORIES), "topics": st.lists(st.sampled_from(TOPIC_KEYS), max_size=3),
    "territory": st.sampled_from(UNIT_IDS + [None]), "level": st.sampled_from(["center", "government", "nope"]),
    "consultation": consultations, "request": route_requests, "requests": st.lists(route_requests, max_size=4),
    "items": st.lists(st.tuples(st.sampled_from(CATEGORIES), consultations), max_size=4),
    "kind": st.sampled_from([k["key"] for k in jiesu.form_kinds()] + ["附件3", "nope"]),
    "name": st.sampled_from([k["key"] for k in jiesu.form_kinds()] + ["附件3", "nope"]),
    "register": st.just(REGISTER), "leaders": st.just(LEADERS),
    "log": st.sampled_from([INSTANCES[jiesu.CollectionLog](), INSTANCES[jiesu.FieldDayLog]()]),
    "overrides": st.lists(st.tuples(good_dates, st.sampled_from(["off", "work", "x"]), texts), max_size=3),
    "strict": st.booleans(), "errors": st.sampled_from(["raise", "coerce"]), "naive": st.sampled_from(["cst", "utc", None]),
    "explanation": texts, "data": sample_events.filter(lambda e: isinstance(e, dict)),
}


def signature_of(target: Target) -> inspect.Signature | None:
    try:
        return inspect.signature(target.get())
    except (TypeError, ValueError):
        return None


@st.composite
def typed_call(draw: Any, target: Target) -> tuple[list[Any], dict[str, Any]]:
    """Known-good values for the parameters (by name), one of them maybe swapped for any value."""
    sig = signature_of(target)
    if sig is None:
        return [], {}
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    params = [p for p in sig.parameters.values() if p.name not in ("self", "cls")]
    swap = draw(st.integers(-1, len(params) - 1)) if draw(st.booleans()) else -1
    for i, p in enumerate(params):
        if p.default is not inspect.Parameter.empty and draw(st.booleans()):
            continue
        value = draw(values if i == swap else GOOD.get(p.name, values), label=p.name)
        if p.kind == inspect.Parameter.KEYWORD_ONLY or (kwargs or draw(st.integers(0, 3)) == 0):
            kwargs[p.name] = value
        else:
            args.append(value)
    return args, kwargs


# --- the test ------------------------------------------------------------------------------------------

# Allowed outcomes, counted per callable: returned, a JiesuError code, TypeError, OSError.
OUTCOMES: dict[str, Counter[str]] = {}


def call(target: Target, args: list[Any], kwargs: dict[str, Any]) -> str:
    """Calls the target; the outcome's name, or fails the test."""
    fn = target.get()
    try:
        fn(*args, **kwargs)
    except jiesu.JiesuError as e:
        code = getattr(e, "code", None)
        assert isinstance(code, str) and code, f"{target.name}: JiesuError without a code: {e!r}"
        assert code != "internal", f"{target.name}(*{args!r}, **{kwargs!r}) panicked: {e}"
        assert isinstance(getattr(e, "module", None), str), f"{target.name}: no .module: {e!r}"
        return "error"
    except TypeError as e:
        try:
            bound = inspect.signature(fn).bind(*args, **kwargs)
        except (TypeError, ValueError):
            return "TypeError"  # not even a valid call, or no text signature
        assert not str_is_typed(target.name, bound), (
            f"{target.name}(*{args!r}, **{kwargs!r}): TypeError for str arguments the stub "
            f"types as str: {e}"
        )
        return "TypeError"
    except (OSError, UnicodeDecodeError) as e:
        assert reads_paths(target.name), f"{target.name}: {type(e).__name__} but reads no path: {e!r}"
        return "OSError"
    except BaseException as e:  # noqa: BLE001 - PanicException is a BaseException
        raise AssertionError(
            f"{target.name}(*{args!r:.500}, **{kwargs!r:.200}) leaked {type(e).__module__}."
            f"{type(e).__name__}: {e!s:.500}"
        ) from e
    return "returned"


def keyword_names(target: Target) -> list[str]:
    try:
        sig = inspect.signature(target.get())
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return [p.name for p in sig.parameters.values() if p.kind in kinds]


def test_discovery_finds_the_api() -> None:
    kinds = Counter(t.kind for t in TARGETS)
    print(f"never-panic: {len(TARGETS)} targets {dict(kinds)}")
    assert len(CALLS) >= 150, f"only {len(CALLS)} callables found: {dict(kinds)}"
    assert len(PROPERTIES) >= 80
    assert {"function", "constructor", "static", "method"} <= set(kinds)
    # Every stub name that takes parameters is a discovered target (the reflection misses nothing).
    stub_names = {n for n in PARAMS if not n.split(".")[-1].startswith("_")}
    assert stub_names <= {t.name for t in TARGETS}, stub_names - {t.name for t in TARGETS}


@pytest.mark.parametrize("target", CALLS, ids=[t.name for t in CALLS])
def test_never_panics(target: Target) -> None:
    names = keyword_names(target)
    outcomes = OUTCOMES.setdefault(target.name, Counter())

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        if data.draw(st.booleans(), label="typed"):
            args, kwargs = data.draw(typed_call(target), label="typed call")
        else:
            args = data.draw(st.lists(values, max_size=3), label="args")
            # Keyword arguments for parameters after the positional ones (text signature).
            free = names[len(args) :]
            chosen = data.draw(st.lists(st.sampled_from(free), unique=True, max_size=2) if free else st.just([]))
            kwargs = {name: data.draw(values, label=name) for name in chosen}
        outcomes[call(target, args, kwargs)] += 1

    run()
    assert sum(outcomes.values()) >= EXAMPLES // 2, f"{target.name}: exercised {dict(outcomes)}"


@pytest.mark.parametrize("target", PROPERTIES, ids=[t.name for t in PROPERTIES])
def test_properties_read(target: Target) -> None:
    instance, attr = target.get()
    getattr(instance, attr)


def test_good_values_reach_the_core() -> None:
    """Run last: enough callables returned normally at least once (the known-good values work)."""
    if len(OUTCOMES) < len(CALLS):
        pytest.skip("run with the whole module")
    returned = [name for name, c in OUTCOMES.items() if c["returned"]]
    print(f"never-panic: {len(returned)}/{len(CALLS)} callables returned normally at least once; "
          f"outcomes {sum((c for c in OUTCOMES.values()), Counter())}")
    assert len(returned) >= len(CALLS) * 0.6, sorted(set(OUTCOMES) - set(returned))
