"""The Python snippets of README.md and bindings-python/README.md run (style §9)."""

from __future__ import annotations

import re

import pytest

from vectors import ROOT

READMES = [ROOT / "README.md", ROOT / "bindings-python" / "README.md"]
SNIPPETS = [
    (f"{readme.relative_to(ROOT)}#{i}", code)
    for readme in READMES
    for i, code in enumerate(re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), re.S))
]


@pytest.mark.parametrize("readme", READMES, ids=[str(r.relative_to(ROOT)) for r in READMES])
def test_readme_has_snippets(readme: object) -> None:
    assert any(name.startswith(str(readme.relative_to(ROOT))) for name, _ in SNIPPETS)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name,code", SNIPPETS, ids=[n for n, _ in SNIPPETS])
def test_readme_snippet_runs(name: str, code: str) -> None:
    exec(compile(code, name, "exec"), {"__name__": "readme"})
