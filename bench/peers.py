#!/usr/bin/env python3
"""Python runner of the speed comparison (bench/run): jiesu and the Python working-day peers.

    bench/.env/bin/python bench/peers.py QUERIES.json CALENDAR.csv OUT.json

Every method answers the same seeded queries ("the n-th working day strictly after X") and
writes its timing (median ops/s of several repetitions, garbage collector off as in timeit) and
its answers (days since 1970-01-01; due instants in Unix seconds for the deadline methods) to
OUT.json for bench/report.py. Slow peers are timed on the first `timed` queries; every method
still answers all of them, untimed, for the exactness check. A method that raises is recorded
with its error instead of failing the run (the report decides what that means).
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import json
import math
import platform
import statistics
import sys
import time
import traceback
from typing import Any, Callable

EPOCH = dt.date(1970, 1, 1)
EPOCH_ORD = EPOCH.toordinal()
ONE_DAY = dt.timedelta(days=1)
CST = dt.timezone(dt.timedelta(hours=8))
# Tables of the table-driven peers span these years (queries need 2019-01-01 .. early 2026).
TABLE_FIRST = dt.date(2018, 1, 1)
TABLE_LAST = dt.date(2026, 12, 31)


def measure(pass_fn: Callable[[], object], ops: int, reps: int, min_rep: float) -> tuple[float, list[float]]:
    """Median ops/s of `reps` repetitions; a repetition repeats `pass_fn` to last >= min_rep s."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        t = time.perf_counter()
        pass_fn()  # warm-up and calibration
        once = max(time.perf_counter() - t, 1e-9)
        passes = max(1, math.ceil(min_rep / once))
        rates = []
        for _ in range(reps):
            t = time.perf_counter()
            for _ in range(passes):
                pass_fn()
            rates.append(ops * passes / (time.perf_counter() - t))
    finally:
        if enabled:
            gc.enable()
    return statistics.median(rates), rates


def per_call(f: Callable[[Any, int], Any], xs: list, ns: list[int]) -> list:
    """The loop every per-call method is timed with."""
    return [f(x, k) for x, k in zip(xs, ns)]


def day_of(d: dt.date) -> int:
    return d.toordinal() - EPOCH_ORD


def load_calendar_csv(path: str) -> dict[dt.date, str]:
    with open(path, encoding="utf-8-sig") as f:
        return {dt.date.fromisoformat(r["date"]): r["kind"] for r in csv.DictReader(f)}


def working_days_table(overrides: dict[dt.date, str]) -> list[tuple[dt.date, bool]]:
    out = []
    d = TABLE_FIRST
    while d <= TABLE_LAST:
        kind = overrides.get(d)
        out.append((d, kind == "work" if kind else d.weekday() < 5))
        d += ONE_DAY
    return out


class Runner:
    def __init__(self, queries: dict, out_path: str) -> None:
        self.days: list[int] = queries["days"]
        self.ns: list[int] = queries["n"]
        self.starts: list[int] = queries["starts"]
        self.dates = [EPOCH + dt.timedelta(days=d) for d in self.days]
        self.count = len(self.days)
        self.out_path = out_path
        self.methods: list[dict] = []
        self.versions: dict[str, str] = {"python": platform.python_version()}

    def add(
        self,
        id: str,
        method: str,
        kind: str,
        run: Callable[[int], Any],
        answers: Callable[[Any], list[int]],
        timed: int | None = None,
        reps: int = 7,
        min_rep: float = 0.1,
        exact_expected: bool = True,
        compare: str = "days",
        note: str = "",
    ) -> None:
        """`run(m)` answers the first m queries; `answers` turns its result into ints."""
        timed = min(timed or self.count, self.count)
        entry: dict[str, Any] = {
            "id": id,
            "method": method,
            "lang": "Python",
            "kind": kind,
            "exact_expected": exact_expected,
            "compare": compare,
            "note": note,
        }
        print(f"  {method:<72}", end="", file=sys.stderr, flush=True)
        try:
            t = time.perf_counter()
            full = answers(run(self.count))  # every query, for the exactness check
            full_s = time.perf_counter() - t
            ops, reps_ = measure(lambda: run(timed), timed, reps, min_rep)
            entry.update(
                queries=self.count,
                timed=timed,
                ops=ops,
                reps=reps_,
                full_pass_ops=self.count / full_s,
                answers=full,
            )
            print(f"{ops:>14,.0f} ops/s", file=sys.stderr)
        except Exception as e:  # noqa: BLE001 — recorded, judged by the report
            entry.update(error=f"{type(e).__name__}: {e}", traceback=traceback.format_exc())
            print(f"  FAILED: {type(e).__name__}: {e}", file=sys.stderr)
        self.methods.append(entry)

    def write(self) -> None:
        with open(self.out_path, "w") as f:
            json.dump({"runner": "python", "versions": self.versions, "methods": self.methods}, f)


def main() -> None:
    queries_path, csv_path, out_path = sys.argv[1:4]
    with open(queries_path) as f:
        queries = json.load(f)
    r = Runner(queries, out_path)
    dates, ns, days = r.dates, r.ns, r.days
    overrides = load_calendar_csv(csv_path)
    table = working_days_table(overrides)

    import numpy as np

    r.versions["numpy"] = np.__version__
    np_days = np.array(days, dtype=np.int64).astype("datetime64[D]")
    np_n = np.array(ns, dtype=np.int64)
    # jiesu reads and writes datetime64 instants as +08:00 wall-clock times (rules §0).
    cst_s = 8 * 3600
    np_starts = (np.array(r.starts, dtype=np.int64) + cst_s).astype("datetime64[s]")

    # ---- jiesu -------------------------------------------------------------------------------
    try:
        import jiesu

        r.versions["jiesu"] = getattr(jiesu, "__version__", "?")
        cal = jiesu.Calendar.china()
        rules = jiesu.Rules()
    except Exception as e:  # noqa: BLE001
        print(f"  jiesu is not importable: {e}", file=sys.stderr)
        cal = rules = None

    def need(obj: Any, name: str) -> Any:
        if obj is None:
            raise RuntimeError("jiesu is not importable")
        return getattr(obj, name)

    r.add(
        "py_per_call",
        "jiesu Calendar.add_working_days(date, n), per call",
        "jiesu",
        lambda m: per_call(need(cal, "add_working_days"), dates[:m], ns[:m]),
        lambda out: [day_of(d) for d in out],
        reps=9,
    )
    r.add(
        "py_batch",
        "jiesu Calendar.add_working_days_many(datetime64[D], int64[]), batch",
        "jiesu",
        lambda m: need(cal, "add_working_days_many")(np_days[:m], np_n[:m]),
        lambda out: np.asarray(out).astype("datetime64[D]").astype(np.int64).tolist(),
        reps=15,
    )
    r.add(
        "py_batch_seq",
        "jiesu Calendar.add_working_days_many(list[date], list[int]), batch",
        "jiesu",
        lambda m: need(cal, "add_working_days_many")(dates[:m], ns[:m]),
        lambda out: [day_of(d) for d in out],
        reps=9,
    )
    r.add(
        "py_dues",
        "jiesu Rules.feedback_dues(datetime64[s]), bulk due instants",
        "jiesu",
        lambda m: need(rules, "feedback_dues")(np_starts[:m], naive="cst"),
        lambda out: (np.asarray(out).astype("datetime64[s]").astype(np.int64) - cst_s).tolist(),
        reps=15,
        compare="dues",
        note="+08:00 wall-clock datetime64",
    )
    aware = [dt.datetime.fromtimestamp(s, CST) for s in r.starts]
    r.add(
        "py_deadline_per_call",
        "jiesu Rules.feedback_deadline(datetime), per call, with explanation",
        "jiesu",
        lambda m: [need(rules, "feedback_deadline")(t) for t in aware[:m]],
        lambda out: [int(d.due.timestamp()) for d in out],
        timed=20_000,
        reps=5,
        compare="dues",
        note="full Deadline object (skipped days, version)",
    )

    # ---- numpy -------------------------------------------------------------------------------
    # roll="backward" then +n business days is exactly "n-th working day strictly after X".
    weekday_offs = [d for d, kind in overrides.items() if kind == "off" and d.weekday() < 5]
    monfri = np.busdaycalendar(weekmask="1111100", holidays=np.array(weekday_offs, dtype="datetime64[D]"))
    r.add(
        "numpy_monfri",
        "numpy busday_offset, Mon-Fri + holidays, one vectorised call",
        "peer",
        lambda m: np.busday_offset(np_days[:m], np_n[:m], roll="backward", busdaycal=monfri),
        lambda out: out.astype(np.int64).tolist(),
        reps=15,
        exact_expected=False,
        note="cannot add make-up weekends; holidays from jiesu's CSV",
    )
    all_offs = [d for d, working in table if not working]
    every_day = np.busdaycalendar(weekmask="1111111", holidays=np.array(all_offs, dtype="datetime64[D]"))
    r.add(
        "numpy_7day",
        "numpy busday_offset, 7-day weekmask + every off day as a holiday",
        "peer",
        lambda m: np.busday_offset(np_days[:m], np_n[:m], roll="backward", busdaycal=every_day),
        lambda out: out.astype(np.int64).tolist(),
        reps=15,
        note="the exact workaround; off days from jiesu's CSV",
    )

    # ---- a prefix-sum table in pure Python (date in, date out, as jiesu per call) ------------
    base = TABLE_FIRST.toordinal()
    cum = [0]
    work: list[int] = []
    for d, working in table:
        if working:
            work.append(d.toordinal() - base)
        cum.append(len(work))
    fromordinal = dt.date.fromordinal

    def prefix_add(d: dt.date, n: int) -> dt.date:
        return fromordinal(work[cum[d.toordinal() - base + 1] + n - 1] + base)

    r.add(
        "py_prefix_sum",
        "prefix-sum table in pure Python, per call",
        "peer",
        lambda m: per_call(prefix_add, dates[:m], ns[:m]),
        lambda out: [day_of(d) for d in out],
        reps=9,
        note="table from jiesu's CSV",
    )

    # ---- QuantLib ----------------------------------------------------------------------------
    try:
        import QuantLib as ql

        r.versions["QuantLib"] = ql.__version__
        ql_cal = ql.China(ql.China.IB)
        ql_dates = [ql.Date(d + 25569) for d in days]  # serial 25569 = 1970-01-01
        ql_advance = ql_cal.advance

        def ql_add(d: Any, n: int) -> Any:
            return ql_advance(d, n, ql.Days)

        run_ql: Callable[[int], Any] = lambda m: per_call(ql_add, ql_dates[:m], ns[:m])  # noqa: E731
    except Exception as e:  # noqa: BLE001
        err = e

        def run_ql(m: int) -> Any:
            raise err

    r.add(
        "quantlib",
        "QuantLib China(IB).advance(Date, n, Days), per call",
        "peer",
        run_ql,
        lambda out: [d.serialNumber() - 25569 for d in out],
        timed=20_000,
        reps=5,
    )

    # ---- holidays ----------------------------------------------------------------------------
    try:
        import holidays

        r.versions["holidays"] = holidays.__version__
        hcn = holidays.country_holidays("CN", years=range(TABLE_FIRST.year, TABLE_LAST.year + 1))
        run_h: Callable[[int], Any] = lambda m: per_call(hcn.get_nth_working_day, dates[:m], ns[:m])  # noqa: E731
    except Exception as e:  # noqa: BLE001
        err_h = e

        def run_h(m: int) -> Any:
            raise err_h

    r.add(
        "holidays",
        "holidays CN.get_nth_working_day(date, n), per call",
        "peer",
        run_h,
        lambda out: [day_of(d) for d in out],
        timed=20_000,
        reps=5,
    )

    # ---- chinese_calendar --------------------------------------------------------------------
    try:
        import chinese_calendar

        r.versions["chinese_calendar"] = getattr(chinese_calendar, "__version__", "?")
        is_workday = chinese_calendar.is_workday

        def cc_add(d: dt.date, n: int) -> dt.date:
            while n:
                d += ONE_DAY
                if is_workday(d):
                    n -= 1
            return d

        run_cc: Callable[[int], Any] = lambda m: per_call(cc_add, dates[:m], ns[:m])  # noqa: E731
    except Exception as e:  # noqa: BLE001
        err_cc = e

        def run_cc(m: int) -> Any:
            raise err_cc

    r.add(
        "chinese_calendar",
        "chinese_calendar is_workday loop, per call",
        "peer",
        run_cc,
        lambda out: [day_of(d) for d in out],
        timed=5_000,
        reps=5,
        min_rep=0.0,
    )
    r.write()


if __name__ == "__main__":
    main()
