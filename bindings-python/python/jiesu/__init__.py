"""jiesu (接诉): the rules of 企呼政应、接诉即办 — working-day calendars, time limits, demand
categories, the policy library, the dispatch directory, a demand's life (rules §5), cards
(rules §6), evaluation (rules §7), duties (rules §8) and forms (rules §9).

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

Duties (rules §8): ``Register`` and ``Leaders`` (JSON), ``CollectionLog`` and ``FieldDayLog``
(JSON Lines), checked by ``collection_shortfalls`` and ``field_day_shortfalls`` (reports as dicts).
Forms (rules §9, 附件2–5): ``build_form(kind, result, directory, from_, to)`` gives a ``Form``
whose ``to_csv()`` is byte for byte what ``jiesu report --forms`` writes::

    form = jiesu.build_form("ledger", result, None, "2026-10-01", "2026-10-31")
    form.headers[:2]  # ['序号', '企业名称']

Batches (``Calendar.add_working_days_many``, ``is_working_day_many``, ``Rules.feedback_dues``,
``redo_dues``, ``is_on_time_many``, ``Directory.route_many``, ``PolicyLibrary.instant_answer_many``)
take sequences, numpy arrays, pandas Series / DatetimeIndex and pyarrow arrays and answer in the
same form. An aware column is converted exactly (aware in, aware +08:00 out); a naive
``datetime64`` column of instants must say ``naive="cst"`` or ``naive="utc"``. A failing row
raises with ``.row`` and ``.value``, or with ``errors="coerce"`` gives NaT / None and a code per
row (and a provisional flag per due instant).

Errors are ``jiesu.JiesuError`` (a ``ValueError``) subclasses with a stable ``.code``, and
``.row`` / ``.value`` for a batch's row. A value of the wrong Python type is a ``TypeError``.
numpy, pandas and pyarrow are optional; ``import jiesu`` imports none of them. ``Route`` and
``AnswerDecision`` (and the shapes inside them) are ``TypedDict`` classes for annotations.
"""

from ._jiesu import (
    Calendar,
    CalendarError,
    CardBoard,
    CardError,
    Category,
    CategoryError,
    CollectionLog,
    Comparison,
    Consultation,
    Day,
    Deadline,
    DeadlineError,
    DemandError,
    DemandState,
    Directory,
    DirectoryError,
    DutiesError,
    Evaluation,
    EvaluationError,
    Event,
    FieldDayLog,
    Form,
    FormKind,
    FormsError,
    JiesuError,
    Leaders,
    Period,
    Policy,
    PolicyError,
    PolicyLibrary,
    PolicyLibraryError,
    Register,
    Replayer,
    RouteRequest,
    Rules,
    StreamError,
    StreamResult,
    TimeError,
    __version__,
    build_form,
    categories,
    collection_shortfalls,
    demand_labels,
    error_codes,
    field_day_shortfalls,
    fixed_limits,
    form_kinds,
    is_on_time_many,
    period_label_zh,
)
from ._types import (
    AnswerDecision,
    AnswerReason,
    Hit,
    HitKind,
    LeadReason,
    Level,
    NotInForce,
    Outcome,
    PolicyMatch,
    Route,
    RuleMatch,
    Specificity,
    Validity,
)

__all__ = [
    "AnswerDecision",
    "AnswerReason",
    "Hit",
    "HitKind",
    "LeadReason",
    "Level",
    "NotInForce",
    "Outcome",
    "PolicyMatch",
    "Route",
    "RuleMatch",
    "Specificity",
    "Validity",
    "Calendar",
    "CalendarError",
    "CardBoard",
    "CardError",
    "Category",
    "CategoryError",
    "CollectionLog",
    "Comparison",
    "Consultation",
    "Day",
    "Deadline",
    "DeadlineError",
    "DemandError",
    "DemandState",
    "Directory",
    "DirectoryError",
    "DutiesError",
    "Evaluation",
    "EvaluationError",
    "Event",
    "FieldDayLog",
    "Form",
    "FormKind",
    "FormsError",
    "JiesuError",
    "Leaders",
    "Period",
    "Policy",
    "PolicyError",
    "PolicyLibrary",
    "PolicyLibraryError",
    "Register",
    "Replayer",
    "RouteRequest",
    "Rules",
    "StreamError",
    "StreamResult",
    "TimeError",
    "__version__",
    "build_form",
    "categories",
    "collection_shortfalls",
    "demand_labels",
    "error_codes",
    "field_day_shortfalls",
    "fixed_limits",
    "form_kinds",
    "is_on_time_many",
    "period_label_zh",
]
