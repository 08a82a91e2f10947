//! `jiesu report --forms DIR`: the four forms of 附件2–5 (rules §9) for the report's period, as
//! CSV (UTF-8 with BOM, from the core) and as `.xlsx` with the guideline's title row, the
//! submitting unit and date line, the header row and column widths (`rust_xlsxwriter`).

use std::path::Path;

use jiesu_core::directory::Directory;
use jiesu_core::forms::{build_form, Form, FormKind};
use jiesu_core::stream::StreamResult;
use jiesu_core::Error;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use crate::Failure;

/// A column's width (in characters) by its header.
fn width(header: &str) -> f64 {
    match header {
        "序号" => 6.0,
        "企业名称" | "建议解决部门" | "解决部门" | "所属镇街(部门)" => 26.0,
        "存在问题、困难、诉求描述" | "诉求描述" | "问题描述" | "意见建议" => {
            40.0
        }
        "企业联系人及联系方式" | "镇街(部门)联系人及联系方式" => 24.0,
        _ => 14.0,
    }
}

fn xlsx_error(path: &Path, e: &rust_xlsxwriter::XlsxError) -> Failure {
    Failure::Io(format!("{}: {e}", path.display()))
}

/// Writes one form as an `.xlsx` workbook of one sheet.
fn write_xlsx(form: &Form, path: &Path) -> Result<(), Failure> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| xlsx_error(path, &e);
    sheet.set_name(form.kind.label_zh()).map_err(err)?;
    let cols = u16::try_from(form.headers.len().max(1)).unwrap_or(u16::MAX);
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    sheet
        .merge_range(0, 0, 0, cols - 1, &form.title, &title)
        .map_err(err)?;
    sheet.set_row_height(0, 30).map_err(err)?;
    sheet
        .write_string(
            1,
            0,
            format!(
                "提报单位：市政府事务推进中心    提报时间：{} 至 {}    ({})",
                form.from, form.to, form.attachment
            ),
        )
        .map_err(err)?;
    for (c, h) in form.headers.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet
            .write_string_with_format(2, c, h, &head)
            .map_err(err)?;
        sheet.set_column_width(c, width(h)).map_err(err)?;
    }
    for (r, row) in form.rows.iter().enumerate() {
        let r = u32::try_from(r + 3).unwrap_or(u32::MAX);
        for (c, value) in row.cells.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            sheet
                .write_string_with_format(r, c, value, &cell)
                .map_err(err)?;
        }
    }
    book.save(path).map_err(err)
}

/// Writes the four forms of the period into `dir` as `<key>.csv` and `<key>.xlsx`; returns the
/// files written.
pub(crate) fn write_forms(
    dir: &Path,
    result: &StreamResult,
    directory: Option<&Directory>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<String>, Failure> {
    std::fs::create_dir_all(dir).map_err(|e| Failure::Io(format!("{}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for kind in FormKind::ALL {
        let form = build_form(kind, result, directory, from, to).map_err(Error::from)?;
        let csv = dir.join(format!("{}.csv", kind.key()));
        std::fs::write(&csv, form.to_csv())
            .map_err(|e| Failure::Io(format!("{}: {e}", csv.display())))?;
        let xlsx = dir.join(format!("{}.xlsx", kind.key()));
        write_xlsx(&form, &xlsx)?;
        written.push(format!(
            "{} {} ({} 行 rows): {}, {}",
            form.attachment,
            kind.label_zh(),
            form.rows.len(),
            csv.display(),
            xlsx.display()
        ));
    }
    Ok(written)
}
