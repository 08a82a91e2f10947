"""jiesu (接诉): the rules of 企呼政应、接诉即办 — working-day calendars, time limits, demand
categories, the policy library and the dispatch directory.

A thin Python layer over the Rust core ``jiesu-core``::

    from datetime import datetime
    import jiesu

    rules = jiesu.Rules()  # bundled official calendar, ``seed`` policy
    d = rules.feedback_deadline(datetime(2026, 9, 30, 16, 20))  # naive: read as +08:00
    d.due_date  # datetime.date(2026, 10, 13)

Input records (a consultation, a route request) are dicts in the Rust serde JSON shape, read by
the core (an unknown key or a bad value is the module's typed error), or the object that
``Consultation.from_json`` / ``RouteRequest.from_json`` read from JSON text. Results (entries,
matches, decisions, units, routes) are dicts in the same shape::

    d = jiesu.Directory.from_json(text)
    d.route({"category": "help", "topics": ["land_use"], "territory": "guanqiao_zhen",
             "level": "center"})["lead"]  # 'natural_resources'

Errors are ``jiesu.JiesuError`` (a ``ValueError``) subclasses with a stable ``.code``.
numpy is optional; it is needed only to pass numpy arrays to the batch functions.
"""

from ._jiesu import (
    Calendar,
    CalendarError,
    Category,
    CategoryError,
    Consultation,
    Day,
    Deadline,
    DeadlineError,
    Directory,
    DirectoryError,
    JiesuError,
    Policy,
    PolicyError,
    PolicyLibrary,
    PolicyLibraryError,
    RouteRequest,
    Rules,
    TimeError,
    __version__,
    categories,
    error_codes,
)

__all__ = [
    "Calendar",
    "CalendarError",
    "Category",
    "CategoryError",
    "Consultation",
    "Day",
    "Deadline",
    "DeadlineError",
    "Directory",
    "DirectoryError",
    "JiesuError",
    "Policy",
    "PolicyError",
    "PolicyLibrary",
    "PolicyLibraryError",
    "RouteRequest",
    "Rules",
    "TimeError",
    "__version__",
    "categories",
    "error_codes",
]
