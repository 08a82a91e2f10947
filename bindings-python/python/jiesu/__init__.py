"""jiesu (接诉): the rules of 企呼政应、接诉即办 — working-day calendars and time limits.

A thin Python layer over the Rust core ``jiesu-core``::

    from datetime import datetime
    import jiesu

    rules = jiesu.Rules()  # bundled official calendar, ``seed`` policy
    d = rules.feedback_deadline(datetime(2026, 9, 30, 16, 20))  # naive: read as +08:00
    d.due_date  # datetime.date(2026, 10, 13)

Errors are ``jiesu.JiesuError`` (a ``ValueError``) subclasses with a stable ``.code``.
numpy is optional; it is needed only to pass numpy arrays to the batch functions.
"""

from ._jiesu import (
    Calendar,
    CalendarError,
    CategoryError,
    Day,
    Deadline,
    DeadlineError,
    DirectoryError,
    JiesuError,
    Policy,
    PolicyError,
    PolicyLibraryError,
    Rules,
    TimeError,
    __version__,
    error_codes,
)

__all__ = [
    "Calendar",
    "CalendarError",
    "CategoryError",
    "Day",
    "Deadline",
    "DeadlineError",
    "DirectoryError",
    "JiesuError",
    "Policy",
    "PolicyError",
    "PolicyLibraryError",
    "Rules",
    "TimeError",
    "__version__",
    "error_codes",
]
