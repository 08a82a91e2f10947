"""jiesu (接诉): the rules of 企呼政应、接诉即办 — working-day calendars, time limits, demand
categories, the policy library, the dispatch directory, a demand's life (rules §5), cards
(rules §6) and evaluation (rules §7).

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

A demand's life (rules §5) is a fold over its events (schema v1, ``fixtures/events/README.md``):
dicts in the event's JSON shape, JSON strings or ``jiesu.Event`` objects. ``Rules.replay`` folds
one demand's log into a ``DemandState`` (immutable: ``apply`` returns a new one, a rejected event
raises and changes nothing); ``Rules.replay_stream`` replays a city's JSON Lines stream (text, a
file or an iterable of lines) into a ``StreamResult``::

    rules = jiesu.Rules(directory=d)
    state = rules.replay([
        {"v": 1, "demand": "D-1", "type": "received", "at": "2026-09-30 09:00",
         "category": "help", "topics": ["power_supply"], "territory": "kaifaqu",
         "enterprise": "某机械公司", "text": "用电增容"},
        {"v": 1, "demand": "D-1", "type": "dispatched", "at": "2026-09-30 16:20",
         "lead": "state_grid"},
    ])
    state.rounds[0]["due_date"]  # '2026-10-13' (across National Day)
    state.status_at("2026-10-14 09:00")["overdue"]  # True

Cards (rules §6) and evaluation (rules §7) are built from a replayed stream.
``Rules.cards`` gives the ``CardBoard`` (each unit's notices, yellow and red cards and interviews
with their causes, its colour at any instant, the colour board); ``Rules.evaluate`` and the
products of the cadence (``notification`` 月度通报, ``quarterly_evaluation`` 季度测评,
``half_year_ranking`` 半年排名, ``annual_evaluation`` 年终总评) give an ``Evaluation``, whose rates,
scores and points are exact ``decimal.Decimal`` values (``to_json()`` is the core's JSON text);
``Rules.compare`` is the what-if under another policy::

    result = rules.replay_stream("fixtures/city/year-2026.jsonl")  # a path: read line by line
    rules.cards(result).colour("dawu_zhen", "2026-10-08 12:00")  # 'red'
    year = rules.annual_evaluation(result, "2026")
    year.units["longquan_jd"]["score"]  # Decimal('68.86')
    year.bottom_two["towns_streets"]  # ['jiangtun_zhen', 'shannan_jd']
    harsh = jiesu.Policy.from_json(
        '{"name": "harsh", "evaluation": {"deductions": {"yellow_card": "2.5"}}}')
    rules.compare(result, harsh, "2026").changes[0]["after"]["score"]  # Decimal('64.36')

A what-if whose policy changes the demands' clocks (``clock_start``, limits, ``card_co_units``)
needs the stream itself: pass the path, text or lines instead of the ``StreamResult``.

Errors are ``jiesu.JiesuError`` (a ``ValueError``) subclasses with a stable ``.code``.
numpy is optional; it is needed only to pass numpy arrays to the batch functions.
"""

from ._jiesu import (
    Calendar,
    CalendarError,
    CardBoard,
    CardError,
    Category,
    CategoryError,
    Comparison,
    Consultation,
    Day,
    Deadline,
    DeadlineError,
    DemandError,
    DemandState,
    Directory,
    DirectoryError,
    Evaluation,
    EvaluationError,
    Event,
    JiesuError,
    Period,
    Policy,
    PolicyError,
    PolicyLibrary,
    PolicyLibraryError,
    Replayer,
    RouteRequest,
    Rules,
    StreamError,
    StreamResult,
    TimeError,
    __version__,
    categories,
    demand_labels,
    error_codes,
    period_label_zh,
)

__all__ = [
    "Calendar",
    "CalendarError",
    "CardBoard",
    "CardError",
    "Category",
    "CategoryError",
    "Comparison",
    "Consultation",
    "Day",
    "Deadline",
    "DeadlineError",
    "DemandError",
    "DemandState",
    "Directory",
    "DirectoryError",
    "Evaluation",
    "EvaluationError",
    "Event",
    "JiesuError",
    "Period",
    "Policy",
    "PolicyError",
    "PolicyLibrary",
    "PolicyLibraryError",
    "Replayer",
    "RouteRequest",
    "Rules",
    "StreamError",
    "StreamResult",
    "TimeError",
    "__version__",
    "categories",
    "demand_labels",
    "error_codes",
    "period_label_zh",
]
