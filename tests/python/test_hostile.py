"""The catalogue of bad inputs (fixtures/vectors/*/hostile.json) is what its writer writes.

Its cases run with their folders' vectors (test_*_vector); here: the files are not stale
(``fixtures/gen/gen_hostile.py --check``), and each folder that has one is a folder this suite runs.
"""

from __future__ import annotations

import subprocess
import sys

from vectors import FIXTURES, RUNNERS


def test_the_catalogue_is_what_its_writer_writes() -> None:
    run = subprocess.run(
        [sys.executable, str(FIXTURES / "gen" / "gen_hostile.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "hostile cases" in run.stdout


def test_every_catalogue_folder_is_run_here() -> None:
    folders = sorted(p.parent.name for p in (FIXTURES / "vectors").glob("*/hostile.json"))
    assert len(folders) >= 8
    for folder in folders:
        assert folder in RUNNERS, f"{folder}/hostile.json has no Python runner"


def test_fixed_limits_are_the_catalogues() -> None:
    import jiesu

    limits = jiesu.fixed_limits()
    assert limits == {
        "event_bytes": 65536,
        "json_depth": 32,
        "directory_units": 1000,
        "directory_rules": 2000,
        "duties_range_days": 3660,
    }
    source = (FIXTURES / "gen" / "gen_hostile.py").read_text(encoding="utf-8")
    assert "MAX_EVENT_BYTES = 64 * 1024" in source and "MAX_JSON_DEPTH = 32" in source
    # At the limit a line is read; one byte past it, it is refused unread.
    event = '{"v":1,"demand":"L","type":"closed","at":"2026-10-01 09:00","ext":{"pad":"%s"}}'
    fits = event % ("x" * (limits["event_bytes"] - len(event % "")))
    assert len(fits.encode()) == limits["event_bytes"]
    assert jiesu.Event.from_json(fits).type == "closed"
    try:
        jiesu.Event.from_json(fits + " ")
    except jiesu.DemandError as e:
        assert e.code == "event_too_large"
    else:
        raise AssertionError("a line past the limit was read")
    assert jiesu.Rules().policy.limits == {"events_per_demand": 1000, "open_demands": 1_000_000}
