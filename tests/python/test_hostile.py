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
