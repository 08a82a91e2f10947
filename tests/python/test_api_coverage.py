"""Every Python name that tests/api_coverage.json lists for a core item exists (style §6).

`tests/api_coverage.py` checks that the list covers every public core function; this checks the
Python side of it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import jiesu
from vectors import ROOT

EXPOSED: dict[str, Any] = json.loads((ROOT / "tests" / "api_coverage.json").read_text(encoding="utf-8"))[
    "exposed"
]
NAMES = [(item, names.get("python", "")) for item, names in EXPOSED.items()]


def test_the_list_is_not_empty() -> None:
    assert NAMES


@pytest.mark.parametrize("item,name", NAMES, ids=[i for i, _ in NAMES])
def test_python_name_resolves(item: str, name: str) -> None:
    assert name, f"{item}: no Python name listed"
    obj: Any = jiesu
    for part in name.split("."):
        assert hasattr(obj, part), f"{item}: jiesu.{name} does not exist"
        obj = getattr(obj, part)
