"""The stream benchmark, Python side (bench/stream): replay + cards + annual evaluation of a
generated year through the Python package, and the anchor a platform team would otherwise write —
json.loads over every line, doing nothing else. Prints one JSON object per measurement."""

from __future__ import annotations

import json
import resource
import sys
import time

import jiesu

what, path, directory = sys.argv[1], sys.argv[2], sys.argv[3]
start = time.perf_counter()
if what == "json_loads":
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            json.loads(line)
            n += 1
    extra = {"lines": n}
else:
    rules = jiesu.Rules(directory=jiesu.Directory.from_json(open(directory, encoding="utf-8").read()))
    result = rules.replay_stream(open(path, encoding="utf-8") if what == "lines" else __import__("pathlib").Path(path))
    board = rules.cards(result)
    evaluation = rules.annual_evaluation(result, "2026")
    extra = {"events": result.counts["applied"], "units": len(evaluation.units), "board_units": len(board.units)}
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"runner": f"python-{what}", "seconds": round(elapsed, 3), "peak_bytes": peak, **extra}))
