"""README.zh.md (the Chinese README) keeps in step with README.md.

Checked: the same headings (count per level, order of levels); the same fenced code blocks, byte
for byte and in the same order; every number of README.md's prose and tables (outside code blocks)
also in README.zh.md's prose and tables; each README's first line links to the other.

The Python snippets are not run here: test_readme.py runs README.md's, and README.zh.md's are the
same text (checked below). The last test changes README.md's text in memory to show that each check
catches a new section, code block or number.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from vectors import ROOT

EN = ROOT / "README.md"
ZH = ROOT / "README.zh.md"

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def split(text: str) -> tuple[list[str], list[str]]:
    """(prose lines outside fenced code, code blocks as opening line + body + closing line)."""
    prose: list[str] = []
    blocks: list[str] = []
    block: list[str] | None = None
    fence = ""
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if block is None:
            match = FENCE.match(stripped)
            if match:
                fence, block = match.group(1), [line]
            else:
                prose.append(stripped)
        else:
            block.append(line)
            if stripped.strip().startswith(fence) and not stripped.strip().strip(fence[0]):
                blocks.append("".join(block))
                block = None
    if block is not None:  # an unclosed fence runs to the end of the document
        blocks.append("".join(block))
    return prose, blocks


def heading_levels(text: str) -> list[int]:
    return [len(m.group(1)) for line in split(text)[0] if (m := HEADING.match(line))]


def numbers(text: str) -> set[str]:
    return {n for line in split(text)[0] for n in NUMBER.findall(line)}


def heading_problems(en: str, zh: str) -> list[str]:
    en_levels, zh_levels = heading_levels(en), heading_levels(zh)
    problems = []
    for level in sorted(set(en_levels) | set(zh_levels)):
        a, b = Counter(en_levels)[level], Counter(zh_levels)[level]
        if a != b:
            problems.append(f"{'#' * level} headings: README.md has {a}, README.zh.md has {b}")
    if not problems and en_levels != zh_levels:
        problems.append(f"heading levels in a different order: {en_levels} vs {zh_levels}")
    return problems


def code_problems(en: str, zh: str) -> list[str]:
    en_blocks, zh_blocks = split(en)[1], split(zh)[1]
    problems = []
    if len(en_blocks) != len(zh_blocks):
        problems.append(f"README.md has {len(en_blocks)} code blocks, README.zh.md has {len(zh_blocks)}")
    for i, (a, b) in enumerate(zip(en_blocks, zh_blocks)):
        if a != b:
            problems.append(f"code block #{i + 1} differs:\n--- README.md\n{a}--- README.zh.md\n{b}")
    return problems


def number_problems(en: str, zh: str) -> list[str]:
    missing = sorted(numbers(en) - numbers(zh))
    return [f"numbers of README.md missing from README.zh.md: {missing}"] if missing else []


def first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def link_problems(en: str, zh: str) -> list[str]:
    problems = []
    if "](README.zh.md)" not in first_line(en):
        problems.append(f"README.md's first line does not link to README.zh.md: {first_line(en)!r}")
    if "](README.md)" not in first_line(zh):
        problems.append(f"README.zh.md's first line does not link to README.md: {first_line(zh)!r}")
    return problems


CHECKS = {
    "headings": heading_problems,
    "code_blocks": code_problems,
    "numbers": number_problems,
    "links": link_problems,
}


def read(path: Path) -> str:
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("check", CHECKS, ids=list(CHECKS))
def test_readme_zh_in_step(check: str) -> None:
    problems = CHECKS[check](read(EN), read(ZH))
    assert not problems, "\n".join(problems)


def test_readme_zh_has_the_content() -> None:
    """Guards the checks against an empty parse (both files without headings or code pass trivially)."""
    en = read(EN)
    prose, blocks = split(en)
    assert heading_levels(en).count(2) >= 3 and heading_levels(en).count(3) >= 3
    assert sum(b.startswith("```python") for b in blocks) >= 2 and any(b.startswith("```js") for b in blocks)
    assert {"2026", "100,000", "120"} <= numbers(en)  # stable facts, not measurements
    assert all(not line.startswith("```") for line in prose)


DRIFT = {
    "headings": "\n## 新章节 / A new section\n\nText.\n",
    "code_blocks": "\n```sh\n$ jiesu new-command\n```\n",
    "numbers": "\nA new measurement: 987,654 ops/s.\n",
}


@pytest.mark.parametrize("check", DRIFT, ids=list(DRIFT))
def test_checks_catch_drift(check: str) -> None:
    """README.md gaining a section, a code block or a number that README.zh.md lacks fails the check."""
    en, zh = read(EN), read(ZH)
    assert CHECKS[check](en + DRIFT[check], zh)
    if check == "code_blocks":  # an edit inside an existing block, too
        assert code_problems(en.replace("import jiesu\n", "import jiesu  # changed\n", 1), zh)
    if check == "headings":  # a heading moved to another level
        assert heading_problems(en.replace("\n### Python\n", "\n## Python\n", 1), zh)
    assert link_problems(en.split("\n", 1)[1], zh) and link_problems(en, zh.split("\n", 1)[1])
