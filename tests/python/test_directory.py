"""The dispatch directory (派单目录) and routing (rules §3): every golden vector of
fixtures/vectors/directory/, the sample city's directory, and the Python conventions (results as
dicts in the serde shape; a request as a ``RouteRequest`` or a dict read by the core)."""

from __future__ import annotations

import json
from typing import Any

import pytest

import jiesu
from vectors import FIXTURES, check_case

CITY_TEXT = (FIXTURES / "city" / "directory.json").read_text(encoding="utf-8")
CITY = jiesu.Directory.from_json(CITY_TEXT)
LAND_AND_APPROVAL = {
    "category": "help",
    "topics": ["project_approval", "land_use"],
    "territory": "guanqiao_zhen",
    "level": "center",
}


def test_directory_vector(directory_case: Any) -> None:
    check_case("directory", directory_case)


def test_city_directory_contents() -> None:
    assert CITY.name == "滕州市“企呼政应、接诉即办”派单目录(示例)"
    assert CITY.version == "sample-2026.1"
    assert repr(CITY).endswith("units=52, topics=27, rules=35)")
    units, topics, rules = CITY.units(), CITY.topics(), CITY.rules()
    assert (len(units), len(topics), len(rules)) == (52, 27, 35)
    assert units[0] == {
        "id": "longquan_jd",
        "name": "龙泉街道办事处",
        "kind": "territory",
        "group": "towns_streets",
    }
    assert CITY.unit("kaifaqu") == {
        "id": "kaifaqu",
        "name": "滕州经济技术开发区管委会",
        "kind": "development_zone",
        "group": "towns_streets",
    }
    assert CITY.unit("no_such_unit") is None and CITY.rule("no-such-rule") is None
    assert CITY.center() == {"id": "center", "name": "市政府事务推进中心(推进中心)", "kind": "center", "group": None}
    assert CITY.government() == {"id": "government", "name": "滕州市人民政府", "kind": "government", "group": None}
    assert {"key": "land_use", "name": "土地要素(用地报批、供地、不动产登记)"} in topics
    assert CITY.rule("land-use-complaint-kfq") == {
        "id": "land-use-complaint-kfq",
        "topic": "land_use",
        "category": "complaint",
        "territory": "kaifaqu",
        "lead": "natural_resources",
        "co_units": ["kaifaqu", "justice"],
        "priority": 30,
        "territory_assists": False,
        "note": "开发区范围内的用地投诉由市自然资源局首接;与 land-use-kfq、land-use-complaint 的重叠由本条裁定",
    }
    assert [r["id"] for r in rules] == [CITY.rule(r["id"])["id"] for r in rules]  # type: ignore[index]
    json.dumps([units, topics, rules])  # plain JSON data
    assert CITY == jiesu.Directory.from_json(CITY_TEXT)
    with pytest.raises(AttributeError):
        CITY.name = "x"  # type: ignore[misc]


def test_route_a_multi_unit_demand() -> None:
    route = CITY.route(LAND_AND_APPROVAL)
    assert list(route) == [
        "level",
        "outcome",
        "lead",
        "lead_rule",
        "lead_reason",
        "co_units",
        "matched",
        "unmatched_topics",
        "next_level",
    ]
    assert (route["outcome"], route["lead"], route["lead_rule"], route["lead_reason"]) == (
        "routed",
        "natural_resources",
        "land-use",
        "highest_priority",
    )
    # The town joins (territory_assists), then the approval rule's lead and co-unit, in unit order.
    assert route["co_units"] == ["guanqiao_zhen", "approval", "development_reform"]
    assert [m["rule"] for m in route["matched"]] == ["land-use", "project-approval"]
    assert route["next_level"] == "government"


def test_the_ladder() -> None:
    at = {level: CITY.route({**LAND_AND_APPROVAL, "level": level}) for level in ("territory", "center", "government")}
    assert (at["territory"]["lead"], at["territory"]["lead_reason"]) == ("guanqiao_zhen", "territory")
    assert at["territory"]["next_level"] == "center" and at["territory"]["matched"] == []
    assert (at["government"]["lead"], at["government"]["lead_reason"]) == ("government", "government")
    assert at["government"]["next_level"] is None
    assert at["government"]["co_units"] == ["guanqiao_zhen", "approval", "natural_resources", "development_reform"]
    manual = CITY.route({"category": "help", "topics": ["other"], "level": "center"})
    assert (manual["outcome"], manual["lead"], manual["lead_reason"]) == ("manual", None, None)
    assert manual["unmatched_topics"] == ["other"] and manual["co_units"] == []


def test_every_request_form_agrees() -> None:
    text = json.dumps(LAND_AND_APPROVAL)
    forms: list[Any] = [
        LAND_AND_APPROVAL,
        {**LAND_AND_APPROVAL, "category": jiesu.Category.parse("求助类")},
        {**LAND_AND_APPROVAL, "topics": ("land_use", "project_approval", "land_use")},
        jiesu.RouteRequest.from_json(text),
    ]
    results = [CITY.route(f) for f in forms]
    assert all(r == results[0] for r in results)


def test_route_request_is_a_frozen_value() -> None:
    r = jiesu.RouteRequest.from_json(json.dumps(LAND_AND_APPROVAL))
    assert r.category == jiesu.Category.parse("help")
    assert (r.topics, r.territory, r.level) == (["project_approval", "land_use"], "guanqiao_zhen", "center")
    assert r.to_dict() == LAND_AND_APPROVAL
    assert repr(r) == (
        "RouteRequest(category='help', topics=['project_approval', 'land_use'],"
        " territory='guanqiao_zhen', level='center')"
    )
    bare = jiesu.RouteRequest.from_json('{"category": "help", "level": "government"}')
    assert (bare.topics, bare.territory) == ([], None)
    assert bare.to_dict() == {"category": "help", "topics": [], "territory": None, "level": "government"}
    assert jiesu.RouteRequest.from_json(json.dumps(bare.to_dict())) == bare
    with pytest.raises(AttributeError):
        r.level = "territory"  # type: ignore[misc]


def test_one_vocabulary_in_requests() -> None:
    # Issue 13: a category by its Chinese label, and a request without a level is at the center.
    by_label = CITY.route({**LAND_AND_APPROVAL, "category": "求助类"})
    assert by_label == CITY.route(LAND_AND_APPROVAL)
    assert CITY.route({"category": "投诉类", "topics": ["tax"]})["level"] == "center"


@pytest.mark.parametrize(
    "request_,why",
    [
        ({**LAND_AND_APPROVAL, "urgent": True}, "unknown field `urgent`"),
        ({**LAND_AND_APPROVAL, "category": "咨询问题"}, "unknown demand category"),
        ({**LAND_AND_APPROVAL, "level": "province"}, "unknown variant `province`"),
        ({"topics": ["tax"]}, "missing field `category`"),
        ({**LAND_AND_APPROVAL, "territory": None, "level": "territory"}, "needs its territory"),
        ({**LAND_AND_APPROVAL, "topics": {"tax"}}, "a set is not JSON data (at `topics`)"),
        ({**LAND_AND_APPROVAL, "territory": 5}, "invalid type: integer"),
        (json.dumps(LAND_AND_APPROVAL), "expected a JSON object"),  # text goes to RouteRequest.from_json
    ],
)
def test_a_bad_request_is_a_typed_error(request_: Any, why: str) -> None:
    with pytest.raises(jiesu.DirectoryError) as e:
        CITY.route(request_)
    assert (e.value.code, e.value.module) == ("directory_invalid_request", "directory")
    assert why in str(e.value)


@pytest.mark.parametrize(
    "territory,code",
    [("no_such_town", "directory_unknown_unit"), ("tax", "directory_not_territory")],
)
def test_a_bad_territory_is_a_directory_error(territory: str, code: str) -> None:
    with pytest.raises(jiesu.DirectoryError) as e:
        CITY.route({**LAND_AND_APPROVAL, "territory": territory})
    assert e.value.code == code and territory in str(e.value)


def test_load_errors_are_typed() -> None:
    with pytest.raises(jiesu.DirectoryError) as e:
        jiesu.Directory.from_json("{")
    assert e.value.code == "directory_invalid_json"
    doc = json.loads(CITY_TEXT)
    doc["rules"].append({"id": "land-use-2", "topic": "land_use", "lead": "justice"})
    with pytest.raises(jiesu.DirectoryError) as e:
        jiesu.Directory.from_json(json.dumps(doc))
    assert e.value.code == "directory_ambiguous"
    assert "land-use" in str(e.value) and "land-use-2" in str(e.value)


# --- one vocabulary and batches (issue 13, items 7 and 10) -----------------------------------------


def test_a_route_request_is_built_like_a_consultation() -> None:
    request = jiesu.RouteRequest("求助类", ["project_approval", "land_use"], "guanqiao_zhen")
    assert request == jiesu.RouteRequest.from_json(json.dumps(LAND_AND_APPROVAL))
    assert (request.category.key, request.level) == ("help", "center"), "the center by default"
    assert jiesu.RouteRequest(jiesu.Category.parse("help")).to_dict() == {
        "category": "help",
        "topics": [],
        "territory": None,
        "level": "center",
    }
    assert CITY.route(request) == CITY.route(LAND_AND_APPROVAL)
    assert jiesu.RouteRequest("complaint", level="government").level == "government"
    with pytest.raises(jiesu.DirectoryError) as e:
        jiesu.RouteRequest("help", level="city")  # type: ignore[arg-type]
    assert e.value.code == "directory_invalid_request" and "city" in str(e.value)
    with pytest.raises(jiesu.CategoryError):
        jiesu.RouteRequest("inquiry")
    with pytest.raises(TypeError, match="list of str"):
        jiesu.RouteRequest("help", "land_use")  # a str is not a list of topics


def test_route_many() -> None:
    requests: list[Any] = [
        LAND_AND_APPROVAL,
        jiesu.RouteRequest("help", ["power_supply"], "kaifaqu"),
        {"category": "建议类", "topics": ["unknown_topic"]},
    ]
    want = [CITY.route(r) for r in requests]
    assert CITY.route_many(requests) == want
    assert CITY.route_many(r for r in requests) == want
    assert CITY.route_many([]) == []
    bad = [*requests, {"category": "help", "territory": "no_such_town"}, {"category": "help", "urgent": True}]
    with pytest.raises(jiesu.DirectoryError) as e:
        CITY.route_many(bad)
    assert (e.value.code, e.value.row) == ("directory_unknown_unit", 3)
    assert e.value.value is not None and "no_such_town" in e.value.value
    routes, codes = CITY.route_many(bad, errors="coerce")
    assert routes == [*want, None, None]
    assert codes == [None, None, None, "directory_unknown_unit", "directory_invalid_request"]
    with pytest.raises(jiesu.DirectoryError) as e:  # the first failing row, whatever failed
        CITY.route_many([bad[4], bad[3]])
    assert (e.value.code, e.value.row) == ("directory_invalid_request", 0)
    with pytest.raises(TypeError, match="route requests"):
        CITY.route_many(LAND_AND_APPROVAL)  # a dict is one request, not a list
