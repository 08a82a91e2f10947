"""The policy library (政策库) and the instant answer (rules §2): every golden vector of
fixtures/vectors/policy_library/, the sample city's library, and the Python conventions (results
as dicts in the serde shape; a consultation as a ``Consultation`` or a dict read by the core)."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

import pytest

import jiesu
from vectors import FIXTURES, check_case

CITY = jiesu.PolicyLibrary.from_json(
    (FIXTURES / "city" / "policy_library.json").read_text(encoding="utf-8")
)
SOCIAL = {"topics": ["labour"], "text": "新招员工多久内要办社保登记?", "date": "2026-03-02"}


def test_policy_library_vector(policy_library_case: Any) -> None:
    check_case("policy_library", policy_library_case)


def test_city_library_info_and_entries() -> None:
    assert CITY.name == "滕州市惠企政策库(示例)"
    assert CITY.version == "sample-2026.1"
    assert repr(CITY) == "PolicyLibrary(name='滕州市惠企政策库(示例)', version='sample-2026.1', entries=49)"
    entries = CITY.entries()
    assert len(entries) == 49 and len({e["id"] for e in entries}) == 49
    first = entries[0]
    assert first == CITY.entry(first["id"])
    assert set(first) >= {"id", "title", "topics", "keywords", "answer", "valid_from", "valid_to"}
    assert first["valid_from"] == "2023-01-01" and first["valid_to"] is None  # dates as text
    assert CITY.entry("no-such-entry") is None
    json.dumps(entries)  # plain JSON data
    with pytest.raises(AttributeError):
        CITY.name = "x"  # type: ignore[misc]
    assert CITY == jiesu.PolicyLibrary.from_json(
        (FIXTURES / "city" / "policy_library.json").read_text(encoding="utf-8")
    )


def test_in_force_takes_a_date_or_its_text() -> None:
    in_force = CITY.in_force(date(2026, 3, 2))
    assert in_force == CITY.in_force("2026-03-02")
    ids = {e["id"] for e in in_force}
    assert "tax-small-scale-vat-1pct" in ids and "tax-small-scale-vat-2022" not in ids
    assert "tax-small-scale-vat-2022" in {e["id"] for e in CITY.in_force(date(2022, 12, 31))}
    assert "industry-digital-transformation" not in ids  # from 2026-07-01
    assert "industry-digital-transformation" in {e["id"] for e in CITY.in_force("2026-07-01")}
    with pytest.raises(jiesu.TimeError):
        CITY.in_force("2026-02-30")
    with pytest.raises(TypeError, match="not a datetime"):
        CITY.in_force(datetime(2026, 3, 2, 9, 0))


def test_instant_answer_on_the_city() -> None:
    d = CITY.instant_answer("consultation", SOCIAL)
    assert list(d) == ["answered", "reason", "entry", "answer", "matches", "not_in_force"]
    assert (d["answered"], d["reason"], d["entry"]) == (
        True,
        "clear_match",
        "hr-social-insurance-registration",
    )
    assert d["answer"] == CITY.entry("hr-social-insurance-registration")["answer"]  # type: ignore[index]
    assert d["matches"] == CITY.match_consultation(SOCIAL)
    assert d["matches"][0]["hits"][0] == {"kind": "topic", "value": "labour", "points": 10}
    help_ = CITY.instant_answer("求助类", SOCIAL)
    assert (help_["answered"], help_["reason"], help_["entry"]) == (False, "not_consultation", None)
    expired = CITY.instant_answer(
        "consultation",
        {"topics": ["tax"], "text": "小规模纳税人还能免征增值税吗", "date": date(2026, 3, 2)},
    )
    assert [(n["id"], n["status"]) for n in expired["not_in_force"]] == [
        ("tax-small-scale-vat-2022", "expired")
    ]


def test_every_consultation_form_agrees() -> None:
    text = json.dumps(SOCIAL, ensure_ascii=False)
    forms: list[Any] = [
        SOCIAL,
        {**SOCIAL, "date": date(2026, 3, 2)},
        {**SOCIAL, "topics": ("labour",)},
        jiesu.Consultation.from_json(text),
        jiesu.Consultation(["labour"], SOCIAL["text"], date(2026, 3, 2)),
        jiesu.Consultation(["labour"], SOCIAL["text"], "2026-03-02"),
    ]
    results = [CITY.match_consultation(f) for f in forms]
    assert results[0] and all(r == results[0] for r in results)


def test_consultation_is_a_frozen_value() -> None:
    c = jiesu.Consultation(["tax", "tax"], "留抵退税", date(2026, 3, 2))
    assert (c.topics, c.text, c.date) == (["tax", "tax"], "留抵退税", date(2026, 3, 2))
    assert type(c.date) is date
    assert c.to_dict() == {"topics": ["tax", "tax"], "text": "留抵退税", "date": "2026-03-02"}
    assert jiesu.Consultation.from_json(json.dumps(c.to_dict())) == c
    assert repr(c) == "Consultation(topics=['tax', 'tax'], text='留抵退税', date='2026-03-02')"
    minimal = jiesu.Consultation.from_json('{"date": "2026-03-02"}')
    assert (minimal.topics, minimal.text) == ([], "")
    with pytest.raises(AttributeError):
        c.text = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        jiesu.Consultation("tax", "留抵退税", date(2026, 3, 2))  # a str is not a list of topics


@pytest.mark.parametrize(
    "record,why",
    [
        ({**SOCIAL, "category": "consultation"}, "unknown field `category`"),
        ({"topics": ["labour"], "text": "x"}, "missing field `date`"),
        ({**SOCIAL, "date": "2026-02-30"}, ""),
        ({**SOCIAL, "topics": "labour"}, "invalid type"),
        ({**SOCIAL, "topics": {"labour"}}, "a set is not JSON data (at `topics`)"),
        ({**SOCIAL, "topics": ["labour", float("nan")]}, "at `topics[1]`"),
        ({**SOCIAL, "text": object()}, "at `text`"),
        ({1: "x"}, "not a str"),
        (json.dumps(SOCIAL), "expected a JSON object"),  # JSON text goes to Consultation.from_json
        (None, "expected a JSON object"),
        ([], "expected a JSON object"),
        ([["labour"], "社保", "2026-03-02"], "expected a JSON object"),  # never read by position
    ],
)
def test_a_bad_consultation_is_a_typed_error(record: Any, why: str) -> None:
    for call in (
        lambda: CITY.match_consultation(record),
        lambda: CITY.instant_answer("consultation", record),
    ):
        with pytest.raises(jiesu.PolicyLibraryError) as e:
            call()
        assert (e.value.code, e.value.module) == (
            "policy_library_invalid_consultation",
            "policy_library",
        )
        assert why in str(e.value)


def test_a_self_containing_record_is_a_typed_error() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(jiesu.PolicyLibraryError, match="nested more than"):
        CITY.match_consultation({"topics": loop, "date": "2026-03-02"})


@pytest.mark.parametrize(
    "text,code",
    [
        ("{", "policy_library_invalid_json"),
        ('{"entries": [], "tags": []}', "policy_library_invalid_json"),
        (
            '{"entries": [{"id": "a", "title": "t", "keywords": ["k"], "answer": "x"},'
            ' {"id": "a", "title": "t", "keywords": ["k"], "answer": "x"}]}',
            "policy_library_duplicate_id",
        ),
        ('{"entries": [{"id": "a", "title": "t", "answer": "x"}]}', "policy_library_unmatchable"),
    ],
)
def test_load_errors(text: str, code: str) -> None:
    with pytest.raises(jiesu.PolicyLibraryError) as e:
        jiesu.PolicyLibrary.from_json(text)
    assert e.value.code == code


# --- one vocabulary and batches (issue 13, items 7 and 10) -----------------------------------------


def test_a_consultation_date_may_be_an_instant() -> None:
    """An instant stands for its +08:00 date, in the constructor and in a dict."""
    late = datetime(2026, 3, 1, 17, 0, tzinfo=timezone.utc)  # 2026-03-02 01:00 in China
    assert jiesu.Consultation(["labour"], "社保", late).date == date(2026, 3, 2)
    assert jiesu.Consultation(["labour"], "社保", "2026-03-02T01:00+08:00").date == date(2026, 3, 2)
    by_dict = CITY.match_consultation({**SOCIAL, "date": late})
    assert by_dict == CITY.match_consultation({**SOCIAL, "date": date(2026, 3, 2)})


def test_instant_answer_many() -> None:
    items = [
        ("consultation", {**SOCIAL, "date": date(2026, 3, 2)}),
        (jiesu.Category.parse("投诉类"), jiesu.Consultation(["labour"], "社保", date(2026, 3, 2))),
        ["咨询", SOCIAL],
    ]
    want = [CITY.instant_answer(c, r) for c, r in items]
    assert CITY.instant_answer_many(items) == want
    assert CITY.instant_answer_many(iter(items)) == want
    assert CITY.instant_answer_many([]) == []
    bad = [items[0], ("inquiry", SOCIAL), ("help", {**SOCIAL, "colour": "red"})]
    with pytest.raises(jiesu.CategoryError) as e:
        CITY.instant_answer_many(bad)
    assert (e.value.code, e.value.row, e.value.value) == ("category_unknown", 1, str(bad[1]))
    decisions, codes = CITY.instant_answer_many(bad, errors="coerce")
    assert decisions == [want[0], None, None]
    assert codes == [None, "category_unknown", "policy_library_invalid_consultation"]
    with pytest.raises(TypeError, match="pair"):
        CITY.instant_answer_many([("consultation",)])
    with pytest.raises(TypeError):
        CITY.instant_answer_many("consultation")
