//! `Calendar`: the working-day calendar (rules §1), over `jiesu_core::Calendar`.

use jiesu_core::calendar::date_of;
use jiesu_core::time::format_date;
use jiesu_core::{BeyondCoverage, Calendar, Override, OverrideKind};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::batch::{self, coerced, nullable_json, Mode, Options};
use crate::{
    boolean_array, date_arg, integer_arg, parse_date, push_date, serde_name, string, string_array,
    to_js, year_arg, Failure, Str, StrArray, StringList,
};

/// A working-day calendar: official arrangements, coverage and version (`jiesu_core::Calendar`).
/// Dates are `"YYYY-MM-DD"` strings. Errors are thrown as `JiesuError`s (`CalendarError`,
/// `TimeError` for a malformed date).
#[wasm_bindgen(js_name = Calendar)]
#[derive(Clone)]
pub struct JsCalendar {
    pub(crate) inner: Calendar,
}

impl From<Calendar> for JsCalendar {
    fn from(inner: Calendar) -> JsCalendar {
        JsCalendar { inner }
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TS_CALENDAR_BATCHES: &str = r#"
export interface Calendar {
  /**
   * Batch `addWorkingDays` over `YYYY-MM-DD` strings; `n` is one count for all dates or one per
   * date (each an integer: anything else is a `TypeError`). The first failing row throws, with
   * `row` and `value`; with `{errors: "coerce"}`, every row is answered (`null` and a code for a
   * failed one).
   */
  addWorkingDaysMany(dates: string[], n: number | number[] | Int32Array, options?: RaiseOptions): string[];
  addWorkingDaysMany(dates: string[], n: number | number[] | Int32Array, options: CoerceOptions): Coerced<(string | null)[]>;
  addWorkingDaysMany(dates: string[], n: number | number[] | Int32Array, options?: BatchOptions): string[] | Coerced<(string | null)[]>;
  /**
   * Batch `addWorkingDays` over day numbers (days since 1970-01-01, integers: a fraction is a
   * `TypeError`, never truncated); `n` one count or one per day. The first failing row throws,
   * with `row` and `value`; with `{errors: "coerce"}`, `{result: Float64Array, codes}` with
   * `NaN` for a failed row.
   */
  addWorkingDaysDays(days: Int32Array | number[], n: number | Int32Array | number[], options?: RaiseOptions): Int32Array;
  addWorkingDaysDays(days: Int32Array | number[], n: number | Int32Array | number[], options: CoerceOptions): Coerced<Float64Array>;
  addWorkingDaysDays(days: Int32Array | number[], n: number | Int32Array | number[], options?: BatchOptions): Int32Array | Coerced<Float64Array>;
}
"#;

/// One `{date, kind, name}` argument, its fields as given.
#[derive(Deserialize)]
struct OverrideArg {
    date: String,
    kind: String,
    name: String,
}

/// An override from its JS object: the date by `parse_date`, the kind by `OverrideKind::from_str`.
fn read_override(index: usize, value: JsValue) -> Result<Override, Failure> {
    let arg: OverrideArg = serde_wasm_bindgen::from_value(value).map_err(|e| {
        Failure::type_error(&format!(
            "overrides[{index}] must be {{date, kind, name}} strings: {e}"
        ))
    })?;
    Ok(Override {
        date: parse_date(&arg.date)?,
        kind: arg.kind.parse::<OverrideKind>()?,
        name: arg.name,
    })
}

#[wasm_bindgen(js_class = Calendar)]
impl JsCalendar {
    /// A copy (O(1)), used by `new Rules(…)` to keep its arguments usable. Internal.
    #[wasm_bindgen(js_name = __clone, skip_typescript)]
    #[must_use]
    pub fn copy(&self) -> JsCalendar {
        self.clone()
    }

    /// The bundled official mainland-China calendar (`Calendar::china`), `beyondCoverage` "error".
    pub fn china() -> JsCalendar {
        Calendar::china().into()
    }

    /// A calendar from CSV text `date,kind,name` (`Calendar::from_csv`).
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(text: &Str) -> Result<JsCalendar, Failure> {
        Ok(Calendar::from_csv(&string(text, "text")?)?.into())
    }

    /// A calendar from holiday-cn JSON texts, one per notice year (`Calendar::from_holiday_cn`).
    #[wasm_bindgen(js_name = fromHolidayCn)]
    pub fn from_holiday_cn(texts: &StrArray) -> Result<JsCalendar, Failure> {
        let texts = texts
            .dyn_ref::<js_sys::Array>()
            .ok_or_else(|| Failure::type_error("texts must be an array of strings"))?
            .iter()
            .map(|text| string(&text, "texts[i]"))
            .collect::<Result<Vec<String>, _>>()?;
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        Ok(Calendar::from_holiday_cn(&texts)?.into())
    }

    /// A calendar covering `firstYear..=lastYear` from `{date, kind, name}` overrides
    /// (`Calendar::from_overrides`).
    #[wasm_bindgen(js_name = fromOverrides)]
    pub fn from_overrides(
        #[wasm_bindgen(js_name = firstYear, unchecked_param_type = "number")] first_year: &JsValue,
        #[wasm_bindgen(js_name = lastYear, unchecked_param_type = "number")] last_year: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Override[]")] overrides: &JsValue,
    ) -> Result<JsCalendar, Failure> {
        let overrides = overrides
            .dyn_ref::<js_sys::Array>()
            .ok_or_else(|| Failure::type_error("overrides must be an array of {date, kind, name}"))?
            .iter()
            .enumerate()
            .map(|(i, v)| read_override(i, v))
            .collect::<Result<Vec<_>, _>>()?;
        let (first_year, last_year) = (
            year_arg(first_year, "firstYear")?,
            year_arg(last_year, "lastYear")?,
        );
        Ok(Calendar::from_overrides(first_year, last_year, overrides)?.into())
    }

    /// The same data with another `beyondCoverage` mode, `"error"` or `"weekends_only"`
    /// (`Calendar::with_beyond_coverage`).
    #[wasm_bindgen(js_name = withBeyondCoverage)]
    pub fn with_beyond_coverage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BeyondCoverage")] mode: &Str,
    ) -> Result<JsCalendar, Failure> {
        Ok(self
            .inner
            .with_beyond_coverage(string(mode, "mode")?.parse::<BeyondCoverage>()?)
            .into())
    }

    /// The data's version `source:first-last:hash` (`Calendar::version`).
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.inner.version().to_owned()
    }

    /// Where the data came from: `cn-official`, `csv`, `holiday-cn`, `custom` (`Calendar::source`).
    #[wasm_bindgen(getter)]
    pub fn source(&self) -> String {
        self.inner.source().to_owned()
    }

    /// First year with official data (`Calendar::first_year`).
    #[wasm_bindgen(getter, js_name = firstYear)]
    pub fn first_year(&self) -> i32 {
        self.inner.first_year()
    }

    /// Last year with official data (`Calendar::last_year`).
    #[wasm_bindgen(getter, js_name = lastYear)]
    pub fn last_year(&self) -> i32 {
        self.inner.last_year()
    }

    /// The mode in force: `"error"` or `"weekends_only"` (`Calendar::beyond_coverage`).
    #[wasm_bindgen(getter, js_name = beyondCoverage, unchecked_return_type = "BeyondCoverage")]
    pub fn beyond_coverage(&self) -> String {
        serde_name(&self.inner.beyond_coverage())
    }

    /// Whether the date is inside coverage (`Calendar::covers`).
    pub fn covers(&self, date: &Str) -> Result<bool, Failure> {
        Ok(self.inner.covers(date_arg(date, "date")?))
    }

    /// Whether the date is a working day (`Calendar::is_working_day`).
    #[wasm_bindgen(js_name = isWorkingDay)]
    pub fn is_working_day(&self, date: &Str) -> Result<bool, Failure> {
        Ok(self.inner.is_working_day(date_arg(date, "date")?)?)
    }

    /// The date with its status and reason (`Calendar::day`).
    #[wasm_bindgen(unchecked_return_type = "Day")]
    pub fn day(&self, date: &Str) -> Result<JsValue, Failure> {
        to_js(&self.inner.day(date_arg(date, "date")?)?)
    }

    /// The `n`-th working day strictly after the date (`Calendar::add_working_days`). `n` must be
    /// an integer number: `null`, `""`, `true`, `[3]` or `1.5` is a `TypeError`, never coerced.
    #[wasm_bindgen(js_name = addWorkingDays)]
    pub fn add_working_days(
        &self,
        date: &Str,
        #[wasm_bindgen(unchecked_param_type = "number")] n: &JsValue,
    ) -> Result<String, Failure> {
        Ok(format_date(self.inner.add_working_days(
            date_arg(date, "date")?,
            integer_arg(n, "n")?,
        )?))
    }

    /// Working days in `(a, b]`, negative when `b < a` (`Calendar::working_days_between`).
    #[wasm_bindgen(js_name = workingDaysBetween)]
    #[allow(clippy::cast_precision_loss)] // a count of days, far below 2^53
    pub fn working_days_between(&self, a: &Str, b: &Str) -> Result<f64, Failure> {
        Ok(self
            .inner
            .working_days_between(date_arg(a, "a")?, date_arg(b, "b")?)? as f64)
    }

    /// The first working day strictly after the date (`Calendar::next_working_day`).
    #[wasm_bindgen(js_name = nextWorkingDay)]
    pub fn next_working_day(&self, date: &Str) -> Result<String, Failure> {
        Ok(format_date(
            self.inner.next_working_day(date_arg(date, "date")?)?,
        ))
    }

    /// The last working day strictly before the date (`Calendar::previous_working_day`).
    #[wasm_bindgen(js_name = previousWorkingDay)]
    pub fn previous_working_day(&self, date: &Str) -> Result<String, Failure> {
        Ok(format_date(
            self.inner.previous_working_day(date_arg(date, "date")?)?,
        ))
    }

    /// The working days of the inclusive range (`Calendar::working_days_in`).
    #[wasm_bindgen(js_name = workingDaysIn, unchecked_return_type = "string[]")]
    pub fn working_days_in(&self, from: &Str, to: &Str) -> Result<js_sys::Array, Failure> {
        let days = self
            .inner
            .working_days_in(date_arg(from, "from")?, date_arg(to, "to")?)?;
        Ok(string_array(days, push_date))
    }

    /// Every day of the inclusive range that is not an ordinary working day (weekends, holidays,
    /// make-up working days), with its reason (`Calendar::notable_days_in`).
    #[wasm_bindgen(js_name = notableDaysIn, unchecked_return_type = "Day[]")]
    pub fn notable_days_in(&self, from: &Str, to: &Str) -> Result<JsValue, Failure> {
        to_js(
            &self
                .inner
                .notable_days_in(date_arg(from, "from")?, date_arg(to, "to")?)?,
        )
    }

    /// The year's holidays and make-up working days (`Calendar::arrangement`).
    #[wasm_bindgen(unchecked_return_type = "Day[]")]
    pub fn arrangement(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] year: &JsValue,
    ) -> Result<JsValue, Failure> {
        to_js(&self.inner.arrangement(year_arg(year, "year")?)?)
    }

    /// The overrides the calendar was built from, in date order (`Calendar::overrides`).
    #[wasm_bindgen(unchecked_return_type = "Override[]")]
    pub fn overrides(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.overrides())
    }

    /// Batch `addWorkingDays` over `"YYYY-MM-DD"` strings, `n` one count for all dates or one per
    /// date. `errors: "raise"` (default): `string[]`, or the first failing row's error
    /// (`Calendar::add_working_days_numbers_into`); `errors: "coerce"`: `{result: (string |
    /// null)[], codes}` (`Calendar::add_working_days_rows`). Typed in `TS_CALENDAR_BATCHES`.
    #[wasm_bindgen(js_name = addWorkingDaysMany, skip_typescript)]
    pub fn add_working_days_many(
        &self,
        dates: &StrArray,
        n: &JsValue,
        options: &Options,
    ) -> Result<JsValue, Failure> {
        let mode = batch::mode(options)?;
        let days = batch::date_rows(&StringList::read(dates, "dates")?);
        let n = batch::counts(n, "n")?;
        // Core returns days inside chrono's range.
        let write = |s: &mut String, d: i32| push_date(s, date_of(d).unwrap_or_default());
        if mode == Mode::Raise {
            let days = days.all()?;
            let mut out = vec![0; days.len()];
            self.inner
                .add_working_days_numbers_into(&days, &n, &mut out)?;
            return Ok(string_array(out, write).into());
        }
        let (rows, codes) = self.add_rows(days, &n)?;
        let result = nullable_json(&rows, |s, d| {
            s.push('"');
            write(s, d);
            s.push('"');
        })?;
        coerced(&result, &codes, &[])
    }

    /// Batch `addWorkingDays` over day numbers (days since 1970-01-01, each an integer: a
    /// fraction is a `TypeError`), `n` one count or one per day. `errors: "raise"` (default):
    /// `Int32Array`, or the first failing row's error (`Calendar::add_working_days_numbers_into`);
    /// `errors: "coerce"`: `{result: Float64Array, codes}`, `NaN` for a failed row
    /// (`Calendar::add_working_days_rows`). Typed in `TS_CALENDAR_BATCHES`.
    #[wasm_bindgen(js_name = addWorkingDaysDays, skip_typescript)]
    pub fn add_working_days_days(
        &self,
        days: &JsValue,
        n: &JsValue,
        options: &Options,
    ) -> Result<JsValue, Failure> {
        let mode = batch::mode(options)?;
        let days = batch::day_numbers(days, "days")?;
        let n = batch::counts(n, "n")?;
        if mode == Mode::Raise {
            let mut out = vec![0; days.len()];
            self.inner
                .add_working_days_numbers_into(&days, &n, &mut out)?;
            return Ok(js_sys::Int32Array::from(out.as_slice()).into());
        }
        let (rows, codes) = self.add_rows(days.into_iter().map(Ok).collect(), &n)?;
        let result: Vec<f64> = rows.iter().map(|d| d.map_or(f64::NAN, f64::from)).collect();
        coerced(
            &js_sys::Float64Array::from(result.as_slice()).into(),
            &codes,
            &[],
        )
    }

    /// Batch `isWorkingDay` (`Calendar::is_working_day_numbers`). Stops at the first error, which
    /// names its row.
    #[wasm_bindgen(js_name = isWorkingDayMany, unchecked_return_type = "boolean[]")]
    pub fn is_working_day_many(&self, dates: &StrArray) -> Result<JsValue, Failure> {
        let days = batch::date_rows(&StringList::read(dates, "dates")?).all()?;
        boolean_array(&self.inner.is_working_day_numbers(&days)?)
    }
}

impl JsCalendar {
    /// `Calendar::add_working_days_rows` over the rows that converted (with their counts, when
    /// one per row), merged with the rows that did not: each row's day or `None`, and its code.
    #[allow(clippy::type_complexity)]
    fn add_rows(
        &self,
        days: batch::Converted<i32>,
        n: &[i64],
    ) -> Result<(Vec<Option<i32>>, Vec<Option<&'static str>>), Failure> {
        let len = days.len();
        let (values, merge) = days.split();
        let n = if n.len() == len && len != 1 {
            merge.keep(n)
        } else {
            n.to_vec()
        };
        let answers = if values.is_empty() && n.is_empty() {
            Vec::new()
        } else {
            self.inner.add_working_days_rows(&values, &n)?
        };
        let answers = answers
            .into_iter()
            .map(|r| r.map_err(|e| jiesu_core::Error::from(e).code()));
        Ok(batch::unzip_rows(merge.rows(answers)))
    }
}
