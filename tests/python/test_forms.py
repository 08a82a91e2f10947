"""Forms (rules §9, 附件2–5): every golden vector of fixtures/vectors/forms/ through the Python
API, `FormKind` and `form_kinds()`, and `Form.to_csv()` byte for byte what the CLI's
`jiesu report --forms DIR` writes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import jiesu
from vectors import FIXTURES, ROOT, check_case

JIESU = ROOT / "target" / "release" / "jiesu"
DIRECTORY = jiesu.Directory.from_json((FIXTURES / "city" / "directory.json").read_text(encoding="utf-8"))
Q4 = jiesu.Rules().replay_stream(FIXTURES / "vectors" / "forms" / "stream-q4.jsonl", strict=True)


def test_forms_vector(forms_case: Any) -> None:
    check_case("forms", forms_case)


def test_form_kinds() -> None:
    kinds = jiesu.form_kinds()
    assert [k["key"] for k in kinds] == ["ledger", "transfer", "feedback", "satisfaction"]
    assert [k["attachment"] for k in kinds] == ["附件2", "附件3", "附件4", "附件5"]
    for info in kinds:
        kind = jiesu.FormKind.parse(info["label_zh"])
        assert kind.info() == info and kind.headers[0] == "序号"
        assert jiesu.FormKind.parse(f"  {info['key'].upper()} ") == kind
        assert repr(kind) == f"FormKind(key='{kind.key}', label_zh='{kind.label_zh}')"
    assert len({jiesu.FormKind.parse(k["title"]) for k in kinds}) == 4, "hashable"
    with pytest.raises(jiesu.FormsError) as e:
        jiesu.FormKind.parse("台账")
    assert (e.value.code, e.value.module) == ("forms_unknown_form", "forms")


def test_build_form_arguments() -> None:
    by_name = jiesu.build_form("问题台账", Q4, DIRECTORY, "2026-10-01", "2026-10-31")
    by_kind = jiesu.build_form(jiesu.FormKind.parse("附件2"), Q4, DIRECTORY, date(2026, 10, 1), date(2026, 10, 31))
    assert by_name == by_kind and by_name.kind == "ledger"
    assert (by_name.from_, by_name.to) == (date(2026, 10, 1), date(2026, 10, 31))
    assert repr(by_name).startswith("Form(kind='ledger', title='企业发展、项目建设问题台账'")
    ids = jiesu.build_form("ledger", Q4, None, "2026-10-01", "2026-10-31")
    assert ids != by_name, "without a directory, units are named by id"
    assert [r["demand"] for r in ids.rows] == [r["demand"] for r in by_name.rows]
    with pytest.raises(jiesu.FormsError) as e:
        jiesu.build_form("ledger", Q4, None, "2026-10-31", "2026-10-01")
    assert e.value.code == "forms_invalid_range"
    with pytest.raises(TypeError, match="FormKind"):
        jiesu.build_form(2, Q4, None, "2026-10-01", "2026-10-31")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        jiesu.build_form("ledger", "not a result", None, "2026-10-01", "2026-10-31")  # type: ignore[arg-type]


def test_csv_reads_back_to_the_rows() -> None:
    for info in jiesu.form_kinds():
        form = jiesu.build_form(info["key"], Q4, DIRECTORY, "2026-10-01", "2026-11-30")
        text = form.to_csv()
        assert text.startswith("\ufeff") and text.endswith("\r\n")
        records = list(csv.reader(io.StringIO(text[1:], newline="")))
        assert records[0] == form.headers
        unquoted = [[c[1:] if c[:2] in ("'=", "'+", "'-", "'@") else c for c in r] for r in records[1:]]
        assert unquoted == [r["cells"] for r in form.rows]
        assert json.loads(form.to_json()) == form.to_dict()


@pytest.fixture(scope="module")
def cli_forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not JIESU.exists():
        pytest.fail(f"{JIESU} is missing: scripts/test builds it before pytest")
    out = tmp_path_factory.mktemp("cli-forms")
    subprocess.run(
        [str(JIESU), "report", "fixtures/city/year-2026.jsonl", "--directory", "fixtures/city/directory.json",
         "--month", "2026-10", "--forms", str(out)],
        cwd=ROOT, check=True, capture_output=True,
    )
    return out


@pytest.mark.parametrize("key", ["ledger", "transfer", "feedback", "satisfaction"])
def test_csv_is_byte_identical_to_the_cli(cli_forms: Path, key: str, tmp_path: Path) -> None:
    """The CLI replays the year leniently under rules with the directory, and writes the month's
    forms; the same calls from Python give the same bytes."""
    rules = jiesu.Rules(directory=DIRECTORY)
    result = rules.replay_stream(ROOT / "fixtures" / "city" / "year-2026.jsonl")
    form = jiesu.build_form(key, result, DIRECTORY, "2026-10-01", "2026-10-31")
    assert form.rows, "October of the sample year has rows"
    want = (cli_forms / f"{key}.csv").read_bytes()
    assert form.to_csv().encode("utf-8") == want
    written = tmp_path / f"{key}.csv"
    with open(written, "w", encoding="utf-8", newline="") as f:
        f.write(form.to_csv())
    assert written.read_bytes() == want
