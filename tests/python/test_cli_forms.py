"""The CLI's forms (rules §9, 附件2–5) open in a spreadsheet reader with the guideline's columns.

`scripts/test` builds the release `jiesu` command before pytest; this runs it on the committed
sample year, reads the `.xlsx` back with openpyxl and the CSV with the csv module, and checks the
title row, the header row (the guideline's columns, in its order) and that both files carry the
same rows.
"""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest

from vectors import ROOT

openpyxl = pytest.importorskip("openpyxl")

JIESU = ROOT / "target" / "release" / "jiesu"

# rules §9, the guideline's columns in its order.
COLUMNS = {
    "ledger": ("企业发展、项目建设问题台账", ["序号", "企业名称", "存在问题、困难、诉求描述", "建议解决部门", "企业联系人及联系方式", "备注"]),
    "transfer": ("企业发展、项目建设问题转办清单", ["序号", "企业名称", "诉求描述", "企业联系人及联系方式", "建议解决部门"]),
    "feedback": ("企业发展、项目建设问题解决反馈表", ["序号", "企业名称", "诉求描述", "是否解决", "解决方式", "所属镇街(部门)", "镇街(部门)联系人及联系方式", "备注"]),
    "satisfaction": ("企业发展、项目建设问题解决情况满意度评价表", ["序号", "问题描述", "解决情况", "解决部门", "满意度评价", "意见建议"]),
}


@pytest.fixture(scope="module")
def forms_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not JIESU.exists():
        pytest.fail(f"{JIESU} is missing: scripts/test builds it before pytest")
    out = tmp_path_factory.mktemp("forms")
    subprocess.run(
        [str(JIESU), "report", "fixtures/city/year-2026.jsonl", "--directory", "fixtures/city/directory.json",
         "--month", "2026-10", "--forms", str(out)],
        cwd=ROOT, check=True, capture_output=True,
    )
    return out


@pytest.mark.parametrize("key", list(COLUMNS))
def test_xlsx_has_the_guideline_columns_and_the_csv_rows(forms_dir: Path, key: str) -> None:
    title, columns = COLUMNS[key]
    book = openpyxl.load_workbook(forms_dir / f"{key}.xlsx", read_only=True)
    sheet = book.worksheets[0]
    rows = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == title
    assert "提报单位" in rows[1][0] and "提报时间" in rows[1][0]
    assert rows[2][: len(columns)] == columns
    raw = (forms_dir / f"{key}.csv").read_bytes()
    assert raw.startswith("\ufeff".encode()), "CSV starts with a UTF-8 BOM (opens in Excel)"
    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert records[0] == columns
    assert len(records) > 1, "October of the sample year has rows"
    xlsx_cells = [[str(c) for c in r[: len(columns)]] for r in rows[3:]]
    # The CSV writes a formula-looking cell with a leading apostrophe (Excel shows it as text);
    # the xlsx stores every cell as a string already.
    unquoted = [[c[1:] if c[:2] in ("'=", "'+", "'-", "'@") else c for c in r] for r in records[1:]]
    assert xlsx_cells == unquoted
    assert [r[0] for r in records[1:]] == [str(i) for i in range(1, len(records))]
