"""The demo's Python half: the sample city's demands through `import jiesu`, as the platform
(e呼善应, Python) would call it. Prints the 转办清单-style table and writes a JSON summary that
scripts/demo compares with the JS half's.

Usage: python scripts/demo.py OUT.json
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import jiesu

ROOT = Path(__file__).resolve().parent.parent
CITY = ROOT / "fixtures" / "city"


def main(out: Path) -> None:
    directory = jiesu.Directory.from_json((CITY / "directory.json").read_text(encoding="utf-8"))
    library = jiesu.PolicyLibrary.from_json((CITY / "policy_library.json").read_text(encoding="utf-8"))
    demands = json.loads((CITY / "demands.json").read_text(encoding="utf-8"))["demands"]
    rules = jiesu.Rules()
    # In December the next year's notice is not out: answer provisionally, and say so (rules §1).
    provisional = jiesu.Rules(policy=jiesu.Policy.from_json((CITY / "policy-provisional.json").read_text(encoding="utf-8")))
    name = lambda unit_id: directory.unit(unit_id)["name"]  # noqa: E731

    print(f"派单目录 directory: {directory.name} · 政策库 library: {library.name} · 日历 calendar: {rules.calendar.version}")
    summary = []
    for n, d in enumerate(demands, 1):
        category = jiesu.Category.parse(d["category"])
        received = datetime.fromisoformat(d["received"])
        row: dict[str, object] = {"id": d["id"], "category": category.key}
        print(f"\n{n}. {d['enterprise']} [{category.label_zh} {category.key}] {d['text']}")
        decision = library.instant_answer(category, {"topics": d["topics"], "text": d["text"], "date": received.date()})
        row["answered"] = decision["answered"]
        if decision["answered"]:
            print(f"   即时答复 answered at once ({decision['reason']}) from 政策库 entry {decision['entry']}:")
            print(f"   {decision['answer'][:60]}…")
            summary.append(row)
            continue
        if category.key == "consultation":
            print(f"   不能即时答复 not answerable at once ({decision['reason']}) → 派单 dispatched")
        route = directory.route({"category": category.key, "topics": d["topics"], "territory": d["territory"], "level": "center"})
        row["route"] = {k: route[k] for k in ("outcome", "lead", "lead_rule", "lead_reason", "co_units")}
        if route["outcome"] == "manual":
            print(f"   无派单规则 no route → 推进中心人工派单 the center dispatches by hand (unmatched: {route['unmatched_topics']})")
        else:
            co = "、".join(name(u) for u in route["co_units"]) or "—"
            print(f"   首接单位 lead: {name(route['lead'])} (rule {route['lead_rule']}, {route['lead_reason']}); 协办单位 co-units: {co}")
        try:
            deadline = rules.feedback_deadline(datetime.fromisoformat(d["dispatched"]))
        except jiesu.CalendarError as e:
            print(f"   {e.code}: {e} → 临时计算 provisional")
            deadline = provisional.feedback_deadline(datetime.fromisoformat(d["dispatched"]))
        skipped = ", ".join(f"{s.date:%m-%d} {s.name or '周末'}" for s in deadline.skipped) or "—"
        make_up = ", ".join(f"{s.date:%m-%d} 调休补班" for s in deadline.make_up_days)
        flag = " [临时 provisional]" if deadline.provisional else ""
        print(f"   派单 dispatched {d['dispatched']} → 报结果时限 feedback due {deadline.due.isoformat()} ({deadline.due_date}){flag}")
        print(f"   跳过 skipped: {skipped}" + (f"; 计入 counted: {make_up}" if make_up else ""))
        row["deadline"] = deadline.to_dict()
        summary.append(row)
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
