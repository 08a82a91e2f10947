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
            except jiesu.EvaluationError:
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
