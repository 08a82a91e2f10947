"""Every Python name that tests/api_coverage.json lists for a core item exists (style §6).

`tests/api_coverage.py` checks that the list covers the core; this checks the Python side of it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import jiesu
from vectors import ROOT

LIST = ROOT / "tests" / "api_coverage.json"


def python_names() -> list[tuple[str, str]]:
    if not LIST.exists():
        return []
    exposed: dict[str, Any] = json.loads(LIST.read_text(encoding="utf-8"))["exposed"]
    return [(item, names["python"]) for item, names in exposed.items() if names.get("python")]


NAMES = python_names()


@pytest.mark.skipif(not LIST.exists(), reason="tests/api_coverage.json not written yet")
@pytest.mark.parametrize("item,name", NAMES, ids=[i for i, _ in NAMES])
def test_python_name_resolves(item: str, name: str) -> None:
    obj: Any = jiesu
    for part in name.split("."):
        assert hasattr(obj, part), f"{item}: jiesu.{name} does not exist"
        obj = getattr(obj, part)
