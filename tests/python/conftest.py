"""Shared set-up of the Python suite: paths and the golden-vector loader.

A test that takes a ``<module>_case`` argument (``calendar_case``, ``deadline_case``) runs once per
case of ``fixtures/vectors/<module>/*.json`` (fixtures/README.md). A folder with no case, a
duplicate name, or a case without exactly one of ``expect`` / ``error`` (at least one for
``card``) does not skip: it becomes one failing case, so that a missing or broken folder can never
pass unnoticed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest


from vectors import VECTORS, VectorProblem

# Folders whose cases may carry both `expect` and `error` (fixtures/README.md, "Card ops").
EXPECT_AND_ERROR = {"card"}


def load_cases(module: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Every case of ``fixtures/vectors/<module>/*.json`` (file, then case order), each with its
    ``file``; and the problems of the folder itself."""
    folder = VECTORS / module
    cases: list[dict[str, Any]] = []
    problems: list[str] = []
    names: set[str] = set()
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("module", module) != module:
            problems.append(f"{path.name}: module is {doc.get('module')!r}, not {module!r}")
        for case in doc.get("cases", []):
            name = case.get("name", "(unnamed)")
            if name in names:
                problems.append(f"{path.name}: duplicate case name {name!r}")
            names.add(name)
            if module in EXPECT_AND_ERROR and not ("expect" in case or "error" in case):
                problems.append(f"{path.name}: {name!r} needs expect or error (or both)")
            elif module not in EXPECT_AND_ERROR and ("expect" in case) == ("error" in case):
                problems.append(f"{path.name}: {name!r} needs exactly one of expect and error")
            cases.append({**case, "file": path.name})
    if not cases:
        problems.append(f"fixtures/vectors/{module}/ has no cases")
    return cases, problems


def vector_params(module: str) -> list[Any]:
    cases, problems = load_cases(module)
    params = [pytest.param(c, id=f"{c['file']}::{c.get('name')}") for c in cases]
    params += [pytest.param(VectorProblem(p), id=f"problem-{i}") for i, p in enumerate(problems)]
    return params


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for name in metafunc.fixturenames:
        if name.endswith("_case"):
            metafunc.parametrize(name, vector_params(name.removesuffix("_case")))
