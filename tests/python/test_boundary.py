"""A panic never crosses the boundary as pyo3's `PanicException` (issue: never-panic).

Every `#[pyfunction]`, `#[pymethods]` block, `#[pymodule]` and `impl FromPyObject` of the binding
carries `#[catch_panics]` (bindings-python/macros): a panic in Rust — the binding's or the core's —
raises `jiesu.JiesuError` with `.code == "internal"` and `.module == "boundary"`, catchable as a
`ValueError` like every other error of the library, and the module keeps working. The test hook
`jiesu._jiesu._panic_for_test` panics on purpose (in its body, or in its argument's extraction
when given one); `Calendar._panic_for_test` panics in a method.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest

import jiesu
from jiesu import _jiesu
from vectors import ROOT

SRC = ROOT / "bindings-python" / "src"

PANICS: list[tuple[str, Callable[[], Any]]] = [
    ("function body", lambda: _jiesu._panic_for_test()),
    ("argument extraction", lambda: _jiesu._panic_for_test(1)),
    ("method body", lambda: jiesu.Calendar._panic_for_test()),
]


@pytest.mark.parametrize("name,panic", PANICS, ids=[n for n, _ in PANICS])
def test_a_panic_is_an_internal_error(name: str, panic: Callable[[], Any]) -> None:
    for _ in range(2):  # and again: the first one left nothing broken
        with pytest.raises(jiesu.JiesuError) as e:
            panic()
        err = e.value
        assert type(err) is jiesu.JiesuError, "the base class: no core module raised it"
        assert isinstance(err, ValueError) and isinstance(err, Exception)
        assert type(err).__name__ != "PanicException"
        assert (err.code, err.module, err.row, err.value) == ("internal", "boundary", None, None)
        message = str(err)
        assert "a panic on purpose" in message, "the panic's own message is kept"
        assert "bug in jiesu" in message and "please report" in message
        assert "nothing you passed in was changed" in message
    # The module still works.
    assert jiesu.Calendar.china().add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert ("boundary", "internal") not in jiesu.error_codes(), "a bug, not a code of the core"


def test_a_plain_except_exception_catches_it() -> None:
    try:
        _jiesu._panic_for_test()
    except Exception as e:  # noqa: BLE001 - the point: PanicException is a BaseException
        assert getattr(e, "code", None) == "internal"
    else:  # pragma: no cover
        pytest.fail("no error")


def test_the_hook_is_hidden() -> None:
    assert "_panic_for_test" not in jiesu.__all__ and not hasattr(jiesu, "_panic_for_test")
    assert "_panic_for_test" not in _jiesu.__all__
    assert "test" in (_jiesu._panic_for_test.__doc__ or "").lower()


# --- every entry point carries the guard ----------------------------------------------------------

ENTRY = re.compile(r"^\s*(#\[(pymethods|pyfunction|pymodule)\b|impl\b.*\bFromPyObject\b)")
GUARD = "#[jiesu_python_macros::catch_panics]"


def entry_points() -> list[tuple[Path, int, str]]:
    found = []
    for path in sorted(SRC.rglob("*.rs")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if ENTRY.match(line):
                found.append((path, i, line.strip()))
    return found


def test_every_entry_point_is_guarded() -> None:
    """`#[catch_panics]` comes first: right above `#[pymethods]` / `#[pyfunction]` /
    `#[pymodule]` and the `impl … FromPyObject` line."""
    points = entry_points()
    assert len(points) >= 45, f"found only {len(points)} entry points"
    unguarded = []
    for path, i, line in points:
        previous = path.read_text(encoding="utf-8").splitlines()[i - 1].strip()
        if previous != GUARD:
            unguarded.append(f"{path.relative_to(ROOT)}:{i + 1}: {line}")
    assert not unguarded, "add #[jiesu_python_macros::catch_panics] above:\n" + "\n".join(unguarded)
