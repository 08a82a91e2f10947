#!/usr/bin/env python3
"""Prints what the report says of the machine a run was measured on, as JSON (stdlib only).

`busy` is the share of all cores' time spent on other work during a 2-second window in which
the harness itself waits: a number above a few per cent means the timings are noisy.
"""

import datetime as dt
import json
import os
import platform
import time


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def cpu_times() -> tuple[int, int]:
    """(idle incl. iowait, total) jiffies over all cores."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return fields[3] + fields[4], sum(fields)


def busy_share(seconds: float = 2.0) -> float | None:
    try:
        idle0, total0 = cpu_times()
        time.sleep(seconds)
        idle1, total1 = cpu_times()
    except (OSError, ValueError, IndexError):
        return None
    return 1.0 - (idle1 - idle0) / max(total1 - total0, 1)


print(
    json.dumps(
        {
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "system": f"{platform.system()} {platform.release()}",
            "loadavg": os.getloadavg(),
            "busy": busy_share(),
        }
    )
)
