"""Demand categories (rules §2): every golden vector of fixtures/vectors/category/, and the
Python type ``jiesu.Category``."""

from __future__ import annotations

from typing import Any

import pytest

import jiesu
from vectors import check_case


def test_category_vector(category_case: Any) -> None:
    check_case("category", category_case)


def test_categories_in_guideline_order() -> None:
    listed = jiesu.categories()
    assert [c["key"] for c in listed] == ["consultation", "help", "suggestion", "complaint"]
    assert [c["label_zh"] for c in listed] == ["咨询类", "求助类", "建议类", "投诉类"]
    assert [c["handling"] for c in listed] == ["instant_answer", "dispatch", "dispatch", "dispatch"]
    assert jiesu.categories() == listed  # a fresh list each call
    listed.clear()
    assert len(jiesu.categories()) == 4


def test_category_is_a_frozen_hashable_value() -> None:
    c = jiesu.Category.parse("投诉")
    assert (c.key, c.label_zh, c.label_en, c.handling, c.is_dispatched) == (
        "complaint",
        "投诉类",
        "complaint",
        "dispatch",
        True,
    )
    assert c.info() == {
        "key": "complaint",
        "label_zh": "投诉类",
        "label_en": "complaint",
        "handling": "dispatch",
    }
    assert c == jiesu.Category.parse("Complaint") and hash(c) == hash(jiesu.Category.parse("投诉类"))
    assert c != jiesu.Category.parse("help") and c != "complaint"
    assert len({jiesu.Category.parse(x) for x in ["help", "求助", "求助类", "HELP"]}) == 1
    assert str(c) == "complaint"
    assert repr(c) == "Category(key='complaint', label_zh='投诉类')"
    consultation = jiesu.Category.parse("consultation")
    assert consultation.handling == "instant_answer" and not consultation.is_dispatched
    with pytest.raises(AttributeError):
        c.key = "help"  # type: ignore[misc]
    with pytest.raises(TypeError):
        jiesu.Category()  # type: ignore[call-arg]


@pytest.mark.parametrize("text", ["inquiry", "", "类", "complaints"])
def test_unknown_category_is_a_category_error(text: str) -> None:
    with pytest.raises(jiesu.CategoryError) as e:
        jiesu.Category.parse(text)
    assert (e.value.code, e.value.module) == ("category_unknown", "category")
    assert isinstance(e.value, ValueError)
    assert repr(text) in str(e.value) or f'"{text}"' in str(e.value)


def test_a_category_argument_is_a_category_or_its_text() -> None:
    lib = jiesu.PolicyLibrary.from_json(
        '{"entries": [{"id": "a", "title": "t", "topics": ["tax"], "keywords": ["退税"],'
        ' "answer": "ok"}]}'
    )
    c = {"topics": ["tax"], "text": "退税", "date": "2026-03-02"}
    by_object = lib.instant_answer(jiesu.Category.parse("consultation"), c)
    assert by_object == lib.instant_answer("咨询类", c) == lib.instant_answer(" CONSULTATION ", c)
    assert by_object["answered"] is True
    with pytest.raises(jiesu.CategoryError) as e:
        lib.instant_answer("inquiry", c)
    assert e.value.code == "category_unknown"
    with pytest.raises(TypeError, match="Category"):
        lib.instant_answer(1, c)  # type: ignore[arg-type]
