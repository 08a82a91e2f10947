#!/usr/bin/env python3
"""API coverage (style.md §6): every public core function is reachable from Python and JS.

Reads the public functions of `core/src/*.rs` (free `pub fn` and `pub fn` in inherent `impl`
blocks, up to `#[cfg(test)]`), and checks each against `tests/api_coverage.json`:

- `exposed`: core item -> {"python": "Calendar.add_working_days", "js": "Calendar.addWorkingDays"}
- `allowed`: core item -> the reason it has no binding of its own (a short, commented list)

It fails when a core item is in neither list, or a listed item no longer exists in core.
`tests/python/test_api_coverage.py` and `tests/js/api_coverage.test.mjs` check that every
`python` / `js` name of `exposed` resolves on the built packages.

Usage: python3 tests/api_coverage.py          (check; exit 1 on a gap)
       python3 tests/api_coverage.py --list   (print the core items found)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "core" / "src"
LIST = ROOT / "tests" / "api_coverage.json"

IMPL = re.compile(r"^impl(?:<[^>]*>)?\s+([A-Z]\w*)\s*(?:<[^>]*>)?\s*\{")
TRAIT_IMPL = re.compile(r"^impl(?:<[^>]*>)?\s+[\w:<>, ']+\s+for\s+")
PUB_FN = re.compile(r"^\s*pub\s+(?:const\s+)?fn\s+(\w+)")
# String and char literals (and line comments) do not count when braces are counted.
LITERALS = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)\'|//.*$')


def core_items() -> list[str]:
    items: list[str] = []
    for path in sorted(CORE.rglob("*.rs")):
        # A module that grew into a folder (`demand/`) keeps its name: `demand::…`.
        module = path.stem if path.parent == CORE else path.parent.name
        if module in ("lib", "error"):
            prefix_module = "" if module == "lib" else "error::"
        else:
            prefix_module = f"{module}::"
        current: str | None = None
        depth_at_impl = 0
        depth = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith("#[cfg(test)]"):
                break
            if depth == 0:
                m = IMPL.match(stripped)
                if m and not TRAIT_IMPL.match(stripped):
                    current, depth_at_impl = m.group(1), depth
                elif TRAIT_IMPL.match(stripped):
                    current = "<trait>"
            m = PUB_FN.match(line)
            if m:
                if current is None and depth == 0:
                    items.append(f"{prefix_module}{m.group(1)}")
                elif current not in (None, "<trait>") and depth == depth_at_impl + 1:
                    items.append(f"{prefix_module}{current}::{m.group(1)}")
            code = LITERALS.sub("", line)
            depth += code.count("{") - code.count("}")
            if depth <= depth_at_impl:
                current = None if depth == 0 else current
    return items


def main() -> int:
    items = core_items()
    if "--list" in sys.argv:
        print("\n".join(items))
        return 0
    spec = json.loads(LIST.read_text(encoding="utf-8"))
    exposed, allowed = spec["exposed"], spec["allowed"]
    missing = [i for i in items if i not in exposed and i not in allowed]
    stale = [i for i in list(exposed) + list(allowed) if i not in items]
    for i in missing:
        print(f"MISSING  {i}: no Python/JS counterpart and not on the allow-list", file=sys.stderr)
    for i in stale:
        print(f"STALE    {i}: listed in tests/api_coverage.json but not a public core item", file=sys.stderr)
    print(f"api coverage: {len(items)} public core functions, {len(exposed)} exposed, "
          f"{len(allowed)} allowed without a binding, {len(missing)} missing, {len(stale)} stale")
    return 1 if missing or stale else 0


if __name__ == "__main__":
    sys.exit(main())
