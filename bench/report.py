#!/usr/bin/env python3
"""The report step of bench/run: exactness, sizes, the table, the targets (stdlib only).

    python bench/report.py OUT_DIR WEB_WASM [WEB_WASM ...]

Reads OUT_DIR/{queries,rust,python,js,machine-before,machine-after}.json, prints the report as
markdown and writes it to OUT_DIR/report.md (paste it into the README).

Exactness: jiesu's own answers (Rust per call is the reference; every other jiesu method, in every
language, must give the same day / due instant for every query it answered) — any difference, or a
jiesu method that failed to run, fails the run (exit 1). A peer that disagrees is a finding, not a
failure: its mismatch rate and the most frequent disagreements are listed with an example query.
"""

from __future__ import annotations

import collections
import datetime as dt
import gzip
import json
import os
import sys

EPOCH = dt.date(1970, 1, 1)
CST = dt.timezone(dt.timedelta(hours=8))

# Which jiesu methods a peer of each language is compared with: (per call, batch).
JIESU_OF_LANG = {"Python": ("py_per_call", "py_batch"), "JS": ("js_per_call", "js_batch")}

# (label, method id or "wasm_gz", minimum ops/s or maximum bytes, peer id for a ratio target)
TARGETS = [
    ("Rust core, per call ≥ 100 M/s per core", "rust_per_call", 100e6, None),
    ("Rust core, batch ≥ 100 M/s per core", "rust_batch", 100e6, None),
    ("Python batch ≥ 50 M/s", "py_batch", 50e6, None),
    ("Python batch ≥ 4× numpy's one vectorised call", "py_batch", 4.0, "numpy_monfri"),
    ("Python per call ≥ 2 M/s", "py_per_call", 2e6, None),
    ("Python per call ≥ 500× chinese_calendar", "py_per_call", 500.0, "chinese_calendar"),
    ("Python per call ≥ 40× QuantLib", "py_per_call", 40.0, "quantlib"),
    ("JS batch (typed arrays) ≥ 50 M/s", "js_batch", 50e6, None),
    ("JS per call (ISO strings) ≥ 2 M/s", "js_per_call", 2e6, None),
    ("JS per call ≥ 50× chinese-days", "js_per_call", 50.0, "chinese_days"),
    ("Bulk deadlines from Python ≥ 20 M/s", "py_dues", 20e6, None),
    ("Bulk deadlines from JS ≥ 20 M/s", "js_dues", 20e6, None),
    (".wasm ≤ 120 KB gzipped, calendar bundled", "wasm_gz", 120_000, None),
]


def load(path: str) -> dict:
    with open(path) as f:
        return json.load(f)


def si(x: float) -> str:
    if x >= 1e6:
        return f"{x / 1e6:,.1f} M"
    if x >= 1e3:
        return f"{x / 1e3:,.1f} k"
    return f"{x:,.0f}"


def ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "—"
    r = a / b
    return f"{r:,.0f}×" if r >= 100 else f"{r:,.1f}×"


def iso(day: int) -> str:
    return (EPOCH + dt.timedelta(days=day)).isoformat()


def instant(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, CST).isoformat(timespec="minutes")


def wasm_sections(raw: bytes) -> list[tuple[str, int, int]]:
    """(section, raw bytes, gzipped bytes) of a wasm module, largest first: where the size is."""

    def leb(i: int) -> tuple[int, int]:
        value = shift = 0
        while True:
            byte = raw[i]
            i += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value, i

    names = {1: "type", 2: "import", 3: "function", 7: "export", 9: "element", 10: "code", 11: "data"}
    out: list[tuple[str, int, int]] = []
    i = 8
    while i < len(raw):
        sid = raw[i]
        size, i = leb(i + 1)
        body = raw[i : i + size]
        name = names.get(sid, f"section {sid}")
        if sid == 0:
            n, j = leb(i)
            name = f"custom “{raw[j : j + n].decode(errors='replace')}”"
        out.append((name, size, len(gzip.compress(body, compresslevel=9, mtime=0))))
        i += size
    return sorted(out, key=lambda t: -t[1])


def main() -> int:
    out_dir, wasm_paths = sys.argv[1], sys.argv[2:]
    queries = load(os.path.join(out_dir, "queries.json"))
    runs = [load(os.path.join(out_dir, f"{r}.json")) for r in ("rust", "python", "js")]
    before = load(os.path.join(out_dir, "machine-before.json"))
    after = load(os.path.join(out_dir, "machine-after.json"))
    methods = [m for run in runs for m in run["methods"]]
    for m in methods:
        m.setdefault("compare", "dues" if m["id"].endswith("_dues") else "days")
        m.setdefault("exact_expected", True)
        m.setdefault("timed", m.get("queries"))
    by_id = {m["id"]: m for m in methods}
    ref = {"days": by_id["rust_per_call"]["answers"], "dues": by_id["rust_dues"]["answers"]}
    count = len(queries["days"])

    failures: list[str] = []
    findings: list[str] = []
    for m in methods:
        if "error" in m:
            m["exact"] = "did not run"
            if m["kind"] == "jiesu":
                failures.append(f"{m['lang']} {m['method']}: did not run: {m['error']}")
            else:
                findings.append(f"- **{m['method']}** did not run: `{m['error']}`")
            continue
        answers, want = m["answers"], ref[m["compare"]]
        if len(answers) != count:
            failures.append(f"{m['lang']} {m['method']}: {len(answers)} answers for {count} queries")
        bad = [i for i, (a, b) in enumerate(zip(answers, want)) if a != b]
        m["mismatches"] = len(bad)
        pct = 100.0 * len(bad) / max(len(answers), 1)
        m["exact"] = "yes" if not bad else f"no: {pct:.2f} % wrong ({len(bad):,} of {len(answers):,})"
        if not bad:
            continue
        show = instant if m["compare"] == "dues" else iso
        pairs = collections.Counter((want[i], answers[i]) for i in bad)
        first = {}
        for i in bad:
            first.setdefault((want[i], answers[i]), i)
        lines = []
        for (j, p), k in pairs.most_common(4):
            i = first[(j, p)]
            start = instant(queries["starts"][i]) if m["compare"] == "dues" else iso(queries["days"][i])
            lines.append(
                f"  - {k:,}× jiesu {show(j)}, {m['method'].split(',')[0]} {show(p)} "
                f"(e.g. query #{i}: n = {queries['n'][i]} after {start})"
            )
        more = f" ({len(pairs) - 4} more kinds)" if len(pairs) > 4 else ""
        entry = f"- **{m['method']}** ({m['lang']}): {m['exact']}; most frequent{more}:\n" + "\n".join(lines)
        if m["kind"] == "jiesu":
            failures.append(entry)
        else:
            findings.append(entry)

    # Every web build given: (path relative to the repo, raw bytes, gzipped size).
    wasms = []
    for path in wasm_paths:
        if os.path.exists(path):
            raw = open(path, "rb").read()
            rel = os.path.relpath(path, os.path.join(out_dir, "..", ".."))
            wasms.append((rel, raw, len(gzip.compress(raw, compresslevel=9, mtime=0))))

    # ---- the table ---------------------------------------------------------------------------
    shares = [m.get("busy") for m in (before, after) if m.get("busy") is not None]
    busy = bool(shares) and max(shares) > 0.05
    busy_text = (
        f"other work kept the CPUs {100 * before.get('busy', 0):.0f} % busy just before the runners and "
        f"{100 * after.get('busy', 0):.0f} % just after (sampled over 2 s while the harness waited)"
        if shares
        else f"1-minute load average {before['loadavg'][0]:.2f} before the runners, {after['loadavg'][0]:.2f} after"
    )
    versions = {}
    for run in runs:
        versions.update(run.get("versions", {}))
    rustc = os.popen("rustc --version 2>/dev/null").read().strip()
    lines = [
        "## Speed: jiesu against the working-day libraries people use (one run)",
        "",
        f"Measured {before['time'][:10]} on {before['cpu']}, {before['cores']} cores, {before['system']} "
        f"by `scripts/bench`; {busy_text}"
        + (" — **the machine was busy: numbers are noisy**." if busy else "."),
        f"{count:,} seeded queries “the n-th working day strictly after X”, X uniform in 2019–2025, n uniform"
        " in 1..10 (`target/bench/queries.json`), the same for every method; ops/s is the median of ≥ 5"
        " repetitions on one core. Slow peers are timed on the first queries (the “timed on” column)"
        " and still answer all of them for the exactness check. Deadline rows take dispatch"
        " instants and return due instants (seed policy, 5 working days).",
        "",
        "| method | language | timed on | ops/s | jiesu per call ÷ this | jiesu batch ÷ this | agrees with jiesu on every query? |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for m in methods:
        ops = m.get("ops")
        per_call = batch = None
        if m["kind"] == "peer" and m["lang"] in JIESU_OF_LANG:
            pc, bt = JIESU_OF_LANG[m["lang"]]
            per_call, batch = by_id.get(pc, {}).get("ops"), by_id.get(bt, {}).get("ops")
        name = m["method"] if m["kind"] == "peer" else f"**{m['method']}**"
        if m.get("note"):
            name += f" <sub>({m['note']})</sub>"
        timed = m.get("timed") or 0
        timed_s = f"{timed:,}" if timed >= count else f"{timed:,} of {count:,}"
        exact = m.get("exact", "")
        if m["kind"] == "peer" and not m["exact_expected"] and exact.startswith("no"):
            exact += " — expected: cannot express make-up weekends"
        lines.append(
            f"| {name} | {m['lang']} | {timed_s if ops else '—'} | {si(ops) if ops else 'did not run'} "
            f"| {ratio(per_call, ops)} | {ratio(batch, ops)} | {exact} |"
        )
    lines += [
        "",
        "WASM web builds (the official calendar bundled), raw and gzipped (level 9):"
        if wasms
        else "WASM: no web build found.",
        "",
        *(
            f"- `{rel}`: {len(raw):,} bytes raw, **{gz:,} bytes gzipped**; where the bytes are "
            "(sections over 1 KB, raw / gzipped alone): "
            + ", ".join(f"{n} {r / 1000:,.1f} / {g / 1000:,.1f} KB" for n, r, g in wasm_sections(raw) if r > 1000)
            for rel, raw, gz in wasms
        ),
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())) + (f", {rustc}" if rustc else "") + ".",
        "Peers using table data (numpy, the prefix sums) are given jiesu's own CSV, so they answer from"
        " the same facts; QuantLib, holidays, chinese_calendar and chinese-days use their own data.",
    ]

    # ---- targets -----------------------------------------------------------------------------
    lines += ["", "### Targets", "", "| target | measured | met? |", "|---|---:|---|"]
    for label, mid, goal, peer in TARGETS:
        if mid == "wasm_gz":
            for rel, _, gz in wasms or [("no web build", b"", None)]:
                met = gz is not None and gz <= goal
                shown = f"{gz / 1000:,.1f} KB" if gz else "not built"
                gap = "" if met or gz is None else f" — over by {(gz - goal) / 1000:,.1f} KB ({gz / goal:.2f}× the budget)"
                verdict = "met" if met else "did not run" if gz is None else "missed"
                lines.append(f"| {label}: `{rel}` | {shown} | {verdict}{gap} |")
            continue
        else:
            ops = by_id.get(mid, {}).get("ops")
            if peer:
                base = by_id.get(peer, {}).get("ops")
                value = ops / base if ops and base else None
                shown = f"{value:,.1f}×" if value else "—"
            else:
                value = ops
                shown = f"{si(ops)}/s" if ops else "—"
            met = value is not None and value >= goal
            gap = "" if met or value is None else f" — short by {100 * (1 - value / goal):.0f} % (needs {goal / value:.2f}× faster)"
        lines.append(f"| {label} | {shown} | {'met' if met else 'did not run' if value is None else 'missed'}{gap} |")

    if findings:
        lines += ["", "### Where peers disagree with jiesu (findings, not failures)", ""] + findings
    if failures:
        lines += ["", "### FAILED: jiesu's own methods disagree or did not run", ""]
        lines += [f if f.startswith("-") else f"- {f}" for f in failures]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write(text)
    print(text)
    print(f"(written to {os.path.join(out_dir, 'report.md')})")
    if failures:
        print("bench: FAILED — jiesu's Rust, Python and JS answers must agree on every query", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
