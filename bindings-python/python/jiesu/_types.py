"""Typed shapes of the dict results (rules §2, §3): what ``Directory.route`` and
``PolicyLibrary.instant_answer`` return, as ``TypedDict`` classes, so that a type checker catches
``route["leed"]``. At run time the results are plain dicts in the Rust serde JSON shape; these
classes exist for annotations (``route: jiesu.Route = directory.route(...)``).
"""

from __future__ import annotations

# Each alias is a `Union` of one-value `Literal`s (the same type as one `Literal` of them all), so
# that the run-time object is a `Union`, as `mypy.stubtest` checks aliases.
from typing import List, Literal, Optional, TypedDict, Union

__all__ = [
    "Level",
    "Outcome",
    "LeadReason",
    "Specificity",
    "RuleMatch",
    "Route",
    "HitKind",
    "Hit",
    "PolicyMatch",
    "Validity",
    "NotInForce",
    "AnswerReason",
    "AnswerDecision",
]

# A rung of the ladder (rules §3): 属地, 推进中心, 市政府.
Level = Union[Literal["territory"], Literal["center"], Literal["government"]]
# Whether a demand found a handler: a lead was chosen, or the center dispatches by hand.
Outcome = Union[Literal["routed"], Literal["manual"]]
# Why the lead is the lead.
LeadReason = Union[
    Literal["territory"],
    Literal["only_rule"],
    Literal["highest_priority"],
    Literal["rule_order"],
    Literal["government"],
]
# Which of category and territory a rule fixes besides the topic.
Specificity = Union[
    Literal["topic"],
    Literal["topic_category"],
    Literal["topic_territory"],
    Literal["topic_category_territory"],
]


class RuleMatch(TypedDict):
    """A rule that won for one of the demand's topics."""

    rule: str
    topic: str
    specificity: Specificity
    priority: int
    lead: str
    co_units: List[str]
    overridden: List[str]


class Route(TypedDict):
    """Who handles a demand at its level, and why (``Directory.route``)."""

    level: Level
    outcome: Outcome
    lead: Optional[str]
    lead_rule: Optional[str]
    lead_reason: Optional[LeadReason]
    co_units: List[str]
    matched: List[RuleMatch]
    unmatched_topics: List[str]
    next_level: Optional[Level]


# What kind of evidence a hit is.
HitKind = Union[Literal["topic"], Literal["keyword"]]


class Hit(TypedDict):
    """One reason an entry matched: a topic or a keyword, and its points."""

    kind: HitKind
    value: str
    points: int


class PolicyMatch(TypedDict):
    """An entry in force that a consultation hits, with its score."""

    id: str
    title: str
    score: int
    hits: List[Hit]


# Whether an entry is in force on a date.
Validity = Union[Literal["in_force"], Literal["expired"], Literal["not_yet_valid"]]


class NotInForce(TypedDict):
    """An entry not in force on the date whose keywords the text contains."""

    id: str
    title: str
    status: Validity
    valid_from: Optional[str]
    valid_to: Optional[str]


# Why a demand was answered at once or dispatched.
AnswerReason = Union[
    Literal["clear_match"],
    Literal["not_consultation"],
    Literal["no_match"],
    Literal["weak_match"],
    Literal["tied_match"],
]


class AnswerDecision(TypedDict):
    """The instant-answer decision (即时答复 or 派单, ``PolicyLibrary.instant_answer``)."""

    answered: bool
    reason: AnswerReason
    entry: Optional[str]
    answer: Optional[str]
    matches: List[PolicyMatch]
    not_in_force: List[NotInForce]
