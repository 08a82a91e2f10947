"""The hand-written stubs (`_jiesu.pyi`) match the built module, and type-check real use."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from vectors import ROOT

ALLOWLIST = ROOT / "bindings-python" / "stubtest-allowlist.txt"


def test_stubtest() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "jiesu", "--allowlist", str(ALLOWLIST)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_stubs_type_check_typical_use(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        textwrap.dedent(
            """
            from datetime import date, datetime
            from pathlib import Path
            import numpy as np
            import jiesu

            cal: jiesu.Calendar = jiesu.Calendar.china().with_beyond_coverage("weekends_only")
            d: date = cal.add_working_days(date(2026, 9, 30), 5)
            ds: list[date] = cal.add_working_days_many([date(2026, 9, 30), "2026-10-09"], [1, 2])
            arr = cal.add_working_days_many(np.array(["2026-09-30"], dtype="datetime64[D]"), 1)
            flags: list[bool] = cal.is_working_day_many(ds)
            day: jiesu.Day = cal.day("2026-10-01")
            name: str | None = day.name
            rules = jiesu.Rules(cal, jiesu.Policy.seed())
            dl = rules.plan_deadline(datetime(2026, 9, 30, 16, 20), date(2026, 10, 20), "why")
            due: datetime = dl.due
            ext: int | None = dl.extension_working_days
            dues: list[datetime] = rules.feedback_dues(["2026-09-30T16:20+08:00"])
            try:
                rules.deadline("2026-09-30T16:20", 0)
            except jiesu.JiesuError as e:
                code: str = e.code
            codes: list[tuple[str, str]] = jiesu.error_codes()
            version: str = jiesu.__version__
            cat: jiesu.Category = jiesu.Category.parse("投诉类")
            handling: str = cat.handling
            infos: list[dict[str, object]] = jiesu.categories()
            lib = jiesu.PolicyLibrary.from_json('{"entries": []}')
            lib_name: str | None = lib.name
            c = jiesu.Consultation(["tax"], "留抵退税", date(2026, 3, 2))
            hits = lib.match_consultation(c)
            decision = lib.instant_answer(cat, {"topics": ["tax"], "date": date(2026, 3, 2)})
            answered: bool = decision["answered"]
            entry = lib.entry("tax-rd")
            directory = jiesu.Directory.from_json("{}")
            route = directory.route({"category": "help", "topics": ["tax"], "level": "center"})
            again = directory.route(jiesu.RouteRequest.from_json('{"category": "help", "level": "center"}'))
            lead: str | None = route["lead"]
            try:
                jiesu.Category.parse("inquiry")
            except jiesu.CategoryError as ce:
                ce_code: str = ce.code
            city = jiesu.Rules(directory=directory)
            maybe_dir: jiesu.Directory | None = city.directory
            event = {"v": 1, "demand": "D", "type": "received", "at": datetime(2026, 9, 30, 9)}
            state: jiesu.DemandState = city.replay([event, '{"v": 1}'], at="2026-10-14 08:00")
            state = state.apply(rules.with_directory(directory), jiesu.Event.from_json("{}"))
            stage: str = state.stage
            rounds: list[dict[str, object]] = state.rounds
            overdue: bool = state.status_at(datetime(2026, 10, 14, 8), jiesu.Policy.seed())["overdue"]
            same: bool = jiesu.DemandState.from_json(state.to_json()) == state
            result: jiesu.StreamResult = city.replay_stream(Path("events.jsonl"), strict=True)
            result = city.replay_stream(line for line in ["{}"])
            counts: dict[str, int] = result.counts
            states: list[jiesu.DemandState] = result.states
            stream_at: datetime | None = result.at
            replayer = jiesu.Replayer(city, strict=False)
            replayer.push_line("{}")
            result = replayer.finish(at=datetime(2026, 10, 14))
            ev_at: datetime = jiesu.Event.from_dict(event).at
            labels: list[tuple[str, str, str]] = jiesu.demand_labels()
            knob: str = jiesu.Policy.seed().consecutive
            try:
                city.replay([])
            except jiesu.DemandError as de:
                de_code: str = de.code
            except jiesu.StreamError:
                pass
            board: jiesu.CardBoard = city.cards(result)
            board = city.cards(result.derived)
            colour: str = board.colour("state_grid", datetime(2026, 10, 14))
            rows: list[dict[str, object]] = board.board("2026-10-14T00:00+08:00")
            on_board: list[str] = board.units
            history: list[dict[str, object]] = board.history("state_grid")
            year: jiesu.Evaluation = city.annual_evaluation(result, 2026)
            month = city.notification(result, jiesu.Period.parse("2026-10"))
            score = year.units["state_grid"]["score"]
            ranked: list[dict[str, object]] = year.ranking["departments"]
            bottom: list[str] = year.bottom_two["departments"]
            text: str = month.to_json()
            what_if: jiesu.Comparison = city.compare(Path("events.jsonl"), jiesu.Policy.seed(), "2026-Q4", at="2027-01-01")
            what_if = city.compare(result, jiesu.Policy.seed(), "2026")
            base: jiesu.Evaluation = what_if.base
            changes: list[dict[str, object]] = what_if.changes
            period: jiesu.Period = year.period
            first: date = period.from_
            ends: datetime = period.end
            label: str = jiesu.period_label_zh("2026-Q4")
            other: jiesu.Rules = city.with_policy(jiesu.Policy.seed())
            try:
                board.colour("nobody", "2026-10-14")
            except jiesu.CardError as ce2:
                ce2_code: str = ce2.code
                ce2_row: int | None = ce2.row
            except jiesu.EvaluationError:
                pass
            fingerprint: str = year.policy_fingerprint
            request = jiesu.RouteRequest("求助类", ["tax"], level="territory")
            typed_route: jiesu.Route = directory.route(request)
            reason: str | None = typed_route["lead_reason"]
            routes: list[jiesu.Route] = directory.route_many([request, {"category": "help"}])
            maybe_routes, route_codes = directory.route_many([request], errors="coerce")
            first_route: jiesu.Route | None = maybe_routes[0]
            first_code: str | None = route_codes[0]
            decisions: list[jiesu.AnswerDecision] = lib.instant_answer_many([("咨询类", c)])
            matched: list[jiesu.PolicyMatch] = lib.match_consultation(c)
            when: date = jiesu.Consultation([], "", datetime(2026, 3, 2, 9)).date
            n64 = cal.add_working_days(np.datetime64("2026-09-30"), np.int64(2))
            coerced, date_codes = cal.add_working_days_many(["2026-09-30", None], 1, errors="coerce")
            coerced_first: date | None = coerced[0]
            due_np = rules.feedback_dues(np.array(["2026-09-30T16:20"], dtype="datetime64[s]"), naive="cst")
            due_list, provisional, due_codes = rules.redo_dues(["2026-09-30T16:20"], errors="coerce")
            flags_list: list[bool] = jiesu.is_on_time_many(dues, ["2026-10-13T12:00+08:00"])
            register = jiesu.Register.from_json('{"enterprises": []}')
            register.check_territories(directory)
            leaders = jiesu.Leaders.from_json('{"leaders": []}')
            quota: int | None = leaders.quota("L01")
            collection = jiesu.collection_shortfalls(register, jiesu.CollectionLog.from_jsonl(""), "2026-10-01", date(2026, 10, 31))
            field = jiesu.field_day_shortfalls(leaders, jiesu.FieldDayLog.from_jsonl(""), "2026-10-01", "2026-10-31")
            form: jiesu.Form = jiesu.build_form("ledger", result, None, "2026-10-01", "2026-10-31")
            form = jiesu.build_form(jiesu.FormKind.parse("附件2"), result, directory, date(2026, 10, 1), "2026-10-31")
            csv_text: str = form.to_csv()
            headers: list[str] = jiesu.FormKind.parse("ledger").headers
            kinds: list[dict[str, object]] = jiesu.form_kinds()
            try:
                jiesu.FormKind.parse("x")
            except jiesu.FormsError as fe:
                fe_code: str = fe.code
            except jiesu.DutiesError:
                pass
            """
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(sample)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_typed_results_catch_a_misspelt_key(tmp_path: Path) -> None:
    """Routes and decisions are TypedDicts in the stubs: `route["leed"]` fails type-checking."""
    sample = tmp_path / "typo.py"
    sample.write_text(
        textwrap.dedent(
            """
            import jiesu

            directory = jiesu.Directory.from_json("{}")
            route = directory.route({"category": "help"})
            lead = route["leed"]
            decision = jiesu.PolicyLibrary.from_json("{}").instant_answer("help", {"date": "2026-03-02"})
            answered: str = decision["answered"]
            request = jiesu.RouteRequest("help", level="city")
            """
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(sample)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert '"Route" has no key "leed"' in run.stdout, run.stdout
    assert "typo.py:8: error" in run.stdout and "typo.py:9: error" in run.stdout, run.stdout


PANDAS_EXAMPLE = ROOT / "tests" / "python" / "readme_pandas_example.py"


def test_the_pandas_example_type_checks_and_runs() -> None:
    """The README's pandas example (an aware column, coerced rows, the on-time check) passes
    `mypy --strict` with pandas-stubs, and runs."""
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(PANDAS_EXAMPLE)],
        capture_output=True,
        text=True,
        cwd=PANDAS_EXAMPLE.parent,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    run = subprocess.run([sys.executable, str(PANDAS_EXAMPLE)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    # The README shows this very code (from its first import on).
    text = PANDAS_EXAMPLE.read_text(encoding="utf-8")
    assert text[text.index("import pandas as pd"):] in (ROOT / "README.md").read_text(encoding="utf-8")
