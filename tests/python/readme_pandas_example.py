"""Time limits for a DataFrame of demands (the README's pandas example).

The columns are timezone-aware, as a platform's export should be: jiesu converts them exactly and
answers with aware (+08:00) columns on the same index. `errors="coerce"` keeps a bad row from
failing the batch: its due instant is NaT and its code says why.
"""

import pandas as pd

import jiesu

rules = jiesu.Rules()
cst = "Asia/Shanghai"
df = pd.DataFrame(
    {
        "demand": ["D-1", "D-2", "D-3"],
        "received": pd.to_datetime(["2026-09-30 16:20", "2026-10-09 09:00", "2026-12-30 09:00"]).tz_localize(cst),
        "replied": pd.to_datetime(["2026-10-13 17:00", "2026-10-19 09:00", "2027-01-05 09:00"]).tz_localize(cst),
    }
)

due, provisional, codes = rules.feedback_dues(df["received"], errors="coerce")
df["due"], df["provisional"], df["code"] = due, provisional, codes
assert str(df.loc[0, "due"]) == "2026-10-14 00:00:00+08:00"  # 5 working days across National Day
assert df.loc[2, "code"] == "calendar_out_of_range"  # needs 2027's calendar, not yet published

ok = df[df["code"].isna()]
df["on_time"] = jiesu.is_on_time_many(ok["due"], ok["replied"])  # aligned on the index
assert df["on_time"].tolist()[:2] == [True, False]

try:
    rules.feedback_dues(df["received"].dt.tz_localize(None))  # naive: which zone?
except jiesu.TimeError as e:
    trap = str(e)
assert 'naive="cst"' in trap and 'naive="utc"' in trap
try:
    rules.feedback_dues(df["received"])  # errors="raise": which row failed, and its value
except jiesu.CalendarError as e:
    failed = (e.code, e.row, e.value)
assert failed == ("calendar_out_of_range", 2, "2026-12-30T09:00:00+08:00")
